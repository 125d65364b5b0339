import { z } from 'zod';

/**
 * The values sales events carry. Money is never a JS number in an event: amounts, prices, quantities
 * and rates are decimal strings (`"1234.50"`), computed exactly by domain/sales/money.ts and stored
 * with the totals they produced, so a later change of the rounding rules never changes a recorded
 * quote or order.
 */

/** A plain decimal number as text: optional minus, no exponent, no leading zeros (`"0.5"`, `"-3"`, `"12.00"`). */
export const DecimalText = z.string().regex(/^-?(0|[1-9]\d*)(\.\d+)?$/);
export type DecimalText = z.infer<typeof DecimalText>;

/**
 * The currencies a sales record may be in, with the decimals an amount in it is rounded to. HUF is
 * rounded to whole forints: Hungarian invoices state amounts and VAT in whole forints. Adding a
 * currency changes the schema of every sales event carrying one: a new version of each (a reader of
 * the current one would refuse the new code), as CatalogueSet v2 and ExportRequested v2 did.
 */
export const currencyDecimals = {
  EUR: 2,
  PLN: 2,
  HUF: 0,
  CZK: 2,
  RON: 2,
  BGN: 2,
  CHF: 2,
  GBP: 2,
  USD: 2,
  SEK: 2,
  NOK: 2,
  DKK: 2,
  JPY: 0,
} as const;
export const currencies = Object.keys(currencyDecimals) as (keyof typeof currencyDecimals)[];
export const Currency = z.enum(currencies as [keyof typeof currencyDecimals, ...(keyof typeof currencyDecimals)[]]);
export type Currency = z.infer<typeof Currency>;

export const LocalDate = z.iso.date();

/** Who a sale is with: a client company or a lead. */
export const Party = z.strictObject({ kind: z.enum(['company', 'lead']), id: z.string().min(1) });
export type Party = z.infer<typeof Party>;

/**
 * One priced line: what is sold, how many, at what unit price and discount. `net` is
 * round(quantity × unitPrice × (1 − discountPercent / 100)) to the currency's decimals, as computed
 * when the line was recorded. `vatRate` (a percentage) is set on quote and order lines, null on an
 * opportunity's.
 */
export const SalesLine = z.strictObject({
  lineId: z.string().min(1),
  description: z.string(),
  /** A product or service code, when the line names one. */
  productCode: z.string().nullable(),
  quantity: DecimalText,
  unitPrice: DecimalText,
  discountPercent: DecimalText,
  vatRate: DecimalText.nullable(),
  net: DecimalText,
});
export type SalesLine = z.infer<typeof SalesLine>;

/** The VAT of the lines at one rate: rate %, their net sum, and the VAT on it (rounded once per rate). */
export const VatAtRate = z.strictObject({ rate: DecimalText, base: DecimalText, vat: DecimalText });
export type VatAtRate = z.infer<typeof VatAtRate>;

/** A document's totals: net = Σ line nets, VAT per rate, gross = net + Σ VAT. */
export const SalesTotals = z.strictObject({
  net: DecimalText,
  vat: z.array(VatAtRate),
  vatTotal: DecimalText,
  gross: DecimalText,
});
export type SalesTotals = z.infer<typeof SalesTotals>;

/**
 * How a quote or order is priced: by lines, each with its VAT rate, or by a single net amount at one
 * VAT rate (Near's "totale" instead of lines).
 */
export const DocumentPricing = z.discriminatedUnion('mode', [
  z.strictObject({ mode: z.literal('lines'), lines: z.array(SalesLine).min(1) }),
  z.strictObject({ mode: z.literal('amount'), amount: DecimalText, vatRate: DecimalText }),
]);
export type DocumentPricing = z.infer<typeof DocumentPricing>;
