import { describe, expect, it } from 'vitest';
import { countrySalesDefaults, salesDefaultsDecider, salesDefaultsOf } from '../../../domain/settings/sales-defaults.ts';
import type { Actor } from '../../../domain/shared/actor.ts';
import { deciderSpec } from '../../support/decider-spec.ts';

const now = '2026-03-10T09:00:00.000Z';
const ada: Actor = { tenant: 'acme', userId: 'ada', role: 'admin', groups: [] };
const olga: Actor = { tenant: 'acme', userId: 'olga', role: 'standard', groups: [] };
const spec = deciderSpec(salesDefaultsDecider, { actor: ada, now });
const set = (defaultVatRate: string | null, defaultCurrency: string | null) => ({ type: 'SetSalesDefaults' as const, data: { defaultVatRate, defaultCurrency } });

describe('sales defaults', () => {
  it("follow the tenant's country until set: IT 22 % EUR, PL 23 % PLN, HU 27 % HUF, else 22 % EUR", () => {
    expect(countrySalesDefaults('IT')).toEqual({ defaultVatRate: '22', defaultCurrency: 'EUR' });
    expect(countrySalesDefaults('PL')).toEqual({ defaultVatRate: '23', defaultCurrency: 'PLN' });
    expect(countrySalesDefaults('HU')).toEqual({ defaultVatRate: '27', defaultCurrency: 'HUF' });
    expect(countrySalesDefaults('DE')).toEqual({ defaultVatRate: '22', defaultCurrency: 'EUR' });
    expect(countrySalesDefaults(null)).toEqual({ defaultVatRate: '22', defaultCurrency: 'EUR' });
    expect(salesDefaultsOf({ defaultVatRate: '5', defaultCurrency: null }, 'PL')).toEqual({ defaultVatRate: '5', defaultCurrency: 'PLN' });
  });

  it('sets a rate and a currency (normalised), records nothing when unchanged, clears with null', () => {
    spec.when(set(' 5.50 ', 'eur')).then([{ type: 'SalesDefaultsSet', data: { defaultVatRate: '5.5', defaultCurrency: 'EUR' } }]).andState({ defaultVatRate: '5.5', defaultCurrency: 'EUR' });
    const given = { type: 'SalesDefaultsSet' as const, data: { defaultVatRate: '5.5', defaultCurrency: 'EUR' as const } };
    spec.given([given]).when(set('5.5', 'EUR')).thenNothing();
    spec.given([given]).when(set(null, '')).then([{ type: 'SalesDefaultsSet', data: { defaultVatRate: null, defaultCurrency: null } }]);
    spec.when(set(null, null)).thenNothing();
  });

  it('refuses a bad rate or currency naming the field, and anyone but an administrator', () => {
    spec.when(set('101', null)).thenThrows('invalid', { path: 'defaultVatRate' });
    spec.when(set('abc', null)).thenThrows('invalid', { path: 'defaultVatRate' });
    spec.when(set(null, 'XYZ')).thenThrows('invalid', { path: 'defaultCurrency' });
    spec.as(olga).when(set('22', 'EUR')).thenThrows('forbidden');
  });
});
