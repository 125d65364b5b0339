import { describe, expect, it } from 'vitest';
import { normaliseVat } from '../../../../domain/directory/search/vat.ts';

describe('normaliseVat', () => {
  it('reads the country prefix or the default country, and strips separators', () => {
    const expected = { country: 'IT', number: '01234567890', canonical: 'IT01234567890' };
    expect(normaliseVat('IT 01234567890')).toEqual(expected);
    expect(normaliseVat('it01234567890')).toEqual(expected);
    expect(normaliseVat('IT-012.345.678-90')).toEqual(expected);
    expect(normaliseVat('P.IVA: IT 01234567890')).toEqual(expected);
    expect(normaliseVat('partita iva 01234567890', 'IT')).toEqual(expected);
    expect(normaliseVat('01234567890', 'IT')).toEqual(expected);
    expect(normaliseVat('01234567890', '39')).toEqual(expected);
    expect(normaliseVat('01234567890')).toEqual({ country: null, number: '01234567890', canonical: '01234567890' });
  });

  it('equates the spellings of the issue by number', () => {
    const numbers = ['IT 01234567890', '01234567890', 'it01234567890'].map((v) => normaliseVat(v)?.number);
    expect(new Set(numbers)).toEqual(new Set(['01234567890']));
  });

  it.each([
    ['NIP 123-456-78-90', 'PL', 'PL1234567890'],
    ['PL 123 456 78 90', undefined, 'PL1234567890'],
    ['HU12345678', undefined, 'HU12345678'],
    ['adószám: 12345678', 'HU', 'HU12345678'],
    ['ATU12345678', undefined, 'ATU12345678'],
    ['DE 123 456 789', undefined, 'DE123456789'],
    ['GR 123456789', undefined, 'EL123456789'],
    ['GB 123 4567 89', undefined, 'GB123456789'],
    ['CHE-123.456.789 MWST', undefined, 'CHE123456789'],
    ['ESB12345678', undefined, 'ESB12345678'],
  ])('%s (default %s) → %s', (input, country, canonical) => {
    expect(normaliseVat(input, country)?.canonical).toBe(canonical);
  });

  it('refuses what has no digits', () => {
    expect(normaliseVat('')).toBeNull();
    expect(normaliseVat('n/a')).toBeNull();
    expect(normaliseVat('IT')).toBeNull();
  });
});
