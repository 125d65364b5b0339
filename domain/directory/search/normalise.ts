/**
 * Pure normalisation shared by the directory's search index (the projection writes tokens), the search
 * query (which normalises `q` the same way) and the duplicate check (which compares canonical forms).
 * No I/O, no clock, no locale: the same input gives the same output on every machine.
 *
 * - `foldText`: lower case, accents stripped (NFKD + combining marks removed), letters that do not
 *   decompose folded by hand (ł→l, ß→ss, æ→ae, ø→o, đ/ð→d, þ→th, ı→i, œ→oe, ħ→h, ŧ→t, ŋ→n, ŀ→l),
 *   ™ ® © ℠ dropped. Punctuation and spacing are left alone; `textParts` deals with them.
 * - `textParts`: the letter/digit runs of a text, folded, grouped into *words*. Parts joined only by
 *   `. ' ’ - _ & + ·` stay in one word ("F.I.A.T.", "Coca-Cola", "Dell'Orto", "AT&T"); whitespace or any
 *   other punctuation (, ; / ( ) …) starts a new word.
 * - Legal forms (`legalFormOf`, `stripLegalForms`): the trailing parts of a name are compared, joined
 *   without separators, with a table of compact spellings, so dots, spaces and case never matter:
 *   "S.p.A.", "SpA", "s. p. a.", "S P A" are all `spa`; "Sp. z o.o.", "sp.z o.o.", "spółka z
 *   ograniczoną odpowiedzialnością" are all `sp-z-oo`. A form must end the name and start a word (or
 *   follow at least two dotted initials in the same word: "F.I.A.T.S.p.A."). One form is stripped
 *   (compound forms like "Sp. z o.o. Sp. k." and "GmbH & Co. KG" are single table entries), together
 *   with status qualifiers written after it ("in liquidazione", "w likwidacji", "f.a.", "v.a.", …), and
 *   never when less than two characters of name would remain ("I.S.A." keeps its "s.a.").
 * - Units (`analyseName`): each remaining word is a unit, except that runs of single-character words
 *   ("F I A T", "F. I. A. T.", "I.B.M.", "B & B") collapse into one initials unit ("fiat", "ibm", "bb").
 *   Standalone connector words (e, ed, i, és, and, und, et, y, oraz) are flagged.
 * - `normaliseName`: the units without connectors, joined without spaces — the canonical comparable
 *   string for duplicate detection: "F.I.A.T. S.p.A." = "Fiat SpA" = "FIAT" = `fiat`;
 *   "Kovács és Társa Kft." = "KOVACS & TARSA KFT" = `kovacstarsa`.
 * - `normaliseVat`, `normaliseEmail`, `normalisePhone`: see each function.
 */

// ---------------------------------------------------------------------------------------------------
// Folding

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

// ---------------------------------------------------------------------------------------------------
// Legal forms

/**
 * Canonical id → compact spellings (folded, no separators). Italian, Polish, Hungarian and English
 * forms, plus the German and pan-European ones met in the same address books. Ids are stable: the
 * duplicate check may store them.
 */
const LEGAL_FORM_TABLE: ReadonlyArray<readonly [id: string, spellings: readonly string[]]> = [
  // Italian
  ['spa', ['spa', 'societaperazioni']],
  ['srl', ['srl', 'societaaresponsabilitalimitata']],
  ['srls', ['srls', 'srlsemplificata', 'societaaresponsabilitalimitatasemplificata']],
  ['snc', ['snc', 'societainnomecollettivo']],
  ['sas', ['sas', 'societainaccomanditasemplice']], // also French SAS
  ['sapa', ['sapa', 'societainaccomanditaperazioni']],
  ['ss', ['ss', 'societasemplice']],
  ['soc-coop', ['soccoop', 'societacooperativa', 'coop']],
  ['soc-coop-sociale', ['soccoopsociale', 'societacooperativasociale', 'coopsociale']],
  ['scarl', ['scarl', 'scrl', 'soccooparl', 'soccooprl', 'societacooperativaarl', 'societaconsortilearl']],
  ['scpa', ['scpa', 'societaconsortileperazioni']],
  ['sc', ['sc', 'spolkacywilna']], // it: società cooperativa/consortile; pl: spółka cywilna
  // Polish
  [
    'sp-z-oo',
    ['spzoo', 'spolkazoo', 'spzograniczonaodpowiedzialnoscia', 'spolkazograniczonaodpowiedzialnoscia'],
  ],
  ['sp-z-oo-sp-k', ['spzoospk', 'spzoospolkakomandytowa', 'spolkazoospk']],
  ['sp-z-oo-ska', ['spzooska', 'spzoospka']],
  ['sa', ['sa', 'spolkaakcyjna', 'societeanonyme', 'sociedadanonima']], // pl S.A. (and fr/es SA)
  ['psa', ['psa', 'prostaspolkaakcyjna']],
  ['sp-j', ['spj', 'spolkajawna']],
  ['sp-k', ['spk', 'spolkakomandytowa']],
  ['ska', ['ska', 'spka', 'spolkakomandytowoakcyjna']],
  ['sp-p', ['spp', 'spolkapartnerska']],
  // Hungarian
  ['kft', ['kft', 'korlatoltfelelossegutarsasag']],
  ['nonprofit-kft', ['nonprofitkft']],
  ['zrt', ['zrt', 'zartkoruenmukodoreszvenytarsasag']],
  ['nonprofit-zrt', ['nonprofitzrt']],
  ['nyrt', ['nyrt', 'nyilvanosanmukodoreszvenytarsasag']],
  ['rt', ['rt', 'reszvenytarsasag']],
  ['bt', ['bt', 'betetitarsasag']],
  ['kkt', ['kkt', 'kozkeresetitarsasag']],
  ['kht', ['kht', 'kozhasznutarsasag']],
  ['szov', ['szov', 'szovetkezet']],
  ['ev', ['ev', 'egyenivallalkozo']], // hu: egyéni vállalkozó (also de: e.V.)
  // English
  ['ltd', ['ltd', 'limited']],
  ['co-ltd', ['coltd', 'companylimited']],
  ['pty-ltd', ['ptyltd', 'proprietarylimited']],
  ['plc', ['plc', 'publiclimitedcompany']],
  ['llc', ['llc', 'limitedliabilitycompany']],
  ['llp', ['llp', 'limitedliabilitypartnership']],
  ['lp', ['lp', 'limitedpartnership']],
  ['inc', ['inc', 'incorporated']],
  ['corp', ['corp', 'corporation']],
  ['co', ['co', 'company']],
  // German and pan-European
  ['gmbh', ['gmbh', 'gesellschaftmitbeschrankterhaftung']],
  ['gmbh-co-kg', ['gmbhcokg']],
  ['ag', ['ag', 'aktiengesellschaft']],
  ['ag-co-kg', ['agcokg']],
  ['kg', ['kg', 'kommanditgesellschaft']],
  ['kgaa', ['kgaa']],
  ['ohg', ['ohg', 'offenehandelsgesellschaft']],
  ['ug', ['ug', 'ughaftungsbeschrankt']],
  ['gbr', ['gbr']],
  ['se', ['se', 'societaseuropaea']],
  ['sarl', ['sarl']],
  ['bv', ['bv']],
  ['nv', ['nv']],
];

/**
 * Status qualifiers written after a legal form ("S.r.l. in liquidazione", "Sp. z o.o. w likwidacji",
 * "Kft. f.a."). Stripped only together with a form, so "Va" or "Fa" alone are never touched.
 */
const QUALIFIERS: ReadonlySet<string> = new Set([
  'inliquidazione', 'inliq', 'unipersonale', 'asociounico', 'conunicosocio', 'infallimento',
  'inconcordatopreventivo', 'inamministrazionestraordinaria',
  'wlikwidacji', 'wupadlosci', 'wrestrukturyzacji',
  'fa', 'va', 'csa', 'felszamolasalatt', 'vegelszamolasalatt', 'csodeljarasalatt',
  'inliquidation', 'inadministration', 'inreceivership', 'il',
]);

const LEGAL_FORMS: ReadonlyMap<string, string> = new Map(
  LEGAL_FORM_TABLE.flatMap(([id, spellings]) => spellings.map((s) => [s, id] as const)),
);

/** Every canonical legal-form id, for documentation and tests. */
export const legalFormIds: readonly string[] = LEGAL_FORM_TABLE.map(([id]) => id);

const MAX_FORM_PARTS = 8;
const MAX_FORM_CHARS = Math.max(...[...LEGAL_FORMS.keys(), ...QUALIFIERS].map((s) => s.length));

const endsWord = (parts: readonly TextPart[], end: number): boolean =>
  end > 0 && (end === parts.length || parts[end]!.word !== parts[end - 1]!.word);

/** May a legal form start at part `i`? At a word start, or after ≥ 2 single-character parts of its word. */
function formMayStartAt(parts: readonly TextPart[], i: number): boolean {
  if (i === 0 || parts[i]!.word !== parts[i - 1]!.word) return true;
  let singles = 0;
  for (let j = i - 1; j >= 0 && parts[j]!.word === parts[i]!.word; j--) {
    if (parts[j]!.text.length !== 1) return false;
    singles++;
  }
  return singles >= 2;
}

export interface Span {
  readonly start: number;
  readonly end: number;
  /** Legal-form id, or null for a status qualifier. */
  readonly form: string | null;
}

/** The longest legal form (or, with `qualifiers`, qualifier) made of parts `[start, end)`, `start ≥ lo`. */
export function spanEndingAt(
  parts: readonly TextPart[],
  end: number,
  lo: number,
  accept: { forms: boolean; qualifiers: boolean },
): Span | null {
  if (!endsWord(parts, end)) return null;
  let best: Span | null = null;
  let joined = '';
  for (let i = end - 1; i >= lo && end - i <= MAX_FORM_PARTS; i--) {
    joined = parts[i]!.text + joined;
    if (joined.length > MAX_FORM_CHARS) break;
    if (!formMayStartAt(parts, i)) continue;
    const form = accept.forms ? LEGAL_FORMS.get(joined) : undefined;
    if (form !== undefined) best = { start: i, end, form };
    else if (accept.qualifiers && QUALIFIERS.has(joined)) best = { start: i, end, form: null };
  }
  return best;
}

const remainderOk = (parts: readonly TextPart[], start: number): boolean =>
  parts.slice(0, start).reduce((n, p) => n + p.text.length, 0) >= 2;

/** The trailing legal form of a name, with any status qualifiers after it. */
function trailingLegalForm(parts: readonly TextPart[]): { start: number; form: string } | null {
  let end = parts.length;
  for (let qualifiers = 0; qualifiers <= 2; qualifiers++) {
    const form = spanEndingAt(parts, end, 1, { forms: true, qualifiers: false });
    if (form?.form && remainderOk(parts, form.start)) return { start: form.start, form: form.form };
    const qualifier = spanEndingAt(parts, end, 1, { forms: false, qualifiers: true });
    if (!qualifier) return null;
    end = qualifier.start;
  }
  return null;
}

/**
 * Legal forms and qualifiers anywhere in a query (each ending a word), as a set of part indexes to drop.
 * Used on the query side, where "fiat spa torino" must drop the "spa" in the middle.
 */
export function legalFormPartsAnywhere(parts: readonly TextPart[]): Set<number> {
  const dropped = new Set<number>();
  let end = parts.length;
  while (end > 0) {
    const span = spanEndingAt(parts, end, 0, { forms: true, qualifiers: true });
    if (span) {
      for (let i = span.start; i < span.end; i++) dropped.add(i);
      end = span.start;
    } else {
      end--;
    }
  }
  return dropped;
}

// ---------------------------------------------------------------------------------------------------
// Units and names

/** Standalone words that only join other words ("Kovács és Társa", "Rossi e Bianchi", "Smith and Sons"). */
export const CONNECTORS: ReadonlySet<string> = new Set(['e', 'ed', 'i', 'es', 'and', 'und', 'et', 'y', 'oraz']);

export interface NameUnit {
  /** The unit's parts joined: "fiat" for "F.I.A.T.", "cocacola" for "Coca-Cola". */
  readonly text: string;
  /** The folded parts: ["coca", "cola"]; the letters of an initials unit. */
  readonly parts: readonly string[];
  /** A collapsed run of single characters ("F.I.A.T.", "F I A T"). */
  readonly initials: boolean;
  /** A standalone connector word ("és", "e", "and"). */
  readonly connector: boolean;
  /** Position in the original text. */
  readonly start: number;
  readonly end: number;
}

/** Groups parts into units (see the module comment). Parts must be in text order. */
export function unitsOf(parts: readonly TextPart[]): NameUnit[] {
  const units: NameUnit[] = [];
  let run: TextPart[] = [];
  const unit = (ps: readonly TextPart[], initials: boolean): NameUnit => {
    const texts = ps.map((p) => p.text);
    const text = texts.join('');
    return {
      text,
      parts: texts,
      initials,
      connector: texts.length === 1 && CONNECTORS.has(text),
      start: ps[0]!.start,
      end: ps[ps.length - 1]!.end,
    };
  };
  const flush = (): void => {
    if (run.length > 0) units.push(unit(run, true));
    run = [];
  };
  let i = 0;
  while (i < parts.length) {
    const word: TextPart[] = [];
    const w = parts[i]!.word;
    while (i < parts.length && parts[i]!.word === w) word.push(parts[i++]!);
    if (word.every((p) => p.text.length === 1)) {
      run.push(...word);
    } else {
      flush();
      units.push(unit(word, false));
    }
  }
  flush();
  return units;
}

export interface NameAnalysis {
  /** Canonical id of the trailing legal form, or null. */
  readonly legalForm: string | null;
  /** The name's units after the legal form (and qualifiers) were removed. */
  readonly units: readonly NameUnit[];
  /** The removed legal form and qualifiers, folded parts in order (empty without a form). */
  readonly formParts: readonly string[];
  /** Offset in the original text where the removed form starts (text length without a form). */
  readonly formStart: number;
}

export interface AnalyseNameOptions {
  /** Strip a trailing legal form (default true; false for people and places). */
  readonly legalForms?: boolean;
}

/** Parts, legal form and units of a name or alias. */
export function analyseName(name: string, options: AnalyseNameOptions = {}): NameAnalysis {
  const parts = textParts(name);
  const found = options.legalForms === false ? null : trailingLegalForm(parts);
  const kept = found ? parts.slice(0, found.start) : parts;
  return {
    legalForm: found?.form ?? null,
    units: unitsOf(kept),
    formParts: found ? parts.slice(found.start).map((p) => p.text) : [],
    formStart: found ? parts[found.start]!.start : name.length,
  };
}

/** Canonical id of the name's trailing legal form: "Fiat S.p.A." → `spa`, "X Sp. z o.o." → `sp-z-oo`. */
export function legalFormOf(name: string): string | null {
  return analyseName(name).legalForm;
}

/** The name as written, without its trailing legal form: "Apple, Inc." → "Apple", "F.I.A.T. S.p.A." → "F.I.A.T.". */
export function stripLegalForms(name: string): string {
  const { legalForm, formStart } = analyseName(name);
  const base = legalForm ? name.slice(0, formStart) : name;
  return base.replace(/[\s,;:(\[{\-–—&/+]+$/u, '').trim();
}

/** Joins units into the canonical comparable string (connectors dropped unless nothing else is left). */
export function squashUnits(units: readonly NameUnit[]): string {
  const content = units.filter((u) => !u.connector);
  return (content.length > 0 ? content : units).map((u) => u.text).join('');
}

/**
 * Canonical comparable form of a company name, for duplicate detection: folded, legal form dropped,
 * initials collapsed, connectors dropped, no spaces or punctuation. "F.I.A.T. S.p.A.", "Fiat SpA" and
 * "FIAT" → `fiat`; "Kovács és Társa Kft." and "Kovacs & Tarsa KFT" → `kovacstarsa`.
 */
export function normaliseName(name: string, options: AnalyseNameOptions = {}): string {
  return squashUnits(analyseName(name, options).units);
}

// ---------------------------------------------------------------------------------------------------
// Countries (calling codes, trunk prefixes)

interface Country {
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
const COUNTRY_BY_CC: ReadonlyMap<string, Country> = new Map(
  [...COUNTRIES].reverse().map((c) => [c.cc, c]), // the first listed wins (1 → US, 7 → RU)
);

/** A country given as ISO 3166 alpha-2 ("IT", "pl") or as a calling code ("39", "+36"). */
function resolveCountry(ref: string | undefined): Country | { iso: null; cc: string; trunk: '' } | null {
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

function splitCallingCode(digits: string): readonly [cc: string, rest: string] {
  const n = digits.startsWith('1') || digits.startsWith('7') ? 1 : TWO_DIGIT_CALLING_CODES.has(digits.slice(0, 2)) ? 2 : 3;
  return [digits.slice(0, n), digits.slice(n)];
}

// ---------------------------------------------------------------------------------------------------
// Phones

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
 * countries in the table above (others: only "(0)" is dropped); no per-country length validation
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

// ---------------------------------------------------------------------------------------------------
// VAT numbers

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

// ---------------------------------------------------------------------------------------------------
// Emails

/**
 * Email → trimmed, lower-cased address ("mailto:" and angle brackets removed), or null unless it is
 * `local@domain` with no spaces. Dots and plus tags are kept: they are significant for most providers.
 */
export function normaliseEmail(email: string): string | null {
  const s = email
    .normalize('NFKC')
    .trim()
    .replace(/^mailto:/i, '')
    .replace(/^<(.*)>$/, '$1')
    .trim()
    .toLowerCase()
    .replace(/\.$/, '');
  return /^[^\s@]+@[^\s@]+$/.test(s) ? s : null;
}
