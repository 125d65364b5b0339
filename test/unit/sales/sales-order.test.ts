import { describe, expect, it } from 'vitest';
import { canSeeOrder, orderReference, orderSequence, salesOrderDecider, type SalesOrderCommand } from '../../../domain/sales/sales-order.ts';
import type { OrderEvent } from '../../../events/sales/order-events.ts';
import { deciderSpec, type GivenEvent } from '../../support/decider-spec.ts';
import { quoteContent, salesActor } from '../../support/acceptance-fixtures.ts';

const now = '2026-03-10T09:00:00.000Z';
const olga = salesActor('olga');
const spec = deciderSpec(salesOrderDecider, { actor: olga, now });

type Created = Extract<OrderEvent, { type: 'SalesOrderCreated' }>['data'];
const content = quoteContent();
const createdData = (change: Partial<Created> = {}): Created => ({
  orderId: 'ord-1',
  reference: 'SO-2026-00003',
  year: 2026,
  number: 3,
  orderDate: '2026-03-10',
  quoteId: 'qte-1',
  quoteReference: 'Q-2026-00007',
  quoteRevision: 1,
  opportunityId: 'opp-1',
  party: content.party,
  contact: content.contact,
  operatorId: 'olga',
  currency: 'EUR',
  pricing: content.pricing,
  totals: content.totals,
  description: content.description,
  campaign: null,
  ...change,
});
const created = (change: Partial<Created> = {}): GivenEvent<OrderEvent> => ({ type: 'SalesOrderCreated', data: createdData(change) });
const create = (change: Partial<Created> = {}): SalesOrderCommand => ({ type: 'CreateSalesOrder', data: createdData(change) });

describe('salesOrderDecider', () => {
  it('creates an order: SalesOrderCreated as decided by the acceptance', () => {
    spec
      .given([])
      .when(create())
      .then([{ type: 'SalesOrderCreated', data: createdData() }])
      .andState({ id: 'ord-1', reference: 'SO-2026-00003', number: 3, quoteId: 'qte-1', opportunityId: 'opp-1', createdBy: 'olga', createdAt: now, totals: content.totals });
  });

  it('an order is created once', () => {
    spec.given([created()]).when(create()).thenThrows('conflict', 'already exists');
  });

  it('refuses a reference that does not say its year and number', () => {
    spec.given([]).when(create({ reference: 'SO-2026-00004' })).thenThrows('conflict');
  });

  it('the state is the creation: every field of the event, who and when', () => {
    spec.given([created({ campaign: 'spring', opportunityId: null }, )]).thenState({ campaign: 'spring', opportunityId: null, orderDate: '2026-03-10', operatorId: 'olga', pricing: content.pricing });
  });
});

describe('order numbers and visibility', () => {
  it('SO-<year>-<5 digits>, more digits past 99 999; one sequence per year', () => {
    expect(orderReference(2026, 1)).toBe('SO-2026-00001');
    expect(orderReference(2026, 99_999)).toBe('SO-2026-99999');
    expect(orderReference(2026, 100_000)).toBe('SO-2026-100000');
    expect(orderSequence(2027)).toBe('order-2027');
  });

  it('restricted users see the orders they operate; other roles see all', () => {
    const order = { operatorId: 'olga' };
    expect(canSeeOrder(salesActor('rita', 'restricted'), order)).toBe(false);
    expect(canSeeOrder(salesActor('olga', 'restricted'), order)).toBe(true);
    for (const role of ['standard', 'manager', 'admin'] as const) expect(canSeeOrder(salesActor('tom', role), order)).toBe(true);
  });
});
