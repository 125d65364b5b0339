import { z } from 'zod';
import { defineEvent, type EventOf } from '../define.ts';

const source = 'cronaca.sales';

const OpportunityCreatedV1 = z.strictObject({
  opportunityId: z.string(),
  title: z.string(),
  companyId: z.string(),
  contactId: z.string(),
  leadId: z.string().nullable(),
  stage: z.literal('new'),
  ownerId: z.string().nullable(),
});

/**
 * v2: `contactId` may be `null` — an opportunity with a company only (a company-only lead converted
 * with `createOpportunity`). Every v1 event is a valid v2 event with the same meaning, so v1 lifts
 * unchanged; a v1 reader would refuse the `null`, hence a new version.
 */
export const OpportunityCreated = defineEvent({
  type: 'OpportunityCreated',
  version: 2,
  source,
  description:
    'An opportunity was opened, at stage `new` (for now only by converting a lead with `createOpportunity`; the sales context adds the rest); `contactId` is null when it has a company only.',
  schema: OpportunityCreatedV1.extend({ contactId: z.string().nullable() }),
  previous: [{ version: 1, schema: OpportunityCreatedV1, upcast: (data) => data }],
});

export const opportunityEvents = [OpportunityCreated] as const;

export type OpportunityEvent = EventOf<(typeof opportunityEvents)[number]>;
