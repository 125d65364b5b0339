import { describe, it } from 'vitest';
import { directoryDefaultsDecider } from '../../../domain/settings/directory-defaults.ts';
import type { Actor } from '../../../domain/shared/actor.ts';
import { deciderSpec } from '../../support/decider-spec.ts';

const now = '2026-03-10T09:00:00.000Z';
const ada: Actor = { tenant: 'acme', userId: 'ada', role: 'admin', groups: [] };
const olga: Actor = { tenant: 'acme', userId: 'olga', role: 'standard', groups: [] };
const spec = deciderSpec(directoryDefaultsDecider, { actor: ada, now });
const set = (defaultCountry: string | null) => ({ type: 'SetDirectoryDefaults' as const, data: { defaultCountry } });

describe('directory defaults', () => {
  it('sets the default country as its ISO code, from a code or an it/en/pl/hu name', () => {
    for (const given of ['HU', 'hu', 'Magyarország', 'Hungary', 'Ungheria', 'Węgry']) {
      spec.when(set(given)).then([{ type: 'DirectoryDefaultsSet', data: { defaultCountry: 'HU' } }]).andState({ defaultCountry: 'HU' });
    }
  });

  it('clears it with null or a blank, and records nothing when it does not change', () => {
    const hu = { type: 'DirectoryDefaultsSet' as const, data: { defaultCountry: 'HU' } };
    spec.given([hu]).when(set(null)).then([{ type: 'DirectoryDefaultsSet', data: { defaultCountry: null } }]);
    spec.given([hu]).when(set('  ')).then([{ type: 'DirectoryDefaultsSet', data: { defaultCountry: null } }]);
    spec.given([hu]).when(set('Magyarország')).thenNothing();
  });

  it('refuses an unknown country (422 naming defaultCountry) and anyone but an administrator', () => {
    spec.when(set('Narnia')).thenThrows('invalid', { path: 'defaultCountry' });
    spec.as(olga).when(set('HU')).thenThrows('forbidden');
  });
});
