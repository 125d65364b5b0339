import { describe, expect, it } from 'vitest';
import { summarise, type SummaryRow } from '../../../domain/sales/opportunity-summary.ts';

/** The revenue summary's arithmetic: exact sums per currency, rounded once, on awkward values. */
const row = (over: Partial<SummaryRow>): SummaryRow => ({
  amount: null,
  currency: 'EUR',
  probability: null,
  stage: 'new',
  ownerId: 'olga',
  expectedCloseDate: null,
  status: 'open',
  closedOn: null,
  ...over,
});
const all = { from: null, to: null };

describe('summarise', () => {
  it('adds 0.1 + 0.2 to exactly 0.30 and weights 3 × 33.33 at 33 % without drift', () => {
    const summary = summarise([row({ amount: '0.10', probability: 50 }), row({ amount: '0.20', probability: 50 })], all);
    expect(summary.currencies[0]!.open).toMatchObject({ count: 2, amount: '0.30', weighted: '0.15' });
    const thirds = summarise([1, 2, 3].map(() => row({ amount: '33.33', probability: 33 })), all);
    // 99.99 × 33 / 100 = 32.9967 -> 33.00, rounded once.
    expect(thirds.currencies[0]!.open).toMatchObject({ amount: '99.99', weighted: '33.00' });
    const halves = summarise([1, 2, 3].map(() => row({ amount: '0.01', probability: 50 })), all);
    // Each weighs 0.005: rounded per opportunity that would be 0.03, exactly it is 0.015 -> 0.02.
    expect(halves.currencies[0]!.open.weighted).toBe('0.02');
  });

  it('keeps currencies apart and rounds HUF to whole forints', () => {
    const summary = summarise(
      [row({ amount: '1', currency: 'HUF', probability: 50 }), row({ amount: '1', currency: 'HUF', probability: 50 }), row({ amount: '1', currency: 'HUF', probability: 50 }), row({ amount: '5.00' })],
      all,
    );
    expect(summary.currencies.map((c) => [c.currency, c.open.amount, c.open.weighted])).toEqual([
      ['EUR', '5.00', '0.00'],
      ['HUF', '3', '2'], // 1.5 -> 2 (half away from zero), not 3 × round(0.5) = 3
    ]);
  });

  it('groups the open pipeline by stage, owner and expected-close month; unvalued ones are counted, add no money', () => {
    const summary = summarise(
      [
        row({ amount: '100.00', probability: 10, stage: 'qualify', expectedCloseDate: '2026-04-10' }),
        row({ amount: '200.00', probability: 60, stage: 'propose', ownerId: null, expectedCloseDate: '2026-04-30' }),
        row({ stage: 'propose', ownerId: 'tom' }),
      ],
      all,
    );
    const open = summary.currencies[0]!.open;
    expect(open).toMatchObject({ count: 3, amount: '300.00', weighted: '130.00' });
    expect(open.byStage).toEqual([
      { stage: 'propose', count: 2, amount: '200.00', weighted: '120.00' },
      { stage: 'qualify', count: 1, amount: '100.00', weighted: '10.00' },
    ]);
    expect(open.byOwner.map((o) => [o.ownerId, o.count, o.amount])).toEqual([['olga', 1, '100.00'], ['tom', 1, '0.00'], [null, 1, '200.00']]);
    expect(open.byMonth.map((m) => [m.month, m.count, m.weighted])).toEqual([['2026-04', 2, '130.00'], [null, 1, '0.00']]);
  });

  it('counts won and lost in the period by closedOn (inclusive), and opportunities without currency apart', () => {
    const rows = [
      row({ status: 'won', amount: '10.00', closedOn: '2026-03-01' }),
      row({ status: 'won', amount: '20.00', closedOn: '2026-03-31' }),
      row({ status: 'won', amount: '40.00', closedOn: '2026-04-01' }),
      row({ status: 'lost', amount: '5.55', closedOn: '2026-03-15' }),
      row({ status: 'lost', currency: null, closedOn: '2026-03-15' }),
      row({ currency: null }),
    ];
    const march = summarise(rows, { from: '2026-03-01', to: '2026-03-31' });
    expect(march.currencies[0]).toMatchObject({ won: { count: 2, amount: '30.00' }, lost: { count: 1, amount: '5.55' }, open: { count: 0, amount: '0.00' } });
    expect(march.withoutCurrency).toEqual({ open: 1, won: 0, lost: 1 });
    expect(summarise(rows, all).currencies[0]!.won).toEqual({ count: 3, amount: '70.00' });
  });

  it('answers an empty summary for no opportunities', () => {
    expect(summarise([], all)).toEqual({ from: null, to: null, currencies: [], withoutCurrency: { open: 0, won: 0, lost: 0 } });
  });
});
