import { currencies, type Currency, type Party } from '../../events/sales/sales-values.ts';
import type { OpportunityFields, OpportunityPricing } from '../../events/sales/opportunity-events.ts';
import { catalogueAccepts, type Catalogue } from '../settings/catalogues.ts';
import { optionalText, requiredText } from '../directory/company-fields.ts';
import { invalid } from '../shared/errors.ts';
import { linesNet, priceAmount, priceLine, type LineInput } from './money.ts';

/**
 * The field rules of an opportunity: what a user may give (`OpportunityInput`, paths named as in the
 * input) and the stored value it becomes. Shared by opening and updating, so a PATCH refuses exactly
 * what a POST refuses.
 */

/** What a user gives to open or patch an opportunity. Absent = unchanged (patch) or the default (open). */
export interface OpportunityInput {
  readonly title?: string | undefined;
  readonly parties?: readonly Party[] | undefined;
  readonly contactId?: string | null | undefined;
  /** Priced lines (no VAT: an opportunity is a forecast). Exclusive with `amount`. */
  readonly lines?: readonly LineInput[] | null | undefined;
  /** A plain net amount instead of lines. */
  readonly amount?: string | null | undefined;
  readonly currency?: string | null | undefined;
  readonly probability?: number | null | undefined;
  readonly stage?: string | undefined;
  readonly expectedCloseDate?: string | null | undefined;
  readonly ownerId?: string | null | undefined;
  readonly partners?: readonly string[] | undefined;
  readonly competitors?: readonly string[] | undefined;
  readonly campaign?: string | null | undefined;
  readonly description?: string | null | undefined;
}

export { optionalText, requiredText };

/** `YYYY-MM-DD` naming a real calendar day. */
export const isLocalDate = (value: string): boolean => {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
};

const localDate = (path: string, value: string | null): string | null => {
  if (value === null) return null;
  if (!isLocalDate(value)) throw invalid(path, 'must be a date like 2026-03-31');
  return value;
};

export const currencyOf = (path: string, value: string | null): Currency | null => {
  if (value === null) return null;
  if (!(currencies as readonly string[]).includes(value)) throw invalid(path, `must be one of ${currencies.join(', ')}`);
  return value as Currency;
};

const parties = (path: string, values: readonly Party[]): Party[] => {
  if (values.length === 0) throw invalid(path, 'must name at least one company or lead');
  if (values.length > 50) throw invalid(path, 'must have at most 50 entries');
  const seen = new Set<string>();
  const result: Party[] = [];
  values.forEach((party, i) => {
    if (party.kind !== 'company' && party.kind !== 'lead') throw invalid(`${path}.${i}.kind`, 'must be company or lead');
    const id = requiredText(`${path}.${i}.id`, party.id, 100);
    const key = `${party.kind}/${id}`;
    if (!seen.has(key)) {
      seen.add(key);
      result.push({ kind: party.kind, id });
    }
  });
  return result;
};

const companyIds = (path: string, values: readonly string[]): string[] => {
  if (values.length > 50) throw invalid(path, 'must have at most 50 entries');
  return [...new Set(values.map((value, i) => requiredText(`${path}.${i}`, value, 100)))];
};

const probability = (path: string, value: number | null): number | null => {
  if (value === null) return null;
  if (!Number.isInteger(value) || value < 0 || value > 100) throw invalid(path, 'must be a whole percentage from 0 to 100');
  return value;
};

const stage = (path: string, value: string, stages: Catalogue): string => {
  const text = requiredText(path, value, 100);
  if (!catalogueAccepts(stages, text)) {
    throw invalid(path, `must be an active value of the stages catalogue (${stages.entries.filter((e) => e.active).map((e) => e.value).join(', ')})`);
  }
  return text;
};

/** The stage a new opportunity starts at: the first active stage of an enforced catalogue, else `new`. */
export const defaultStage = (stages: Catalogue): string =>
  (stages.enforced ? stages.entries.find((entry) => entry.active)?.value : undefined) ?? 'new';

/** What pricing the input asks for: lines, an amount, none, or (undefined) unchanged. */
type PricingInput = { mode: 'lines'; lines: readonly LineInput[] } | { mode: 'amount'; amount: string } | null;

const pricingInput = (input: OpportunityInput): PricingInput | undefined => {
  const lines = input.lines === undefined ? undefined : input.lines;
  const amount = input.amount === undefined ? undefined : input.amount;
  if (lines !== undefined && lines !== null && amount !== undefined && amount !== null) throw invalid('amount', 'give lines or an amount, not both');
  if (lines !== undefined && lines !== null) {
    if (lines.length === 0) throw invalid('lines', 'must have at least one line (or give null for no pricing)');
    if (lines.length > 500) throw invalid('lines', 'must have at most 500 lines');
    return { mode: 'lines', lines };
  }
  if (amount !== undefined && amount !== null) return { mode: 'amount', amount };
  if (lines === null || amount === null) return null;
  return undefined;
};

/** The input lines again, from stored ones: to re-price them in another currency. */
const storedAsInput = (pricing: OpportunityPricing): PricingInput =>
  pricing.mode === 'amount'
    ? { mode: 'amount', amount: pricing.amount }
    : { mode: 'lines', lines: pricing.lines.map((line) => ({ ...line, vatRate: null })) };

/**
 * Prices the opportunity: lines get ids by position (`1`, `2`, …: an opportunity's lines are a
 * forecast, replaced as a whole, never referred to one by one), and `amount` is their net sum or the
 * plain amount, rounded to the currency.
 */
const priced = (pricing: PricingInput, currency: Currency | null): { pricing: OpportunityPricing | null; amount: string | null } => {
  if (pricing === null) return { pricing: null, amount: null };
  if (currency === null) throw invalid('currency', 'is required when the opportunity has lines or an amount');
  if (pricing.mode === 'amount') {
    const amount = priceAmount('amount', currency, pricing.amount);
    return { pricing: { mode: 'amount', amount }, amount };
  }
  const lines = pricing.lines.map((line, i) => priceLine(`lines.${i}`, currency, String(i + 1), line, 'none'));
  return { pricing: { mode: 'lines', lines }, amount: linesNet(currency, lines) };
};

/** The stored fields of a new opportunity from the input. */
export const openingFields = (input: OpportunityInput, defaults: { ownerId: string | null; stages: Catalogue }): OpportunityFields => {
  const currency = currencyOf('currency', input.currency ?? null);
  const { pricing, amount } = priced(pricingInput(input) ?? null, currency);
  if (input.parties === undefined) throw invalid('parties', 'is required');
  return {
    title: requiredText('title', input.title ?? '', 200),
    parties: parties('parties', input.parties),
    contactId: optionalText('contactId', input.contactId, 100),
    pricing,
    amount,
    currency,
    probability: probability('probability', input.probability ?? null),
    stage: input.stage === undefined ? defaultStage(defaults.stages) : stage('stage', input.stage, defaults.stages),
    expectedCloseDate: localDate('expectedCloseDate', input.expectedCloseDate ?? null),
    ownerId: input.ownerId === undefined ? defaults.ownerId : optionalText('ownerId', input.ownerId, 100),
    partners: companyIds('partners', input.partners ?? []),
    competitors: companyIds('competitors', input.competitors ?? []),
    campaign: optionalText('campaign', input.campaign, 200),
    description: optionalText('description', input.description, 20_000),
  };
};

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/**
 * The changed fields of a patch: each given field validated, then only those whose stored value
 * differs. A change of currency re-prices the current lines or amount in the new currency (its
 * decimals may differ); removing the currency of a priced opportunity is refused.
 */
export const changedFields = (current: OpportunityFields, input: OpportunityInput, stages: Catalogue): Partial<OpportunityFields> => {
  const next: Partial<OpportunityFields> = {};
  if (input.title !== undefined) next.title = requiredText('title', input.title, 200);
  if (input.parties !== undefined) next.parties = parties('parties', input.parties);
  if (input.contactId !== undefined) next.contactId = optionalText('contactId', input.contactId, 100);
  if (input.probability !== undefined) next.probability = probability('probability', input.probability);
  if (input.stage !== undefined && input.stage !== current.stage) next.stage = stage('stage', input.stage, stages);
  if (input.expectedCloseDate !== undefined) next.expectedCloseDate = localDate('expectedCloseDate', input.expectedCloseDate);
  if (input.ownerId !== undefined) next.ownerId = optionalText('ownerId', input.ownerId, 100);
  if (input.partners !== undefined) next.partners = companyIds('partners', input.partners);
  if (input.competitors !== undefined) next.competitors = companyIds('competitors', input.competitors);
  if (input.campaign !== undefined) next.campaign = optionalText('campaign', input.campaign, 200);
  if (input.description !== undefined) next.description = optionalText('description', input.description, 20_000);

  const currency = input.currency !== undefined ? currencyOf('currency', input.currency) : current.currency;
  const asked = pricingInput(input);
  if (asked !== undefined || currency !== current.currency) {
    const wanted = asked !== undefined ? asked : current.pricing && storedAsInput(current.pricing);
    const { pricing, amount } = priced(wanted, currency);
    next.pricing = pricing;
    next.amount = amount;
  }
  if (input.currency !== undefined) next.currency = currency;

  return Object.fromEntries(
    Object.entries(next).filter(([key, value]) => !same(current[key as keyof OpportunityFields], value)),
  ) as Partial<OpportunityFields>;
};
