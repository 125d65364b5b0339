/**
 * Search tokens for the directory (companies, contacts, leads): what the search projection indexes
 * for a record (`searchTokens`) and what a search looks up for a query (`queryTokens`), plus the pure
 * predicate that verifies a candidate (`matches`) and a score to rank candidates (`matchScore`).
 *
 * ## Tokens
 * A token is `<kind>:<value>`; the value is folded (see fold.ts) and never contains whitespace or
 * `#`. Kinds:
 *   n:  name and alias words — each word ("fiat", "costruzioni"), collapsed initials ("F.I.A.T." and
 *       "F I A T" → "fiat"), each part of a punctuated word and the word squashed ("Coca-Cola" → "coca",
 *       "cola", "cocacola"), the whole name squashed without and with its legal form ("kovacstarsa",
 *       "kovacstarsakft"). Legal forms and connector words (és, e, and, …) are not words of the index.
 *   t:  city words (and the whole city squashed: "reggioemilia").
 *   e:  email: the whole address, its domain and its local part ("sales@fiat.it", "fiat.it", "sales").
 *   p:  phone: E.164 digits without "+" and the national significant number ("390111234567",
 *       "0111234567"; for "+36 1 234 5678": "3612345678", "12345678").
 *   v:  VAT number without the country prefix ("01234567890"); when it starts with letters, also from
 *       its first digit ("ATU12345678" → "u12345678", "12345678").
 *   c:  the record code ("c000042").
 * Every value has at least 2 characters (`MIN_TERM_CHARS`), a token at most `MAX_TOKEN_LENGTH` (100)
 * code points, and a record at most `MAX_TOKENS_PER_RECORD` (64) tokens: when there are more, the most
 * useful win (code, VAT, legal-name words, emails, phones, alias words, email domains, cities, squashed
 * names, email local parts — in that order). The list is deduplicated and sorted: deterministic.
 *
 * ## Queries
 * `queryTokens(q)` returns terms. ALL terms must match (AND); a term matches when ANY of its prefixes
 * is a prefix (`begins_with`) of ONE token of the record (OR). The query is normalised like names: legal
 * forms are dropped wherever they stand ("Fiat SpA" → "fiat"; kept if nothing else is left), initials
 * collapse ("F.I.A.T." → "fiat"), single characters and connectors are dropped. Each word is classified:
 *   - contains "@": an email (prefix of `e:`); "@fiat.it" looks for the domain;
 *   - a run of numbers and phone punctuation ("+39 011 123 4567", "(06 1) 234-5678"): one term with
 *     the phone's E.164 digits, national number and raw digits (`p:`), the digits as a VAT (`v:`) and,
 *     for one plain number, as a name word (`n:`); a VAT country word before it ("IT 0123…") is
 *     absorbed into it (the number keeps its phone reading: "Kovacs es 06 1 …" has "es" = Spain);
 *   - any other word: `n:`, `t:` (without digits) and `e:` (the word as typed, so "fiat.it" finds the
 *     domain); plus `c:` when it looks like a code (1–3 letters + digits: "C000042") and `v:` when it
 *     starts with a VAT country and has digits ("IT01234567890").
 * Prefixes of a term that extend another of its prefixes are dropped (the shorter one finds them too).
 *
 * ## How a DynamoDB index uses these (recommended key design)
 * One read item per (record, token) in the read-models table:
 *     pk    = `<tenant>#search#<entity>#<recordId>`   sk    = `<token>`
 *     gsi1pk = `<tenant>#search#<entity>#<bucket>`    gsi1sk = `<token>#<recordId>`
 * where `bucket = searchBucket(token)` = the kind and the first `BUCKET_CHARS[kind]` characters of the
 * value: 2 for names, cities and e-mail parts (`n:fi`, `t:to`, `e:fi`), 8 for phones and VAT numbers
 * (`p:39011123`, `v:01234567`), 7 for codes (`c:c000042`); a whole address is bucketed on its local
 * part and 3 characters of its domain (`e:sales@fia`). The base key groups a record's tokens, so the projection diffs old and new tokens
 * (Query the record's items, delete the stale ones, put the new ones — at most 64 writes) and a delete
 * removes them all. Each query prefix is ONE `Query` on the GSI:
 *     gsi1pk = <tenant>#search#<entity>#searchBucket(prefix) AND begins_with(gsi1sk, prefix)
 * A prefix at least as long as its bucket finds every token it begins; a shorter phone, VAT or code
 * prefix ("+39 011", "c0000") finds only the tokens equal to it, and an address cut before 3 domain
 * characters ("sales@") is looked up by its local part (`lookupPrefix`). Union the record ids of a term's
 * prefixes, intersect across terms. When a term is too broad (a 2-letter prefix of a big tenant), look up
 * the most selective term only (the longest prefix) and verify the others with `matches` on the
 * candidates' token lists — store the list once per record (e.g. on the record's list item, or on an
 * `sk = "$tokens"` item) and `BatchGetItem` it. Rank with `matchScore`; an exact token match
 * (`gsi1sk` starts with `prefix + "#"`) ranks above a prefix match ("fiat": F.I.A.T. before Fiattini).
 * The restricted-role visibility rule still applies: keep the owner/assignee fields the policy needs on
 * the search items (or on the verified list item) and filter with the same predicate as the lists.
 *
 * Trade-offs:
 * - Prefix search with a single Query per prefix, and tenant isolation by key (no filter needed).
 * - Write amplification: ~10–30 items per record (≤ 64), rewritten only where tokens change; the GSI is
 *   eventually consistent (a new company is searchable a moment after the projection writes it).
 * - Buckets are proportionate to how each kind is searched. Names and cities are typed as prefixes
 *   from 2 letters, so they keep 2-character buckets (up to ~1,300 per kind; `n:co` still holds every
 *   "Costruzioni", which is what a search for it must read anyway). Codes, VAT numbers, tax codes and
 *   phones are looked up by (nearly) the whole value: with 2-character buckets `c:c0` held every code
 *   and `p:39` every Italian number — a hot key for imports, and on DynamoDB Local a `Query` whose
 *   time grows with the bucket even when one item matches (bench/RESULTS.md). Their buckets are 7–8
 *   characters (about one record each); the price is that prefix search on them starts at that length.
 *   E-mail parts without "@" (domains, local parts) stay at 2; whole addresses are bucketed per local
 *   part and domain start, so `info@…` addresses do not all share `e:in`.
 *   Changing these lengths changes read-model keys: `npm run rebuild` rewrites the index and deletes
 *   the items under the old buckets (orphans).
 * - Minimum query term length 2; a 2-character prefix reads a whole bucket (paginate, cap the page and
 *   fall back to verifying as above). Exact-token-only designs (`pk = …#<token>`) avoid that but lose
 *   prefix search.
 *
 * ## Known limits
 * - Prefix semantics: "fiat" finds "Fiattini" too (ranked below exact matches).
 * - German umlauts fold to the vowel ("Müller" = "muller", not "mueller"); non-Latin scripts are only
 *   lower-cased (and lose combining marks); no transliteration, stemming or typo tolerance.
 * - A legal form is recognised at the end of a name only; a name word spelled like a legal form just
 *   before one ("Hotel Spa S.r.l.") stays a word, but at the very end it is taken as the form.
 * - Words are split at spaces and punctuation; "Coca Cola" and "Coca-Cola" match each other, but
 *   "cocacola" finds "Coca Cola …" only through the whole-name token (so only at the start of the name).
 * - Numbers next to each other in a query are read as one number; a 1-letter query word is ignored.
 * - A half-typed legal form is a word until complete: "Fiat S.p" looks for "fiat" AND "sp" (finds
 *   nothing), "Fiat S.p.A" finds F.I.A.T. again. A legal-form word alone ("spa", "kft") is searched as a
 *   word, and only finds names that have it as a word (not as their form).
 * - Connector words (és, e, i, and, und, …) are not indexed: "és" alone finds only names with words
 *   starting with "es".
 * - Per record: at most 16 units (words) per name, 10 names, 4 VAT numbers, 10 emails, 10 phone
 *   numbers, 5 cities, then the 64-token budget. A word past the 16th of a very long name is not found.
 * - Phones: see `normalisePhone`. Pass the tenant's country as `defaultCountry` to BOTH sides: without
 *   it a national number is indexed as its digits only, so "06 1 234 5678" stored in Hungary is not
 *   found by "+36 1 234 5678" (Italian and Polish numbers, having no trunk prefix, still match).
 */
import { normaliseEmail } from './emails.ts';
import { codePointLength, codePointSlice, foldText, textParts } from './fold.ts';
import { legalFormPartsAnywhere } from './legal-forms.ts';
import { analyseName, squashUnits, unitsOf } from './names.ts';
import { parsePhone, domesticDigits } from './phones.ts';
import { normaliseVat, VAT_COUNTRIES } from './vat.ts';
import type { NameAnalysis, NameUnit } from './names.ts';

export type TokenKind = 'n' | 't' | 'e' | 'p' | 'v' | 'c';
export const tokenKinds: readonly TokenKind[] = ['n', 't', 'e', 'p', 'v', 'c'];

export const MAX_TOKENS_PER_RECORD = 64;
/** Longest token, in code points, kind tag included. Query prefixes are cut the same way. */
export const MAX_TOKEN_LENGTH = 100;
/**
 * Value characters of a token in its index bucket, per kind: what a query prefix needs to find every
 * token it begins (a shorter prefix finds only tokens equal to it). Names and cities stay
 * prefix-searchable from 2 letters; the kinds looked up by (nearly) the whole value are spread over
 * far more buckets, so no bucket collects a whole kind (every `C0…` code, every `+39` phone).
 */
export const BUCKET_CHARS: Readonly<Record<TokenKind, number>> = { n: 2, t: 2, e: 2, p: 8, v: 8, c: 7 };
/** Domain characters in the bucket of a whole e-mail address (its local part is in the bucket whole). */
export const EMAIL_DOMAIN_BUCKET_CHARS = 3;
/** Shortest token or query prefix value. */
export const MIN_TERM_CHARS = 2;
/** Longest query read (longer input is cut). */
export const MAX_QUERY_LENGTH = 256;

export interface SearchableRecord {
  /** Legal name first, then aliases / trading names. For people: "first last" (and variants). */
  readonly names: readonly string[];
  readonly code?: string;
  readonly vat?: readonly string[];
  readonly emails?: readonly string[];
  /** Each entry may hold several numbers separated by "," or ";". */
  readonly phones?: readonly string[];
  readonly cities?: readonly string[];
}

export interface SearchTokenOptions {
  /** The tenant's (or record's) country: ISO code ("IT") or calling code ("39"). Used for phones and VAT. */
  readonly defaultCountry?: string;
  /** Strip legal forms from names (default true; pass false for people). */
  readonly legalForms?: boolean;
  /** Token budget (default and maximum `MAX_TOKENS_PER_RECORD`). */
  readonly maxTokens?: number;
}

export interface QueryOptions {
  /** The tenant's country, as for `searchTokens`: national phone numbers are read in it. */
  readonly defaultCountry?: string;
  /** Only look up these kinds (e.g. `['n']` for a name-only box). A term left with no prefix matches nothing. */
  readonly kinds?: readonly TokenKind[];
}

export interface QueryTerm {
  /** The query text the term came from. */
  readonly source: string;
  /** Alternatives: the term matches a record when one of them begins one of its tokens. */
  readonly prefixes: readonly string[];
}

// ---------------------------------------------------------------------------------------------------
// Helpers

const kindOf = (token: string): TokenKind => token.slice(0, 1) as TokenKind;
const valueOf = (token: string): string => token.slice(2);

/** The kind of a token or prefix. */
export const tokenKind = kindOf;

/**
 * The index bucket (partition) of a token or query prefix: the kind tag and the first
 * `BUCKET_CHARS[kind]` characters of the value — for a whole e-mail address, its local part, the "@"
 * and the first `EMAIL_DOMAIN_BUCKET_CHARS` of its domain ("e:sales@fia"), so the `info@`s of a
 * tenant do not share one bucket. A query prefix finds every token it begins only when it is at least
 * as long as its bucket (`findsExtensions`); a shorter one finds the tokens equal to it.
 */
export function searchBucket(tokenOrPrefix: string): string {
  const kind = kindOf(tokenOrPrefix);
  const value = valueOf(tokenOrPrefix);
  const at = kind === 'e' ? value.indexOf('@') : -1;
  if (at >= 0) return `e:${value.slice(0, at + 1)}${codePointSlice(value.slice(at + 1), EMAIL_DOMAIN_BUCKET_CHARS)}`;
  return `${kind}:${codePointSlice(value, BUCKET_CHARS[kind] ?? MIN_TERM_CHARS)}`;
}

/** Does the prefix's bucket hold every token the prefix begins (not only the tokens equal to it)? */
export function findsExtensions(prefix: string): boolean {
  const value = valueOf(prefix);
  const at = kindOf(prefix) === 'e' ? value.indexOf('@') : -1;
  if (at >= 0) return codePointLength(value.slice(at + 1)) >= EMAIL_DOMAIN_BUCKET_CHARS;
  return codePointLength(value) >= (BUCKET_CHARS[kindOf(prefix)] ?? MIN_TERM_CHARS);
}

/**
 * What the index is asked for a query prefix: the prefix itself, except for an address whose domain is
 * too short for its bucket ("sales@", "sales@f"): that looks up the local-part token ("e:sales", which
 * every such address also has), a superset the caller narrows by verifying the prefix itself.
 */
export function lookupPrefix(prefix: string): string {
  if (findsExtensions(prefix) || kindOf(prefix) !== 'e') return prefix;
  const local = valueOf(prefix).slice(0, valueOf(prefix).indexOf('@'));
  return codePointLength(local) >= MIN_TERM_CHARS ? `e:${local}` : prefix;
}

/** `kind:value`, cut to `MAX_TOKEN_LENGTH`, or null when the value is too short. */
function token(kind: TokenKind, value: string): string | null {
  if (codePointLength(value) < MIN_TERM_CHARS) return null;
  return `${kind}:${codePointSlice(value, MAX_TOKEN_LENGTH - 2)}`;
}

const EMAIL_DROPPED = /[^\p{L}\p{N}._%+\-@']+/gu;
/** Folded, only characters that can appear in an address, no separators at the ends. */
const emailValue = (s: string): string =>
  foldText(s).replace(EMAIL_DROPPED, '').replace(/^[._\-']+|[._\-']+$/g, '');

const CODE_LIKE = /^[a-z]{1,3}\d+$/;

/** Name tokens of one unit: initials collapsed; a word's parts and, when punctuated, the whole word. */
function unitValues(unit: NameUnit): string[] {
  if (unit.connector) return [];
  if (unit.initials) return [unit.text];
  return unit.parts.length > 1 ? [...unit.parts, unit.text] : [unit.text];
}

const MAX_NAMES = 10;
const MAX_UNITS_PER_NAME = 16;
const MAX_VATS = 4;
const MAX_EMAILS = 10;
const MAX_PHONES = 10;
const MAX_CITIES = 5;

// ---------------------------------------------------------------------------------------------------
// Record side

/** The index tokens of a record: deduplicated, sorted, at most `MAX_TOKENS_PER_RECORD`. */
export function searchTokens(record: SearchableRecord, options: SearchTokenOptions = {}): string[] {
  const tiers = {
    code: [] as (string | null)[],
    vat: [] as (string | null)[],
    legalName: [] as (string | null)[],
    email: [] as (string | null)[],
    phone: [] as (string | null)[],
    alias: [] as (string | null)[],
    domain: [] as (string | null)[],
    city: [] as (string | null)[],
    squash: [] as (string | null)[],
    local: [] as (string | null)[],
  };

  if (record.code !== undefined) tiers.code.push(token('c', foldText(record.code).replace(/[^\p{L}\p{N}]+/gu, '')));

  for (const raw of (record.vat ?? []).slice(0, MAX_VATS)) {
    const vat = normaliseVat(raw);
    if (!vat) continue;
    const number = vat.number.toLowerCase();
    tiers.vat.push(token('v', number));
    const fromDigit = number.replace(/^[a-z]+(?=\d)/, '');
    if (fromDigit !== number) tiers.vat.push(token('v', fromDigit));
  }

  record.names.slice(0, MAX_NAMES).forEach((name, i) => {
    const analysis = analyseName(name, { legalForms: options.legalForms !== false });
    const words = analysis.units.slice(0, MAX_UNITS_PER_NAME).flatMap(unitValues);
    (i === 0 ? tiers.legalName : tiers.alias).push(...words.map((w) => token('n', w)));
    tiers.squash.push(...wholeNameValues(analysis).map((w) => token('n', w)));
  });

  for (const raw of (record.emails ?? []).slice(0, MAX_EMAILS)) {
    const email = normaliseEmail(raw);
    if (!email) continue;
    const at = email.lastIndexOf('@');
    tiers.email.push(token('e', emailValue(email)));
    tiers.domain.push(token('e', emailValue(email.slice(at + 1))));
    tiers.local.push(token('e', emailValue(email.slice(0, at))));
  }

  const phones = (record.phones ?? []).flatMap((p) => p.split(/[,;]/)).slice(0, MAX_PHONES);
  for (const raw of phones) {
    const phone = parsePhone(raw, options.defaultCountry, false);
    if (!phone) continue;
    if (phone.e164Digits !== null) tiers.phone.push(token('p', phone.e164Digits));
    tiers.phone.push(token('p', phone.national));
  }

  for (const city of (record.cities ?? []).slice(0, MAX_CITIES)) {
    const analysis = analyseName(city, { legalForms: false });
    tiers.city.push(...analysis.units.slice(0, MAX_UNITS_PER_NAME).flatMap(unitValues).map((w) => token('t', w)));
    if (analysis.units.length > 1) tiers.city.push(token('t', squashUnits(analysis.units)));
  }

  const max = Math.max(1, Math.min(options.maxTokens ?? MAX_TOKENS_PER_RECORD, MAX_TOKENS_PER_RECORD));
  const chosen = new Set<string>();
  outer: for (const tier of Object.values(tiers)) {
    for (const t of tier) {
      if (t === null || chosen.has(t)) continue;
      if (chosen.size >= max) break outer;
      chosen.add(t);
    }
  }
  return [...chosen].sort();
}

/** The whole name squashed without its legal form ("abccostruzioni") and with it ("abccostruzionisrl"). */
function wholeNameValues(analysis: NameAnalysis): string[] {
  const squashed = squashUnits(analysis.units);
  const values = analysis.units.length > 1 ? [squashed] : [];
  if (analysis.legalForm) values.push(squashed + analysis.formParts.join(''));
  return values;
}

// ---------------------------------------------------------------------------------------------------
// Query side

type Segment =
  | { readonly type: 'text'; readonly start: number; readonly end: number }
  | { readonly type: 'email'; readonly start: number; readonly end: number }
  | {
      readonly type: 'number';
      readonly start: number;
      readonly end: number;
      /** Starts with a VAT country word ("IT 0123…"). */
      readonly vatCountry: boolean;
      /** Whitespace-separated words in the segment. */
      readonly words: number;
    };

const NUMBER_WORD = /^[+(]?[\d().\/\-–]*\d[\d().\/\-–]*[.,;]?$/u;

/** Splits the query into text, email and number segments (whitespace-separated words). */
function segmentsOf(q: string): Segment[] {
  const words = [...q.matchAll(/\S+/gu)].map((m) => ({ text: m[0], start: m.index, end: m.index + m[0].length }));
  const kinds = words.map((w) => (w.text.includes('@') ? 'email' : NUMBER_WORD.test(w.text) ? 'number' : 'text'));
  const segments: Segment[] = [];
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!;
    const kind = kinds[i]!;
    const vatCountry =
      kind === 'text' && kinds[i + 1] === 'number' && VAT_COUNTRIES.has(word.text.replace(/[:.]$/, '').toUpperCase());
    if (kind === 'number' || vatCountry) {
      let j = vatCountry ? i + 1 : i;
      while (j + 1 < words.length && kinds[j + 1] === 'number') j++;
      segments.push({ type: 'number', start: word.start, end: words[j]!.end, vatCountry, words: j - i + 1 });
      i = j;
    } else {
      const last = segments[segments.length - 1];
      if (kind === 'text' && last?.type === 'text') segments[segments.length - 1] = { ...last, end: word.end };
      else segments.push({ type: kind === 'email' ? 'email' : 'text', start: word.start, end: word.end });
    }
  }
  return segments;
}

interface DraftTerm {
  readonly source: string;
  readonly prefixes: (string | null)[];
  readonly connector?: boolean;
}

function numberTerm(q: string, segment: Extract<Segment, { type: 'number' }>, options: QueryOptions): DraftTerm {
  const source = q.slice(segment.start, segment.end);
  const digits = source.replace(/\D/g, '');
  // "IT 0123…": the country word is swallowed. Still also read as a phone: "Kovacs es 06 1 234 5678".
  const number = segment.vatCountry ? source.replace(/^\S+\s+/, '') : source;
  const prefixes: (string | null)[] = [];
  const phone = parsePhone(number, options.defaultCountry, true);
  if (phone) {
    if (phone.e164Digits !== null) prefixes.push(token('p', phone.e164Digits));
    prefixes.push(token('p', phone.national));
    // "+36 30 …" also finds "06 30 …" stored on a record whose country was unknown (indexed as typed).
    const domestic = domesticDigits(phone, options.defaultCountry);
    if (domestic !== null && domestic !== phone.national) prefixes.push(token('p', domestic));
  }
  // "+39 …" and "0039 011 …" are phones only; a national-looking number — or an unbroken run of digits
  // that merely starts with 00, as many Italian VAT numbers do ("00470400011") — may also be a VAT
  // number or a name word.
  if (/^\+/.test(number) || (/^\(?00/.test(number) && !/^\d+$/.test(number))) return { source, prefixes };
  prefixes.push(token('p', digits));
  if (!/[+(]/.test(number)) prefixes.push(token('v', digits));
  if (segment.words === 1 && /^\d+[.,;]?$/.test(number)) prefixes.push(token('n', digits));
  return { source, prefixes };
}

function emailTerm(q: string, segment: Segment): DraftTerm {
  const source = q.slice(segment.start, segment.end);
  const value = emailValue(source.replace(/^mailto:/i, '').replace(/^[<(]+|[>),;]+$/g, ''));
  return { source, prefixes: [token('e', value.startsWith('@') ? value.slice(1) : value)] };
}

function textTerm(q: string, unit: NameUnit): DraftTerm {
  const source = q.slice(unit.start, unit.end);
  const w = unit.text;
  const prefixes: (string | null)[] = [token('n', w), token('e', emailValue(source))];
  if (!/\d/.test(w)) prefixes.push(token('t', w));
  if (CODE_LIKE.test(w)) prefixes.push(token('c', w));
  if (/\d/.test(w) && /^[a-z]{2}/.test(w) && VAT_COUNTRIES.has(w.slice(0, 2).toUpperCase())) {
    const vat = normaliseVat(w);
    if (vat?.country) prefixes.push(token('v', vat.number.toLowerCase()));
  }
  return { source, prefixes, connector: unit.connector };
}

/** Drops prefixes that extend another prefix of the same term, and duplicates. */
function minimalPrefixes(prefixes: readonly string[]): string[] {
  const sorted = [...new Set(prefixes)].sort();
  return sorted.filter((p) => !sorted.some((other) => other !== p && p.startsWith(other)));
}

/** The terms of a query (see the module comment). Empty when nothing searchable is left. */
export function queryTokens(q: string, options: QueryOptions = {}): QueryTerm[] {
  const text = codePointSlice(q.normalize('NFC'), MAX_QUERY_LENGTH);
  const segments = segmentsOf(text);

  // Text segments: parts of all of them, legal forms dropped anywhere unless nothing would be left.
  const textSegmentParts = segments
    .filter((s) => s.type === 'text')
    .map((s) => textParts(text.slice(s.start, s.end)).map((p) => ({ ...p, start: p.start + s.start, end: p.end + s.start })));
  const dropped = textSegmentParts.map((parts) => legalFormPartsAnywhere(parts));
  const keptCount = textSegmentParts.reduce((n, parts, i) => n + parts.length - dropped[i]!.size, 0);
  const otherSegments = segments.some((s) => s.type !== 'text');
  const dropForms = keptCount > 0 || otherSegments;

  const drafts: DraftTerm[] = [];
  let textIndex = 0;
  for (const segment of segments) {
    if (segment.type === 'number') drafts.push(numberTerm(text, segment, options));
    else if (segment.type === 'email') drafts.push(emailTerm(text, segment));
    else {
      const parts = textSegmentParts[textIndex]!;
      const drop = dropped[textIndex++]!;
      const kept = dropForms ? parts.filter((_, i) => !drop.has(i)) : parts;
      for (const unit of unitsOf(kept)) {
        if (codePointLength(unit.text) >= MIN_TERM_CHARS) drafts.push(textTerm(text, unit));
      }
    }
  }

  // Connectors ("és", "and") only count when they are all there is.
  const content = drafts.some((d) => !d.connector) ? drafts.filter((d) => !d.connector) : drafts;
  const allowed = options.kinds ? new Set(options.kinds) : null;
  const terms: QueryTerm[] = [];
  const seen = new Set<string>();
  for (const draft of content) {
    const prefixes = minimalPrefixes(
      draft.prefixes.filter((p): p is string => p !== null && (allowed === null || allowed.has(kindOf(p)))),
    );
    const key = prefixes.join('\u0000');
    if (draft.prefixes.every((p) => p === null) || seen.has(key)) continue;
    seen.add(key);
    terms.push({ source: draft.source, prefixes });
  }
  return terms;
}

// ---------------------------------------------------------------------------------------------------
// Verification and ranking

const termsOf = (q: string | readonly QueryTerm[], options?: QueryOptions): readonly QueryTerm[] =>
  typeof q === 'string' ? queryTokens(q, options) : q;

/** How well one term matches: 3 exact token (2 for a city), 1 prefix, 0 no match. */
function termScore(tokens: readonly string[], exact: ReadonlySet<string>, term: QueryTerm): number {
  let best = 0;
  for (const prefix of term.prefixes) {
    if (exact.has(prefix)) best = Math.max(best, kindOf(prefix) === 't' ? 2 : 3);
    else if (best === 0 && tokens.some((t) => t.startsWith(prefix))) best = 1;
  }
  return best;
}

/**
 * Score of a record for a query, or null when it does not match: the sum over terms of 3 (a token
 * equal to a prefix), 2 (equal to a city token) or 1 (a token starting with a prefix). Higher is
 * better: "fiat" scores F.I.A.T. S.p.A. (token `n:fiat`) above Fiattini (`n:fiattini`).
 * An empty query (no terms) matches nothing.
 */
export function matchScore(
  recordTokens: readonly string[],
  q: string | readonly QueryTerm[],
  options?: QueryOptions,
): number | null {
  const terms = termsOf(q, options);
  if (terms.length === 0) return null;
  const exact = new Set(recordTokens);
  let score = 0;
  for (const term of terms) {
    const s = termScore(recordTokens, exact, term);
    if (s === 0) return null;
    score += s;
  }
  return score;
}

/** Does a record (its `searchTokens`) match the query? Every term must match (see `queryTokens`). */
export function matches(
  recordTokens: readonly string[],
  q: string | readonly QueryTerm[],
  options?: QueryOptions,
): boolean {
  return matchScore(recordTokens, q, options) !== null;
}
