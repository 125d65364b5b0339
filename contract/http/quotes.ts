import { z } from 'zod';
import { quoteStatuses } from '../../events/sales/quote-events.ts';
import { DocumentPricing, Party, SalesTotals } from '../../events/sales/sales-values.ts';
import { Cursor, Limit, RecordId } from './common.ts';
import { OriginView } from './origin.ts';

/**
 * Quotes on the wire (API.md "Sales"). Amounts, quantities, prices, discounts and rates are decimal
 * strings (`"33.33"`), never JSON numbers: they are computed exactly (domain/sales/money.ts) and
 * answered exactly as recorded. Shapes are checked here (400); what the values mean — a negative
 * quantity, `validUntil` before `validFrom`, an unknown currency — by the domain (422), each issue
 * naming the body field (`body.lines.0.quantity`).
 */
const decimal = (description: string) => z.string().trim().min(1).max(40).describe(`${description}, a decimal string such as "12.50"`);
const date = z.iso.date();

const PartyBody = z
  .strictObject({ kind: z.enum(['company', 'lead']), id: RecordId })
  .describe('A client or prospect company, or a lead, that the caller can see (else 422)');

const ContactBody = z
  .strictObject({
    contactId: RecordId.nullable().optional(),
    name: z.string().max(200).nullable().optional(),
    email: z.string().max(320).nullable().optional(),
    phone: z.string().max(50).nullable().optional(),
  })
  .describe('Whom the quote is addressed to: a contact of the directory and/or typed details');

const LineBody = z.strictObject({
  lineId: z.string().max(100).optional().describe('Kept across edits when given; else the line position'),
  description: z.string().max(2_000),
  productCode: z.string().max(100).nullable().optional(),
  quantity: decimal('Greater than 0'),
  unitPrice: decimal('At least 0'),
  discountPercent: decimal('0 to 100').optional(),
  vatRate: decimal("Percent; the tenant's default rate (GET /v1/settings/sales) when absent").nullable().optional(),
});

const contentFields = {
  party: PartyBody,
  contact: ContactBody.nullable().optional(),
  operatorId: RecordId.describe('The user who makes the offer: an active user of the tenant'),
  validFrom: date,
  validUntil: date.describe('On or after validFrom; the quote expires when this day is over'),
  currency: z.string().trim().max(10).optional().describe("ISO 4217 code; the tenant's default currency when absent"),
  lines: z.array(LineBody).max(500).optional().describe('Priced lines, each with its VAT rate; or give `amount`'),
  amount: decimal('A plain net amount instead of lines').optional(),
  vatRate: decimal("The VAT rate of `amount`; the tenant's default when absent").optional(),
  probability: z.number().int().min(0).max(100).nullable().optional(),
  description: z.string().max(20_000),
  opportunityId: RecordId.nullable().optional(),
  campaign: z.string().max(200).nullable().optional(),
};

export const DraftQuoteBody = z.strictObject(contentFields).meta({ id: 'DraftQuote' });

/** A patch of a draft: the fields given replace the recorded ones (`lines` or `amount` replace the pricing). */
export const EditQuoteBody = z
  .strictObject({
    ...contentFields,
    party: contentFields.party.optional(),
    operatorId: contentFields.operatorId.optional(),
    validFrom: date.optional(),
    validUntil: date.optional(),
    description: contentFields.description.optional(),
  })
  .meta({ id: 'EditQuote' });

export const SendQuoteBody = z.strictObject({ sentTo: z.string().max(320).nullable().optional() }).optional();
export const RejectQuoteBody = z.strictObject({ reason: z.string().max(2_000).nullable().optional() }).optional();

export const QuoteListQuery = z.strictObject({
  status: z.enum(quoteStatuses).optional(),
  expiringBefore: date.optional().describe('Sent quotes whose validUntil is before this date, soonest expiry first'),
  operator: RecordId.optional().describe('`mine` or a user id'),
  party: RecordId.optional().describe("A company's or a lead's id"),
  limit: Limit,
  cursor: Cursor,
});

const time = z.iso.datetime();

const ContactView = z.object({ contactId: z.string().nullable(), name: z.string().nullable(), email: z.string().nullable(), phone: z.string().nullable() });

const contentView = {
  party: Party,
  contact: ContactView.nullable(),
  operatorId: z.string(),
  validFrom: z.string(),
  validUntil: z.string(),
  currency: z.string(),
  pricing: DocumentPricing,
  totals: SalesTotals,
  probability: z.number().int().nullable(),
  description: z.string(),
  opportunityId: z.string().nullable(),
  campaign: z.string().nullable(),
};

const QuoteRevisionView = z.object({
  revision: z.number().int(),
  content: z.object(contentView),
  ended: z.enum(['sent', 'rejected', 'expired']),
  sentAt: time.nullable(),
  rejectionReason: z.string().nullable(),
  revisedAt: time,
});

const recordFields = {
  id: z.string(),
  reference: z.string(),
  year: z.number().int(),
  number: z.number().int(),
  revision: z.number().int(),
  status: z.enum(quoteStatuses),
  createdBy: z.string(),
  createdAt: time,
  updatedAt: time,
  version: z.number().int(),
};

export const QuoteView = z
  .object({
    ...recordFields,
    ...contentView,
    sentAt: time.nullable(),
    sentTo: z.string().nullable(),
    rejectedAt: time.nullable(),
    rejectionReason: z.string().nullable(),
    orderId: z.string().nullable(),
    orderReference: z.string().nullable(),
    acceptedAt: time.nullable(),
    expiredAt: time.nullable(),
    revisions: z.array(QuoteRevisionView),
    origin: OriginView,
  })
  .meta({ id: 'Quote' });

export const QuoteListItem = z
  .object({
    ...recordFields,
    party: Party,
    operatorId: z.string(),
    validFrom: z.string(),
    validUntil: z.string(),
    currency: z.string(),
    totals: SalesTotals,
    probability: z.number().int().nullable(),
    description: z.string(),
    opportunityId: z.string().nullable(),
    campaign: z.string().nullable(),
    orderId: z.string().nullable(),
    sentAt: time.nullable(),
  })
  .meta({ id: 'QuoteListItem' });

export const SalesDefaultsView = z
  .object({
    defaultVatRate: z.string(),
    defaultCurrency: z.string(),
    country: z.string().nullable().describe('The directory default country the unset values follow'),
    set: z.object({ defaultVatRate: z.string().nullable(), defaultCurrency: z.string().nullable() }),
    version: z.number().int(),
  })
  .meta({ id: 'SalesDefaults' });

export const PutSalesDefaultsBody = z
  .strictObject({
    defaultVatRate: decimal('Percent, 0 to 100; null follows the default country').nullable().optional(),
    defaultCurrency: z.string().trim().max(10).nullable().optional().describe('ISO 4217 code; null follows the default country'),
  })
  .meta({ id: 'PutSalesDefaults' });
