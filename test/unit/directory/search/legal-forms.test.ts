import { describe, expect, it } from 'vitest';
import { legalFormIds } from '../../../../domain/directory/search/legal-forms.ts';
import { legalFormOf, normaliseName, stripLegalForms } from '../../../../domain/directory/search/names.ts';

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
