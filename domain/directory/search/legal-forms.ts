/**
 * Legal forms (Italian, Polish, Hungarian, English, plus German and pan-European) in company names.
 * The trailing parts of a name are compared, joined without separators, with a table of compact
 * spellings, so dots, spaces and case never matter: "S.p.A.", "SpA", "s. p. a.", "S P A" are all `spa`;
 * "Sp. z o.o.", "sp.z o.o.", "spółka z ograniczoną odpowiedzialnością" are all `sp-z-oo`. A form must end
 * the name and start a word (or follow at least two dotted initials in the same word:
 * "F.I.A.T.S.p.A."). One form is stripped (compound forms like "Sp. z o.o. Sp. k." and "GmbH & Co. KG"
 * are single table entries), together with status qualifiers written after it ("in liquidazione",
 * "w likwidacji", "f.a.", "v.a.", …), and never when less than two characters of name would remain
 * ("I.S.A." keeps its "s.a."). `legalFormOf` and `stripLegalForms` are in names.ts (they analyse the
 * whole name).
 */
import type { TextPart } from './fold.ts';

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
export function trailingLegalForm(parts: readonly TextPart[]): { start: number; form: string } | null {
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
