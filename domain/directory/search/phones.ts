/** Phone numbers normalised to digits, with and without the country, for search and duplicates. */
import { COUNTRY_BY_CC, resolveCountry, splitCallingCode } from './calling-codes.ts';

export interface NormalisedPhone {
  /** Country code + national significant number, digits only ("390111234567"); null if the country is unknown. */
  readonly e164Digits: string | null;
  /** National significant number: no country code, no trunk prefix ("0111234567" in Italy, "12345678" for "06 1 234 5678"). */
  readonly national: string;
  /** The calling code used, or null. */
  readonly countryCode: string | null;
}

const EXTENSION_RE = /\s*(?:ext\.?|extn\.?|x|int\.?|interno|wew\.?|mell\.?|mellék)\s*\d{1,6}\s*$/iu;

/**
 * Phone number → digits, with and without the country. Rules:
 * - an extension at the end ("ext. 12", "int. 3", "wew. 12", "mellék 12", "x12") is dropped; any other
 *   letter makes the input not a phone (null);
 * - `+<cc>` or `00<cc>` is international; the calling code is split off with the E.164 prefix-free rule
 *   (any country), a "(0)" after it is dropped ("+44 (0)20 …") except where 0 is significant (Italy),
 *   and a trunk prefix written after the code is dropped ("+36 06 1 …", "+49 030 …");
 * - otherwise the number is national in `defaultCountry` (ISO code like "IT" or calling code like "39"):
 *   the trunk prefix is dropped (HU 06, 0 for most of Europe, none for IT/PL/ES/…; legacy Polish
 *   "0 22 …" too). For IT, PL and HU a number that starts with the country code and is too long to be
 *   national ("39 011 1234567") is read as international;
 * - without `+`/`00` and without a default country, `e164Digits` is null and `national` is all digits.
 * Limits: the international prefix is `00` only (not NANP `011`); trunk prefixes are known for the
 * countries in calling-codes.ts (others: only "(0)" is dropped); no per-country length validation
 * beyond 4–14 national digits and 15 E.164 digits.
 */
export function normalisePhone(phone: string, defaultCountryCode?: string): NormalisedPhone | null {
  return parsePhone(phone, defaultCountryCode, false);
}

/** `partial`: the start of a number typed in a search box (no length checks beyond two digits). */
export function parsePhone(phone: string, defaultCountry: string | undefined, partial: boolean): NormalisedPhone | null {
  const text = phone.normalize('NFKC').trim().replace(EXTENSION_RE, '');
  if (/\p{L}/u.test(text)) return null;
  const lead = text.replace(/[^\d+]/g, '');
  let international = lead.startsWith('+') || lead.startsWith('00');
  let digits = text.replace(/\D/g, '');
  if (lead.startsWith('00')) digits = digits.slice(2);
  if (digits.length < 2) return null;
  const country = resolveCountry(defaultCountry);

  if (!international && country && 'nsn' in country && country.nsn) {
    const [min, max] = country.nsn;
    const rest = digits.length - country.cc.length;
    if (digits.startsWith(country.cc) && digits.length > max && rest >= min && rest <= max) international = true;
  }

  let cc: string | null;
  let national: string;
  if (international) {
    if (/\(\s*0\s*\)/.test(text)) {
      const without = text.replace(/\(\s*0\s*\)/g, '').replace(/\D/g, '').replace(/^00/, '');
      const info = COUNTRY_BY_CC.get(splitCallingCode(without)[0]);
      if (info?.trunk !== '') digits = without;
    }
    const [code, rest] = splitCallingCode(digits);
    cc = code;
    national = stripTrunk(rest, COUNTRY_BY_CC.get(code));
  } else if (country) {
    cc = country.cc;
    const legacyPolish = country.iso === 'PL' && digits.length === 10 && digits.startsWith('0');
    national = legacyPolish ? digits.slice(1) : stripTrunk(digits, country);
  } else {
    cc = null;
    national = digits;
  }
  const e164Digits = cc === null ? null : cc + national;
  const implausible = national.length < 4 || national.length > 14 || (e164Digits?.length ?? 0) > 15;
  if (!partial && implausible) return null;
  return { e164Digits, national, countryCode: cc };
}

/**
 * The digits of a number as dialled inside `defaultCountry` (trunk prefix + national number: "+36 30
 * 123 4567" → "06301234567"), when the number is of that country and it has a trunk prefix; else
 * null. What a national number stored without a known country was indexed as (all its digits).
 */
export function domesticDigits(phone: NormalisedPhone, defaultCountry: string | undefined): string | null {
  const country = resolveCountry(defaultCountry);
  if (!country || country.trunk === '' || phone.countryCode !== country.cc) return null;
  return country.trunk + phone.national;
}

function stripTrunk(digits: string, country: { trunk: string; trunkWhenLength?: number } | undefined): string {
  if (!country || country.trunk === '' || !digits.startsWith(country.trunk)) return digits;
  if (country.trunkWhenLength !== undefined && digits.length !== country.trunkWhenLength) return digits;
  return digits.slice(country.trunk.length);
}
