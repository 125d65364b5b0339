import { z } from 'zod';
import { defineEvent, type EventOf } from '../define.ts';
import { Currency, DecimalText, LocalDate, Party, SalesLine } from './sales-values.ts';

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

const OpportunityCreatedV2 = OpportunityCreatedV1.extend({ contactId: z.string().nullable() });

/**
 * How an opportunity is valued: by lines (no VAT: an opportunity is a forecast, not a document) or
 * by a plain amount; null when nobody has valued it yet (a lead conversion opens it so).
 */
export const OpportunityPricing = z.discriminatedUnion('mode', [
  z.strictObject({ mode: z.literal('lines'), lines: z.array(SalesLine).min(1) }),
  z.strictObject({ mode: z.literal('amount'), amount: DecimalText }),
]);
export type OpportunityPricing = z.infer<typeof OpportunityPricing>;

/** The fields a user edits on an opportunity; `amount` is the net value its pricing comes to. */
export const OpportunityFields = z.strictObject({
  title: z.string(),
  /** Companies and/or leads, at least one (Tustena links an opportunity to groups of clients or leads). */
  parties: z.array(Party).min(1),
  contactId: z.string().nullable(),
  pricing: OpportunityPricing.nullable(),
  amount: DecimalText.nullable(),
  currency: Currency.nullable(),
  /** Percent, 0–100. */
  probability: z.number().int().min(0).max(100).nullable(),
  /** From the tenant's `stages` catalogue. */
  stage: z.string(),
  expectedCloseDate: LocalDate.nullable(),
  ownerId: z.string().nullable(),
  /** Companies of kind partner. */
  partners: z.array(z.string()),
  /** Companies of kind competitor. */
  competitors: z.array(z.string()),
  campaign: z.string().nullable(),
  description: z.string().nullable(),
});
export type OpportunityFields = z.infer<typeof OpportunityFields>;

/**
 * v3: the full opportunity of the sales context — parties instead of one company, pricing, amount,
 * currency, probability, any stage, expected close, partners, competitors, campaign. A v2 event (a
 * lead conversion's stub) lifts to parties = [its company], nothing valued, stage `new`.
 */
export const OpportunityCreated = defineEvent({
  type: 'OpportunityCreated',
  version: 3,
  source,
  description:
    'An opportunity was opened, by a user or by converting a lead with `createOpportunity` (`leadId` names the lead it came from).',
  schema: OpportunityFields.extend({ opportunityId: z.string(), leadId: z.string().nullable() }),
  previous: [
    { version: 1, schema: OpportunityCreatedV1, upcast: (data) => data },
    {
      version: 2,
      schema: OpportunityCreatedV2,
      upcast: (data) => {
        const v2 = data as z.infer<typeof OpportunityCreatedV2>;
        return {
          opportunityId: v2.opportunityId,
          title: v2.title,
          parties: [{ kind: 'company', id: v2.companyId }],
          contactId: v2.contactId,
          leadId: v2.leadId,
          pricing: null,
          amount: null,
          currency: null,
          probability: null,
          stage: v2.stage,
          expectedCloseDate: null,
          ownerId: v2.ownerId,
          partners: [],
          competitors: [],
          campaign: null,
          description: null,
        };
      },
    },
  ],
});

export const OpportunityUpdated = defineEvent({
  type: 'OpportunityUpdated',
  version: 1,
  source,
  description: 'Fields of an open opportunity changed; `changes` holds the new values of the changed fields only.',
  schema: z.strictObject({ opportunityId: z.string(), changes: OpportunityFields.partial() }),
});

export const OpportunityWon = defineEvent({
  type: 'OpportunityWon',
  version: 1,
  source,
  description:
    'An opportunity was won: by hand (with a note) or by accepting a quote linked to it (with the sales order, in the same commit).',
  schema: z.strictObject({
    opportunityId: z.string(),
    /** The sales order that won it, when a quote was accepted. */
    orderId: z.string().nullable(),
    quoteId: z.string().nullable(),
    note: z.string().nullable(),
    /** What it was lost or open as before (a lost opportunity is won when a quote of it is accepted). */
    from: z.enum(['open', 'lost']),
    closedOn: LocalDate,
  }),
});

export const OpportunityLost = defineEvent({
  type: 'OpportunityLost',
  version: 1,
  source,
  description: 'An open opportunity was lost, with a reason from the tenant\'s `loss-reasons` catalogue.',
  schema: z.strictObject({ opportunityId: z.string(), reason: z.string(), note: z.string().nullable(), closedOn: LocalDate }),
});

export const OpportunityReopened = defineEvent({
  type: 'OpportunityReopened',
  version: 1,
  source,
  description: 'A won or lost opportunity is open again.',
  schema: z.strictObject({ opportunityId: z.string(), from: z.enum(['won', 'lost']), reason: z.string().nullable() }),
});

export const opportunityEvents = [OpportunityCreated, OpportunityUpdated, OpportunityWon, OpportunityLost, OpportunityReopened] as const;

export type OpportunityEvent = EventOf<(typeof opportunityEvents)[number]>;
