import { describe, expect, it } from 'vitest';
import { InvalidEventError, readStored } from '../../../contract/event-catalogue.ts';

/**
 * Published events that took new values got a new version rather than a widened v1: each got a new version rather than a
 * widened v1, so a stored v1 event reads as the same v2 event, and v1 never accepted the new values.
 */
describe('CatalogueSet v1 -> v2 (loss-reasons)', () => {
  const v1 = { name: 'stages', entries: [{ value: 'won', labels: { it: 'Vinta' }, active: true }] };

  it('reads a stored v1 event as v2, meaning unchanged', () => {
    expect(readStored('CatalogueSet', 1, v1)).toEqual(v1);
    expect(readStored('CatalogueSet', 2, { ...v1, name: 'loss-reasons' })).toEqual({ ...v1, name: 'loss-reasons' });
  });

  it('never named loss-reasons in v1', () => {
    expect(() => readStored('CatalogueSet', 1, { ...v1, name: 'loss-reasons' })).toThrow(InvalidEventError);
  });
});

describe('CatalogueSet v2 -> v3 (request-types)', () => {
  const v2 = { name: 'loss-reasons', entries: [{ value: 'price', labels: {}, active: true }] };

  it('reads stored v1 and v2 events as v3, meaning unchanged', () => {
    expect(readStored('CatalogueSet', 2, v2)).toEqual(v2);
    expect(readStored('CatalogueSet', 1, { ...v2, name: 'stages' })).toEqual({ ...v2, name: 'stages' });
    expect(readStored('CatalogueSet', 3, { ...v2, name: 'request-types' })).toEqual({ ...v2, name: 'request-types' });
  });

  it('never named request-types in v1 or v2', () => {
    for (const version of [1, 2]) {
      expect(() => readStored('CatalogueSet', version, { ...v2, name: 'request-types' })).toThrow(InvalidEventError);
    }
  });
});

/**
 * Customer requests generate tickets, quotes and meetings that name the request as their `origin`:
 * the three creation events got a v2 with an optional `origin`; a stored v1 reads as a v2 without one.
 */
describe('creation events v1 -> v2 (origin)', () => {
  const origin = { kind: 'request', id: 'req-1' };
  const cases = {
    TicketOpened: { ticketId: 't-1', number: 7, companyId: 'acme', subject: 'Printer', type: 'problem', priority: 'normal', assignee: null },
    QuoteDrafted: {
      quoteId: 'q-1',
      reference: 'Q-2026-00001',
      year: 2026,
      number: 1,
      content: {
        party: { kind: 'company', id: 'acme' },
        contact: null,
        operatorId: 'olga',
        validFrom: '2026-12-01',
        validUntil: '2026-12-31',
        currency: 'EUR',
        pricing: { mode: 'amount', amount: '100.00', vatRate: '22' },
        totals: { net: '100.00', vat: [{ rate: '22', base: '100.00', vat: '22.00' }], vatTotal: '22.00', gross: '122.00' },
        probability: null,
        description: 'Maintenance',
        opportunityId: null,
        campaign: null,
      },
    },
    ActivityScheduled: {
      activityId: 'a-1',
      details: { type: 'meeting', subject: 'Visit', notes: null, estimatedMinutes: null, related: null, parentId: null, reminderOffsets: [] },
      schedule: { start: '2026-12-03T09:00:00.000Z', end: '2026-12-03T10:00:00.000Z', dueOn: null },
      assignee: { kind: 'user', userId: 'olga' },
      status: 'planned',
    },
  } as const;

  for (const [type, v1] of Object.entries(cases)) {
    it(`${type}: reads a stored v1 event as v2 without origin; v1 never carried one`, () => {
      expect(readStored(type, 1, v1)).toEqual(v1);
      expect(readStored(type, 2, { ...v1, origin })).toEqual({ ...v1, origin });
      expect(() => readStored(type, 1, { ...v1, origin })).toThrow(InvalidEventError);
    });
  }
});

describe('ExportRequested v1 -> v2 (the sales lists)', () => {
  const v1 = {
    jobId: 'job-1',
    kind: 'companies',
    filter: { tag: 'vip', mine: true },
    locale: 'it',
    key: 'acme/exports/job-1.csv',
    runAs: { userId: 'olga', role: 'standard', groups: [] },
  };

  it('reads a stored v1 event as v2, meaning unchanged', () => {
    expect(readStored('ExportRequested', 1, v1)).toEqual(v1);
    expect(readStored('ExportRequested', 2, { ...v1, kind: 'quotes' })).toEqual({ ...v1, kind: 'quotes' });
  });

  it('never exported a sales list in v1', () => {
    for (const kind of ['opportunities', 'quotes', 'orders']) {
      expect(() => readStored('ExportRequested', 1, { ...v1, kind })).toThrow(InvalidEventError);
    }
  });
});
