import { describe, expect, it } from 'vitest';
import { foldText } from '../../../../domain/directory/search/fold.ts';
import { CONNECTORS, normaliseName, stripLegalForms } from '../../../../domain/directory/search/names.ts';
import {
  MAX_TOKEN_LENGTH,
  MAX_TOKENS_PER_RECORD,
  matches,
  matchScore,
  queryTokens,
  searchTokens,
} from '../../../../domain/directory/search/tokens.ts';

// Property-style checks over realistic Italian, Polish, Hungarian and English (and a few German)
// company names: [legal name, alias, city].
const companies: ReadonlyArray<readonly [name: string, alias: string, city: string]> = [
  // Italian
  ['F.I.A.T. S.p.A.', 'FIAT', 'Torino'],
  ['A.B.C. Costruzioni S.r.l.', 'ABC Costruzioni', 'Bergamo'],
  ['Fiattini Trasporti S.r.l.', 'Fiattini', 'Modena'],
  ['Ferrero S.p.A.', 'Ferrero', 'Alba'],
  ['Luxottica Group S.p.A.', 'Luxottica', 'Milano'],
  ['Barilla G. e R. Fratelli S.p.A.', 'Barilla', 'Parma'],
  ['Pirelli & C. S.p.A.', 'Pirelli', 'Milano'],
  ["Dell'Orto S.p.A.", 'Dellorto', 'Cabiate'],
  ['Officine Meccaniche Rossi & Figli S.n.c.', 'OMR', 'Brescia'],
  ['Bianchi Mario & C. S.a.s.', 'Bianchi', 'Vicenza'],
  ['Il Girasole Soc. Coop. Sociale', 'Girasole', 'Forlì'],
  ['Caseificio Sociale San Pietro Soc. Coop. a r.l.', 'Caseificio San Pietro', "Reggio nell'Emilia"],
  ['Società Agricola Verdi S.s.', 'Verdi Agricola', 'Cesena'],
  ['Studio Tecnico Associato Gallo', 'STA Gallo', 'Padova'],
  ['Autotrasporti Esposito S.r.l.s.', 'Esposito Trasporti', 'Napoli'],
  ['Banca Popolare di Sondrio S.C.p.A.', 'Popolare di Sondrio', 'Sondrio'],
  ['Pasticceria Dolce Vita di Anna Russo', 'Dolce Vita', 'Bari'],
  ['I.B.M. Italia S.p.A.', 'IBM Italia', 'Segrate'],
  ['Acqua & Sapone S.r.l. unipersonale', 'Acqua e Sapone', 'Pescara'],
  ['Veneta Cucine S.p.A. in liquidazione', 'Veneta Cucine', 'Treviso'],
  ['F.lli Colombo S.r.l.', 'Fratelli Colombo', 'Como'],
  ['A2A S.p.A.', 'A2A', 'Brescia'],
  ['Ristorante Da Gigi di Luigi Bassi', 'Da Gigi', 'Sanremo'],
  // Polish
  ['Przedsiębiorstwo Budowlane Łódź Sp. z o.o.', 'PB Łódź', 'Łódź'],
  ['Polski Koncern Naftowy Orlen S.A.', 'PKN Orlen', 'Płock'],
  ['Spółdzielnia Mleczarska Mlekovita', 'Mlekovita', 'Wysokie Mazowieckie'],
  ['Kowalski i Wspólnicy Sp. j.', 'Kowalski i Wspólnicy', 'Kraków'],
  ['Nowak Transport Sp. k.', 'Nowak Transport', 'Poznań'],
  ['Żabka Polska sp. z o.o.', 'Żabka', 'Poznań'],
  ['Wiśniewski Consulting Sp. z o.o. Sp. k.', 'Wiśniewski Consulting', 'Gdańsk'],
  ['Grupa Azoty S.A.', 'Azoty', 'Tarnów'],
  ['Kancelaria Prawna Zieliński i Partnerzy Sp. p.', 'Zieliński i Partnerzy', 'Wrocław'],
  ['Szczęśliwy Dom S.K.A.', 'Szczęśliwy Dom', 'Szczecin'],
  ['Gdańska Stocznia Remontowa P.S.A.', 'Stocznia Remontowa', 'Gdańsk'],
  ['Jabłoński s.c.', 'Jabłoński', 'Białystok'],
  ['Zakład Usług Leśnych Kaczmarek spółka z ograniczoną odpowiedzialnością', 'ZUL Kaczmarek', 'Bydgoszcz'],
  // Hungarian
  ['Kovács és Társa Kft.', 'Kovács és Társa', 'Budapest'],
  ['Győri Keksz Kft.', 'Győri Keksz', 'Győr'],
  ['MOL Magyar Olaj- és Gázipari Nyrt.', 'MOL', 'Budapest'],
  ['Richter Gedeon Nyrt.', 'Richter', 'Budapest'],
  ['Szabó és Fia Bt.', 'Szabó és Fia', 'Szeged'],
  ['Nagy Építőipari Zrt.', 'Nagy Építő', 'Debrecen'],
  ['Tóth Kereskedelmi Kkt.', 'Tóth Kereskedelmi', 'Pécs'],
  ['Debreceni Hűtőipari Nonprofit Kft.', 'Debreceni Hűtő', 'Debrecen'],
  ['Pécsi Sörfőzde Zrt. f.a.', 'Pécsi Sör', 'Pécs'],
  ['Horváth Péter e.v.', 'Horváth Péter', 'Székesfehérvár'],
  ['Zsolnay Porcelánmanufaktúra Zrt.', 'Zsolnay', 'Pécs'],
  // English
  ['Acme Widgets Ltd', 'Acme', 'Leeds'],
  ['Tesco PLC', 'Tesco', 'Welwyn Garden City'],
  ['Smith & Sons Limited', 'Smith and Sons', 'York'],
  ['Blue Ocean Trading LLC', 'Blue Ocean', 'Miami'],
  ['Northwind Traders Inc.', 'Northwind', 'Seattle'],
  ['General Dynamics Corporation', 'GD', 'Reston'],
  ["O'Brien Logistics Ltd.", "O'Brien", 'Dublin'],
  ['Johnson-Matthey PLC', 'Johnson Matthey', 'London'],
  ['The Coca-Cola Company', 'Coca-Cola', 'Atlanta'],
  ['AT&T Inc.', 'AT&T', 'Dallas'],
  ['Ernst & Young Global Limited', 'EY', 'London'],
  // German
  ['Müller Maschinenbau GmbH & Co. KG', 'Müller', 'Stuttgart'],
  ['Siemens AG', 'Siemens', 'München'],
];

const records = companies.map(([name, alias, city], i) => ({
  name,
  tokens: searchTokens({ names: [name, alias], code: `C${String(i + 1).padStart(6, '0')}`, cities: [city] }),
}));

/** The whitespace words of a name without its legal form, minus connectors and anything under 3 letters. */
function wordsOf(name: string): string[] {
  return stripLegalForms(name)
    .split(/\s+/)
    .filter((w) => [...foldText(w).replace(/[^\p{L}\p{N}]/gu, '')].length >= 3)
    .filter((w) => !CONNECTORS.has(foldText(w).replace(/[^\p{L}\p{N}]/gu, '')));
}

/** Every prefix of a word with at least 3 letters or digits, as typed (accents kept) and folded. */
function prefixesOf(word: string): string[] {
  const chars = [...word];
  const out: string[] = [];
  for (let k = 1; k <= chars.length; k++) {
    const prefix = chars.slice(0, k).join('');
    if ([...foldText(prefix).replace(/[^\p{L}\p{N}]/gu, '')].length >= 3) out.push(prefix, foldText(prefix), prefix.toUpperCase());
  }
  return [...new Set(out)];
}

describe(`a corpus of ${companies.length} company names`, () => {
  it('has at least 50 names', () => {
    expect(companies.length).toBeGreaterThanOrEqual(50);
  });

  it.each(records.map((r, i) => [r.name, i] as const))('%s is found by its name, alias, code, city and every word prefix', (name, i) => {
    const { tokens } = records[i]!;
    const [, alias, city] = companies[i]!;
    const queries = [
      name,
      name.toUpperCase(),
      foldText(name),
      stripLegalForms(name),
      alias,
      foldText(alias),
      alias.toLowerCase(),
      `C${String(i + 1).padStart(6, '0')}`,
      city,
      `${alias} ${city}`,
      normaliseName(name),
      ...wordsOf(name).flatMap(prefixesOf),
    ];
    const missed = queries.filter((q) => !matches(tokens, q));
    expect(missed).toEqual([]);
  });

  it('ranks the record itself first for its own full name', () => {
    const misranked = records.filter(({ name, tokens }) => {
      const own = matchScore(tokens, name)!;
      return records.some((other) => other.name !== name && (matchScore(other.tokens, name) ?? -1) > own);
    });
    expect(misranked.map((r) => r.name)).toEqual([]);
  });

  it('finds only the record itself by its code, and nothing for unrelated words', () => {
    records.forEach((_, i) => {
      const code = `C${String(i + 1).padStart(6, '0')}`;
      expect(records.filter((r) => matches(r.tokens, code)).length).toBe(1);
    });
    for (const q of ['zzqx', 'xylophone', 'qwerty asdf', '999999999']) {
      expect(records.filter((r) => matches(r.tokens, q)).map((r) => r.name)).toEqual([]);
    }
  });

  it('keeps the full-name queries selective (AND of the words)', () => {
    // A full name (all its words) finds a handful of records, not the corpus.
    for (const { name } of records) {
      const found = records.filter((r) => matches(r.tokens, name));
      expect([name, found.length <= 3]).toEqual([name, true]);
    }
  });

  it('bounds every record and produces only well-formed tokens', () => {
    for (const { tokens } of records) {
      expect(tokens.length).toBeLessThanOrEqual(MAX_TOKENS_PER_RECORD);
      expect(new Set(tokens).size).toBe(tokens.length);
      expect([...tokens].sort()).toEqual(tokens);
      for (const t of tokens) {
        expect(t).toMatch(/^[ntepvc]:[^\s#]{2,}$/u);
        expect([...t].length).toBeLessThanOrEqual(MAX_TOKEN_LENGTH);
      }
    }
  });

  it('is deterministic and the index and query sides agree on every name', () => {
    for (const [name, alias, city] of companies) {
      expect(searchTokens({ names: [name, alias], cities: [city] })).toEqual(searchTokens({ names: [name, alias], cities: [city] }));
      expect(queryTokens(name)).toEqual(queryTokens(name));
      // each name term is a prefix that some name token of the record begins with
      const tokens = searchTokens({ names: [name] });
      for (const term of queryTokens(name, { kinds: ['n'] })) {
        expect([name, term.source, term.prefixes.some((p) => tokens.some((t) => t.startsWith(p)))]).toEqual([name, term.source, true]);
      }
    }
  });

  it('gives the same canonical name for spelling variants (duplicate check)', () => {
    const variants: ReadonlyArray<readonly string[]> = [
      ['F.I.A.T. S.p.A.', 'Fiat SpA', 'FIAT', 'fiat s.p.a.'],
      ['Kovács és Társa Kft.', 'KOVACS ES TARSA KFT', 'Kovács & Társa'],
      ['Żabka Polska sp. z o.o.', 'ZABKA POLSKA SP Z OO', 'Żabka Polska Spółka z o.o.'],
      ['Győri Keksz Kft.', 'Gyori Keksz KFT'],
      ['Smith & Sons Limited', 'Smith and Sons Ltd.', 'SMITH & SONS LTD'],
      ['A.B.C. Costruzioni S.r.l.', 'ABC Costruzioni SRL', 'A B C Costruzioni'],
      ['Müller Maschinenbau GmbH & Co. KG', 'Muller Maschinenbau GmbH'],
    ];
    for (const group of variants) expect(new Set(group.map((n) => normaliseName(n))).size).toBe(1);
  });
});
