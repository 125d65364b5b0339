import type { Currency } from '../../events/sales/sales-values.ts';
import { MoneySum, weightedValue } from './money.ts';

/**
 * The revenue summary (`GET /v1/opportunities/summary`), per currency: the open pipeline (amount and
 * weighted amount = amount × probability / 100) by stage, by owner and by expected-close month, and
 * what was won and lost in a period (by `closedOn`). Sums are exact (big.js) and rounded once, at the
 * end, to the currency's decimals — never per opportunity. An opportunity without an amount is
 * counted but adds no money; one without a probability adds nothing to the weighted amount (an
 * unknown chance is not counted as a certainty); one without a currency cannot be summed with any
 * and is only counted in `withoutCurrency`.
 */

export interface SummaryRow {
  readonly amount: string | null;
  readonly currency: Currency | null;
  readonly probability: number | null;
  readonly stage: string;
  readonly ownerId: string | null;
  readonly expectedCloseDate: string | null;
  readonly status: 'open' | 'won' | 'lost';
  readonly closedOn: string | null;
}

export interface PipelineTotals {
  readonly count: number;
  readonly amount: string;
  readonly weighted: string;
}

export interface ClosedTotals {
  readonly count: number;
  readonly amount: string;
}

export interface CurrencySummary {
  readonly currency: Currency;
  readonly open: PipelineTotals & {
    readonly byStage: readonly (PipelineTotals & { readonly stage: string })[];
    readonly byOwner: readonly (PipelineTotals & { readonly ownerId: string | null })[];
    /** `YYYY-MM` of the expected close; null: no expected close date. */
    readonly byMonth: readonly (PipelineTotals & { readonly month: string | null })[];
  };
  readonly won: ClosedTotals;
  readonly lost: ClosedTotals;
}

export interface OpportunitySummary {
  /** The period won/lost totals cover (inclusive local dates); null = unbounded. */
  readonly from: string | null;
  readonly to: string | null;
  readonly currencies: readonly CurrencySummary[];
  readonly withoutCurrency: { readonly open: number; readonly won: number; readonly lost: number };
}

class Pipeline {
  count = 0;
  readonly amount = new MoneySum();
  readonly weighted = new MoneySum();
  add(row: SummaryRow): void {
    this.count += 1;
    if (row.amount === null) return;
    this.amount.add(row.amount);
    if (row.probability !== null) this.weighted.add(weightedValue(row.amount, row.probability));
  }
  totals(currency: Currency): PipelineTotals {
    return { count: this.count, amount: this.amount.rounded(currency), weighted: this.weighted.rounded(currency) };
  }
}

class Closed {
  count = 0;
  readonly amount = new MoneySum();
  add(row: SummaryRow): void {
    this.count += 1;
    if (row.amount !== null) this.amount.add(row.amount);
  }
  totals(currency: Currency): ClosedTotals {
    return { count: this.count, amount: this.amount.rounded(currency) };
  }
}

/** A map that makes its entries on first use. */
const bucket = <K, V>(map: Map<K, V>, key: K, make: () => V): V => {
  let value = map.get(key);
  if (value === undefined) {
    value = make();
    map.set(key, value);
  }
  return value;
};

interface CurrencyBuckets {
  readonly open: Pipeline;
  readonly byStage: Map<string, Pipeline>;
  readonly byOwner: Map<string | null, Pipeline>;
  readonly byMonth: Map<string | null, Pipeline>;
  readonly won: Closed;
  readonly lost: Closed;
}

const inPeriod = (day: string | null, from: string | null, to: string | null): boolean =>
  day !== null && (from === null || day >= from) && (to === null || day <= to);

/** Orders keys as text, null last. */
const byKey = <K extends string | null>(a: [K, unknown], b: [K, unknown]): number =>
  a[0] === b[0] ? 0 : a[0] === null ? 1 : b[0] === null ? -1 : a[0] < b[0] ? -1 : 1;

export const summarise = (rows: Iterable<SummaryRow>, period: { readonly from: string | null; readonly to: string | null }): OpportunitySummary => {
  const byCurrency = new Map<Currency, CurrencyBuckets>();
  const withoutCurrency = { open: 0, won: 0, lost: 0 };
  for (const row of rows) {
    if (row.status !== 'open' && !inPeriod(row.closedOn, period.from, period.to)) continue;
    if (row.currency === null) {
      withoutCurrency[row.status] += 1;
      continue;
    }
    const buckets = bucket(byCurrency, row.currency, () => ({
      open: new Pipeline(),
      byStage: new Map(),
      byOwner: new Map(),
      byMonth: new Map(),
      won: new Closed(),
      lost: new Closed(),
    }));
    if (row.status === 'won') buckets.won.add(row);
    else if (row.status === 'lost') buckets.lost.add(row);
    else {
      buckets.open.add(row);
      bucket(buckets.byStage, row.stage, () => new Pipeline()).add(row);
      bucket(buckets.byOwner, row.ownerId, () => new Pipeline()).add(row);
      bucket(buckets.byMonth, row.expectedCloseDate?.slice(0, 7) ?? null, () => new Pipeline()).add(row);
    }
  }
  const currencies = [...byCurrency.entries()]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([currency, b]): CurrencySummary => ({
      currency,
      open: {
        ...b.open.totals(currency),
        byStage: [...b.byStage.entries()].sort(byKey).map(([stage, p]) => ({ stage, ...p.totals(currency) })),
        byOwner: [...b.byOwner.entries()].sort(byKey).map(([ownerId, p]) => ({ ownerId, ...p.totals(currency) })),
        byMonth: [...b.byMonth.entries()].sort(byKey).map(([month, p]) => ({ month, ...p.totals(currency) })),
      },
      won: b.won.totals(currency),
      lost: b.lost.totals(currency),
    }));
  return { from: period.from, to: period.to, currencies, withoutCurrency };
};
