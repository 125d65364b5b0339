import { currencies, type Currency, type DocumentPricing, type Party } from '../../events/sales/sales-values.ts';
import type { QuoteContact, QuoteContent } from '../../events/sales/quote-events.ts';
import { DomainError, invalid, type FieldIssue } from '../shared/errors.ts';
import { documentTotals, parseVatRate, priceAmount, priceLine, type LineInput } from './money.ts';

/**
 * What a user gives for a quote's content (draft: all of it; edit: a patch), and how it becomes a
 * `QuoteContent`: validated field by field, priced exactly (domain/sales/money.ts), with the totals
 * stored. Paths name the input fields (`lines.2.quantity`, `validUntil`).
 */

export interface QuoteLineInput extends LineInput {
  readonly lineId?: string | undefined;
}

export interface QuoteContactInput {
  readonly contactId?: string | null | undefined;
  readonly name?: string | null | undefined;
  readonly email?: string | null | undefined;
  readonly phone?: string | null | undefined;
}

export interface QuoteContentInput {
  readonly party?: Party | undefined;
  readonly contact?: QuoteContactInput | null | undefined;
  readonly operatorId?: string | undefined;
  readonly validFrom?: string | undefined;
  readonly validUntil?: string | undefined;
  readonly currency?: string | undefined;
  /** Priced lines, each with its VAT rate (the tenant's default rate when a line gives none)… */
  readonly lines?: readonly QuoteLineInput[] | undefined;
  /** …or a plain net amount at one VAT rate (the tenant's default when absent). Not both. */
  readonly amount?: string | undefined;
  readonly vatRate?: string | undefined;
  readonly probability?: number | null | undefined;
  readonly description?: string | undefined;
  readonly opportunityId?: string | null | undefined;
  readonly campaign?: string | null | undefined;
}

/** The tenant's sales defaults a quote falls back on (see domain/settings/sales-defaults.ts). */
export interface QuoteDefaults {
  readonly vatRate: string;
  readonly currency: Currency;
}

const datePattern = /^\d{4}-\d{2}-\d{2}$/;

const localDate = (path: string, value: string | undefined): string => {
  if (value === undefined || value.trim() === '') throw invalid(path, 'is required');
  const text = value.trim();
  const time = Date.parse(`${text}T00:00:00Z`);
  if (!datePattern.test(text) || Number.isNaN(time) || new Date(time).toISOString().slice(0, 10) !== text) {
    throw invalid(path, 'must be a date written YYYY-MM-DD');
  }
  return text;
};

const text = (path: string, value: string | null | undefined, max: number): string | null => {
  const trimmed = value?.trim() ?? '';
  if (trimmed === '') return null;
  if (trimmed.length > max) throw invalid(path, `must be at most ${max} characters`);
  return trimmed;
};

const requiredText = (path: string, value: string | undefined, max: number): string => {
  const result = text(path, value, max);
  if (result === null) throw invalid(path, 'is required');
  return result;
};

const currencyOf = (value: string | undefined, fallback: Currency): Currency => {
  if (value === undefined) return fallback;
  const code = value.trim().toUpperCase();
  if (!(currencies as string[]).includes(code)) throw invalid('currency', `is not a supported currency (${currencies.join(', ')})`);
  return code as Currency;
};

const contactOf = (input: QuoteContactInput | null | undefined): QuoteContact | null => {
  if (!input) return null;
  const contact = {
    contactId: text('contact.contactId', input.contactId, 100),
    name: text('contact.name', input.name, 200),
    email: text('contact.email', input.email, 320),
    phone: text('contact.phone', input.phone, 50),
  };
  if (contact.email !== null && !/^[^\s@]+@[^\s@]+$/.test(contact.email)) throw invalid('contact.email', 'is not an e-mail address');
  return Object.values(contact).every((value) => value === null) ? null : contact;
};

/** Runs every field check and reports all refused fields at once (one 4xx naming each). */
const collect = <T>(issues: FieldIssue[], check: () => T): T | undefined => {
  try {
    return check();
  } catch (error) {
    if (error instanceof DomainError && error.kind === 'invalid' && error.issues.length > 0) {
      issues.push(...error.issues);
      return undefined;
    }
    throw error;
  }
};

const pricingOf = (input: QuoteContentInput, currency: Currency, defaults: QuoteDefaults): DocumentPricing => {
  const hasLines = input.lines !== undefined;
  const hasAmount = input.amount !== undefined;
  if (hasLines && hasAmount) throw invalid('amount', 'give either lines or an amount, not both');
  if (!hasLines && !hasAmount) throw invalid('lines', 'give lines or an amount');
  if (hasAmount) {
    if (input.vatRate !== undefined && input.vatRate !== null && typeof input.vatRate !== 'string') throw invalid('vatRate', 'must be a decimal');
    return {
      mode: 'amount',
      amount: priceAmount('amount', currency, input.amount!),
      vatRate: parseVatRate('vatRate', input.vatRate ?? defaults.vatRate),
    };
  }
  if (input.vatRate !== undefined) throw invalid('vatRate', 'give the VAT rate on each line, not on a quote with lines');
  const lines = input.lines!;
  if (lines.length === 0) throw invalid('lines', 'must have at least one line');
  if (lines.length > 500) throw invalid('lines', 'must have at most 500 lines');
  const issues: FieldIssue[] = [];
  const seen = new Set<string>();
  const priced = lines.map((line, index) =>
    collect(issues, () => {
      const lineId = text(`lines.${index}.lineId`, line.lineId, 100) ?? String(index + 1);
      if (seen.has(lineId)) throw invalid(`lines.${index}.lineId`, `repeats line ${lineId}`);
      seen.add(lineId);
      return priceLine(`lines.${index}`, currency, lineId, { ...line, vatRate: line.vatRate ?? defaults.vatRate }, 'required');
    }),
  );
  if (issues.length > 0) throw new DomainError('invalid', issues.map((i) => `${i.path}: ${i.message}`).join('; '), issues);
  return { mode: 'lines', lines: priced as NonNullable<(typeof priced)[number]>[] };
};

/**
 * The content from a complete input: party, operator, validity, description and pricing are
 * required; the currency falls back on the tenant's default, VAT rates on its default rate.
 * Every refused field is named in one invalid-input error.
 */
export const quoteContentOf = (input: QuoteContentInput, defaults: QuoteDefaults): QuoteContent => {
  const issues: FieldIssue[] = [];
  const party = collect(issues, () => {
    if (!input.party) throw invalid('party', 'is required');
    if (input.party.kind !== 'company' && input.party.kind !== 'lead') throw invalid('party.kind', 'must be company or lead');
    return { kind: input.party.kind, id: requiredText('party.id', input.party.id, 100) };
  });
  const operatorId = collect(issues, () => requiredText('operatorId', input.operatorId, 100));
  const validFrom = collect(issues, () => localDate('validFrom', input.validFrom));
  const validUntil = collect(issues, () => {
    const until = localDate('validUntil', input.validUntil);
    if (validFrom !== undefined && until < validFrom) throw invalid('validUntil', `must not be before validFrom (${validFrom})`);
    return until;
  });
  const currency = collect(issues, () => currencyOf(input.currency, defaults.currency));
  const pricing = currency === undefined ? undefined : collect(issues, () => pricingOf(input, currency, defaults));
  const probability = collect(issues, () => {
    const value = input.probability ?? null;
    if (value !== null && (!Number.isInteger(value) || value < 0 || value > 100)) throw invalid('probability', 'must be a whole number from 0 to 100');
    return value;
  });
  const description = collect(issues, () => requiredText('description', input.description, 20_000));
  const contact = collect(issues, () => contactOf(input.contact));
  const opportunityId = collect(issues, () => text('opportunityId', input.opportunityId, 100));
  const campaign = collect(issues, () => text('campaign', input.campaign, 200));
  if (issues.length > 0) throw new DomainError('invalid', issues.map((i) => `${i.path}: ${i.message}`).join('; '), issues);
  return {
    party: party!,
    contact: contact ?? null,
    operatorId: operatorId!,
    validFrom: validFrom!,
    validUntil: validUntil!,
    currency: currency!,
    pricing: pricing!,
    totals: documentTotals(currency!, pricing!),
    probability: probability ?? null,
    description: description!,
    opportunityId: opportunityId ?? null,
    campaign: campaign ?? null,
  };
};

/** The input that gives back `content` (to apply a patch on it and price it again). */
export const inputOf = (content: QuoteContent): QuoteContentInput => ({
  party: content.party,
  contact: content.contact,
  operatorId: content.operatorId,
  validFrom: content.validFrom,
  validUntil: content.validUntil,
  currency: content.currency,
  ...(content.pricing.mode === 'lines'
    ? { lines: content.pricing.lines.map((line) => ({ ...line })) }
    : { amount: content.pricing.amount, vatRate: content.pricing.vatRate }),
  probability: content.probability,
  description: content.description,
  opportunityId: content.opportunityId,
  campaign: content.campaign,
});

/**
 * The content after a patch: a field given replaces the recorded one; `lines` replaces the pricing by
 * lines, `amount` (with an optional `vatRate`) by a plain amount; a new currency reprices what is there.
 */
export const patchedContent = (content: QuoteContent, patch: QuoteContentInput, defaults: QuoteDefaults): QuoteContent => {
  const base = inputOf(content);
  const { lines: _lines, amount: _amount, vatRate: _vatRate, ...rest } = base;
  const pricing: Partial<QuoteContentInput> =
    patch.lines !== undefined || patch.amount !== undefined
      ? { ...(patch.lines !== undefined ? { lines: patch.lines } : {}), ...(patch.amount !== undefined ? { amount: patch.amount } : {}), ...(patch.vatRate !== undefined ? { vatRate: patch.vatRate } : {}) }
      : patch.vatRate !== undefined
        ? { ...(base.lines !== undefined ? { lines: base.lines } : { amount: base.amount }), vatRate: patch.vatRate }
        : { ...(base.lines !== undefined ? { lines: base.lines } : { amount: base.amount, vatRate: base.vatRate }) };
  const defined = Object.fromEntries(Object.entries(patch).filter(([key, value]) => value !== undefined && !['lines', 'amount', 'vatRate'].includes(key)));
  return quoteContentOf({ ...rest, ...defined, ...pricing }, { ...defaults, currency: content.currency });
};
