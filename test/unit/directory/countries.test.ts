import { describe, expect, it } from 'vitest';
import { countryCode, countryCodes, countryName } from '../../../domain/directory/countries.ts';

describe('countries', () => {
  it('knows exactly the 249 ISO 3166-1 alpha-2 codes (no deprecated or CLDR-only ones)', () => {
    const codes = countryCodes();
    expect(codes).toHaveLength(249);
    expect(codes).toEqual(expect.arrayContaining(['IT', 'PL', 'HU', 'GB', 'DE', 'AX', 'SS', 'VA']));
    for (const notIso of ['UK', 'EU', 'DD', 'SU', 'XK', 'ZZ', 'QO', 'YU']) expect(codes).not.toContain(notIso);
  });

  it.each([
    ['IT', 'IT'],
    ['it', 'IT'],
    ['Italia', 'IT'],
    ['ITALY', 'IT'],
    ['Włochy', 'IT'],
    ['wlochy', 'IT'],
    ['Olaszország', 'IT'],
    ['olaszorszag', 'IT'],
    ['Polska', 'PL'],
    ['Polonia', 'PL'],
    ['Lengyelország', 'PL'],
    ['Magyarország', 'HU'],
    ['Węgry', 'HU'],
    ['Ungheria', 'HU'],
    ['Germania', 'DE'],
    ['Niemcy', 'DE'],
    ['Németország', 'DE'],
    ['Bosnia & Herzegovina', 'BA'],
    ['bosnia and herzegovina', 'BA'],
    ['Stany Zjednoczone', 'US'],
    ['USA', 'US'],
    ['UK', 'GB'],
    ['Regno Unito', 'GB'],
    ["Côte d'Ivoire", 'CI'],
    ['Repubblica Ceca', 'CZ'],
  ])('reads %s as %s', (text, code) => {
    expect(countryCode(text)).toBe(code);
  });

  it('reads nothing from blanks and unknown names', () => {
    for (const text of [undefined, null, '', '  ', 'Narnia', 'XX', 'ZZ', 'Deutschland']) expect(countryCode(text)).toBeUndefined();
  });

  it('names a code in each language', () => {
    expect([countryName('HU', 'it'), countryName('HU', 'en'), countryName('HU', 'pl'), countryName('HU', 'hu')]).toEqual([
      'Ungheria',
      'Hungary',
      'Węgry',
      'Magyarország',
    ]);
    expect(countryName('UK', 'en')).toBeUndefined();
  });
});
