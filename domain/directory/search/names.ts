/**
 * Person and company names reduced to comparable units, for the search index and the duplicate check.
 *
 * - Units (`analyseName`): after the trailing legal form is removed (legal-forms.ts), each remaining
 *   word is a unit, except that runs of single-character words ("F I A T", "F. I. A. T.", "I.B.M.",
 *   "B & B") collapse into one initials unit ("fiat", "ibm", "bb"). Standalone connector words (e, ed,
 *   i, és, and, und, et, y, oraz) are flagged.
 * - `normaliseName`: the units without connectors, joined without spaces — the canonical comparable
 *   string for duplicate detection: "F.I.A.T. S.p.A." = "Fiat SpA" = "FIAT" = `fiat`;
 *   "Kovács és Társa Kft." = "KOVACS & TARSA KFT" = `kovacstarsa`.
 */
import { textParts, type TextPart } from './fold.ts';
import { trailingLegalForm } from './legal-forms.ts';

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
