import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { localTableNames } from '../../../adapters/dynamodb/client.ts';
import { rebuildReadModels } from '../../../adapters/dynamodb/rebuild.ts';
import { orderQueries } from '../../../application/sales/order-queries.ts';
import { quoteAcceptance } from '../../../application/sales/quote-acceptance.ts';
import type { Actor } from '../../../domain/shared/actor.ts';
import type { StoredEvent } from '../../../events/envelope.ts';
import { itemsFromHistory, Projector } from '../../../projections/projector.ts';
import { orderListProjection } from '../../../projections/sales/order-list.ts';
import { actorIn, testDependencies, uniqueTenant } from '../../support/dynamo.ts';
import { seedQuote } from '../../support/acceptance-fixtures.ts';

const deps = testDependencies();
const { db, eventStore, readModels } = deps;
const projector = new Projector(readModels, eventStore);

/**
 * A tenant with four orders on three dates: olga's for cmp-1 (two) and lead-1, tom's for cmp-2. The
 * clock is passed in, so the order dates are fixed (the people model does not know the users: UTC).
 */
const seedTenant = async (tenant: string) => {
  const plan = [
    { quote: 'q1', operator: 'olga', party: { kind: 'company' as const, id: 'cmp-1' }, at: '2026-03-02T10:00:00.000Z' },
    { quote: 'q2', operator: 'olga', party: { kind: 'lead' as const, id: 'lead-1' }, at: '2026-03-05T10:00:00.000Z' },
    { quote: 'q3', operator: 'tom', party: { kind: 'company' as const, id: 'cmp-2' }, at: '2026-03-05T11:00:00.000Z' },
    { quote: 'q4', operator: 'olga', party: { kind: 'company' as const, id: 'cmp-1' }, at: '2026-03-09T10:00:00.000Z' },
  ];
  const orders: string[] = [];
  for (const [i, step] of plan.entries()) {
    await seedQuote(eventStore, tenant, step.quote, { number: i + 1, content: { operatorId: step.operator, party: step.party, opportunityId: null, validUntil: '2026-12-31' } });
    const accept = quoteAcceptance(() => ({ ...deps, now: () => step.at }));
    const { result } = await accept({ actor: actorIn(tenant, step.operator), correlationId: 'c' }, step.quote, {});
    orders.push(result.order.id);
  }
  return orders;
};

const eventsOf = async (tenant: string, ids: string[]): Promise<StoredEvent[]> =>
  (await Promise.all(ids.map((id) => eventStore.load(tenant, 'order', id)))).flatMap((s) => s.events);
const itemsOf = (tenant: string, ids: string[]) => Promise.all(ids.map((id) => readModels.get(orderListProjection.key(tenant, id))));

describe('order list projection on DynamoDB Local', () => {
  it('is idempotent: applying the events twice (and reversed) gives the items of once, which a rebuild folds alike', async () => {
    const tenant = uniqueTenant('orders');
    const ids = await seedTenant(tenant);
    const events = await eventsOf(tenant, ids);
    for (const event of events) await projector.project(event);
    const once = await itemsOf(tenant, ids);
    expect(once.every((item) => item !== null)).toBe(true);
    for (const event of [...events, ...events.toReversed()]) await projector.project(event);
    expect(await itemsOf(tenant, ids)).toEqual(once);
    expect(once).toEqual(ids.map((id) => itemsFromHistory(tenant, events.filter((e) => e.aggregateId === id))[0]));
  });

  it('rebuild yields exactly the live items, repairs drift and removes orphans', async () => {
    const tenant = uniqueTenant('orders');
    const ids = await seedTenant(tenant);
    for (const event of await eventsOf(tenant, ids)) await projector.project(event);
    const live = await itemsOf(tenant, ids);

    await readModels.delete(orderListProjection.key(tenant, ids[0]!));
    await db.send(new PutCommand({ TableName: localTableNames.readModels, Item: { ...live[1]!, description: 'corrupted' } }));
    await db.send(new PutCommand({ TableName: localTableNames.readModels, Item: { ...live[2]!, ...orderListProjection.key(tenant, 'ghost'), aggregateId: 'ghost' } }));

    const result = await rebuildReadModels({ ...deps, readModels, tenant });
    expect(result).toMatchObject({ tenant, itemsDeleted: 1 });
    expect(await itemsOf(tenant, ids)).toEqual(live);
    expect(await readModels.get(orderListProjection.key(tenant, 'ghost'))).toBeNull();
  });

  it('lists newest first, filtered by party, date range, quote and operator; restricted users see their own', async () => {
    const tenant = uniqueTenant('orders');
    const ids = await seedTenant(tenant);
    for (const event of await eventsOf(tenant, ids)) await projector.project(event);
    const queries = orderQueries(() => deps);
    const olga = actorIn(tenant, 'olga');
    const list = async (actor: Actor, filter: Partial<Parameters<typeof queries.listOrders>[1]> = {}) =>
      (await queries.listOrders(actor, { limit: 50, ...filter })).items.map((item) => item.quoteId);

    expect(await list(olga)).toStrictEqual(['q4', 'q3', 'q2', 'q1']);
    expect(await list(olga, { party: 'cmp-1' })).toStrictEqual(['q4', 'q1']);
    expect(await list(olga, { party: 'lead-1' })).toStrictEqual(['q2']);
    expect(await list(olga, { from: '2026-03-05', to: '2026-03-05' })).toStrictEqual(['q3', 'q2']);
    expect(await list(olga, { from: '2026-03-03' })).toStrictEqual(['q4', 'q3', 'q2']);
    expect(await list(olga, { quote: 'q3' })).toStrictEqual(['q3']);
    expect(await list(olga, { operator: 'mine' })).toStrictEqual(['q4', 'q2', 'q1']);
    expect(await list(olga, { operator: 'tom', party: 'cmp-2' })).toStrictEqual(['q3']);
    expect(await list(olga, { operator: 'mine', party: 'cmp-1', from: '2026-03-03' })).toStrictEqual(['q4']);

    const tomRestricted = actorIn(tenant, 'tom', 'restricted');
    expect(await list(tomRestricted)).toStrictEqual(['q3']);
    expect(await list(tomRestricted, { operator: 'olga' })).toStrictEqual([]);
    expect(await list(actorIn(tenant, 'nobody', 'restricted'))).toStrictEqual([]);

    // Pages: a cursor continues where the previous page ended, with and without filters.
    const first = await queries.listOrders(olga, { limit: 2 });
    const second = await queries.listOrders(olga, { limit: 2, cursor: first.nextCursor! });
    expect([...first.items, ...second.items].map((i) => i.quoteId)).toStrictEqual(['q4', 'q3', 'q2', 'q1']);
    const filtered = await queries.listOrders(olga, { limit: 1, party: 'cmp-1' });
    const rest = await queries.listOrders(olga, { limit: 1, party: 'cmp-1', cursor: filtered.nextCursor! });
    expect([...filtered.items, ...rest.items].map((i) => i.quoteId)).toStrictEqual(['q4', 'q1']);

    // A row: the order without its lines, amounts as decimal strings.
    const [row] = (await queries.listOrders(olga, { limit: 1, quote: 'q1' })).items;
    expect(row).toMatchObject({ reference: 'SO-2026-00001', orderDate: '2026-03-02', party: { kind: 'company', id: 'cmp-1' }, totals: { gross: '122.35' }, lineCount: 2, version: 1 });
    expect(row).not.toHaveProperty('pricing');
  });
});
