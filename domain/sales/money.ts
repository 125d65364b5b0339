import Big from 'big.js';
import { currencyDecimals, type Currency, type DocumentPricing, type SalesLine, type SalesTotals, type VatAtRate } from '../../events/sales/sales-values.ts';
import { invalid } from '../shared/errors.ts';

/**
 * Exact money arithmetic for sales (big.js decimals, never JS floats). The rules, stated once:
 * - a line's net = round(quantity × unitPrice × (1 − discountPercent / 100)) to the currency's
 *   decimals (`currencyDecimals`: 2, HUF and JPY 0), half away from zero ("arrotondamento commerciale");
 * - a document's net = Σ line nets (already rounded, so the total is the sum of what the lines show);
 * - VAT per rate = round(Σ nets at that rate × rate / 100), once per rate, not per line;
 * - gross = net + Σ VAT.
 * Amounts are decimal strings with exactly the currency's decimals (`"12.30"`, HUF `"1270"`).
 */

export type { Currency } from '../../events/sales/sales-values.ts';

/** How many decimals an input may carry, and its bounds. */
const limits = {
  quantity: { decimals: 4, min: '0', minInclusive: false, max: '1000000000' },
  unitPrice: { decimals: 4, min: '0', minInclusive: true, max: '1000000000000' },
  discountPercent: { decimals: 2, min: '0', minInclusive: true, max: '100' },
  vatRate: { decimals: 2, min: '0', minInclusive: true, max: '100' },
  amount: { decimals: 4, min: '0', minInclusive: true, max: '1000000000000000' },
} as const;
type Quantity = keyof typeof limits;

const decimalPattern = /^-?(0|[1-9]\d*)(\.\d+)?$/;

const decimalsOf = (text: string): number => text.split('.')[1]?.length ?? 0;

/** Parses a decimal input for `kind`, refusing what is not a plain decimal, too precise or out of bounds. */
export const parseDecimal = (path: string, kind: Quantity, text: string): Big => {
  const limit = limits[kind];
  const value = text.trim();
  if (!decimalPattern.test(value)) throw invalid(path, 'must be a decimal number written with a dot, like 12.50');
  if (decimalsOf(value) > limit.decimals) throw invalid(path, `must have at most ${limit.decimals} decimals`);
  const number = new Big(value);
  const belowMin = limit.minInclusive ? number.lt(limit.min) : number.lte(limit.min);
  if (belowMin) throw invalid(path, limit.minInclusive ? `must be at least ${limit.min}` : `must be greater than ${limit.min}`);
  if (number.gt(limit.max)) throw invalid(path, `must be at most ${limit.max}`);
  return number;
};

export const decimalsFor = (currency: Currency): number => currencyDecimals[currency];

/** Rounds to the currency's decimals, half away from zero, as text with exactly those decimals. */
export const roundMoney = (currency: Currency, value: Big): string =>
  value.round(decimalsFor(currency), Big.roundHalfUp).toFixed(decimalsFor(currency));

/** Normalises a decimal text (`"7"` → `"7"`, `"7.50"` → `"7.5"`): the form rates and quantities are stored in. */
const plain = (value: Big): string => value.toFixed();

export interface LineInput {
  readonly description: string;
  readonly productCode?: string | null | undefined;
  readonly quantity: string;
  readonly unitPrice: string;
  readonly discountPercent?: string | undefined;
  readonly vatRate?: string | null | undefined;
}

/**
 * Prices one line. `vat`: `required` on quote lines (the tenant's default rate filled in by the caller
 * when the user gave none), `none` on an opportunity's lines. Paths name the input (`lines.2.quantity`).
 */
export const priceLine = (path: string, currency: Currency, lineId: string, input: LineInput, vat: 'required' | 'none'): SalesLine => {
  const description = input.description.trim();
  if (description === '') throw invalid(`${path}.description`, 'must not be blank');
  if (description.length > 2_000) throw invalid(`${path}.description`, 'must be at most 2000 characters');
  const productCode = input.productCode?.trim() || null;
  if (productCode !== null && productCode.length > 100) throw invalid(`${path}.productCode`, 'must be at most 100 characters');
  const quantity = parseDecimal(`${path}.quantity`, 'quantity', input.quantity);
  const unitPrice = parseDecimal(`${path}.unitPrice`, 'unitPrice', input.unitPrice);
  const discount = parseDecimal(`${path}.discountPercent`, 'discountPercent', input.discountPercent ?? '0');
  let vatRate: string | null = null;
  if (vat === 'required') {
    if (input.vatRate === undefined || input.vatRate === null) throw invalid(`${path}.vatRate`, 'is required');
    vatRate = plain(parseDecimal(`${path}.vatRate`, 'vatRate', input.vatRate));
  } else if (input.vatRate !== undefined && input.vatRate !== null) {
    throw invalid(`${path}.vatRate`, 'is not used on this record');
  }
  const net = quantity.times(unitPrice).times(new Big(100).minus(discount)).div(100);
  return {
    lineId,
    description,
    productCode,
    quantity: plain(quantity),
    unitPrice: plain(unitPrice),
    discountPercent: plain(discount),
    vatRate,
    net: roundMoney(currency, net),
  };
};

/** A plain amount (no lines), rounded to the currency. */
export const priceAmount = (path: string, currency: Currency, amount: string): string =>
  roundMoney(currency, parseDecimal(path, 'amount', amount));

/** A VAT rate as stored (`"22"`, `"5.5"`). */
export const parseVatRate = (path: string, rate: string): string => plain(parseDecimal(path, 'vatRate', rate));

/** Σ of amounts of one currency, exact, as money text. */
export const sumMoney = (currency: Currency, amounts: readonly string[]): string =>
  roundMoney(currency, amounts.reduce((sum, amount) => sum.plus(amount), new Big(0)));

/** The net value of an opportunity's lines. */
export const linesNet = (currency: Currency, lines: readonly Pick<SalesLine, 'net'>[]): string => sumMoney(currency, lines.map((line) => line.net));

/** A document's totals, by the rules above. Rates are listed in ascending order. */
export const documentTotals = (currency: Currency, pricing: DocumentPricing): SalesTotals => {
  const atRate = new Map<string, Big>();
  const add = (rate: string, net: string) => atRate.set(rate, (atRate.get(rate) ?? new Big(0)).plus(net));
  if (pricing.mode === 'lines') {
    for (const line of pricing.lines) add(line.vatRate ?? '0', line.net);
  } else {
    add(pricing.vatRate, pricing.amount);
  }
  const vat: VatAtRate[] = [...atRate.entries()]
    .sort(([a], [b]) => new Big(a).cmp(b))
    .map(([rate, base]) => ({ rate, base: roundMoney(currency, base), vat: roundMoney(currency, base.times(rate).div(100)) }));
  const net = sumMoney(currency, vat.map((entry) => entry.base));
  const vatTotal = sumMoney(currency, vat.map((entry) => entry.vat));
  return { net, vat, vatTotal, gross: sumMoney(currency, [net, vatTotal]) };
};

/** amount × probability / 100, exact (not rounded: a summary rounds its sums once, at the end). */
export const weightedValue = (amount: string, probability: number): Big => new Big(amount).times(probability).div(100);

/** Exact sums for summaries: add as many amounts as needed, round once when answering. */
export class MoneySum {
  private value = new Big(0);
  add(amount: string | Big): this {
    this.value = this.value.plus(amount);
    return this;
  }
  rounded(currency: Currency): string {
    return roundMoney(currency, this.value);
  }
}
