import { describe, expect, it } from 'vitest';
import { normaliseName } from '../../../../domain/directory/search/names.ts';

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
