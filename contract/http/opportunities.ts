import { z } from 'zod';
import { Currency, DecimalText, LocalDate, Party, SalesLine } from '../../events/sales/sales-values.ts';
import { Cursor, Limit, RecordId } from './common.ts';

/**
 * Opportunities over HTTP (API.md "Sales"). Amounts are decimal strings, exactly as recorded
 * (`"1234.50"`; HUF and JPY without decimals); a decimal the rules refuse (negative quantity, too
 * many decimals) is a 422 naming the field (`lines.2.quantity`), an unknown currency a 422 naming
 * `currency`.
 */

const id = RecordId;
const statuses = ['open', 'won', 'lost'] as const;
const decimalInput = z.string().max(40).describe('A decimal number written with a dot, as a string: "12.50"');

const PartyBody = z.strictObject({ kind: z.enum(['company', 'lead']), id });

const OpportunityLineBody = z.strictObject({
  description: z.string().max(2_000),
  productCode: z.string().max(100).nullable().optional(),
  quantity: decimalInput,
  unitPrice: decimalInput,
  discountPercent: decimalInput.optional().describe('Percent, default "0"'),
});

const editable = {
  title: z.string().max(200),
  parties: z.array(PartyBody).min(1).max(50).describe('Companies and/or leads, at least one; each must exist and be visible to the caller (else 422)'),
  contactId: id.nullable().describe('A contact the caller can see'),
  lines: z.array(OpportunityLineBody).max(500).nullable().describe('Priced lines (no VAT); exclusive with `amount`; null removes the pricing'),
  amount: decimalInput.nullable().describe('A plain net amount instead of lines; null removes the pricing'),
  currency: z.string().max(10).nullable().describe('ISO code (EUR, PLN, HUF, …); required with lines or an amount'),
  probability: z.number().int().min(0).max(100).nullable().describe('Percent'),
  stage: z.string().max(100).describe("From the tenant's `stages` catalogue; default its first active stage, else `new`"),
  expectedCloseDate: z.iso.date().nullable(),
  ownerId: id.nullable().describe('An active user; default the caller; null = unassigned'),
  partners: z.array(id).max(50).describe('Companies of kind partner'),
  competitors: z.array(id).max(50).describe('Companies of kind competitor'),
  campaign: z.string().max(200).nullable(),
  description: z.string().max(20_000).nullable(),
};

const EditableFields = z.strictObject(editable).partial();

export const OpenOpportunityBody = EditableFields.required({ title: true, parties: true }).meta({ id: 'OpenOpportunity' });

export const UpdateOpportunityBody = EditableFields.meta({ id: 'UpdateOpportunity', description: 'The fields to change; absent fields are unchanged' });

export const WinOpportunityBody = z
  .strictObject({
    orderId: id.nullable().optional().describe('The sales order that won it'),
    note: z.string().max(2_000).nullable().optional(),
  })
  .meta({ id: 'WinOpportunity' })
  .optional();

export const LoseOpportunityBody = z
  .strictObject({
    reason: z.string().max(100).describe("From the tenant's `loss-reasons` catalogue (price, competitor, no_budget, no_decision, timing, other by default)"),
    note: z.string().max(2_000).nullable().optional(),
  })
  .meta({ id: 'LoseOpportunity' });

export const ReopenOpportunityBody = z.strictObject({ reason: z.string().max(2_000).nullable().optional() }).meta({ id: 'ReopenOpportunity' }).optional();

export const OpportunityListQuery = z.strictObject({
  status: z.enum(statuses).optional(),
  stage: z.string().max(100).optional(),
  owner: id.optional().describe('`mine` or a user id'),
  party: id.optional().describe('A company or lead id among the parties'),
  expectedCloseFrom: z.iso.date().optional(),
  expectedCloseTo: z.iso.date().optional(),
  limit: Limit,
  cursor: Cursor,
});

export const OpportunitySummaryQuery = z.strictObject({
  from: z.iso.date().optional().describe('First day (closedOn) of the won/lost totals'),
  to: z.iso.date().optional().describe('Last day (closedOn) of the won/lost totals'),
});

const time = z.iso.datetime();

const OpportunityPricingView = z.discriminatedUnion('mode', [
  z.object({ mode: z.literal('lines'), lines: z.array(SalesLine) }),
  z.object({ mode: z.literal('amount'), amount: DecimalText }),
]);

const common = {
  id: z.string(),
  title: z.string(),
  parties: z.array(Party),
  contactId: z.string().nullable(),
  leadId: z.string().nullable().describe('The lead it was opened from, by a lead conversion'),
  amount: DecimalText.nullable().describe('The net value: the sum of the line nets or the plain amount'),
  currency: Currency.nullable(),
  probability: z.number().int().nullable(),
  stage: z.string(),
  expectedCloseDate: LocalDate.nullable(),
  ownerId: z.string().nullable(),
  partners: z.array(z.string()),
  competitors: z.array(z.string()),
  campaign: z.string().nullable(),
  status: z.enum(statuses),
  closedOn: LocalDate.nullable().describe("The day it was won or lost, on the closing user's calendar"),
  createdBy: z.string(),
  createdAt: time,
  updatedAt: time,
  version: z.number().int(),
};

export const OpportunityView = z
  .object({
    ...common,
    pricing: OpportunityPricingView.nullable(),
    description: z.string().nullable(),
    won: z.object({ orderId: z.string().nullable(), quoteId: z.string().nullable(), note: z.string().nullable(), closedOn: LocalDate }).nullable(),
    lost: z.object({ reason: z.string(), note: z.string().nullable(), closedOn: LocalDate }).nullable(),
  })
  .meta({ id: 'Opportunity' });

export const OpportunityListItem = z
  .object({ ...common, orderId: z.string().nullable(), quoteId: z.string().nullable(), lossReason: z.string().nullable() })
  .meta({ id: 'OpportunityListItem' });

const money = DecimalText;
const pipeline = { count: z.number().int(), amount: money, weighted: money.describe('Σ amount × probability / 100') };

export const OpportunitySummaryView = z
  .object({
    from: LocalDate.nullable(),
    to: LocalDate.nullable(),
    currencies: z.array(
      z.object({
        currency: Currency,
        open: z.object({
          ...pipeline,
          byStage: z.array(z.object({ stage: z.string(), ...pipeline })),
          byOwner: z.array(z.object({ ownerId: z.string().nullable(), ...pipeline })),
          byMonth: z.array(z.object({ month: z.string().nullable().describe('YYYY-MM of the expected close; null: none'), ...pipeline })),
        }),
        won: z.object({ count: z.number().int(), amount: money }),
        lost: z.object({ count: z.number().int(), amount: money }),
      }),
    ),
    withoutCurrency: z.object({ open: z.number().int(), won: z.number().int(), lost: z.number().int() }).describe('Opportunities with no currency: counted only'),
  })
  .meta({ id: 'OpportunitySummary' });
