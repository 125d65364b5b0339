import { foldText } from './search/fold.ts';

/**
 * Countries as ISO 3166-1 alpha-2 codes, read from a code or from a name in Italian, English, Polish
 * or Hungarian (the tenants' languages), case-, accent- and punctuation-insensitively: "Italia",
 * "italy", "Włochy", "olaszország" and "it" are all `IT`.
 *
 * The names come from the runtime's CLDR data (`Intl.DisplayNames`, full ICU in Node 24 and on Lambda),
 * built once on first use, rather than from a hand-typed table that would drift. ICU also names codes
 * ISO 3166-1 does not assign (deprecated ones such as `DD`/`SU`, exceptional reservations such as
 * `UK`/`EU`, CLDR's own `QO`/`XK`/`ZZ`): those are left out, so exactly the 249 assigned codes remain
 * and a name maps to its current code (Germany is `DE`, never `DD`).
 */
const notAssigned = new Set(
  'AC AN BU CP CQ CS DD DG DY EA EU EZ FX HV IC NH QO RH SU TA TP UK UN VD XA XB XK YD YU ZR ZZ'.split(' '),
);

export const countryLanguages = ['it', 'en', 'pl', 'hu'] as const;

/** Names people commonly write that CLDR spells otherwise (CLDR's own names are all accepted too). */
const commonNames: Readonly<Record<string, readonly string[]>> = {
  US: ['USA', 'United States of America', "Stati Uniti d'America", 'Amerikai Egyesült Államok'],
  GB: ['UK', 'Great Britain', 'England', 'Gran Bretagna', 'Inghilterra', 'Anglia', 'Nagy-Britannia'],
  CZ: ['Czech Republic', 'Repubblica Ceca', 'Republika Czeska', 'Cseh Köztársaság', 'Csehország'],
  NL: ['Holland', 'Olanda', 'Holandia', 'Hollandia'],
  TR: ['Turkey', 'Turchia', 'Turcja', 'Törökország'],
  MK: ['Macedonia', 'Macedónia'],
  RU: ['Russian Federation', 'Federazione Russa'],
  CI: ['Ivory Coast', "Costa d'Avorio"],
  VA: ['Holy See', 'Santa Sede', 'Vaticano', 'Watykan', 'Vatikán'],
  SM: ['Repubblica di San Marino'],
};

/** "Bosnia & Herzegovina" and "bosnia and herzegovina" alike: folded, "&" read as "and", only letters and digits kept. */
const nameKey = (text: string): string => foldText(text.replace(/&/g, ' and ')).replace(/[^\p{L}\p{N}]+/gu, '');

interface CountryTable {
  readonly codes: ReadonlySet<string>;
  readonly byName: ReadonlyMap<string, string>;
}

let table: CountryTable | undefined;

const build = (): CountryTable => {
  const letters = [...'ABCDEFGHIJKLMNOPQRSTUVWXYZ'];
  const english = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'none' });
  const codes = new Set(
    letters.flatMap((a) => letters.map((b) => `${a}${b}`)).filter((code) => !notAssigned.has(code) && english.of(code) !== undefined),
  );
  const byName = new Map<string, string>();
  for (const language of countryLanguages) {
    for (const style of ['long', 'short'] as const) {
      const names = new Intl.DisplayNames([language], { type: 'region', fallback: 'none', style });
      for (const code of codes) {
        const name = names.of(code);
        if (name !== undefined && !byName.has(nameKey(name))) byName.set(nameKey(name), code);
      }
    }
  }
  for (const [code, names] of Object.entries(commonNames)) for (const name of names) if (!byName.has(nameKey(name))) byName.set(nameKey(name), code);
  return { codes, byName };
};

const countries = (): CountryTable => (table ??= build());

/** Every ISO 3166-1 alpha-2 code, A→Z. */
export const countryCodes = (): string[] => [...countries().codes].toSorted();

/** The ISO code of a country given by code or by name (it/en/pl/hu), or `undefined` when none is known. */
export const countryCode = (text: string | null | undefined): string | undefined => {
  const trimmed = text?.trim() ?? '';
  if (trimmed === '') return undefined;
  const { codes, byName } = countries();
  const upper = trimmed.toUpperCase();
  if (codes.has(upper)) return upper;
  return byName.get(nameKey(trimmed));
};

/** A country's name in one of the tenants' languages (for people; the code is what is stored). */
export const countryName = (code: string, language: (typeof countryLanguages)[number]): string | undefined =>
  countries().codes.has(code) ? new Intl.DisplayNames([language], { type: 'region', fallback: 'none' }).of(code) : undefined;
