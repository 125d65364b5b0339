import { describe, expect, it } from 'vitest';
import { InvalidEventError, readStored } from '../../../contract/event-catalogue.ts';

/**
 * Two published events took new values with the sales context: each got a new version rather than a
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
