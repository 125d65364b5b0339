import type { Address, Email, Phone } from '../../events/directory/company-events.ts';
import { invalid } from '../shared/errors.ts';
import { countryCode } from './countries.ts';

/**
 * Field rules of directory records, shared by companies, contacts and leads. Each returns the value
 * as it is stored (trimmed, deduplicated) or refuses with the field's path.
 */
export const requiredText = (path: string, value: string, max: number): string => {
  const trimmed = value.trim();
  if (trimmed === '') throw invalid(path, 'must not be blank');
  if (trimmed.length > max) throw invalid(path, `must be at most ${max} characters`);
  return trimmed;
};

export const optionalText = (path: string, value: string | null | undefined, max: number): string | null => {
  const trimmed = value?.trim() ?? '';
  if (trimmed === '') return null;
  if (trimmed.length > max) throw invalid(path, `must be at most ${max} characters`);
  return trimmed;
};

/** A set of short labels (aliases, tags, categories…): trimmed, blank-free, case-insensitively unique. */
export const labels = (path: string, values: readonly string[], maxItems: number, maxLength: number): string[] => {
  const seen = new Set<string>();
  const result: string[] = [];
  values.forEach((value, i) => {
    const label = requiredText(`${path}.${i}`, value, maxLength);
    const key = label.toLocaleLowerCase('und');
    if (!seen.has(key)) {
      seen.add(key);
      result.push(label);
    }
  });
  if (result.length > maxItems) throw invalid(path, `must have at most ${maxItems} entries`);
  return result;
};

const emailPattern = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/;

export const emails = (path: string, values: readonly Email[]): Email[] =>
  values.map((email, i) => {
    const address = email.address.trim().toLowerCase();
    if (!emailPattern.test(address) || address.length > 254) throw invalid(`${path}.${i}.address`, 'is not an e-mail address');
    return { type: email.type, address };
  });

/** Phone numbers as typed, checked to hold 5 to 15 digits (E.164) and only dialling characters. */
export const phones = (path: string, values: readonly Phone[]): Phone[] =>
  values.map((phone, i) => {
    const number = phone.number.trim();
    const digits = number.replace(/\D/g, '');
    if (!/^\+?[\d\s().\-/]+$/.test(number) || digits.length < 5 || digits.length > 15) {
      throw invalid(`${path}.${i}.number`, 'is not a phone number');
    }
    return { type: phone.type, number };
  });

/**
 * A country as its ISO 3166-1 alpha-2 code, given as a code or a name in Italian, English, Polish or
 * Hungarian ("Italia", "Włochy" → `IT`); anything else is refused, so one country is one value (the
 * VAT claim and the filters compare codes).
 */
export const country = (path: string, value: string | null | undefined): string | null => {
  const text = optionalText(path, value, 100);
  if (text === null) return null;
  const code = countryCode(text);
  if (code === undefined) throw invalid(path, 'is not a country: give its ISO 3166 code or its name in Italian, English, Polish or Hungarian');
  return code;
};

/** The lines of one address (street, street2, postcode, city, region, country): trimmed, blank ones dropped, the country as its ISO code. */
export const addressLines = (path: string, address: Omit<Address, 'type'>): Omit<Address, 'type'> => {
  const clean: Record<string, string> = {};
  for (const [field, value] of Object.entries(address)) {
    if (field === 'type') continue;
    const text = field === 'country' ? country(`${path}.${field}`, value as string | undefined) : optionalText(`${path}.${field}`, value as string | undefined, 200);
    if (text !== null) clean[field] = text;
  }
  return clean;
};

export const addresses = (path: string, values: readonly Address[]): Address[] =>
  values.map((address, i) => ({ type: address.type, ...addressLines(`${path}.${i}`, address) }));

/** A website: an http(s) URL; a bare domain gets `https://`. */
export const website = (path: string, value: string | null | undefined): string | null => {
  const text = optionalText(path, value, 300);
  if (text === null) return null;
  const candidate = /^https?:\/\//i.test(text) ? text : `https://${text}`;
  try {
    const url = new URL(candidate);
    // A web address names a site: no credentials (and "mailto:x@y" would parse as user "mailto").
    if (!url.hostname.includes('.') || url.username !== '' || url.password !== '') throw new Error('not a site');
    return url.toString();
  } catch {
    throw invalid(path, 'is not a web address');
  }
};

const vatPatterns: Record<string, RegExp> = {
  IT: /^\d{11}$/,
  PL: /^\d{10}$/,
  HU: /^\d{8}$/,
};

/**
 * A VAT number in its canonical form: upper case, no separators, with the EU country prefix when it
 * has one (`IT01234567890`). Italian, Polish and Hungarian numbers are checked for their length; a
 * number without prefix is kept as given. The canonical form is what must be unique per tenant.
 */
export const vatNumber = (path: string, value: string | null | undefined): string | null => {
  const text = optionalText(path, value, 30);
  if (text === null) return null;
  const compact = text.toUpperCase().replace(/[\s.\-/]/g, '');
  if (!/^[A-Z0-9]{4,16}$/.test(compact)) throw invalid(path, 'is not a VAT number');
  const country = /^[A-Z]{2}/.test(compact) ? compact.slice(0, 2) : undefined;
  const pattern = country ? vatPatterns[country] : undefined;
  if (pattern && !pattern.test(compact.slice(2))) throw invalid(path, `is not a valid ${country} VAT number`);
  return compact;
};

/**
 * A bare VAT number (no prefix) of a company whose addresses name no country, read in the tenant's
 * default country: stored with that prefix (`01234567890` in an Italian tenant is `IT01234567890`),
 * so it is claimed, found and compared as that country's number. Kept bare when it is not a valid
 * number of that country (a Hungarian 11-digit adószám is not an 8-digit EU VAT number).
 */
export const vatInDefaultCountry = (vat: string | null, addresses: readonly Address[], defaultCountry: string | null | undefined): string | null => {
  if (vat === null || !defaultCountry || /^[A-Z]{2}(?=\d)/.test(vat) || addresses.some((a) => a.country)) return vat;
  const pattern = vatPatterns[defaultCountry];
  if (!/^\d+$/.test(vat) || (pattern && !pattern.test(vat))) return vat;
  return `${defaultCountry}${vat}`;
};

/** A tax code (codice fiscale, PESEL/REGON, adószám…): upper case without separators. */
export const taxCode = (path: string, value: string | null | undefined): string | null => {
  const text = optionalText(path, value, 30);
  if (text === null) return null;
  const compact = text.toUpperCase().replace(/[\s.\-/]/g, '');
  if (!/^[A-Z0-9]{5,20}$/.test(compact)) throw invalid(path, 'is not a tax code');
  return compact;
};
