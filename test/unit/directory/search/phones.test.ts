import { describe, expect, it } from 'vitest';
import { normalisePhone } from '../../../../domain/directory/search/phones.ts';

describe('normalisePhone', () => {
  const italian = { e164Digits: '390111234567', national: '0111234567', countryCode: '39' };

  it.each([
    ['+39 011 123 4567', undefined],
    ['+39 011 1234567', 'PL'], // international form wins over the default
    ['0039 011 1234567', undefined],
    ['00 39 011/1234567', undefined],
    ['+39 (011) 123-4567', undefined],
    ['011 1234567', 'IT'],
    ['011/123.45.67', 'IT'],
    ['(011) 123 4567', '39'],
    ['011 1234567', '+39'],
    ['39 011 1234567', 'IT'], // country code without + or 00, too long to be national
    ['+39 011 1234567 int. 23', undefined],
    ['011-1234567 ext 5', 'IT'],
  ])('Italian landline %s (default %s)', (input, country) => {
    expect(normalisePhone(input, country)).toEqual(italian);
  });

  it('keeps the Italian mobile national number (no trunk prefix)', () => {
    expect(normalisePhone('333 123 4567', 'IT')).toEqual({ e164Digits: '393331234567', national: '3331234567', countryCode: '39' });
    expect(normalisePhone('+39 333 1234567')).toEqual({ e164Digits: '393331234567', national: '3331234567', countryCode: '39' });
    // a mobile starting with 39 is not mistaken for the country code
    expect(normalisePhone('393 1234567', 'IT')?.e164Digits).toBe('393931234567');
  });

  it.each([
    ['+48 22 123 45 67', undefined],
    ['0048 22 123 45 67', undefined],
    ['(22) 123-45-67', 'PL'],
    ['22 123 45 67', 'PL'],
    ['022 123 45 67', 'PL'], // pre-2009 trunk 0
    ['48 22 123 45 67', 'PL'],
    ['+48 22 123 45 67 wew. 12', undefined],
  ])('Polish %s (default %s)', (input, country) => {
    expect(normalisePhone(input, country)).toEqual({ e164Digits: '48221234567', national: '221234567', countryCode: '48' });
  });

  it.each([
    ['+36 1 234 5678', undefined],
    ['0036 1 234 5678', undefined],
    ['06 1 234 5678', 'HU'],
    ['06-1-234-5678', 'HU'],
    ['(06 1) 234 5678', 'HU'],
    ['06 (1) 234-5678', 'HU'],
    ['1 234 5678', 'HU'],
    ['+36 06 1 234 5678', undefined], // trunk prefix written after the country code
    ['36 1 234 5678', 'HU'],
    ['06 1 234 5678 mellék 12', 'HU'],
  ])('Hungarian Budapest %s (default %s)', (input, country) => {
    expect(normalisePhone(input, country)).toEqual({ e164Digits: '3612345678', national: '12345678', countryCode: '36' });
  });

  it('reads Hungarian mobiles with the 06 trunk prefix', () => {
    const mobile = { e164Digits: '36301234567', national: '301234567', countryCode: '36' };
    expect(normalisePhone('06 30 123 4567', 'HU')).toEqual(mobile);
    expect(normalisePhone('06-30/123-4567', 'HU')).toEqual(mobile);
    expect(normalisePhone('+36 30 123 4567')).toEqual(mobile);
    expect(normalisePhone('+36 (30) 123-4567')).toEqual(mobile);
    // Eger (area code 36) is national, not the country code
    expect(normalisePhone('06 36 123 456', 'HU')).toEqual({ e164Digits: '3636123456', national: '36123456', countryCode: '36' });
  });

  it('handles the general +<cc> / 00<cc> form and trunk prefixes elsewhere', () => {
    expect(normalisePhone('+44 (0)20 7946 0000')).toEqual({ e164Digits: '442079460000', national: '2079460000', countryCode: '44' });
    expect(normalisePhone('020 7946 0000', 'GB')).toEqual({ e164Digits: '442079460000', national: '2079460000', countryCode: '44' });
    expect(normalisePhone('+49 (0)30 1234567')).toEqual({ e164Digits: '49301234567', national: '301234567', countryCode: '49' });
    expect(normalisePhone('030 1234567', 'DE')).toEqual({ e164Digits: '49301234567', national: '301234567', countryCode: '49' });
    expect(normalisePhone('+1 (212) 555-1234')).toEqual({ e164Digits: '12125551234', national: '2125551234', countryCode: '1' });
    expect(normalisePhone('1 212 555 1234', 'US')).toEqual({ e164Digits: '12125551234', national: '2125551234', countryCode: '1' });
    expect(normalisePhone('+420 601 123 456')).toEqual({ e164Digits: '420601123456', national: '601123456', countryCode: '420' });
    expect(normalisePhone('+358 9 1234567')?.countryCode).toBe('358');
  });

  it('gives national digits only when the country is unknown', () => {
    expect(normalisePhone('011 1234567')).toEqual({ e164Digits: null, national: '0111234567', countryCode: null });
    expect(normalisePhone('011 1234567', 'XX')).toEqual({ e164Digits: null, national: '0111234567', countryCode: null });
  });

  it.each([[''], ['abc'], ['011 FIAT'], ['12'], ['+39 12'], ['+39 011 1234567 011 1234567 011']])('refuses %j', (input) => {
    expect(normalisePhone(input, 'IT')).toBeNull();
  });
});
