import { z } from 'zod';
import { Origin } from '../shared/origin.ts';
import { defineEvent, type EventOf } from '../define.ts';
import { Currency, DocumentPricing, LocalDate, Party, SalesTotals } from './sales-values.ts';

const source = 'cronaca.sales';

export const quoteStatuses = ['draft', 'sent', 'accepted', 'rejected', 'expired'] as const;
export const QuoteStatus = z.enum(quoteStatuses);
export type QuoteStatus = z.infer<typeof QuoteStatus>;

/** `Q-<year>-<5 digits>`: the year's per-tenant gapless sequence (more digits past 99 999). */
export const QuoteReference = z.string().regex(/^Q-\d{4}-\d{5,}$/);

/** Whom the quote is addressed to at the party: a contact of the directory and/or typed details. */
export const QuoteContact = z.strictObject({
  contactId: z.string().nullable(),
  name: z.string().nullable(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
});
export type QuoteContact = z.infer<typeof QuoteContact>;

/** What a quote says: edited while it is a draft, frozen once sent. */
export const QuoteContent = z.strictObject({
  party: Party,
  contact: QuoteContact.nullable(),
  /** The user who makes the offer. */
  operatorId: z.string(),
  validFrom: LocalDate,
  validUntil: LocalDate,
  currency: Currency,
  pricing: DocumentPricing,
  totals: SalesTotals,
  /** Percent, 0–100. */
  probability: z.number().int().min(0).max(100).nullable(),
  description: z.string(),
  opportunityId: z.string().nullable(),
  campaign: z.string().nullable(),
});
export type QuoteContent = z.infer<typeof QuoteContent>;

const QuoteDraftedV1 = z.strictObject({
  quoteId: z.string(),
  reference: QuoteReference,
  year: z.number().int(),
  number: z.number().int().positive(),
  content: QuoteContent,
});

export const QuoteDrafted = defineEvent({
  type: 'QuoteDrafted',
  version: 2,
  source,
  description:
    "A quote was drafted (revision 1), with the reference the same commit took from the tenant's gapless sequence of its year, and `origin` when a customer request generated it.",
  schema: QuoteDraftedV1.extend({ origin: Origin.optional() }),
  // v1 had no origin: every v1 quote was drafted directly, which v2 says by leaving it out.
  previous: [{ version: 1, schema: QuoteDraftedV1, upcast: (data) => data }],
});

export const QuoteEdited = defineEvent({
  type: 'QuoteEdited',
  version: 1,
  source,
  description: "A draft quote's content was changed; `content` is the whole content after the change.",
  schema: z.strictObject({ quoteId: z.string(), revision: z.number().int().positive(), content: QuoteContent }),
});

export const QuoteSent = defineEvent({
  type: 'QuoteSent',
  version: 1,
  source,
  description: 'A draft quote was sent to the party: its content is frozen.',
  schema: z.strictObject({ quoteId: z.string(), revision: z.number().int().positive(), sentTo: z.string().nullable() }),
});

export const QuoteAccepted = defineEvent({
  type: 'QuoteAccepted',
  version: 1,
  source,
  description:
    'A quote was accepted and locked; the same commit created its sales order (`orderId`) and won its opportunity, if any.',
  schema: z.strictObject({
    quoteId: z.string(),
    revision: z.number().int().positive(),
    orderId: z.string(),
    orderReference: z.string(),
    opportunityId: z.string().nullable(),
    /** Accepted past its validity by a manager or admin (`allowExpired`). */
    acceptedExpired: z.boolean(),
    note: z.string().nullable(),
  }),
});

export const QuoteRejected = defineEvent({
  type: 'QuoteRejected',
  version: 1,
  source,
  description: 'The party rejected a sent quote.',
  schema: z.strictObject({ quoteId: z.string(), revision: z.number().int().positive(), reason: z.string().nullable() }),
});

export const QuoteExpired = defineEvent({
  type: 'QuoteExpired',
  version: 1,
  source,
  description: "A sent quote's validity ended (`validUntil` passed in the tenant's time zone); the scheduled job records it.",
  schema: z.strictObject({ quoteId: z.string(), revision: z.number().int().positive(), validUntil: LocalDate }),
});

export const QuoteRevised = defineEvent({
  type: 'QuoteRevised',
  version: 1,
  source,
  description: 'A sent, rejected or expired quote is a draft again as revision n+1, its content copied; the log keeps every revision.',
  schema: z.strictObject({
    quoteId: z.string(),
    fromRevision: z.number().int().positive(),
    revision: z.number().int().positive(),
    from: z.enum(['sent', 'rejected', 'expired']),
  }),
});

export const quoteEvents = [QuoteDrafted, QuoteEdited, QuoteSent, QuoteAccepted, QuoteRejected, QuoteExpired, QuoteRevised] as const;

export type QuoteEvent = EventOf<(typeof quoteEvents)[number]>;
