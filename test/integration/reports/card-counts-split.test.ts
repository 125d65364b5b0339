import { randomUUID } from 'node:crypto';
import { QueryCommand, ScanCommand, TransactWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { ReadModelStore } from '../../../adapters/dynamodb/read-model-store.ts';
import { rebuildReadModels } from '../../../adapters/dynamodb/rebuild.ts';
import type { StoredEvent } from '../../../events/envelope.ts';
import type { Dependencies } from '../../../functions/shared/dependencies.ts';
import { itemsFromHistory, Projector } from '../../../projections/projector.ts';
import { isolatedDependencies, uniqueTenant } from '../../support/dynamo.ts';

/**
 * Counted writes past DynamoDB's 100-action TransactWriteItems limit (projections/counters.ts,
 * adapters/dynamodb/counted-writes.ts), on DynamoDB Local: an opportunity with the 50 company parties
 * the API allows whose owner changes and whose parties are all replaced (100 counter changes each), a
 * contact whose interactions counted on 120 cards (rebuilt from empty, then removed), a crash between
 * the split transactions finished by the next writer, exactly once; and (M3) satellites written by a
 * run that lost the race to a newer version are put back to what the stored row derives.
 */
let deps: Dependencies;
let projector: Projector;

beforeAll(async () => {
  deps = await isolatedDependencies();
  projector = new Projector(deps.readModels, deps.eventStore);
});

let minute = 0;
const clock = () => new Date(Date.parse('2027-03-01T08:00:00.000Z') + minute++ * 60_000).toISOString();

/** Commits events to one stream (40 a commit) without projecting them; answers the stream's events. */
const commit = async (tenant: string, aggregateType: string, aggregateId: string, events: { type: string; data: unknown }[]): Promise<StoredEvent[]> => {
  for (let start = 0; start < events.length; start += 40) {
    const { version } = await deps.eventStore.load(tenant, aggregateType, aggregateId);
    await deps.eventStore.commit({
      tenant,
      at: clock(),
      meta: { actor: 'olga', commandId: randomUUID(), correlationId: 'split-test' },
      streams: [{ aggregateType, aggregateId, expectedVersion: version, events: events.slice(start, start + 40) }],
    });
  }
  return (await deps.eventStore.load(tenant, aggregateType, aggregateId)).events;
};

/** Every non-zero counter of the tenant, checked never negative. */
const counters = async (tenant: string): Promise<Record<string, number>> => {
  const items: Record<string, unknown>[] = [];
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await deps.db.send(
      new ScanCommand({ TableName: deps.readModels.tableName, FilterExpression: 'begins_with(pk, :p) AND #counter = :t', ExpressionAttributeNames: { '#counter': 'counter' }, ExpressionAttributeValues: { ':p': `${tenant}#`, ':t': true }, ExclusiveStartKey, ConsistentRead: true }),
    );
    items.push(...(page.Items ?? []));
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  for (const item of items) expect(Number(item.n)).toBeGreaterThanOrEqual(0);
  return Object.fromEntries(items.filter((item) => Number(item.n) !== 0).map((item) => [`${String(item.pk)} ${String(item.sk)}`, Number(item.n)]));
};

/** The card items (every satellite and entry) stored in the tenant's card partitions, by key. */
const cardItems = async (tenant: string): Promise<string[]> => {
  const { Items } = await deps.db.send(
    new ScanCommand({ TableName: deps.readModels.tableName, FilterExpression: 'begins_with(pk, :p)', ExpressionAttributeValues: { ':p': `${tenant}#card#` }, ConsistentRead: true }),
  );
  return (Items ?? []).map((item) => `${String(item.pk)} ${String(item.sk)}`).sort();
};

const companies = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}${String(i).padStart(2, '0')}`);
const expectedCounters = (tenant: string, ids: readonly string[], section: string, audience: string) =>
  Object.fromEntries(ids.map((id) => [`${tenant}#card-counts#${id} ${section}#${audience}`, 1]));

const created = (opportunityId: string, parties: readonly string[], ownerId: string | null) => ({
  type: 'OpportunityCreated',
  data: {
    opportunityId,
    title: 'Fifty parties',
    parties: parties.map((id) => ({ kind: 'company', id })),
    contactId: null,
    pricing: null,
    amount: null,
    currency: null,
    probability: null,
    stage: 'new',
    expectedCloseDate: null,
    ownerId,
    partners: [],
    competitors: [],
    campaign: null,
    description: null,
    leadId: null,
  },
});
const updated = (opportunityId: string, changes: Record<string, unknown>) => ({ type: 'OpportunityUpdated', data: { opportunityId, changes } });

/** A document client whose `fail`-th TransactWriteItems call throws (a Lambda that died mid-way). */
const crashingAt = (db: DynamoDBDocumentClient, fail: number): DynamoDBDocumentClient => {
  let transactions = 0;
  return Object.assign(Object.create(db) as DynamoDBDocumentClient, {
    send: (command: unknown) => {
      if (command instanceof TransactWriteCommand && ++transactions === fail) return Promise.reject(new Error('injected crash'));
      return db.send(command as never);
    },
  });
};

describe('counted writes past the 100-action transaction limit', () => {
  it('a 50-party opportunity created, its owner changed, all its parties replaced: exact counts, nothing pending, no error', async () => {
    const tenant = uniqueTenant();
    const first = companies('a', 50);
    const second = companies('b', 50);
    let events = await commit(tenant, 'opportunity', 'o1', [created('o1', first, 'olga')]);
    await projector.project(events.at(-1)!);
    expect(await counters(tenant)).toEqual(expectedCounters(tenant, first, 'opportunities', '["user:olga"]'));

    // Owner changed: 50 × −1 and 50 × +1 (the main item + 100 counters would be 101 actions).
    events = await commit(tenant, 'opportunity', 'o1', [updated('o1', { ownerId: 'rita' })]);
    await projector.project(events.at(-1)!);
    expect(await counters(tenant)).toEqual(expectedCounters(tenant, first, 'opportunities', '["user:rita"]'));

    // Every party replaced: 50 cards left, 50 joined.
    events = await commit(tenant, 'opportunity', 'o1', [updated('o1', { parties: second.map((id) => ({ kind: 'company', id })) })]);
    await projector.project(events.at(-1)!);
    const live = await counters(tenant);
    expect(live).toEqual(expectedCounters(tenant, second, 'opportunities', '["user:rita"]'));
    const main = await deps.readModels.get({ pk: `${tenant}#opportunity#o1`, sk: 'card' });
    expect(main).not.toHaveProperty('pendingCounts');
    // Replayed (each event, then the whole run): nothing moves; a rebuild over live gives the same.
    for (const event of events) await projector.project(event);
    await projector.projectRun(events);
    expect(await counters(tenant)).toEqual(live);
    await rebuildReadModels({ ...deps, tenant });
    expect(await counters(tenant)).toEqual(live);
  });

  it('a contact whose interactions counted on 120 cards: rebuilt from empty, projected as one run, then removed — exact each time', async () => {
    const tenant = uniqueTenant();
    const cards = companies('c', 120);
    const events = await commit(tenant, 'contact', 'k1', [
      { type: 'ContactCreated', data: { contactId: 'k1', profile: { firstName: 'Ola', lastName: 'Nowak', position: null, stage: null, source: null, emails: [], phones: [], address: null, tags: [], avatarKey: null }, companyId: cards[0], accountManagers: [] } },
      ...cards.flatMap((companyId, i) => [
        ...(i === 0 ? [] : [{ type: 'ContactLinkedToCompany', data: { contactId: 'k1', companyId, previousCompanyId: cards[i - 1] } }]),
        { type: 'ContactInteractionLogged', data: { contactId: 'k1', interactionId: `i${i}`, channel: 'call', direction: 'inbound', outcome: null, notes: 'hi', occurredAt: '2027-02-27T15:00:00.000Z' } },
      ]),
    ]);
    const expected = { ...expectedCounters(tenant, cards, 'interactions', '["all"]'), [`${tenant}#card-counts#${cards.at(-1)} contacts#["all"]`]: 1 };
    // Live, the whole history as one run: 121 counters from nothing.
    await projector.projectRun(events);
    expect(await counters(tenant)).toEqual(expected);

    // A rebuild from empty read models: the same 121 counters, through the rebuild's counted put.
    const { Items } = await deps.db.send(
      new ScanCommand({ TableName: deps.readModels.tableName, FilterExpression: 'begins_with(pk, :p)', ExpressionAttributeValues: { ':p': `${tenant}#` }, ConsistentRead: true }),
    );
    for (const item of Items ?? []) await deps.readModels.delete({ pk: String(item.pk), sk: String(item.sk) });
    await rebuildReadModels({ ...deps, tenant });
    expect(await counters(tenant)).toEqual(expected);

    // Removed (an import reverted): every count taken back, the main item gone with its last follow-up.
    const removed = await commit(tenant, 'contact', 'k1', [{ type: 'ContactRemoved', data: { contactId: 'k1', reason: 'import_reverted' } }]);
    await projector.project(removed.at(-1)!);
    expect(await counters(tenant)).toEqual({});
    expect(await deps.readModels.get({ pk: `${tenant}#contact#k1`, sk: 'card' })).toBeNull();
    expect(await cardItems(tenant)).toEqual([]);
  });

  it('a writer that dies between the split transactions: the next writer (the retried record, a rebuild, two at once) finishes them exactly once', async () => {
    const tenant = uniqueTenant();
    const parties = companies('a', 50);
    let events = await commit(tenant, 'opportunity', 'o1', [created('o1', parties, 'olga')]);
    await projector.project(events.at(-1)!);
    const expectedAfter = expectedCounters(tenant, parties, 'opportunities', '["user:rita"]');

    // Dies on its second transaction: the main item and 99 counters are written, 1 change is pending.
    events = await commit(tenant, 'opportunity', 'o1', [updated('o1', { ownerId: 'rita' })]);
    const dying = new Projector(new ReadModelStore(crashingAt(deps.db, 2), deps.readModels.tableName), deps.eventStore);
    await expect(dying.project(events.at(-1)!)).rejects.toThrow('injected crash');
    const main = await deps.readModels.get({ pk: `${tenant}#opportunity#o1`, sk: 'card' });
    expect(Object.keys(main!.pendingCounts as object)).toHaveLength(1);
    expect(await counters(tenant)).not.toEqual(expectedAfter);
    // The stream retries the record: the main item is already at its version, the pending count is finished first.
    await projector.project(events.at(-1)!);
    expect(await counters(tenant)).toEqual(expectedAfter);
    await projector.project(events.at(-1)!);
    expect(await counters(tenant)).toEqual(expectedAfter);

    // Dies again (back to olga), this time finished by two writers at once, then by a rebuild: still once.
    events = await commit(tenant, 'opportunity', 'o1', [updated('o1', { ownerId: 'olga' })]);
    await expect(new Projector(new ReadModelStore(crashingAt(deps.db, 2), deps.readModels.tableName), deps.eventStore).project(events.at(-1)!)).rejects.toThrow('injected crash');
    await Promise.all([deps.readModels.finishCounted({ pk: `${tenant}#opportunity#o1`, sk: 'card' }), projector.project(events.at(-1)!)]);
    await rebuildReadModels({ ...deps, tenant });
    expect(await counters(tenant)).toEqual(expectedCounters(tenant, parties, 'opportunities', '["user:olga"]'));

    // Dies once more, and a rebuild is the next writer.
    events = await commit(tenant, 'opportunity', 'o1', [updated('o1', { ownerId: 'rita' })]);
    await expect(new Projector(new ReadModelStore(crashingAt(deps.db, 2), deps.readModels.tableName), deps.eventStore).project(events.at(-1)!)).rejects.toThrow('injected crash');
    await rebuildReadModels({ ...deps, tenant });
    expect(await counters(tenant)).toEqual(expectedAfter);
    expect(await deps.readModels.get({ pk: `${tenant}#opportunity#o1`, sk: 'card' })).not.toHaveProperty('pendingCounts');
  });
});

describe('what still cannot fit', () => {
  it('fails with an error naming DynamoDB’s 400 KB item limit (pending counts too many to record on the main item), writing nothing', async () => {
    const tenant = uniqueTenant();
    const key = { pk: `${tenant}#contact#huge`, sk: 'card' };
    const deltas = Array.from({ length: 8000 }, (_, i) => ({ key: { pk: `${tenant}#card-counts#company-${String(i).padStart(6, '0')}-${'x'.repeat(40)}`, sk: 'interactions#["all"]' }, delta: 1 }));
    const item = { ...key, version: 1, aggregateType: 'contact', aggregateId: 'huge', tenant, row: null };
    await expect(deps.readModels.writeCounted(key, item, null, deltas)).rejects.toThrow(/400 KB item size limit/);
    expect(await deps.readModels.get(key)).toBeNull();
    expect(await counters(tenant)).toEqual({});
  });
});

describe('satellites of a run that lost the race (M3)', () => {
  it('are put back to what the stored row derives: no resurrected card item, no rolled-back one', async () => {
    const tenant = uniqueTenant();
    const events = await commit(tenant, 'opportunity', 'o1', [
      created('o1', ['alpha'], null),
      updated('o1', { parties: [{ kind: 'company', id: 'beta' }] }),
      updated('o1', { parties: [{ kind: 'company', id: 'gamma' }], title: 'Renamed' }),
    ]);
    await projector.project(events[0]!);
    const stale = await deps.readModels.get({ pk: `${tenant}#opportunity#o1`, sk: 'card' });
    await projector.projectRun(events.slice(1));
    // A run that read version 1 and carries version 2 only: it writes beta's item and deletes alpha's,
    // then its transaction (expecting version 1) finds 3 and the retry finds the item past its run.
    await projector.projectRun(events.slice(1, 2), new Map([[`${tenant}#opportunity#o1\u0000card`, stale]]));
    const expected = itemsFromHistory(tenant, events)
      .filter((item) => item.pk.startsWith(`${tenant}#card#`))
      .map((item) => `${item.pk} ${item.sk}`)
      .sort();
    expect(await cardItems(tenant)).toEqual(expected);
    expect(expected).toEqual([expect.stringContaining(`${tenant}#card#gamma opportunities#`)]);
    expect(await counters(tenant)).toEqual({ [`${tenant}#card-counts#gamma opportunities#["all"]`]: 1 });

    // Same race where the newer row kept the key but changed the item (a rollback of its content).
    const more = await commit(tenant, 'opportunity', 'o1', [updated('o1', { title: 'Final title' })]);
    const atThree = await deps.readModels.get({ pk: `${tenant}#opportunity#o1`, sk: 'card' });
    const laterStill = await commit(tenant, 'opportunity', 'o1', [updated('o1', { title: 'Newest title' })]);
    await projector.projectRun(laterStill.slice(3));
    await projector.projectRun(more.slice(3, 4), new Map([[`${tenant}#opportunity#o1\u0000card`, atThree]]));
    const { Items } = await deps.db.send(new QueryCommand({ TableName: deps.readModels.tableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': `${tenant}#card#gamma` }, ConsistentRead: true }));
    expect(Items?.map((item) => (item.card as { title: string }).title)).toEqual(['Newest title']);
  });

  it('a rebuild whose history was overtaken by live puts back the satellites it wrote from the older row', async () => {
    const tenant = uniqueTenant();
    const events = await commit(tenant, 'opportunity', 'o1', [created('o1', ['alpha'], null), updated('o1', { parties: [{ kind: 'company', id: 'gamma' }], title: 'Old title' })]);
    await projector.projectRun(events);
    // Live applies version 3 (a new title: same card key, new content — the sweep, which checks keys,
    // would not notice) after the rebuild scanned the log, just before it puts gamma's item from
    // version 2; its counted put then finds version 3 stored.
    let raced = false;
    class Overtaken extends ReadModelStore {
      override async put(item: Parameters<ReadModelStore['put']>[0]) {
        if (!raced && item.aggregateId === 'o1' && item.pk === `${tenant}#card#gamma`) {
          raced = true;
          const later = await commit(tenant, 'opportunity', 'o1', [updated('o1', { title: 'New title' })]);
          await projector.project(later.at(-1)!);
        }
        return super.put(item);
      }
    }
    await rebuildReadModels({ ...deps, tenant, readModels: new Overtaken(deps.db, deps.readModels.tableName) });
    expect(raced).toBe(true);
    const { Items } = await deps.db.send(new QueryCommand({ TableName: deps.readModels.tableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': `${tenant}#card#gamma` }, ConsistentRead: true }));
    expect(Items?.map((item) => (item.card as { title: string }).title)).toEqual(['New title']);
    expect(await cardItems(tenant)).toHaveLength(1);
    expect(await counters(tenant)).toEqual({ [`${tenant}#card-counts#gamma opportunities#["all"]`]: 1 });
  });
});
