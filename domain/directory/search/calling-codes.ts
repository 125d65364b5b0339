/**
 * Telephone calling codes and trunk prefixes of the countries met in the directory, shared by phone
 * and VAT normalisation (a default country may be given as an ISO code or as a calling code).
 */

export interface Country {
  readonly iso: string;
  /** ITU-T E.164 country calling code. */
  readonly cc: string;
  /** Trunk prefix dialled before a national number ("0" in Germany, "06" in Hungary, "" in Italy). */
  readonly trunk: string;
  /** Only strip the trunk prefix from national numbers of this many digits (NANP, Russia). */
  readonly trunkWhenLength?: number;
  /** Shortest and longest national significant number, where known (used to spot a bare country code). */
  readonly nsn?: readonly [min: number, max: number];
}

const COUNTRIES: readonly Country[] = [
  { iso: 'IT', cc: '39', trunk: '', nsn: [6, 11] }, // the leading 0 of landlines is part of the number
  { iso: 'PL', cc: '48', trunk: '', nsn: [9, 9] }, // closed numbering since 2009 (old "0 22 …" accepted)
  { iso: 'HU', cc: '36', trunk: '06', nsn: [8, 9] },
  { iso: 'SM', cc: '378', trunk: '' },
  { iso: 'VA', cc: '379', trunk: '' },
  { iso: 'GB', cc: '44', trunk: '0' },
  { iso: 'IE', cc: '353', trunk: '0' },
  { iso: 'DE', cc: '49', trunk: '0' },
  { iso: 'AT', cc: '43', trunk: '0' },
  { iso: 'CH', cc: '41', trunk: '0' },
  { iso: 'LI', cc: '423', trunk: '' },
  { iso: 'FR', cc: '33', trunk: '0' },
  { iso: 'BE', cc: '32', trunk: '0' },
  { iso: 'NL', cc: '31', trunk: '0' },
  { iso: 'LU', cc: '352', trunk: '' },
  { iso: 'ES', cc: '34', trunk: '' },
  { iso: 'PT', cc: '351', trunk: '' },
  { iso: 'GR', cc: '30', trunk: '' },
  { iso: 'MT', cc: '356', trunk: '' },
  { iso: 'CY', cc: '357', trunk: '' },
  { iso: 'DK', cc: '45', trunk: '' },
  { iso: 'NO', cc: '47', trunk: '' },
  { iso: 'IS', cc: '354', trunk: '' },
  { iso: 'SE', cc: '46', trunk: '0' },
  { iso: 'FI', cc: '358', trunk: '0' },
  { iso: 'EE', cc: '372', trunk: '' },
  { iso: 'LV', cc: '371', trunk: '' },
  { iso: 'CZ', cc: '420', trunk: '' },
  { iso: 'SK', cc: '421', trunk: '0' },
  { iso: 'SI', cc: '386', trunk: '0' },
  { iso: 'HR', cc: '385', trunk: '0' },
  { iso: 'RS', cc: '381', trunk: '0' },
  { iso: 'RO', cc: '40', trunk: '0' },
  { iso: 'BG', cc: '359', trunk: '0' },
  { iso: 'UA', cc: '380', trunk: '0' },
  { iso: 'TR', cc: '90', trunk: '0' },
  { iso: 'US', cc: '1', trunk: '1', trunkWhenLength: 11 },
  { iso: 'CA', cc: '1', trunk: '1', trunkWhenLength: 11 },
  { iso: 'RU', cc: '7', trunk: '8', trunkWhenLength: 11 },
];
const COUNTRY_BY_ISO: ReadonlyMap<string, Country> = new Map(COUNTRIES.map((c) => [c.iso, c]));
export const COUNTRY_BY_CC: ReadonlyMap<string, Country> = new Map(
  [...COUNTRIES].reverse().map((c) => [c.cc, c]), // the first listed wins (1 → US, 7 → RU)
);

/** A country given as ISO 3166 alpha-2 ("IT", "pl") or as a calling code ("39", "+36"). */
export function resolveCountry(ref: string | undefined): Country | { iso: null; cc: string; trunk: '' } | null {
  if (ref === undefined) return null;
  const t = ref.trim();
  if (/^\+?\d{1,3}$/.test(t)) {
    const cc = t.replace('+', '');
    return COUNTRY_BY_CC.get(cc) ?? { iso: null, cc, trunk: '' };
  }
  const iso = t.toUpperCase();
  return COUNTRY_BY_ISO.get(iso === 'UK' ? 'GB' : iso) ?? null;
}

/**
 * E.164 country codes are prefix-free: 1 and 7 have one digit, the ones below two, every other code
 * three. So the code can be split off any international number without a full table.
 */
const TWO_DIGIT_CALLING_CODES: ReadonlySet<string> = new Set([
  '20', '27', '30', '31', '32', '33', '34', '36', '39', '40', '41', '43', '44', '45', '46', '47', '48', '49',
  '51', '52', '53', '54', '55', '56', '57', '58', '60', '61', '62', '63', '64', '65', '66', '81', '82', '84',
  '86', '90', '91', '92', '93', '94', '95', '98',
]);

export function splitCallingCode(digits: string): readonly [cc: string, rest: string] {
  const n = digits.startsWith('1') || digits.startsWith('7') ? 1 : TWO_DIGIT_CALLING_CODES.has(digits.slice(0, 2)) ? 2 : 3;
  return [digits.slice(0, n), digits.slice(n)];
}
