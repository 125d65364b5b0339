import { setTimeout as sleep } from 'node:timers/promises';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { Context, DynamoDBRecord } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import type { StoredEvent } from '../../../events/envelope.ts';
import { itemKey, type ReadItem } from '../../../projections/projection.ts';
import type { CounterDelta } from '../../../projections/counters.ts';
import type { EventReader, ReadItemStore } from '../../../projections/projector.ts';
import { ticketListProjection } from '../../../projections/support/ticket-list.ts';
import { createProjectHandler } from '../../../functions/streams/project.ts';
import type { Dependencies } from '../../../functions/shared/dependencies.ts';

/**
 * The projector handler with an in-memory read store whose writes take a few milliseconds (random
 * per write, so concurrent aggregates finish out of order) and a context whose remaining time runs
 * on a counter the test moves. The DynamoDB side is covered by test/integration/projections.test.ts.
 */
class SlowMemoryStore implements ReadItemStore {
  readonly items = new Map<string, Record<string, unknown>>();
  /** Every ticket-list item written, in the order it landed (a ticket's card item is written alongside, uncounted). */
  readonly writes: { key: string; version: number }[] = [];
  readonly delayMs: () => number;
  constructor(delayMs: () => number) {
    this.delayMs = delayMs;
  }
  async get(key: { pk: string; sk: string }) {
    await sleep(this.delayMs());
    return this.items.get(itemKey(key)) ?? null;
  }
  async batchGet(keys: readonly { pk: string; sk: string }[]) {
    await sleep(this.delayMs());
    return keys.flatMap((key) => {
      const item = this.items.get(itemKey(key));
      return item ? [item] : [];
    });
  }
  async putIfNewer(item: ReadItem) {
    await sleep(this.delayMs());
    const current = this.items.get(itemKey(item));
    if (current && Number(current.version) >= item.version) return false;
    this.items.set(itemKey(item), item);
    if (item.sk === 'list') this.writes.push({ key: item.pk, version: item.version });
    return true;
  }
  /** Counted main items (the client card's): the version condition and the counters' ADDs, at once. */
  async writeCounted(key: { pk: string; sk: string }, item: ReadItem | null, expected: number | null, deltas: readonly CounterDelta[]) {
    await sleep(this.delayMs());
    const current = this.items.get(itemKey(key));
    if ((current ? Number(current.version) : null) !== expected) return false;
    // Not in `writes`: those follow the ticket's list item (the card's main item shares its pk).
    if (item === null) this.items.delete(itemKey(key));
    else this.items.set(itemKey(key), item);
    for (const { key: counter, delta } of deltas) {
      const stored = this.items.get(itemKey(counter));
      this.items.set(itemKey(counter), { ...counter, counter: true, n: Number(stored?.n ?? 0) + delta });
    }
    return true;
  }
  /** Never split here (no transaction limit in memory): nothing is ever pending. */
  async finishCounted(key: { pk: string; sk: string }) {
    return this.get(key);
  }
  async writeAll(puts: readonly ReadItem[], deletes: readonly { pk: string; sk: string }[]) {
    await sleep(this.delayMs());
    for (const key of deletes) this.items.delete(itemKey(key));
    for (const item of puts) this.items.set(itemKey(item), item);
  }
}

const tenant = 'acme';
const at = '2026-11-23T10:00:00.000Z';

const ticketEvent = (ticketId: string, version: number, tenant = 'acme'): StoredEvent =>
  ({
    tenant,
    aggregateType: 'ticket',
    aggregateId: ticketId,
    version,
    type: version === 1 ? 'TicketOpened' : 'TicketCommented',
    schemaVersion: 1,
    data:
      version === 1
        ? { ticketId, number: Number(ticketId.slice(1)), companyId: 'c1', subject: 'Printer', type: 'problem', priority: 'normal', assignee: null }
        : { ticketId, commentId: `c${version}`, body: 'hi', visibility: 'public' },
    meta: { tenant, actor: 'olga', commandId: `x${version}`, correlationId: 'y' },
    at,
  }) as unknown as StoredEvent;

let sequence = 1000;
const recordOf = (event: StoredEvent): DynamoDBRecord => {
  const pk = `${event.meta.tenant}#ticket#${event.aggregateId}`;
  return {
    eventName: 'INSERT',
    dynamodb: {
      SequenceNumber: String((sequence += 1)),
      Keys: marshall({ pk, version: event.version }) as never,
      NewImage: marshall({ pk, kind: 'event', ...event }) as never,
    },
  };
};

/** A context whose remaining time is whatever `left()` says. */
const contextWith = (left: () => number): Context => ({ getRemainingTimeInMillis: left }) as unknown as Context;

const handlerOver = (store: SlowMemoryStore, options: { aggregatesInParallel?: number } = {}) => {
  const reader: EventReader = { load: async () => ({ events: [] }) };
  const deps = () => ({ readModels: store, eventStore: reader }) as unknown as Dependencies;
  return createProjectHandler(deps, { deadlineMarginMs: 1_000, ...options });
};

describe('projector handler: progress record by record', () => {
  it('stops starting aggregates when the deadline is near and hands the unprocessed records back as failures', async () => {
    const store = new SlowMemoryStore(() => 2);
    const handler = handlerOver(store, { aggregatesInParallel: 1 });
    const records = Array.from({ length: 10 }, (_, i) => recordOf(ticketEvent(`t${i + 1}`, 1)));
    // 60 s at the start; each aggregate's work "costs" 15 s of the invocation.
    const context = contextWith(() => 60_000 - 15_000 * store.writes.length);
    const result = await handler({ Records: records }, context);
    // Started with 60, 45, 30 and 15 s left; with 0 s left (< the 1 s margin) it stops.
    const failed = result.batchItemFailures.map((f) => f.itemIdentifier);
    expect(failed).toEqual(records.slice(4).map((r) => r.dynamodb!.SequenceNumber));
    expect([...store.writes.map((w) => w.key)]).toEqual(['t1', 't2', 't3', 't4'].map((id) => `${tenant}#ticket#${id}`));
  });

  it('with no time left reports the whole batch, and projects nothing', async () => {
    const store = new SlowMemoryStore(() => 1);
    const records = [recordOf(ticketEvent('t1', 1)), recordOf(ticketEvent('t2', 1))];
    const result = await handlerOver(store)({ Records: records }, contextWith(() => 500));
    expect(result.batchItemFailures).toHaveLength(2);
    expect(store.writes).toEqual([]);
  });

  it('projects aggregates concurrently but each aggregate in order: every item ends at its last version, never moved back', async () => {
    const store = new SlowMemoryStore(() => Math.random() * 5);
    const handler = handlerOver(store, { aggregatesInParallel: 8 });
    // 12 tickets, 5 events each, interleaved in stream order as concurrent commands would be.
    const records: DynamoDBRecord[] = [];
    for (let version = 1; version <= 5; version += 1) for (let t = 1; t <= 12; t += 1) records.push(recordOf(ticketEvent(`t${t}`, version)));
    const result = await handler({ Records: records }, contextWith(() => 60_000));
    expect(result.batchItemFailures).toEqual([]);
    for (let t = 1; t <= 12; t += 1) {
      const item = store.items.get(itemKey(ticketListProjection.key(tenant, `t${t}`)));
      expect(item).toMatchObject({ version: 5, commentCount: 4 });
      const versions = store.writes.filter((w) => w.key === `${tenant}#ticket#t${t}`).map((w) => w.version);
      expect(versions).toEqual([...versions].sort((a, b) => a - b));
    }
  });

  it('lets tenants take turns: the one ticket of another tenant, last in a batch full of an import, is projected among the first', async () => {
    const store = new SlowMemoryStore(() => 1);
    const records = [...Array.from({ length: 12 }, (_, i) => recordOf(ticketEvent(`t${i + 1}`, 1))), recordOf(ticketEvent('t99', 1, 'other'))];
    const result = await handlerOver(store, { aggregatesInParallel: 1 })({ Records: records }, contextWith(() => 60_000));
    expect(result.batchItemFailures).toEqual([]);
    expect(store.writes.map((w) => w.key).indexOf('other#ticket#t99')).toBe(1);
  });

  it('a failing aggregate fails only its own records; the others are done', async () => {
    const store = new SlowMemoryStore(() => 1);
    const broken = { ...recordOf(ticketEvent('t2', 1)) };
    broken.dynamodb = { ...broken.dynamodb, NewImage: marshall({ pk: `${tenant}#ticket#t2`, kind: 'event', ...ticketEvent('t2', 1), type: 'NoSuchEvent' }) as never };
    const records = [recordOf(ticketEvent('t1', 1)), broken, recordOf(ticketEvent('t3', 1)), recordOf(ticketEvent('t2', 2))];
    const result = await handlerOver(store)({ Records: records }, contextWith(() => 60_000));
    expect(result.batchItemFailures.map((f) => f.itemIdentifier)).toEqual([records[1]!.dynamodb!.SequenceNumber, records[3]!.dynamodb!.SequenceNumber]);
    expect(store.items.get(itemKey(ticketListProjection.key(tenant, 't1')))).toMatchObject({ version: 1 });
    expect(store.items.get(itemKey(ticketListProjection.key(tenant, 't3')))).toMatchObject({ version: 1 });
    expect(store.items.get(itemKey(ticketListProjection.key(tenant, 't2')))).toBeUndefined();
  });
});

describe('projector handler: projection lag metric', () => {
  it('records the age of each projected record against the injected clock, none for a record handed back', async () => {
    const store = new SlowMemoryStore(() => 0);
    const reader: EventReader = { load: async () => ({ events: [] }) };
    const lags: number[] = [];
    const metrics = { command: () => undefined, importChunk: () => undefined, mailsSent: () => undefined, webhookDelivery: () => undefined, projectionLag: (ms: number) => lags.push(ms) };
    const deps = () => ({ readModels: store, eventStore: reader, metrics, now: () => '2026-11-23T10:00:05.000Z' }) as unknown as Dependencies;
    const written = Date.parse('2026-11-23T10:00:00.000Z') / 1000;
    const records = [recordOf(ticketEvent('t1', 1)), recordOf(ticketEvent('t2', 1))];
    records[0]!.dynamodb!.ApproximateCreationDateTime = written;
    records[1]!.dynamodb!.ApproximateCreationDateTime = written - 2;
    const result = await createProjectHandler(deps, { deadlineMarginMs: 1_000 })({ Records: records }, contextWith(() => 60_000));
    expect(result.batchItemFailures).toEqual([]);
    expect(lags.sort()).toEqual([5_000, 7_000]);

    lags.length = 0;
    await createProjectHandler(deps, { deadlineMarginMs: 1_000 })({ Records: records }, contextWith(() => 500));
    expect(lags).toEqual([]);
  });
});
