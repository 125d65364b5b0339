import { describe, expect, it } from 'vitest';
import { catalogueDecider, catalogueOf } from '../../../domain/settings/catalogue-settings.ts';
import { defaultCatalogues, type Catalogue } from '../../../domain/settings/catalogues.ts';
import { defaultTicketCatalogue, ticketCatalogueOf } from '../../../domain/support/ticket-catalogue.ts';
import { ticketDecider } from '../../../domain/support/ticket.ts';
import { deciderSpec } from '../../support/decider-spec.ts';

const types = (entries: [string, boolean][]): Catalogue => ({
  name: 'ticket-types',
  enforced: true,
  entries: entries.map(([value, active]) => ({ value, labels: {}, active })),
});
const priorities = defaultCatalogues['ticket-priorities'];

describe('the ticket catalogue from the tenant catalogues', () => {
  it('is the usual one with the default catalogues', () => {
    expect(ticketCatalogueOf(defaultCatalogues['ticket-types'], priorities)).toEqual(defaultTicketCatalogue);
  });

  it('offers only active values, and falls back to the first active one when the usual default is deactivated', () => {
    const catalogue = ticketCatalogueOf(types([['problem', false], ['outage', true], ['incident', true]]), priorities);
    expect(catalogue).toMatchObject({ types: ['outage', 'incident'], defaultType: 'outage', defaultPriority: 'normal' });
  });

  it('builds on a catalogue as the settings decider leaves it', () => {
    const set = catalogueDecider.evolve(null, {
      type: 'CatalogueSet',
      data: { name: 'ticket-priorities', entries: [{ value: 'p1', labels: {}, active: true }] },
      at: '2026-01-01T00:00:00.000Z',
      actor: 'ada',
    });
    expect(ticketCatalogueOf(catalogueOf('ticket-types', null), catalogueOf('ticket-priorities', set))).toMatchObject({
      priorities: ['p1'],
      defaultPriority: 'p1',
    });
  });
});

describe('opening a ticket against the tenant catalogue', () => {
  const spec = deciderSpec(ticketDecider, { actor: { tenant: 'acme', userId: 'olga', role: 'standard', groups: [] }, now: '2026-03-10T09:00:00.000Z' });
  const catalogue = ticketCatalogueOf(types([['problem', true], ['incident', false]]), priorities);
  const open = (data: { ticketType?: string; priority?: string }) =>
    ({ type: 'OpenTicket', data: { ticketId: 't1', number: 1, companyId: 'c1', subject: 'PC', catalogue, ...data } }) as const;

  it('refuses a deactivated or unknown type, and an unknown priority, naming the field', () => {
    spec.when(open({ ticketType: 'incident' })).thenThrows('invalid', { path: 'type', message: 'problem' });
    spec.when(open({ ticketType: 'outage' })).thenThrows('invalid', { path: 'type' });
    spec.when(open({ priority: 'p9' })).thenThrows('invalid', { path: 'priority' });
  });

  it('accepts an active one', () => {
    spec.when(open({ ticketType: 'problem', priority: 'high' })).thenState({ type: 'problem', priority: 'high' });
  });
});
