import { describe, expect, it } from 'vitest';
import { documentTotals, MoneySum, priceAmount, priceLine, sumMoney, weightedValue } from '../../../domain/sales/money.ts';
import { DomainError } from '../../../domain/shared/errors.ts';

const line = (quantity: string, unitPrice: string, extra: { discountPercent?: string; vatRate?: string } = {}) => ({
  description: 'Consulenza',
  quantity,
  unitPrice,
  ...extra,
});

const issueOf = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    if (error instanceof DomainError) return error.issues[0];
    throw error;
  }
  throw new Error('expected a refusal');
};

describe('sales money', () => {
  it('adds 0.1 and 0.2 exactly', () => {
    const a = priceLine('lines.0', 'EUR', 'l1', line('1', '0.1', { vatRate: '22' }), 'required');
    const b = priceLine('lines.1', 'EUR', 'l2', line('1', '0.2', { vatRate: '22' }), 'required');
    expect(sumMoney('EUR', [a.net, b.net])).toBe('0.30');
    expect(documentTotals('EUR', { mode: 'lines', lines: [a, b] })).toEqual({
      net: '0.30',
      vat: [{ rate: '22', base: '0.30', vat: '0.07' }],
      vatTotal: '0.07',
      gross: '0.37',
    });
  });

  it('prices 3 × 33.33 as 99.99, and VAT once per rate rather than per line', () => {
    const lines = ['l1', 'l2', 'l3'].map((id, index) => priceLine(`lines.${index}`, 'EUR', id, line('1', '33.33', { vatRate: '22' }), 'required'));
    // Per line, 33.33 × 22 % = 7.3326 → 7.33, three times 21.99; once on 99.99 → 21.9978 → 22.00.
    expect(documentTotals('EUR', { mode: 'lines', lines })).toEqual({
      net: '99.99',
      vat: [{ rate: '22', base: '99.99', vat: '22.00' }],
      vatTotal: '22.00',
      gross: '121.99',
    });
    expect(priceLine('lines.0', 'EUR', 'l1', line('3', '33.33', { vatRate: '22' }), 'required').net).toBe('99.99');
  });

  it('rounds HUF to whole forints: 1 HUF at 27 % has no VAT, 2 HUF has 1', () => {
    expect(documentTotals('HUF', { mode: 'amount', amount: priceAmount('amount', 'HUF', '1'), vatRate: '27' })).toEqual({
      net: '1',
      vat: [{ rate: '27', base: '1', vat: '0' }],
      vatTotal: '0',
      gross: '1',
    });
    expect(documentTotals('HUF', { mode: 'amount', amount: '2', vatRate: '27' }).vatTotal).toBe('1');
    expect(priceLine('lines.0', 'HUF', 'l1', line('3', '0.5', { vatRate: '27' }), 'required').net).toBe('2');
  });

  it('applies the discount before rounding, half away from zero', () => {
    // 1 × 0.125 = 0.125 → 0.13; 7 × 19.99 − 15 % = 118.9405 → 118.94
    expect(priceLine('l', 'EUR', 'l1', line('1', '0.125'), 'none').net).toBe('0.13');
    expect(priceLine('l', 'EUR', 'l1', line('7', '19.99', { discountPercent: '15' }), 'none').net).toBe('118.94');
    expect(priceLine('l', 'EUR', 'l1', line('2', '10', { discountPercent: '100' }), 'none').net).toBe('0.00');
  });

  it('groups VAT by rate, rates ascending', () => {
    const lines = [
      priceLine('lines.0', 'PLN', 'l1', line('1', '100', { vatRate: '23' }), 'required'),
      priceLine('lines.1', 'PLN', 'l2', line('2', '10', { vatRate: '8' }), 'required'),
      priceLine('lines.2', 'PLN', 'l3', line('1', '0.99', { vatRate: '23' }), 'required'),
    ];
    expect(documentTotals('PLN', { mode: 'lines', lines })).toEqual({
      net: '120.99',
      vat: [
        { rate: '8', base: '20.00', vat: '1.60' },
        { rate: '23', base: '100.99', vat: '23.23' },
      ],
      vatTotal: '24.83',
      gross: '145.82',
    });
  });

  it('keeps weighted sums exact until the end', () => {
    const sum = new MoneySum();
    for (let i = 0; i < 3; i += 1) sum.add(weightedValue('33.33', 50));
    expect(sum.rounded('EUR')).toBe('50.00');
    expect(weightedValue('0.01', 33).toFixed()).toBe('0.0033');
  });

  it('refuses bad amounts, naming the field', () => {
    expect(issueOf(() => priceLine('lines.1', 'EUR', 'l', line('-1', '5', { vatRate: '22' }), 'required'))).toEqual({
      path: 'lines.1.quantity',
      message: 'must be greater than 0',
    });
    expect(issueOf(() => priceLine('lines.0', 'EUR', 'l', line('1', '1e3', { vatRate: '22' }), 'required'))?.path).toBe('lines.0.unitPrice');
    expect(issueOf(() => priceLine('lines.0', 'EUR', 'l', line('1', '5', { discountPercent: '101', vatRate: '22' }), 'required'))?.path).toBe(
      'lines.0.discountPercent',
    );
    expect(issueOf(() => priceLine('lines.0', 'EUR', 'l', line('1', '5'), 'required'))).toEqual({ path: 'lines.0.vatRate', message: 'is required' });
    expect(issueOf(() => priceLine('lines.0', 'EUR', 'l', line('1', '5', { vatRate: '22' }), 'none'))?.path).toBe('lines.0.vatRate');
    expect(issueOf(() => priceLine('lines.0', 'EUR', 'l', line('0.00001', '5'), 'none'))?.message).toBe('must have at most 4 decimals');
  });
});
