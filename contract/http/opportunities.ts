import { z } from 'zod';

/** The opportunity stub (a lead conversion opens it); the sales context extends it. */
export const OpportunityView = z
  .object({
    id: z.string(),
    title: z.string(),
    companyId: z.string(),
    contactId: z.string().nullable().describe('null: a company only (a company-only lead was converted)'),
    leadId: z.string().nullable().describe('The lead it was opened from'),
    stage: z.string(),
    ownerId: z.string().nullable(),
    createdBy: z.string(),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
    version: z.number().int(),
  })
  .meta({ id: 'Opportunity' });
