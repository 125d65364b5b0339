/**
 * Text folding for the directory's search index, search queries and duplicate check: one pure,
 * locale-free fold so the same input gives the same output on every machine.
 *
 * - `foldText`: lower case, accents stripped (NFKD + combining marks removed), letters that do not
 *   decompose folded by hand (ł→l, ß→ss, æ→ae, ø→o, đ/ð→d, þ→th, ı→i, œ→oe, ħ→h, ŧ→t, ŋ→n, ŀ→l),
 *   ™ ® © ℠ dropped. Punctuation and spacing are left alone; `textParts` deals with them.
 * - `textParts`: the letter/digit runs of a text, folded, grouped into *words*. Parts joined only by
 *   `. ' ’ - _ & + ·` stay in one word ("F.I.A.T.", "Coca-Cola", "Dell'Orto", "AT&T"); whitespace or any
 *   other punctuation (, ; / ( ) …) starts a new word.
 */

const DROPPED_SYMBOLS = /[\u2122\u00AE\u00A9\u2120]/gu; // ™ ® © ℠ (NFKD would turn ™ into "TM")

/** Letters that NFKD does not decompose into a base letter plus marks. */
const SPECIAL_LETTERS: ReadonlyMap<string, string> = new Map([
  ['ł', 'l'], ['Ł', 'l'], ['ß', 'ss'], ['ẞ', 'ss'], ['æ', 'ae'], ['Æ', 'ae'], ['œ', 'oe'], ['Œ', 'oe'],
  ['ø', 'o'], ['Ø', 'o'], ['đ', 'd'], ['Đ', 'd'], ['ð', 'd'], ['Ð', 'd'], ['þ', 'th'], ['Þ', 'th'],
  ['ı', 'i'], ['ħ', 'h'], ['Ħ', 'h'], ['ŧ', 't'], ['Ŧ', 't'], ['ŋ', 'n'], ['Ŋ', 'n'], ['ĸ', 'k'],
  ['ŀ', 'l'], ['Ŀ', 'l'], ['ƒ', 'f'],
]);
const SPECIAL_LETTER_RE = new RegExp(`[${[...SPECIAL_LETTERS.keys()].join('')}]`, 'gu');

/** Lower case, accents and special letters folded: "Łódź" → "lodz", "Société" → "societe", "Straße" → "strasse". */
export function foldText(text: string): string {
  return text
    .replace(DROPPED_SYMBOLS, '')
    .replace(SPECIAL_LETTER_RE, (c) => SPECIAL_LETTERS.get(c) ?? c)
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .normalize('NFC');
}

/** Length in code points (what the search limits count). */
export const codePointLength = (s: string): number => [...s].length;

/** The first `n` code points of `s` (never splits a surrogate pair). */
export const codePointSlice = (s: string, n: number): string =>
  s.length <= n ? s : [...s].slice(0, n).join('');

// ---------------------------------------------------------------------------------------------------
// Parts and words

export interface TextPart {
  /** The run, folded, letters and digits only. Never empty. */
  readonly text: string;
  /** Position of the run in the original text (UTF-16 offsets). */
  readonly start: number;
  readonly end: number;
  /** Index of the word the run belongs to (see `textParts`). */
  readonly word: number;
}

const PART_RE = /[\p{L}\p{N}\p{M}]+/gu;
/** Gaps made only of these characters keep two runs in the same word. */
const JOINER_GAP_RE = /^[.'’‘`´\-‐‑–_&+·]*$/u;

/** The folded letter/digit runs of `text`, each tagged with its word (see the module comment). */
export function textParts(text: string): TextPart[] {
  const parts: TextPart[] = [];
  let word = -1;
  let previousEnd = 0;
  for (const match of text.matchAll(PART_RE)) {
    const folded = foldText(match[0]).replace(/[^\p{L}\p{N}]+/gu, '');
    if (folded === '') continue;
    const start = match.index;
    if (word < 0 || !JOINER_GAP_RE.test(text.slice(previousEnd, start))) word++;
    previousEnd = start + match[0].length;
    parts.push({ text: folded, start, end: previousEnd, word });
  }
  return parts;
}
