import type { SalesDefaultsSetEvent } from '../../events/administration/settings-events.ts';
import { currencies, type Currency } from '../../events/sales/sales-values.ts';
import { assertAdministrator } from '../access/administration.ts';
import { parseVatRate } from '../sales/money.ts';
import type { DecisionContext, Decider, Recorded } from '../shared/decider.ts';
import { invalid } from '../shared/errors.ts';

/**
 * The tenant's sales defaults (one stream per tenant, aggregate `sales-defaults`, id `sales`): the VAT
 * rate of a quote line that gives none and the currency of a quote that names none. Until an
 * administrator sets one, each follows the tenant's default country (directory defaults): Italy 22 %
 * and EUR, Poland 23 % and PLN, Hungary 27 % and HUF; any other country or none, 22 % and EUR.
 */
export interface SalesDefaultsSetting {
  /** `null`: follows the country. */
  readonly defaultVatRate: string | null;
  readonly defaultCurrency: Currency | null;
}

export type SalesDefaultsState = SalesDefaultsSetting | null;

/** The defaults in force. */
export interface SalesDefaults {
  readonly defaultVatRate: string;
  readonly defaultCurrency: Currency;
}

const byCountry: Record<string, SalesDefaults> = {
  IT: { defaultVatRate: '22', defaultCurrency: 'EUR' },
  PL: { defaultVatRate: '23', defaultCurrency: 'PLN' },
  HU: { defaultVatRate: '27', defaultCurrency: 'HUF' },
};
const fallback: SalesDefaults = byCountry.IT!;

/** The country's defaults (22 % EUR for a country without its own). */
export const countrySalesDefaults = (country: string | null): SalesDefaults => (country !== null ? byCountry[country] : undefined) ?? fallback;

/** What is in force: what the administrator set, each value else the country's. */
export const salesDefaultsOf = (state: SalesDefaultsState, country: string | null): SalesDefaults => {
  const base = countrySalesDefaults(country);
  return { defaultVatRate: state?.defaultVatRate ?? base.defaultVatRate, defaultCurrency: state?.defaultCurrency ?? base.defaultCurrency };
};

export type SalesDefaultsCommand = { type: 'SetSalesDefaults'; data: { defaultVatRate: string | null; defaultCurrency: string | null } };

export const decide = (command: SalesDefaultsCommand, state: SalesDefaultsState, context: DecisionContext): SalesDefaultsSetEvent[] => {
  assertAdministrator(context.actor);
  const rate = command.data.defaultVatRate?.trim() ?? '';
  const defaultVatRate = rate === '' ? null : parseVatRate('defaultVatRate', rate);
  const code = command.data.defaultCurrency?.trim().toUpperCase() ?? '';
  if (code !== '' && !(currencies as string[]).includes(code)) {
    throw invalid('defaultCurrency', `is not a supported currency (${currencies.join(', ')})`);
  }
  const defaultCurrency = code === '' ? null : (code as Currency);
  const current = state ?? { defaultVatRate: null, defaultCurrency: null };
  if (current.defaultVatRate === defaultVatRate && current.defaultCurrency === defaultCurrency) return [];
  return [{ type: 'SalesDefaultsSet', data: { defaultVatRate, defaultCurrency } }];
};

export const evolve = (_state: SalesDefaultsState, event: Recorded<SalesDefaultsSetEvent>): SalesDefaultsState => ({
  defaultVatRate: event.data.defaultVatRate,
  defaultCurrency: event.data.defaultCurrency,
});

export const salesDefaultsDecider: Decider<SalesDefaultsCommand, SalesDefaultsState, SalesDefaultsSetEvent> = {
  initialState: null,
  decide,
  evolve,
};
