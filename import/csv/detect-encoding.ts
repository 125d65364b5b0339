import { CsvFileError } from './csv-file-error.ts';

export const csvEncodings = ['utf-8', 'windows-1250', 'windows-1252', 'iso-8859-1', 'iso-8859-2'] as const;
export type CsvEncoding = (typeof csvEncodings)[number];

const UTF8_BOM = [0xef, 0xbb, 0xbf] as const;

export const hasUtf8Bom = (bytes: Uint8Array): boolean =>
  bytes.length >= 3 && bytes[0] === UTF8_BOM[0] && bytes[1] === UTF8_BOM[1] && bytes[2] === UTF8_BOM[2];

const declareHint =
  'declare its encoding: windows-1252 (Italian Windows programs), windows-1250 (Polish, Hungarian Windows programs), iso-8859-1 or iso-8859-2';

/**
 * Refuses what is not a text file in one of the supported encodings, from the first bytes of the file.
 * UTF-16 and spreadsheet workbooks are common mistakes, so they get a message of their own.
 */
export function refuseNonText(sample: Uint8Array): void {
  if ((sample[0] === 0xff && sample[1] === 0xfe) || (sample[0] === 0xfe && sample[1] === 0xff)) {
    throw new CsvFileError('encoding', 'the file is UTF-16 (Unicode text); save it as CSV UTF-8 or ' + declareHint.replace('declare its encoding: ', ''), 1);
  }
  if (sample[0] === 0x50 && sample[1] === 0x4b && sample[2] === 0x03 && sample[3] === 0x04) {
    throw new CsvFileError('binary', 'the file is a workbook (.xlsx or .ods), not CSV: save it as CSV first', 1);
  }
  if (sample[0] === 0xd0 && sample[1] === 0xcf && sample[2] === 0x11 && sample[3] === 0xe0) {
    throw new CsvFileError('binary', 'the file is an Excel 97-2003 workbook (.xls), not CSV: save it as CSV first', 1);
  }
  if (sample.includes(0)) throw new CsvFileError('binary', 'the file contains NUL bytes: it is not a text (CSV) file', 1);
}

/** How the encoding was chosen: a UTF-8 BOM, the caller's declaration, valid UTF-8, or the caller's fallback. */
export type EncodingSource = 'bom' | 'declared' | 'utf-8' | 'fallback';

/**
 * `auto` never guesses between single-byte encodings (the same bytes are valid, and wrong, in all of
 * them): UTF-8 when the sample is valid UTF-8, with or without BOM, else the caller's `fallback` (the
 * encoding of the user's language: `localeEncodings`), else the caller must declare it.
 * A UTF-8 BOM wins over a declared encoding: no single-byte file starts with "ï»¿" on purpose, and
 * the declared value is often just the locale default.
 * `complete` says whether the sample is the whole file; if not, a character cut at its end is ignored.
 */
export function detectEncoding(
  sample: Uint8Array,
  declared: CsvEncoding | 'auto',
  complete: boolean,
  fallback?: CsvEncoding,
): { readonly encoding: CsvEncoding; readonly source: EncodingSource } {
  if (hasUtf8Bom(sample)) return { encoding: 'utf-8', source: 'bom' };
  if (declared !== 'auto') return { encoding: declared, source: 'declared' };
  const body = complete ? sample : sample.subarray(0, completeUtf8Length(sample));
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(body);
    return { encoding: 'utf-8', source: 'utf-8' };
  } catch {
    if (fallback) return { encoding: fallback, source: 'fallback' };
    throw new CsvFileError('encoding', `the file is not UTF-8; ${declareHint}`);
  }
}

/**
 * What a spreadsheet of each language saves as "CSV" when it is not told UTF-8: Excel on Windows
 * writes the system's ANSI code page (Italian and English: 1252, Polish: 1250); Hungarian files come
 * from programs that write ISO-8859-2 as often as 1250, and the two agree on every Hungarian letter
 * but "ő ű" in 1250 — so ISO-8859-2, as the Hungarian files are.
 */
export const localeEncodings = { it: 'windows-1252', en: 'windows-1252', pl: 'windows-1250', hu: 'iso-8859-2' } as const satisfies Record<string, CsvEncoding>;

/** The length of `bytes` without a UTF-8 sequence cut at its end. */
function completeUtf8Length(bytes: Uint8Array): number {
  for (let back = 1; back <= Math.min(3, bytes.length); back++) {
    const byte = bytes[bytes.length - back]!;
    if ((byte & 0xc0) === 0x80) continue; // continuation byte: look further back for the lead
    if (byte >= 0xc0) {
      const needed = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : 2;
      return needed > back ? bytes.length - back : bytes.length;
    }
    return bytes.length;
  }
  return bytes.length;
}
