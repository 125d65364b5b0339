import { randomUUID } from 'node:crypto';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { localTableNames } from '../../adapters/dynamodb/client.ts';
import { rebuildReadModels } from '../../adapters/dynamodb/rebuild.ts';
import { runCommand } from '../../application/shared/command-runner.ts';
import { opportunityQueries } from '../../application/sales/opportunity-queries.ts';
import { readOpportunities } from '../../application/collaboration/dashboard-queries.ts';
import { opportunityDecider, type OpportunityCommand, type OpportunityInput } from '../../domain/sales/opportunity.ts';
import type { Actor } from '../../domain/shared/actor.ts';
import { itemsFromHistory, Projector } from '../../projections/projector.ts';
import { opportunityListProjection } from '../../projections/sales/opportunity-list.ts';
import { actorIn, testDependencies, uniqueTenant } from '../support/dynamo.ts';

/**
 * The opportunity list read model on DynamoDB Local: what it projects and the index keys the lists
 * and the summary read; applying events twice (or in reverse) = once; a rebuild yields exactly the
 * live items and removes orphans.
 */
const deps = testDependencies();
const { db, eventStore, readModels } = deps;
const projector = new Projector(readModels, eventStore);

const run = (actor: Actor, opportunityId: string, command: OpportunityCommand) =>
  runCommand({
    store: eventStore,
    decider: opportunityDecider,
    actor,
    aggregateType: 'opportunity',
    aggregateId: opportunityId,
    command,
    meta: { commandId: randomUUID(), correlationId: 'c' },
    now: () => '2026-03-31T10:00:00.000Z',
    result: () => ({ statusCode: 200, headers: {}, body: '' }),
  });

const openOn = (actor: Actor, id: string, input: OpportunityInput) => run(actor, id, { type: 'OpenOpportunity', data: { opportunityId: id, input } });

/** Three opportunities: one changed and won, one lost and reopened, one unassigned and unvalued. */
const seedTenant = async (tenant: string): Promise<string[]> => {
  const olga = actorIn(tenant, 'olga', 'standard', []);
  const ids = [randomUUID(), randomUUID(), randomUUID()];
  await openOn(olga, ids[0]!, { title: 'A', parties: [{ kind: 'company', id: 'co-1' }, { kind: 'lead', id: 'ld-1' }], amount: '10.50', currency: 'EUR', probability: 20, expectedCloseDate: '2026-05-01' });
  await run(olga, ids[0]!, { type: 'UpdateOpportunity', data: { input: { stage: 'propose', lines: [{ description: 'x', quantity: '2', unitPrice: '0.15' }], amount: null } } });
  await run(olga, ids[0]!, { type: 'WinOpportunity', data: { note: 'ok' } });
  await openOn(olga, ids[1]!, { title: 'B', parties: [{ kind: 'company', id: 'co-2' }], ownerId: 'tom' });
  await run(olga, ids[1]!, { type: 'LoseOpportunity', data: { reason: 'price' } });
  await run(olga, ids[1]!, { type: 'ReopenOpportunity', data: {} });
  await openOn(olga, ids[2]!, { title: 'C', parties: [{ kind: 'company', id: 'co-1' }], ownerId: null });
  return ids;
};

const eventsOf = async (tenant: string, ids: string[]) =>
  (await Promise.all(ids.map((id) => eventStore.load(tenant, 'opportunity', id)))).flatMap((stream) => stream.events);

const itemsOf = (tenant: string, ids: string[]) => Promise.all(ids.map((id) => readModels.get(opportunityListProjection.key(tenant, id))));

describe('opportunity list projection on DynamoDB Local', () => {
  it('projects rows with the amount, status, closing and the all / status / owner index keys', async () => {
    const tenant = uniqueTenant();
    const ids = await seedTenant(tenant);
    for (const event of await eventsOf(tenant, ids)) await projector.project(event);
    const [a, b, c] = await itemsOf(tenant, ids);
    expect(a).toMatchObject({
      version: 3,
      status: 'won',
      stage: 'propose',
      amount: '0.30',
      closedOn: '2026-03-31',
      partyIds: ['co-1', 'ld-1'],
      assigned: true,
      gsi1pk: `${tenant}#opportunities`,
      gsi2pk: `${tenant}#opportunities#status#won`,
      gsi3pk: `${tenant}#opportunities#owner#olga`,
      gsi1sk: `2026-05-01#${ids[0]}`,
      gsi4pk: `${tenant}#opportunities#owner#olga#recent`,
      gsi4sk: `${a!.createdAt}#${ids[0]}`,
    });
    expect(a).not.toHaveProperty('pricing');
    expect(b).toMatchObject({ status: 'open', closedOn: null, lossReason: null, gsi2pk: `${tenant}#opportunities#status#open`, gsi3pk: `${tenant}#opportunities#owner#tom`, gsi4pk: `${tenant}#opportunities#owner#tom#recent` });
    expect(c).toMatchObject({ ownerId: null, assigned: false, amount: null, gsi1sk: `9999-12-31#${ids[2]}` });
    expect(c).not.toHaveProperty('gsi3pk');
    expect(c).not.toHaveProperty('gsi4pk');
    // Only the rows: no owner pointer satellites beside them (other projections' items share the partition).
    for (const id of ids) {
      const { items } = await readModels.query({ index: undefined, partitionKey: { name: 'pk', value: `${tenant}#opportunity#${id}` }, newestFirst: false, limit: 10 });
      expect(items.map((item) => item.sk)).toContain('list');
      expect(items.filter((item) => String(item.sk).startsWith('owner-recent#'))).toEqual([]);
    }

    const queries = opportunityQueries(() => ({ ...deps, now: () => '2026-03-31T10:00:00.000Z', newId: randomUUID }) as never);
    const olga = actorIn(tenant, 'olga', 'standard', []);
    // Earliest expected close first; the undated ones after, by id.
    expect((await queries.listOpportunities(olga, { limit: 10 })).items.map((item) => item.id)).toEqual([ids[0], ...ids.slice(1).sort()]);
    // The dashboard's widget: the owner's gsi4 partition, the rows themselves.
    const application = () => ({ ...deps, now: () => '2026-03-31T10:00:00.000Z', newId: randomUUID }) as never;
    expect(await readOpportunities(application, olga, 5)).toEqual({ items: [{ ...opportunityListProjection.fromItem(a!), version: 3 }], cut: false });
    expect((await readOpportunities(application, actorIn(tenant, 'tom', 'standard', []), 5)).items.map((item) => item.id)).toEqual([ids[1]]);
    const summary = await queries.opportunitySummary(olga, {});
    expect(summary.currencies).toEqual([expect.objectContaining({ currency: 'EUR', won: { count: 1, amount: '0.30' } })]);
    expect(summary.withoutCurrency).toEqual({ open: 2, won: 0, lost: 0 });
  });

  it('is idempotent: applying the whole batch twice, and in reverse, gives the same items as once', async () => {
    const tenant = uniqueTenant();
    const ids = await seedTenant(tenant);
    const events = await eventsOf(tenant, ids);
    for (const event of events) await projector.project(event);
    const once = await itemsOf(tenant, ids);
    for (const event of events) await projector.project(event);
    for (const event of events.toReversed()) await projector.project(event);
    expect(await itemsOf(tenant, ids)).toEqual(once);
    expect(once).toEqual(ids.map((id) => itemsFromHistory(tenant, events.filter((e) => e.aggregateId === id)).find((item) => item.sk === 'list')));
  });

  it('rebuild yields exactly the items of the live projection, and removes orphans (the owner pointers from before gsi4 too)', async () => {
    const tenant = uniqueTenant();
    const ids = await seedTenant(tenant);
    for (const event of await eventsOf(tenant, ids)) await projector.project(event);
    const live = await itemsOf(tenant, ids);

    await readModels.delete(opportunityListProjection.key(tenant, ids[0]!));
    await db.send(new PutCommand({ TableName: localTableNames.readModels, Item: { ...live[1]!, title: 'corrupted' } }));
    const orphan = { ...live[2]!, ...opportunityListProjection.key(tenant, 'ghost'), aggregateId: 'ghost', version: 1 };
    await db.send(new PutCommand({ TableName: localTableNames.readModels, Item: orphan }));
    // A key-only pointer as the projection wrote it before the rows had gsi4 keys: nothing produces it now.
    const pointer = { pk: `${tenant}#opportunity#${ids[1]}`, sk: 'owner-recent#tom' };
    await db.send(
      new PutCommand({
        TableName: localTableNames.readModels,
        Item: { ...pointer, version: 0, aggregateType: 'opportunity', aggregateId: ids[1], tenant, opportunityId: ids[1], gsi2pk: `${tenant}#opportunities#owner#tom#recent`, gsi2sk: `${live[1]!.createdAt}#${ids[1]}` },
      }),
    );

    const result = await rebuildReadModels({ ...deps, readModels, tenant });
    expect(result).toMatchObject({ tenant, aggregates: 3, itemsDeleted: 2 });
    expect(await itemsOf(tenant, ids)).toEqual(live);
    expect(await readModels.get(opportunityListProjection.key(tenant, 'ghost'))).toBeNull();
    expect(await readModels.get(pointer)).toBeNull();
  });
});
