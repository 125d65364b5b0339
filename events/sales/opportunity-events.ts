import { z } from 'zod';
import { defineEvent, type EventOf } from '../define.ts';

const source = 'cronaca.sales';

export const OpportunityCreated = defineEvent({
  type: 'OpportunityCreated',
  version: 1,
  source,
  description:
    'An opportunity was opened, at stage `new` (for now only by converting a lead with `createOpportunity`; the sales context adds the rest).',
  schema: z.strictObject({
    opportunityId: z.string(),
    title: z.string(),
    companyId: z.string(),
    contactId: z.string(),
    leadId: z.string().nullable(),
    stage: z.literal('new'),
    ownerId: z.string().nullable(),
  }),
});

export const opportunityEvents = [OpportunityCreated] as const;

export type OpportunityEvent = EventOf<(typeof opportunityEvents)[number]>;
