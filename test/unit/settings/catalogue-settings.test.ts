import { describe, expect, it } from 'vitest';
import { catalogueDecider, catalogueOf, type CatalogueCommand } from '../../../domain/settings/catalogue-settings.ts';
import { catalogueAccepts, defaultCatalogues } from '../../../domain/settings/catalogues.ts';
import type { Actor } from '../../../domain/shared/actor.ts';
import type { CatalogueSetEvent } from '../../../events/administration/settings-events.ts';
import { deciderSpec, type GivenEvent } from '../../support/decider-spec.ts';

const now = '2026-03-10T09:00:00.000Z';
const actor = (userId: string, role: Actor['role']): Actor => ({ tenant: 'acme', userId, role, groups: [] });
const spec = deciderSpec(catalogueDecider, { actor: actor('ada', 'admin'), now });

const set = (entries: Extract<CatalogueCommand, { type: 'SetCatalogue' }>['data']['entries'], name: 'ticket-types' | 'stages' = 'ticket-types'): CatalogueCommand => ({
  type: 'SetCatalogue',
  data: { name, entries },
});
const defaults = ['problem', 'question', 'request', 'incident'].map((value) => ({ value }));
const types: GivenEvent<CatalogueSetEvent> = {
  type: 'CatalogueSet',
  data: { name: 'ticket-types', entries: ['problem', 'question', 'request', 'incident'].map((value) => ({ value, labels: {}, active: true })) },
};

describe('setting a catalogue', () => {
  it('replaces the list, with labels per locale, and enforces it', () => {
    spec
      .when(set([...defaults.slice(0, 3), { value: 'incident', labels: { it: ' Incidente ', en: 'Incident' }, active: false }, { value: 'outage' }]))
      .then([
        {
          type: 'CatalogueSet',
          data: {
            name: 'ticket-types',
            entries: [
              ...types.data.entries.slice(0, 3),
              { value: 'incident', labels: { it: 'Incidente', en: 'Incident' }, active: false },
              { value: 'outage', labels: {}, active: true },
            ],
          },
        },
      ])
      .andState((state) => {
        const catalogue = catalogueOf('ticket-types', state);
        expect(catalogue.enforced).toBe(true);
        expect(catalogueAccepts(catalogue, 'outage')).toBe(true);
        expect(catalogueAccepts(catalogue, 'incident')).toBe(false);
      });
  });

  it('turns a free-text catalogue into an enforced one', () => {
    expect(catalogueAccepts(catalogueOf('stages', null), 'anything')).toBe(true);
    spec.when(set([{ value: 'new' }, { value: 'qualified' }], 'stages')).thenState((state) => {
      expect(catalogueAccepts(catalogueOf('stages', state), 'anything')).toBe(false);
      expect(catalogueAccepts(catalogueOf('stages', state), 'qualified')).toBe(true);
    });
  });

  it('is the defaults until set', () => {
    expect(catalogueOf('ticket-priorities', null)).toBe(defaultCatalogues['ticket-priorities']);
  });

  it('changes nothing when the list is the same', () => {
    spec.given([types]).when(set(defaults)).thenNothing();
  });

  it('refuses removing a value: it is deactivated instead', () => {
    spec.when(set(defaults.slice(1))).thenThrows('invalid', { path: 'entries', message: 'problem' });
  });

  it.each([
    ['entries.4.value', [...defaults, { value: 'problem' }]],
    ['entries.4.value', [...defaults, { value: 'Bad Value' }]],
    ['entries.4.value', [...defaults, { value: '' }]],
    ['entries.4.labels.de', [...defaults, { value: 'other', labels: { de: 'Andere' } }]],
    ['entries.4.labels.it', [...defaults, { value: 'other', labels: { it: ' ' } }]],
  ])('refuses a bad list, naming %s', (path, entries) => {
    spec.when(set(entries)).thenThrows('invalid', { path });
  });

  it('is for administrators only', () => {
    for (const role of ['manager', 'standard', 'restricted'] as const) spec.as(actor('tom', role)).when(set(defaults)).thenThrows('forbidden');
  });
});
