import { describe, expect, it } from 'vitest';
import {
  MAX_TOKEN_LENGTH,
  MAX_TOKENS_PER_RECORD,
  MIN_TERM_CHARS,
  matches,
  matchScore,
  queryTokens,
  searchBucket,
  findsExtensions,
  lookupPrefix,
  searchTokens,
} from '../../../../domain/directory/search/tokens.ts';
import type { SearchableRecord } from '../../../../domain/directory/search/tokens.ts';

const it_ = { defaultCountry: 'IT' } as const;

const fiat: SearchableRecord = {
  names: ['F.I.A.T. S.p.A.', 'FIAT'],
  code: 'C000042',
  vat: ['IT 01234567890'],
  emails: ['sales@fiat.it'],
  phones: ['+39 011 123 4567'],
  cities: ['Torino'],
};
const fiattini: SearchableRecord = { names: ['Fiattini Trasporti S.r.l.'], code: 'C000043', cities: ['Modena'] };
const fiatTokens = searchTokens(fiat, it_);
const fiattiniTokens = searchTokens(fiattini, it_);

/** The records a query finds among these, best first (score, then name). */
function search(records: readonly SearchableRecord[], q: string, options = it_): string[] {
  return records
    .map((r) => ({ name: r.names[0]!, score: matchScore(searchTokens(r, options), q, options) }))
    .filter((r): r is { name: string; score: number } => r.score !== null)
    .sort((a, b) => b.score - a.score || a.name.localeCompare(b.name))
    .map((r) => r.name);
}

describe('the issue: F.I.A.T. S.p.A. with alias FIAT', () => {
  it('indexes the expected tokens', () => {
    expect(fiatTokens).toEqual([
      'c:c000042',
      'e:fiat.it',
      'e:sales',
      'e:sales@fiat.it',
      'n:fiat',
      'n:fiatspa',
      'p:0111234567',
      'p:390111234567',
      't:torino',
      'v:01234567890',
    ]);
  });

  it.each([
    'FIAT', 'fiat', 'F.I.A.T.', 'Fiat SpA', 'f.i.a.t. s.p.a.', 'F.I.A.T. S.p.A.', 'F I A T', 'F. I. A. T.', 'fiat s.p.a',
    'FIAT SPA', 'Fiat S.p.A', 'fiatspa', 'fia', 'Fi', 'F.I.A.', 'Fiat Società per Azioni', 'fiat torino', 'torino fiat',
    'fiat spa torino', '  fiat  ',
  ])('%j finds it', (q) => {
    expect(matches(fiatTokens, q, it_)).toBe(true);
  });

  it.each(['fiat milano', 'fiab', 'spa', 'fiat costruzioni', 'torino c000043'])('%j does not find it', (q) => {
    expect(matches(fiatTokens, q, it_)).toBe(false);
  });

  it('prefix search: "fiat" also finds Fiattini, ranked below the exact match', () => {
    expect(matches(fiattiniTokens, 'FIAT', it_)).toBe(true);
    expect(matchScore(fiatTokens, 'FIAT', it_)!).toBeGreaterThan(matchScore(fiattiniTokens, 'FIAT', it_)!);
    expect(search([fiattini, fiat], 'FIAT')).toEqual(['F.I.A.T. S.p.A.', 'Fiattini Trasporti S.r.l.']);
    expect(search([fiattini, fiat], 'fiatt')).toEqual(['Fiattini Trasporti S.r.l.']);
    expect(search([fiattini, fiat], 'fiat trasp')).toEqual(['Fiattini Trasporti S.r.l.']);
  });

  it('finds it by code, VAT, email and phone', () => {
    for (const q of [
      'C000042', 'c000042', 'c0000', 'IT 01234567890', '01234567890', 'it01234567890', 'IT01234567890', 'IT 012 345 678 90',
      '012.345.678.90', '0123456', 'sales@fiat.it', 'SALES@FIAT.IT', 'sales@', 'fiat.it', '@fiat.it', 'sales',
      '+39 011 123 4567', '0039 011 1234567', '011 1234567', '011/1234567', '(011) 123-4567', '+39 011', '390111234567',
    ]) {
      expect([q, matches(fiatTokens, q, it_)]).toEqual([q, true]);
    }
    expect(matches(fiatTokens, 'C000043', it_)).toBe(false);
    expect(matches(fiatTokens, 'IT 01234567891', it_)).toBe(false);
    expect(matches(fiatTokens, 'info@fiat.it', it_)).toBe(false);
    expect(matches(fiatTokens, '011 7654321', it_)).toBe(false);
  });
});

describe('query terms', () => {
  it('normalises the spellings of the issue to the same term', () => {
    const spellings = ['FIAT', 'fiat', 'F.I.A.T.', 'Fiat SpA', 'f.i.a.t. s.p.a.', 'F I A T'];
    const names = spellings.map((q) => queryTokens(q).map((t) => t.prefixes.filter((p) => p.startsWith('n:'))));
    expect(names).toEqual(spellings.map(() => [['n:fiat']]));
  });

  it('looks a plain word up as a name, a city and an email part', () => {
    expect(queryTokens('Kovács')).toEqual([{ source: 'Kovács', prefixes: ['e:kovacs', 'n:kovacs', 't:kovacs'] }]);
  });

  it('classifies codes, VAT numbers, emails and phones', () => {
    expect(queryTokens('C000042')[0]!.prefixes).toEqual(['c:c000042', 'e:c000042', 'n:c000042']);
    expect(queryTokens('IT 01234567890', it_)).toEqual([
      { source: 'IT 01234567890', prefixes: ['p:01234567890', 'p:3901234567890', 'v:01234567890'] },
    ]);
    expect(queryTokens('it01234567890')[0]!.prefixes).toContain('v:01234567890');
    expect(queryTokens('sales@fiat.it')).toEqual([{ source: 'sales@fiat.it', prefixes: ['e:sales@fiat.it'] }]);
    expect(queryTokens('@fiat.it')[0]!.prefixes).toEqual(['e:fiat.it']);
    expect(queryTokens('+39 011 123 4567', it_)).toEqual([
      { source: '+39 011 123 4567', prefixes: ['p:0111234567', 'p:390111234567'] },
    ]);
    expect(queryTokens('011 1234567', it_)[0]!.prefixes).toEqual(['p:0111234567', 'p:390111234567', 'v:0111234567']);
    expect(queryTokens('06 1 234 5678', { defaultCountry: 'HU' })[0]!.prefixes).toEqual([
      'p:0612345678', 'p:12345678', 'p:3612345678', 'v:0612345678',
    ]);
    expect(queryTokens('2000')[0]!.prefixes).toEqual(['n:2000', 'p:2000', 'v:2000']);
  });

  it('combines words (AND) and keeps emails and numbers apart from names', () => {
    const terms = queryTokens('kovács sales@kovacs.hu +36 1 234 5678 győr');
    expect(terms.map((t) => t.source)).toEqual(['kovács', 'sales@kovacs.hu', '+36 1 234 5678', 'győr']);
  });

  it('drops legal forms anywhere, single characters and connectors — unless nothing else is left', () => {
    expect(queryTokens('Fiat S.p.A. Torino').map((t) => t.source)).toEqual(['Fiat', 'Torino']);
    expect(queryTokens('Rossi e Bianchi').map((t) => t.source)).toEqual(['Rossi', 'Bianchi']);
    expect(queryTokens('kovács és társa kft').map((t) => t.source)).toEqual(['kovács', 'társa']);
    expect(queryTokens('S.p.A.').map((t) => t.prefixes)).toEqual([['e:s.p.a', 'n:spa', 't:spa']]);
    expect(queryTokens('and').map((t) => t.source)).toEqual(['and']);
    expect(queryTokens('a')).toEqual([]);
    expect(queryTokens('')).toEqual([]);
    expect(queryTokens(' - , . ')).toEqual([]);
  });

  it('restricts kinds on request; a term left without prefixes matches nothing', () => {
    expect(queryTokens('fiat', { kinds: ['n'] })).toEqual([{ source: 'fiat', prefixes: ['n:fiat'] }]);
    const terms = queryTokens('sales@fiat.it', { kinds: ['n'] });
    expect(terms).toEqual([{ source: 'sales@fiat.it', prefixes: [] }]);
    expect(matches(fiatTokens, terms)).toBe(false);
  });

  it('never produces a prefix shorter than the bucket or longer than a token', () => {
    const long = 'x'.repeat(300);
    for (const q of ['fi', 'f', '+3', 'F.I.A.T.', long, `${long}@example.com`, '1 2 3', 'ab cd ef']) {
      for (const term of queryTokens(q, it_)) {
        for (const p of term.prefixes) {
          expect(p.length).toBeLessThanOrEqual(MAX_TOKEN_LENGTH);
          expect([...p.slice(2)].length).toBeGreaterThanOrEqual(MIN_TERM_CHARS);
          expect(p.startsWith(searchBucket(p)) || !findsExtensions(p)).toBe(true);
        }
      }
    }
  });

  it('drops a prefix that extends another prefix of the same term', () => {
    for (const term of queryTokens('011 1234567 C000042 fiat.it +36 30 123 4567', it_)) {
      for (const p of term.prefixes) {
        expect(term.prefixes.filter((o) => o !== p && p.startsWith(o))).toEqual([]);
      }
    }
  });

  it('matches precomputed terms like the query text', () => {
    const terms = queryTokens('fiat torino', it_);
    expect(matches(fiatTokens, terms)).toBe(matches(fiatTokens, 'fiat torino', it_));
    expect(matchScore(fiatTokens, terms)).toBe(matchScore(fiatTokens, 'fiat torino', it_));
  });
});

describe('buckets (GSI partition of a token or prefix)', () => {
  it('is the kind and the first characters of the value: 2 for words, more for exact-match kinds', () => {
    expect(searchBucket('n:fiat')).toBe('n:fi');
    expect(searchBucket('n:fi')).toBe('n:fi');
    expect(searchBucket('t:torino')).toBe('t:to');
    expect(searchBucket('e:fiat.it')).toBe('e:fi');
    expect(searchBucket('p:390111234567')).toBe('p:39011123');
    expect(searchBucket('v:01234567890')).toBe('v:01234567');
    expect(searchBucket('c:c000042')).toBe('c:c000042');
    expect(searchBucket('e:sales@fiat.it')).toBe('e:sales@fia');
  });

  it('spreads sequential codes and one area\'s phones over many buckets', () => {
    const codes = new Set(Array.from({ length: 1000 }, (_, i) => searchBucket(`c:c${String(i + 1).padStart(6, '0')}`)));
    expect(codes.size).toBe(1000);
    const phones = new Set(Array.from({ length: 1000 }, (_, i) => searchBucket(`p:39011${String((i * 9_973) % 10_000_000).padStart(7, '0')}`)));
    expect(phones.size).toBeGreaterThan(900);
  });

  it('finds extensions of a prefix only from the bucket length; a shorter exact-kind prefix is exact', () => {
    expect(findsExtensions('n:fi')).toBe(true);
    expect(findsExtensions('p:39011')).toBe(false);
    expect(findsExtensions('p:39011123')).toBe(true);
    expect(findsExtensions('c:c0000')).toBe(false);
    expect(findsExtensions('e:sales@fi')).toBe(false);
    expect(findsExtensions('e:sales@fia')).toBe(true);
    // A short prefix's bucket is the prefix itself: it holds exactly the tokens equal to it.
    expect(searchBucket('p:39011')).toBe('p:39011');
  });

  it('looks an address cut before its domain up by its local part, and other prefixes as they are', () => {
    expect(lookupPrefix('e:sales@')).toBe('e:sales');
    expect(lookupPrefix('e:sales@f')).toBe('e:sales');
    expect(lookupPrefix('e:sales@fiat.it')).toBe('e:sales@fiat.it');
    expect(lookupPrefix('p:39011')).toBe('p:39011');
    expect(lookupPrefix('n:fi')).toBe('n:fi');
    for (const q of ['sales@', 'sales@f']) {
      for (const p of queryTokens(q)[0]!.prefixes) {
        const found = fiatTokens.filter((t) => t.startsWith(lookupPrefix(p)) && searchBucket(t) === searchBucket(lookupPrefix(p)));
        expect(found.length).toBeGreaterThan(0);
        expect(matches(fiatTokens, queryTokens(q))).toBe(true);
      }
    }
  });

  it('puts every token a prefix can find in the prefix bucket', () => {
    for (const term of queryTokens('Fiat C000042 sales@fiat.it 011 1234567', it_)) {
      for (const p of term.prefixes) {
        expect(findsExtensions(p)).toBe(true);
        for (const t of fiatTokens.filter((x) => x.startsWith(p))) expect(searchBucket(t)).toBe(searchBucket(p));
      }
    }
  });
});

describe('accents, Polish and Hungarian names', () => {
  const lodz: SearchableRecord = { names: ['Przedsiębiorstwo Budowlane Łódź Sp. z o.o.'], cities: ['Łódź'] };
  const gyor: SearchableRecord = { names: ['Győri Keksz Kft.'], cities: ['Győr'] };
  const kovacs: SearchableRecord = { names: ['Kovács és Társa Kft.'], cities: ['Budapest'] };
  const societa: SearchableRecord = { names: ['Società Agricola Verdi S.s.'], cities: ['Forlì'] };

  it.each([
    [lodz, ['lodz', 'Łódź', 'ŁÓDŹ', 'łódź', 'LODZ', 'Lódz', 'przedsiebiorstwo', 'Przedsiębiorstwo Budowlane', 'budowlane lodz', 'prz bud łó']],
    [gyor, ['gyor', 'Győr', 'GYŐR', 'Gyor', 'gyori keksz', 'Győri Keksz KFT', 'keksz gyor']],
    [kovacs, ['kovacs', 'kovács', 'kovács és társa', 'Kovacs es Tarsa', 'KOVÁCS ÉS TÁRSA KFT', 'Kovács & Társa', 'kovacs tarsa kft.', 'tarsa', 'Ková', 'kovács budapest']],
    [societa, ['Società', 'societa', 'SOCIETA', 'societa agricola verdi', 'forli', 'Forlì', 'verdi ss']],
  ] as const)('%j', (record, queries) => {
    const tokens = searchTokens(record, it_);
    for (const q of queries) expect([q, matches(tokens, q, it_)]).toEqual([q, true]);
  });

  it('does not confuse them', () => {
    const records = [lodz, gyor, kovacs, societa, fiat];
    expect(search(records, 'lodz')).toEqual(['Przedsiębiorstwo Budowlane Łódź Sp. z o.o.']);
    expect(search(records, 'gyor')).toEqual(['Győri Keksz Kft.']);
    expect(search(records, 'kovacs tarsa')).toEqual(['Kovács és Társa Kft.']);
    expect(search(records, 'kft')).toEqual([]); // a legal form alone is not a name word
  });

  it('folds ł, ß, æ, ø, đ, ı and friends on both sides', () => {
    const record: SearchableRecord = {
      names: ['Straße Æble Ørsted Đaković Iıl Małopolska Œnologie'],
    };
    const tokens = searchTokens(record);
    for (const q of ['strasse', 'aeble', 'orsted', 'dakovic', 'iil', 'malopolska', 'oenologie', 'Straße', 'MAŁOPOLSKA', 'ØRSTED']) {
      expect([q, matches(tokens, q)]).toEqual([q, true]);
    }
  });
});

describe('initials and punctuated words', () => {
  it('collapses spaced or dotted initials and also indexes the other words', () => {
    const abc = searchTokens({ names: ['A.B.C. Costruzioni S.r.l.'] });
    expect(abc).toEqual(['n:abc', 'n:abccostruzioni', 'n:abccostruzionisrl', 'n:costruzioni']);
    for (const q of ['abc', 'A.B.C.', 'A B C', 'a. b. c. costruzioni', 'costruzioni', 'abc costr', 'abccostruzioni', 'ABC Costruzioni SRL']) {
      expect([q, matches(abc, q)]).toEqual([q, true]);
    }
    const ibm = searchTokens({ names: ['I.B.M. Italia S.p.A.', 'IBM'] });
    for (const q of ['ibm', 'I.B.M.', 'I B M', 'ibm italia', 'italia']) expect([q, matches(ibm, q)]).toEqual([q, true]);
  });

  it('indexes the parts of a punctuated word and the word squashed', () => {
    const tokens = searchTokens({ names: ["Dell'Orto S.p.A.", 'Coca-Cola Hellenic', 'AT&T Inc.'] });
    expect(tokens).toEqual(expect.arrayContaining(['n:dell', 'n:orto', 'n:dellorto', 'n:coca', 'n:cola', 'n:cocacola', 'n:att']));
    for (const q of ['dellorto', "dell'orto", 'orto', 'coca cola', 'coca-cola', 'cocacola', 'AT&T', 'att']) {
      expect([q, matches(tokens, q)]).toEqual([q, true]);
    }
  });
});

describe('codes, VAT numbers, emails and phones', () => {
  it('indexes VAT numbers without the country prefix (and from the first digit)', () => {
    expect(searchTokens({ names: ['X Y'], vat: ['IT 01234567890'] })).toContain('v:01234567890');
    expect(searchTokens({ names: ['X Y'], vat: ['01234567890'] })).toContain('v:01234567890');
    expect(searchTokens({ names: ['X Y'], vat: ['ATU12345678'] })).toEqual(expect.arrayContaining(['v:u12345678', 'v:12345678']));
    const pl = searchTokens({ names: ['Orlen S.A.'], vat: ['PL 774-00-01-454'] });
    for (const q of ['PL7740001454', 'pl 774 000 14 54', '7740001454', '774-00-01-454', '774000']) {
      expect([q, matches(pl, q)]).toEqual([q, true]);
    }
  });

  it('indexes the address, its domain and its local part', () => {
    const tokens = searchTokens({ names: ['Acme'], emails: ['Mario.Rossi@Acme.co.uk', 'not an email'] });
    expect(tokens).toEqual(['e:acme.co.uk', 'e:mario.rossi', 'e:mario.rossi@acme.co.uk', 'n:acme']);
    for (const q of ['mario.rossi@acme.co.uk', 'MARIO.ROSSI@ACME.CO.UK', 'acme.co.uk', 'mario.rossi', 'mario', 'acme.co', '@acme']) {
      expect([q, matches(tokens, q)]).toEqual([q, true]);
    }
  });

  it('matches Italian phones with and without +39 / 0039, whatever the stored form', () => {
    const spellings = ['+39 011 123 4567', '0039 011 1234567', '011 1234567', '+39 (011) 123-45-67', '011/123.45.67'];
    for (const stored of spellings) {
      for (const withCountry of [true, false]) {
        const tokens = searchTokens({ names: ['Fiat'], phones: [stored] }, withCountry ? it_ : {});
        for (const q of spellings) expect([stored, withCountry, q, matches(tokens, q, it_)]).toEqual([stored, withCountry, q, true]);
      }
    }
  });

  it('matches Polish phones', () => {
    const tokens = searchTokens({ names: ['Orlen'], phones: ['+48 22 123 45 67'] }, { defaultCountry: 'PL' });
    expect(tokens).toEqual(expect.arrayContaining(['p:48221234567', 'p:221234567']));
    for (const q of ['+48 22 123 45 67', '0048 22 1234567', '22 123 45 67', '(22) 123-45-67', '221234567', '022 123 45 67']) {
      expect([q, matches(tokens, q, { defaultCountry: 'PL' })]).toEqual([q, true]);
    }
  });

  it('matches Hungarian phones with the 06 trunk prefix', () => {
    for (const stored of ['+36 1 234 5678', '06 1 234 5678', '06-1-234-5678', '(06 1) 234 5678']) {
      const tokens = searchTokens({ names: ['Kovács'], phones: [stored] }, { defaultCountry: 'HU' });
      expect(tokens).toEqual(expect.arrayContaining(['p:3612345678', 'p:12345678']));
      for (const q of ['+36 1 234 5678', '0036 1 234 5678', '06 1 234 5678', '06-1-234-5678', '(06 1) 234-5678', '1 234 5678']) {
        expect([stored, q, matches(tokens, q, { defaultCountry: 'HU' })]).toEqual([stored, q, true]);
      }
    }
    const kovacs = searchTokens({ names: ['Kovács és Társa Kft.'], phones: ['06 1 234 5678'] }, { defaultCountry: 'HU' });
    expect(matches(kovacs, 'Kovacs es 06 1 234 5678', { defaultCountry: 'HU' })).toBe(true); // "es" read as Spain's VAT prefix
    expect(matches(kovacs, 'kovács és társa 1 234 5678', { defaultCountry: 'HU' })).toBe(true);
    const mobile = searchTokens({ names: ['Kovács'], phones: ['06 30 123 4567'] }, { defaultCountry: 'HU' });
    for (const q of ['+36 30 123 4567', '06 30 123 4567', '06301234567', '+36 (30) 123-4567']) {
      expect([q, matches(mobile, q, { defaultCountry: 'HU' })]).toEqual([q, true]);
    }
  });

  it("reads a query in the tenant's default country, whatever country the record was indexed in", () => {
    // A record whose country is unknown (no VAT prefix, no address country) is indexed without one.
    const international = searchTokens({ names: ['Kovács'], phones: ['+36 30 123 4567'] });
    const national = searchTokens({ names: ['Kovács'], phones: ['06 30 123 4567'] });
    const hu = { defaultCountry: 'HU' } as const;
    for (const q of ['06 30 123 4567', '06-30-123-4567', '+36 30 123 4567', '0036 30 123 4567']) {
      expect([q, matches(international, q, hu), matches(national, q, hu)]).toEqual([q, true, true]);
    }
    // Without the tenant's country the national form cannot be read (what issue 11 saw).
    expect(matches(international, '06 30 123 4567')).toBe(false);
    expect(matches(national, '+36 30 123 4567')).toBe(false);
    // Another country's number is not mistaken for a domestic one.
    expect(matches(national, '+48 30 123 4567', hu)).toBe(false);
  });

  it('splits several numbers in one field and skips what is not a phone', () => {
    const tokens = searchTokens({ names: ['Fiat'], phones: ['011 1234567; 333 7654321', 'n/a'] }, it_);
    expect(tokens.filter((t) => t.startsWith('p:'))).toEqual(['p:0111234567', 'p:3337654321', 'p:390111234567', 'p:393337654321']);
  });
});

describe('bounds and determinism', () => {
  const huge: SearchableRecord = {
    names: [
      Array.from({ length: 40 }, (_, i) => `Parola${i}`).join(' ') + ' S.r.l.',
      ...Array.from({ length: 20 }, (_, i) => `Alias Number ${i} ${'Z'.repeat(150)}`),
    ],
    code: 'C000001',
    vat: ['IT01234567890', 'IT09876543210'],
    emails: Array.from({ length: 30 }, (_, i) => `user${i}@example${i}.com`),
    phones: Array.from({ length: 30 }, (_, i) => `+39 02 ${1000000 + i}`),
    cities: ['Milano', 'Reggio nell\'Emilia', 'San Donà di Piave'],
  };

  it('keeps at most 64 tokens of at most 100 characters, none empty, code and VAT first', () => {
    const tokens = searchTokens(huge, it_);
    expect(tokens.length).toBe(MAX_TOKENS_PER_RECORD);
    expect(tokens).toEqual(expect.arrayContaining(['c:c000001', 'v:01234567890', 'v:09876543210']));
    for (const t of tokens) {
      expect(t).toMatch(/^[ntepvc]:[^\s#]{2,}$/u);
      expect([...t].length).toBeLessThanOrEqual(MAX_TOKEN_LENGTH);
    }
    expect(searchTokens(huge, { ...it_, maxTokens: 10 }).length).toBe(10);
  });

  it('returns sorted, unique tokens, the same every time', () => {
    const a = searchTokens(huge, it_);
    expect([...a].sort()).toEqual(a);
    expect(new Set(a).size).toBe(a.length);
    expect(searchTokens(structuredClone(huge), it_)).toEqual(a);
    expect(searchTokens(fiat, it_)).toEqual(fiatTokens);
  });

  it('does not depend on the order of emails, phones and cities', () => {
    const reversed: SearchableRecord = {
      ...fiat,
      emails: ['info@fiat.it', 'sales@fiat.it'],
      phones: ['02 1234567', '+39 011 123 4567'],
      cities: ['Milano', 'Torino'],
    };
    const forward = { ...reversed, emails: [...reversed.emails!].reverse(), phones: [...reversed.phones!].reverse(), cities: [...reversed.cities!].reverse() };
    expect(searchTokens(forward, it_)).toEqual(searchTokens(reversed, it_));
  });

  it('finds long names by their truncated tokens', () => {
    const name = `${'Lunghissimo'.repeat(12)} S.r.l.`;
    const tokens = searchTokens({ names: [name] });
    expect(tokens.every((t) => t.length <= MAX_TOKEN_LENGTH)).toBe(true);
    expect(matches(tokens, name)).toBe(true);
    expect(matches(tokens, 'lunghissimolunghi')).toBe(true);
  });

  it('gives no tokens for a record with nothing searchable, and no empty tokens ever', () => {
    expect(searchTokens({ names: ['', ' - ', 'A'], emails: ['x'], phones: ['n/a'], vat: ['n/a'], cities: [''] })).toEqual([]);
    expect(matches([], 'fiat')).toBe(false);
    expect(matches(fiatTokens, '')).toBe(false);
  });
});

describe('numbers that start with 00', () => {
  const fiatSpa: SearchableRecord = { names: ['F.I.A.T. S.p.A.'], vat: ['IT00470400011'] };

  it('finds an Italian VAT number written without its prefix, though 00 also opens an international number', () => {
    expect(matches(searchTokens(fiatSpa), '00470400011')).toBe(true);
  });

  it('still reads a spaced 00 number as a phone only', () => {
    const prefixes = queryTokens('0039 011 1234567').flatMap((t) => t.prefixes);
    expect(prefixes.every((p) => p.startsWith('p:'))).toBe(true);
  });
});
