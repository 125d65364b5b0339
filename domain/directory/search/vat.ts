/** VAT numbers normalised to country + number, for search and duplicates. */
import { resolveCountry } from './calling-codes.ts';

/** VAT prefixes of the EU (EL = Greece, XI = Northern Ireland) plus GB, CH, NO, SM. */
export const VAT_COUNTRIES: ReadonlySet<string> = new Set([
  'AT', 'BE', 'BG', 'CY', 'CZ', 'DE', 'DK', 'EE', 'EL', 'ES', 'FI', 'FR', 'HR', 'HU', 'IE', 'IT', 'LT', 'LU',
  'LV', 'MT', 'NL', 'PL', 'PT', 'RO', 'SE', 'SI', 'SK', 'XI', 'GB', 'CH', 'NO', 'SM', 'GR',
]);

export interface NormalisedVat {
  /** Country prefix (written, or the default), upper case; "GR" is read as "EL". Null if unknown. */
  readonly country: string | null;
  /** The number without the country prefix, upper case, letters and digits only: "01234567890". */
  readonly number: string;
  /** `country + number`, or `number` without a country: compare these for duplicates. */
  readonly canonical: string;
}

const VAT_LABELS = [
  'p\\.?\\s*iva', 'partita\\s+iva', 'vat(?:\\s*(?:no|nr|number|id|reg(?:istration)?))?', 'nip',
  'k[oö]z[oö]ss[eé]gi\\s+ad[oó]sz[aá]m', 'ad[oó]sz[aá]m', 'ust-?id(?:-?nr)?', 'uid', 'tva', 'n\\.?\\s*i\\.?\\s*f\\.?',
];
const VAT_LABEL_RE = new RegExp(`^(?:${VAT_LABELS.join('|')})\\.?\\s*[:#.]?\\s*`, 'iu');

/**
 * VAT number → country + number: labels ("P.IVA", "VAT no.", "NIP", "adószám"), spaces, dots, dashes
 * and slashes removed, upper case; a leading EU/GB/CH/NO/SM prefix is read as the country, otherwise
 * `defaultCountry` (ISO code or calling code) is used. "IT 01234567890", "it01234567890" and
 * "01234567890" (default IT) all give `IT01234567890`; without a default the last gives `01234567890`,
 * and `number` is equal for all three. Null when there is no digit or fewer than 2 characters.
 */
export function normaliseVat(vat: string, defaultCountry?: string): NormalisedVat | null {
  const compact = vat.normalize('NFKC').trim().replace(VAT_LABEL_RE, '').toUpperCase().replace(/[^A-Z0-9]/g, '');
  const head = compact.slice(0, 2);
  let country: string | null = null;
  let number = compact;
  if (/^[A-Z]{2}$/.test(head) && VAT_COUNTRIES.has(head) && /\d/.test(compact.slice(2))) {
    country = head;
    number = compact.slice(2);
  } else if (defaultCountry !== undefined) {
    country = resolveCountry(defaultCountry)?.iso ?? null;
  }
  if (country === 'GR') country = 'EL';
  if (country === 'CH' || country === 'NO') number = number.replace(/(?:MWST|TVA|IVA|MVA)$/, '');
  if (number.length < 2 || !/\d/.test(number)) return null;
  return { country, number, canonical: (country ?? '') + number };
}
