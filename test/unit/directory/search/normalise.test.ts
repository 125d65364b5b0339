import { describe, expect, it } from 'vitest';
import {
  foldText,
  legalFormIds,
  legalFormOf,
  normaliseEmail,
  normaliseName,
  normalisePhone,
  normaliseVat,
  stripLegalForms,
} from '../../../../domain/directory/search/normalise.ts';

describe('foldText', () => {
  it.each([
    ['Società', 'societa'],
    ['ŁÓDŹ', 'lodz'],
    ['Łódź', 'lodz'],
    ['łódź', 'lodz'],
    ['Győr', 'gyor'],
    ['Kovács és Társa', 'kovacs es tarsa'],
    ['Szczęśliwy Żółw', 'szczesliwy zolw'],
    ['Straße', 'strasse'],
    ['GROẞ', 'gross'],
    ['Ærø', 'aero'],
    ['Ørsted', 'orsted'],
    ['Đorđe', 'dorde'],
    ['Ðað', 'dad'],
    ['Þór', 'thor'],
    ['ıspanak', 'ispanak'],
    ['İzmir', 'izmir'],
    ['Œuvre', 'oeuvre'],
    ['Ħal Qormi', 'hal qormi'],
    ['Acme™ ®', 'acme '],
    ['ﬁnance', 'finance'], // ligature
    ['ＦＩＡＴ', 'fiat'], // full width
    ['Sõrve Ülo', 'sorve ulo'],
    ['Cluj-Napoca Ștefan Țara', 'cluj-napoca stefan tara'],
  ])('%s → %s', (input, expected) => {
    expect(foldText(input)).toBe(expected);
  });

  it('folds decomposed input like precomposed input', () => {
    expect(foldText('Societa\u0300 Gyo\u030Br')).toBe(foldText('Società Győr'));
  });

  it('leaves punctuation and digits alone', () => {
    expect(foldText('F.I.A.T. S.p.A. 2000')).toBe('f.i.a.t. s.p.a. 2000');
  });
});

describe('legal forms', () => {
  // [name, canonical id, name without it]
  const cases: ReadonlyArray<readonly [string, string, string]> = [
    // Italian
    ['F.I.A.T. S.p.A.', 'spa', 'F.I.A.T.'],
    ['Fiat SpA', 'spa', 'Fiat'],
    ['Fiat S.P.A.', 'spa', 'Fiat'],
    ['Fiat s. p. a.', 'spa', 'Fiat'],
    ['Fiat S P A', 'spa', 'Fiat'],
    ['F.I.A.T.S.p.A.', 'spa', 'F.I.A.T.'],
    ['Fiat Società per Azioni', 'spa', 'Fiat'],
    ['Rossi S.r.l.', 'srl', 'Rossi'],
    ['Rossi SRL', 'srl', 'Rossi'],
    ['Rossi s.r.l', 'srl', 'Rossi'],
    ['Rossi srl.', 'srl', 'Rossi'],
    ['Rossi Società a responsabilità limitata', 'srl', 'Rossi'],
    ['Rossi S.r.l.s.', 'srls', 'Rossi'],
    ['Rossi SRLS', 'srls', 'Rossi'],
    ['Rossi & Bianchi S.n.c.', 'snc', 'Rossi & Bianchi'],
    ['Bianchi Mario & C. S.a.s.', 'sas', 'Bianchi Mario & C.'],
    ['Rossi S.a.p.a.', 'sapa', 'Rossi'],
    ['Agricola Verdi S.s.', 'ss', 'Agricola Verdi'],
    ['Agricola Verdi Società Semplice', 'ss', 'Agricola Verdi'],
    ['Edilizia Nuova Soc. Coop.', 'soc-coop', 'Edilizia Nuova'],
    ['Edilizia Nuova Società Cooperativa', 'soc-coop', 'Edilizia Nuova'],
    ['Il Girasole Soc. Coop. Sociale', 'soc-coop-sociale', 'Il Girasole'],
    ['Caseificio San Pietro Soc. Coop. a r.l.', 'scarl', 'Caseificio San Pietro'],
    ['Caseificio San Pietro S.c.a r.l.', 'scarl', 'Caseificio San Pietro'],
    ['Banca Popolare di Sondrio S.C.p.A.', 'scpa', 'Banca Popolare di Sondrio'],
    ['Rossi S.r.l. in liquidazione', 'srl', 'Rossi'],
    ['Acqua & Sapone S.r.l. unipersonale', 'srl', 'Acqua & Sapone'],
    ['Rossi S.r.l. a socio unico', 'srl', 'Rossi'],
    // Polish
    ['Żabka Polska Sp. z o.o.', 'sp-z-oo', 'Żabka Polska'],
    ['Żabka Polska sp. z o. o.', 'sp-z-oo', 'Żabka Polska'],
    ['Żabka Polska SP. Z O.O.', 'sp-z-oo', 'Żabka Polska'],
    ['Żabka Polska Sp.z o.o.', 'sp-z-oo', 'Żabka Polska'],
    ['Żabka Polska spzoo', 'sp-z-oo', 'Żabka Polska'],
    ['Żabka Polska Spółka z o.o.', 'sp-z-oo', 'Żabka Polska'],
    ['Żabka Polska spółka z ograniczoną odpowiedzialnością', 'sp-z-oo', 'Żabka Polska'],
    ['Orlen S.A.', 'sa', 'Orlen'],
    ['Orlen SA', 'sa', 'Orlen'],
    ['Budimex Spółka Akcyjna', 'sa', 'Budimex'],
    ['Stocznia Remontowa P.S.A.', 'psa', 'Stocznia Remontowa'],
    ['Kowalski i Wspólnicy Sp. j.', 'sp-j', 'Kowalski i Wspólnicy'],
    ['Kowalski i Wspólnicy sp.j.', 'sp-j', 'Kowalski i Wspólnicy'],
    ['Kowalski i Wspólnicy Spółka Jawna', 'sp-j', 'Kowalski i Wspólnicy'],
    ['Nowak Transport Sp. k.', 'sp-k', 'Nowak Transport'],
    ['Nowak Transport SP.K.', 'sp-k', 'Nowak Transport'],
    ['Nowak Transport spółka komandytowa', 'sp-k', 'Nowak Transport'],
    ['Szczęśliwy Dom S.K.A.', 'ska', 'Szczęśliwy Dom'],
    ['Szczęśliwy Dom ska', 'ska', 'Szczęśliwy Dom'],
    ['Zieliński i Partnerzy Sp. p.', 'sp-p', 'Zieliński i Partnerzy'],
    ['Jabłoński s.c.', 'sc', 'Jabłoński'],
    ['Wiśniewski Consulting Sp. z o.o. Sp. k.', 'sp-z-oo-sp-k', 'Wiśniewski Consulting'],
    ['Wiśniewski Consulting sp. z o.o. sp.k.', 'sp-z-oo-sp-k', 'Wiśniewski Consulting'],
    ['Wiśniewski Consulting Sp. z o.o. S.K.A.', 'sp-z-oo-ska', 'Wiśniewski Consulting'],
    ['Stal-Bud Sp. z o.o. w likwidacji', 'sp-z-oo', 'Stal-Bud'],
    // Hungarian
    ['Kovács és Társa Kft.', 'kft', 'Kovács és Társa'],
    ['Kovács és Társa KFT', 'kft', 'Kovács és Társa'],
    ['Kovács és Társa kft', 'kft', 'Kovács és Társa'],
    ['Kovács és Társa Korlátolt Felelősségű Társaság', 'kft', 'Kovács és Társa'],
    ['Nagy Építőipari Zrt.', 'zrt', 'Nagy Építőipari'],
    ['Nagy Építőipari ZRT', 'zrt', 'Nagy Építőipari'],
    ['Richter Gedeon Nyrt.', 'nyrt', 'Richter Gedeon'],
    ['Richter Gedeon Nyilvánosan Működő Részvénytársaság', 'nyrt', 'Richter Gedeon'],
    ['Szabó és Fia Bt.', 'bt', 'Szabó és Fia'],
    ['Szabó és Fia Betéti Társaság', 'bt', 'Szabó és Fia'],
    ['Tóth Kereskedelmi Kkt.', 'kkt', 'Tóth Kereskedelmi'],
    ['Tóth Kereskedelmi Közkereseti Társaság', 'kkt', 'Tóth Kereskedelmi'],
    ['Debreceni Hűtőipari Nonprofit Kft.', 'nonprofit-kft', 'Debreceni Hűtőipari'],
    ['Pécsi Sörfőzde Zrt. f.a.', 'zrt', 'Pécsi Sörfőzde'],
    ['Pécsi Sörfőzde Kft. v.a.', 'kft', 'Pécsi Sörfőzde'],
    ['Horváth Péter e.v.', 'ev', 'Horváth Péter'],
    ['Régi Cég Rt.', 'rt', 'Régi Cég'],
    // English
    ['Acme Widgets Ltd', 'ltd', 'Acme Widgets'],
    ['Acme Widgets Ltd.', 'ltd', 'Acme Widgets'],
    ['Acme Widgets LTD', 'ltd', 'Acme Widgets'],
    ['Acme Widgets Limited', 'ltd', 'Acme Widgets'],
    ['Blue Ocean Trading LLC', 'llc', 'Blue Ocean Trading'],
    ['Blue Ocean Trading L.L.C.', 'llc', 'Blue Ocean Trading'],
    ['Blue Ocean Trading, llc', 'llc', 'Blue Ocean Trading'],
    ['Northwind Traders Inc.', 'inc', 'Northwind Traders'],
    ['Apple, Inc.', 'inc', 'Apple'],
    ['Apple Incorporated', 'inc', 'Apple'],
    ['General Dynamics Corp.', 'corp', 'General Dynamics'],
    ['General Dynamics Corporation', 'corp', 'General Dynamics'],
    ['Tesco PLC', 'plc', 'Tesco'],
    ['Tesco p.l.c.', 'plc', 'Tesco'],
    ['Tesco Public Limited Company', 'plc', 'Tesco'],
    ['Ernst & Young LLP', 'llp', 'Ernst & Young'],
    ['The Coca-Cola Company', 'co', 'The Coca-Cola'],
    ['Smith & Co.', 'co', 'Smith'],
    ['Rossi Ltd (in liquidation)', 'ltd', 'Rossi'],
    // German
    ['Müller Maschinenbau GmbH', 'gmbh', 'Müller Maschinenbau'],
    ['Müller Maschinenbau GMBH', 'gmbh', 'Müller Maschinenbau'],
    ['Müller Maschinenbau G.m.b.H.', 'gmbh', 'Müller Maschinenbau'],
    ['Müller Maschinenbau GmbH & Co. KG', 'gmbh-co-kg', 'Müller Maschinenbau'],
    ['Siemens AG', 'ag', 'Siemens'],
    ['Siemens A.G.', 'ag', 'Siemens'],
    ['Siemens Aktiengesellschaft', 'ag', 'Siemens'],
    ['Allianz SE', 'se', 'Allianz'],
  ];

  it.each(cases)('%s → %s', (name, form, base) => {
    expect(legalFormOf(name)).toBe(form);
    expect(stripLegalForms(name)).toBe(base);
    expect(normaliseName(name)).toBe(normaliseName(base));
  });

  it('covers every form the table declares', () => {
    expect(legalFormIds).toEqual(expect.arrayContaining([...new Set(cases.map(([, id]) => id))]));
    expect(new Set(legalFormIds).size).toBe(legalFormIds.length);
  });

  it.each([
    ['FIAT'],
    ['Fiattini Trasporti'],
    ['I.S.A.'], // "s.a." is not stripped: only "i" would be left
    ['S.p.A.'], // nothing else: kept
    ['Limited'],
    ['Spa Hotel Terme'], // a form only counts at the end
    ['Casa Vacanze'],
    ['Fiat.SpA'], // "spa" joined to a word by a dot is part of it
    ['Sportiva Sassuolo'],
  ])('%s has no legal form', (name) => {
    expect(legalFormOf(name)).toBeNull();
    expect(stripLegalForms(name)).toBe(name);
  });

  it('strips one form only: a word spelled like a form before it stays', () => {
    expect(stripLegalForms('Hotel Spa S.r.l.')).toBe('Hotel Spa');
    expect(normaliseName('Hotel Spa S.r.l.')).toBe('hotelspa');
  });

  it('strips qualifiers only after a form', () => {
    expect(legalFormOf('Studio Fa')).toBeNull();
    expect(stripLegalForms('Studio Fa')).toBe('Studio Fa');
    expect(stripLegalForms('Bianchi in liquidazione')).toBe('Bianchi in liquidazione');
  });
});

describe('normaliseName', () => {
  it('gives the same canonical form for every spelling of F.I.A.T. S.p.A.', () => {
    const spellings = ['F.I.A.T. S.p.A.', 'Fiat SpA', 'FIAT', 'fiat', 'F.I.A.T.', 'f.i.a.t. s.p.a.', 'F I A T', 'F. I. A. T. S.P.A.', 'Fiat S.p.A'];
    expect(new Set(spellings.map((s) => normaliseName(s)))).toEqual(new Set(['fiat']));
  });

  it.each([
    ['Kovács és Társa Kft.', 'Kovacs & Tarsa KFT', 'kovacstarsa'],
    ['Kovács és Társa Kft.', 'KOVÁCS ÉS TÁRSA', 'kovacstarsa'],
    ['A.B.C. Costruzioni S.r.l.', 'ABC Costruzioni srl', 'abccostruzioni'],
    ['I.B.M. Italia S.p.A.', 'IBM Italia', 'ibmitalia'],
    ['Coca-Cola', 'Coca Cola', 'cocacola'],
    ['Dell\'Orto S.p.A.', 'Dellorto SpA', 'dellorto'],
    ['Acqua & Sapone S.r.l.', 'Acqua e Sapone', 'acquasapone'],
    ['Smith & Sons Limited', 'Smith and Sons Ltd', 'smithsons'],
    ['Przedsiębiorstwo Budowlane Łódź Sp. z o.o.', 'PRZEDSIEBIORSTWO BUDOWLANE LODZ SPZOO', 'przedsiebiorstwobudowlanelodz'],
    ['Győri Keksz Kft.', 'Gyori Keksz KFT.', 'gyorikeksz'],
  ])('%s = %s → %s', (a, b, expected) => {
    expect(normaliseName(a)).toBe(expected);
    expect(normaliseName(b)).toBe(expected);
  });

  it('keeps what distinguishes names', () => {
    expect(normaliseName('Studio 5 S.r.l.')).not.toBe(normaliseName('Studio 6 S.r.l.'));
    expect(normaliseName('Rossi Costruzioni')).not.toBe(normaliseName('Rossi Trasporti'));
  });

  it('can leave legal forms alone (people)', () => {
    expect(normaliseName('Maria Sa', { legalForms: false })).toBe('mariasa');
    expect(normaliseName('Maria Sa')).toBe('maria');
  });

  it('is empty for a name without letters or digits', () => {
    expect(normaliseName(' - ')).toBe('');
  });
});

describe('normaliseVat', () => {
  it('reads the country prefix or the default country, and strips separators', () => {
    const expected = { country: 'IT', number: '01234567890', canonical: 'IT01234567890' };
    expect(normaliseVat('IT 01234567890')).toEqual(expected);
    expect(normaliseVat('it01234567890')).toEqual(expected);
    expect(normaliseVat('IT-012.345.678-90')).toEqual(expected);
    expect(normaliseVat('P.IVA: IT 01234567890')).toEqual(expected);
    expect(normaliseVat('partita iva 01234567890', 'IT')).toEqual(expected);
    expect(normaliseVat('01234567890', 'IT')).toEqual(expected);
    expect(normaliseVat('01234567890', '39')).toEqual(expected);
    expect(normaliseVat('01234567890')).toEqual({ country: null, number: '01234567890', canonical: '01234567890' });
  });

  it('equates the spellings of the issue by number', () => {
    const numbers = ['IT 01234567890', '01234567890', 'it01234567890'].map((v) => normaliseVat(v)?.number);
    expect(new Set(numbers)).toEqual(new Set(['01234567890']));
  });

  it.each([
    ['NIP 123-456-78-90', 'PL', 'PL1234567890'],
    ['PL 123 456 78 90', undefined, 'PL1234567890'],
    ['HU12345678', undefined, 'HU12345678'],
    ['adószám: 12345678', 'HU', 'HU12345678'],
    ['ATU12345678', undefined, 'ATU12345678'],
    ['DE 123 456 789', undefined, 'DE123456789'],
    ['GR 123456789', undefined, 'EL123456789'],
    ['GB 123 4567 89', undefined, 'GB123456789'],
    ['CHE-123.456.789 MWST', undefined, 'CHE123456789'],
    ['ESB12345678', undefined, 'ESB12345678'],
  ])('%s (default %s) → %s', (input, country, canonical) => {
    expect(normaliseVat(input, country)?.canonical).toBe(canonical);
  });

  it('refuses what has no digits', () => {
    expect(normaliseVat('')).toBeNull();
    expect(normaliseVat('n/a')).toBeNull();
    expect(normaliseVat('IT')).toBeNull();
  });
});

describe('normaliseEmail', () => {
  it.each([
    ['sales@fiat.it', 'sales@fiat.it'],
    ['  Sales@FIAT.IT ', 'sales@fiat.it'],
    ['mailto:Sales@Fiat.it', 'sales@fiat.it'],
    ['<sales@fiat.it>', 'sales@fiat.it'],
    ['mario.rossi+crm@fiat.it', 'mario.rossi+crm@fiat.it'],
  ])('%s → %s', (input, expected) => {
    expect(normaliseEmail(input)).toBe(expected);
  });

  it.each([[''], ['sales'], ['sales@'], ['@fiat.it'], ['sales @fiat.it']])('refuses %j', (input) => {
    expect(normaliseEmail(input)).toBeNull();
  });
});

describe('normalisePhone', () => {
  const italian = { e164Digits: '390111234567', national: '0111234567', countryCode: '39' };

  it.each([
    ['+39 011 123 4567', undefined],
    ['+39 011 1234567', 'PL'], // international form wins over the default
    ['0039 011 1234567', undefined],
    ['00 39 011/1234567', undefined],
    ['+39 (011) 123-4567', undefined],
    ['011 1234567', 'IT'],
    ['011/123.45.67', 'IT'],
    ['(011) 123 4567', '39'],
    ['011 1234567', '+39'],
    ['39 011 1234567', 'IT'], // country code without + or 00, too long to be national
    ['+39 011 1234567 int. 23', undefined],
    ['011-1234567 ext 5', 'IT'],
  ])('Italian landline %s (default %s)', (input, country) => {
    expect(normalisePhone(input, country)).toEqual(italian);
  });

  it('keeps the Italian mobile national number (no trunk prefix)', () => {
    expect(normalisePhone('333 123 4567', 'IT')).toEqual({ e164Digits: '393331234567', national: '3331234567', countryCode: '39' });
    expect(normalisePhone('+39 333 1234567')).toEqual({ e164Digits: '393331234567', national: '3331234567', countryCode: '39' });
    // a mobile starting with 39 is not mistaken for the country code
    expect(normalisePhone('393 1234567', 'IT')?.e164Digits).toBe('393931234567');
  });

  it.each([
    ['+48 22 123 45 67', undefined],
    ['0048 22 123 45 67', undefined],
    ['(22) 123-45-67', 'PL'],
    ['22 123 45 67', 'PL'],
    ['022 123 45 67', 'PL'], // pre-2009 trunk 0
    ['48 22 123 45 67', 'PL'],
    ['+48 22 123 45 67 wew. 12', undefined],
  ])('Polish %s (default %s)', (input, country) => {
    expect(normalisePhone(input, country)).toEqual({ e164Digits: '48221234567', national: '221234567', countryCode: '48' });
  });

  it.each([
    ['+36 1 234 5678', undefined],
    ['0036 1 234 5678', undefined],
    ['06 1 234 5678', 'HU'],
    ['06-1-234-5678', 'HU'],
    ['(06 1) 234 5678', 'HU'],
    ['06 (1) 234-5678', 'HU'],
    ['1 234 5678', 'HU'],
    ['+36 06 1 234 5678', undefined], // trunk prefix written after the country code
    ['36 1 234 5678', 'HU'],
    ['06 1 234 5678 mellék 12', 'HU'],
  ])('Hungarian Budapest %s (default %s)', (input, country) => {
    expect(normalisePhone(input, country)).toEqual({ e164Digits: '3612345678', national: '12345678', countryCode: '36' });
  });

  it('reads Hungarian mobiles with the 06 trunk prefix', () => {
    const mobile = { e164Digits: '36301234567', national: '301234567', countryCode: '36' };
    expect(normalisePhone('06 30 123 4567', 'HU')).toEqual(mobile);
    expect(normalisePhone('06-30/123-4567', 'HU')).toEqual(mobile);
    expect(normalisePhone('+36 30 123 4567')).toEqual(mobile);
    expect(normalisePhone('+36 (30) 123-4567')).toEqual(mobile);
    // Eger (area code 36) is national, not the country code
    expect(normalisePhone('06 36 123 456', 'HU')).toEqual({ e164Digits: '3636123456', national: '36123456', countryCode: '36' });
  });

  it('handles the general +<cc> / 00<cc> form and trunk prefixes elsewhere', () => {
    expect(normalisePhone('+44 (0)20 7946 0000')).toEqual({ e164Digits: '442079460000', national: '2079460000', countryCode: '44' });
    expect(normalisePhone('020 7946 0000', 'GB')).toEqual({ e164Digits: '442079460000', national: '2079460000', countryCode: '44' });
    expect(normalisePhone('+49 (0)30 1234567')).toEqual({ e164Digits: '49301234567', national: '301234567', countryCode: '49' });
    expect(normalisePhone('030 1234567', 'DE')).toEqual({ e164Digits: '49301234567', national: '301234567', countryCode: '49' });
    expect(normalisePhone('+1 (212) 555-1234')).toEqual({ e164Digits: '12125551234', national: '2125551234', countryCode: '1' });
    expect(normalisePhone('1 212 555 1234', 'US')).toEqual({ e164Digits: '12125551234', national: '2125551234', countryCode: '1' });
    expect(normalisePhone('+420 601 123 456')).toEqual({ e164Digits: '420601123456', national: '601123456', countryCode: '420' });
    expect(normalisePhone('+358 9 1234567')?.countryCode).toBe('358');
  });

  it('gives national digits only when the country is unknown', () => {
    expect(normalisePhone('011 1234567')).toEqual({ e164Digits: null, national: '0111234567', countryCode: null });
    expect(normalisePhone('011 1234567', 'XX')).toEqual({ e164Digits: null, national: '0111234567', countryCode: null });
  });

  it.each([[''], ['abc'], ['011 FIAT'], ['12'], ['+39 12'], ['+39 011 1234567 011 1234567 011']])('refuses %j', (input) => {
    expect(normalisePhone(input, 'IT')).toBeNull();
  });
});
