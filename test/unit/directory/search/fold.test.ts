import { describe, expect, it } from 'vitest';
import { foldText } from '../../../../domain/directory/search/fold.ts';

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
