import { z } from 'zod';
import { defineEvent, type EventOf } from '../define.ts';
import { QuoteContact, QuoteReference } from './quote-events.ts';
import { Currency, DocumentPricing, LocalDate, Party, SalesTotals } from './sales-values.ts';

const source = 'cronaca.sales';

/** `SO-<year>-<5 digits>`: the year's per-tenant gapless sequence of sales orders. */
export const OrderReference = z.string().regex(/^SO-\d{4}-\d{5,}$/);

export const SalesOrderCreated = defineEvent({
  type: 'SalesOrderCreated',
  version: 1,
  source,
  description:
    "A sales order was created from an accepted quote, in the quote's commit: the quote's lines and totals, linked to the quote and its opportunity.",
  schema: z.strictObject({
    orderId: z.string(),
    reference: OrderReference,
    year: z.number().int(),
    number: z.number().int().positive(),
    orderDate: LocalDate,
    quoteId: z.string(),
    quoteReference: QuoteReference,
    quoteRevision: z.number().int().positive(),
    opportunityId: z.string().nullable(),
    party: Party,
    contact: QuoteContact.nullable(),
    operatorId: z.string(),
    currency: Currency,
    pricing: DocumentPricing,
    totals: SalesTotals,
    description: z.string(),
    campaign: z.string().nullable(),
  }),
});

export const orderEvents = [SalesOrderCreated] as const;

export type OrderEvent = EventOf<(typeof orderEvents)[number]>;
