import { describe, expect, it } from 'vitest';
import type { StoredEvent } from '../../events/envelope.ts';
import { opportunityIndexKeys, opportunityListProjection, type OpportunityRow } from '../../projections/sales/opportunity-list.ts';

/**
 * The opportunity list row's gsi4 keys (the dashboard's "latest opportunities entered by you"): there
 * while the opportunity has an owner, whatever its status, keyed by owner and sorted by creation time.
 * The rows are folded by the projection's own `evolve`, so `createdAt` is the first event's time.
 */
let version = 0;
const event = (type: string, at: string, data: Record<string, unknown>): StoredEvent =>
  ({ aggregateType: 'opportunity', aggregateId: 'o1', version: ++version, type, data, at, meta: { actor: 'ada', commandId: 'c', correlationId: 'c' } }) as unknown as StoredEvent;

const created = (ownerId: string | null) =>
  event('OpportunityCreated', '2027-03-01T09:00:00.000Z', {
    opportunityId: 'o1',
    title: 'Boiler',
    parties: [{ kind: 'company', id: 'co1' }],
    contactId: null,
    pricing: null,
    amount: null,
    currency: null,
    probability: null,
    stage: 'new',
    expectedCloseDate: '2027-06-30',
    ownerId,
    partners: [],
    competitors: [],
    campaign: null,
    description: null,
    leadId: null,
  });

const fold = (events: StoredEvent[]): OpportunityRow => events.reduce<OpportunityRow | null>((row, next) => opportunityListProjection.evolve(row, next), null)!;
const item = (row: OpportunityRow) => opportunityListProjection.toItem('t1', row.id, row, 2);
const gsi4Of = (row: OpportunityRow) => {
  const { gsi4pk, gsi4sk } = item(row);
  return { gsi4pk, gsi4sk };
};

describe('the opportunity list row on gsi4 (owner, latest registered)', () => {
  it('is in its owner partition, by creation time then id', () => {
    const row = fold([created('olga')]);
    expect(gsi4Of(row)).toEqual({ gsi4pk: 't1#opportunities#owner#olga#recent', gsi4sk: '2027-03-01T09:00:00.000Z#o1' });
    expect(opportunityIndexKeys.ownerRecent('t1', 'olga')).toBe('t1#opportunities#owner#olga#recent');
    // The row itself, with its version: the widget reads nothing else; no pointer satellite any more.
    expect(item(row)).toMatchObject({ pk: 't1#opportunity#o1', sk: 'list', version: 2, title: 'Boiler', ownerId: 'olga' });
    expect(opportunityListProjection.satellites).toBeUndefined();
  });

  it('keeps the creation time as its sort key through later events, and stays once won or lost', () => {
    const updated = event('OpportunityUpdated', '2027-04-01T09:00:00.000Z', { changes: { title: 'Boiler 2' } });
    const won = event('OpportunityWon', '2027-05-01T09:00:00.000Z', { closedOn: '2027-05-01', orderId: null, quoteId: null });
    const lost = event('OpportunityLost', '2027-05-01T09:00:00.000Z', { closedOn: '2027-05-01', reason: 'price' });
    for (const row of [fold([created('olga'), updated, won]), fold([created('olga'), updated, lost])]) {
      expect(row.createdAt).toBe('2027-03-01T09:00:00.000Z');
      expect(gsi4Of(row)).toEqual({ gsi4pk: 't1#opportunities#owner#olga#recent', gsi4sk: '2027-03-01T09:00:00.000Z#o1' });
    }
  });

  it('moves with the owner and leaves gsi4 when the owner is cleared', () => {
    const moved = fold([created('olga'), event('OpportunityUpdated', '2027-04-01T09:00:00.000Z', { changes: { ownerId: 'sam' } })]);
    expect(gsi4Of(moved)).toEqual({ gsi4pk: 't1#opportunities#owner#sam#recent', gsi4sk: '2027-03-01T09:00:00.000Z#o1' });
    const cleared = fold([created('olga'), event('OpportunityUpdated', '2027-04-01T09:00:00.000Z', { changes: { ownerId: null } })]);
    expect(item(cleared)).not.toHaveProperty('gsi4pk');
    expect(item(cleared)).not.toHaveProperty('gsi4sk');
    expect(item(fold([created(null)]))).not.toHaveProperty('gsi4pk');
  });
});
