import { z } from 'zod';
import { QuoteContact } from '../../events/sales/quote-events.ts';
import { OrderReference } from '../../events/sales/order-events.ts';
import { Currency, DocumentPricing, LocalDate, Party, SalesTotals } from '../../events/sales/sales-values.ts';
import { Cursor, Limit, RecordId } from './common.ts';
import { QuoteView } from './quotes.ts';

/** Amounts are decimal strings exactly as recorded (`"1234.50"`), never JSON numbers. */

export const AcceptQuoteBody = z
  .strictObject({
    allowExpired: z.boolean().optional().describe('Accept although the validity has ended: managers and admins only (else 403)'),
    note: z.string().max(2_000).nullable().optional(),
  })
  .optional()
  .meta({ id: 'AcceptQuote' });

export const OrderListQuery = z.strictObject({
  party: RecordId.optional().describe("A company's or a lead's id"),
  from: LocalDate.optional().describe('Order date on or after (YYYY-MM-DD)'),
  to: LocalDate.optional().describe('Order date on or before (YYYY-MM-DD)'),
  quote: RecordId.optional().describe('The quote the order was accepted from'),
  operator: RecordId.optional().describe('`mine` or a user id'),
  limit: Limit,
  cursor: Cursor,
});

const time = z.iso.datetime();

const orderFields = {
  id: z.string(),
  reference: OrderReference,
  year: z.number().int(),
  number: z.number().int(),
  orderDate: LocalDate,
  quoteId: z.string(),
  quoteReference: z.string(),
  quoteRevision: z.number().int(),
  opportunityId: z.string().nullable(),
  party: Party,
  operatorId: z.string(),
  currency: Currency,
  totals: SalesTotals,
  description: z.string(),
  campaign: z.string().nullable(),
  createdBy: z.string(),
  createdAt: time,
  version: z.number().int(),
};

export const OrderView = z
  .object({ ...orderFields, contact: QuoteContact.nullable(), pricing: DocumentPricing })
  .meta({ id: 'SalesOrder', description: "A sales order: the accepted quote's lines, pricing and totals, linked to the quote and its opportunity" });

export const OrderListItem = z.object({ ...orderFields, lineCount: z.number().int() }).meta({ id: 'SalesOrderListItem' });

export const QuoteAcceptanceView = z
  .object({
    quote: QuoteView.describe('The quote after its acceptance: accepted, locked, naming its order'),
    order: z.object({ id: z.string(), reference: OrderReference }),
  })
  .meta({ id: 'QuoteAcceptance' });
