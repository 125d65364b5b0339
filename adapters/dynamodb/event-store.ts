import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  type DynamoDBDocumentClient,
  type QueryCommandOutput,
} from '@aws-sdk/lib-dynamodb';
import { readStored, validateForAppend } from '../../contract/event-catalogue.ts';
import type { EventMeta, StoredEvent } from '../../events/envelope.ts';
import { conflictFromCancellation, conflictFromSingleWrite, type ItemRole } from './commit-conflicts.ts';
import { idempotencyKey, privateItemKey, sequenceKey, singletonVersion, streamKey, uniqueKey } from './event-keys.ts';
import { lookupDelete, lookupPut, readLookup } from './lookup-items.ts';
import {
  idempotencyTtlSeconds,
  maxCommitItems,
  type Commit,
  type EventStorePort,
  type IdempotencyRecord,
  type LoadedStream,
  type LookupEntry,
  type PrivateItem,
  type PrivateItemKey,
  type PrivateValue,
  type StreamAppend,
  type UniqueClaim,
} from '../../application/ports/event-store.ts';

// The port's types, re-exported so the modules that import them from here keep compiling.
export type {
  Commit,
  IdempotencyRecord,
  LoadedStream,
  LookupEntry,
  NewEvent,
  SequenceAdvance,
  StreamAppend,
  UniqueClaim,
} from '../../application/ports/event-store.ts';
export { idempotencyTtlSeconds } from '../../application/ports/event-store.ts';

/**
 * The result an idempotency item keeps, as JSON text. Items written before results were neutral kept
 * the rendered HTTP response under `response`; they expire within a day of the change (24 h TTL),
 * and until then come back as `{ legacyHttpResponse }`, which the HTTP edge replays as it was.
 */
const storedResult = (item: Record<string, unknown>): unknown =>
  typeof item.result === 'string' ? JSON.parse(item.result) : { legacyHttpResponse: item.response };

/** DynamoDB's limit on the items of one transaction. */
const maxTransactItems = maxCommitItems;

interface EventItem {
  pk: string;
  version: number;
  kind: 'event';
  tenant: string;
  aggregateType: string;
  aggregateId: string;
  type: string;
  schemaVersion: number;
  data: unknown;
  meta: EventMeta;
  at: string;
}

/** Turns a stored item (from a Query, a Scan or a stream image) into an event of the current schema. */
export const eventFromItem = (item: Record<string, unknown>): StoredEvent => {
  const event = item as unknown as EventItem;
  return {
    aggregateType: event.aggregateType,
    aggregateId: event.aggregateId,
    version: Number(event.version),
    type: event.type,
    data: readStored(event.type, Number(event.schemaVersion), event.data),
    at: event.at,
    meta: event.meta,
  };
};

export const isEventItem = (item: Record<string, unknown> | undefined): boolean => item?.kind === 'event';

type TransactItem = NonNullable<ConstructorParameters<typeof TransactWriteCommand>[0]['TransactItems']>[number];

/**
 * The event store on DynamoDB (Castore-style): an aggregate is the partition `tenant#type#id`, each
 * event takes the next numeric sort key, and a commit is ONE request: a conditioned PutItem when it holds
 * one item, else one TransactWriteItems of conditioned writes — the version slots, sequence counters,
 * unique-key claims and the idempotency record succeed or fail
 * together, so no event is lost, duplicated or half-written.
 */
export class EventStore implements EventStorePort {
  readonly #db: DynamoDBDocumentClient;
  readonly #table: string;
  /**
   * The last value this process saw of each counter. Only a hint: a commit is conditioned on the
   * value it used, so a stale hint costs one retry with a fresh read — and saves a read otherwise.
   */
  readonly #sequenceHints = new Map<string, number>();

  constructor(db: DynamoDBDocumentClient, table: string) {
    this.#db = db;
    this.#table = table;
  }

  /** Strongly consistent read of one aggregate's events, upcast to their current schemas. */
  async load(tenant: string, aggregateType: string, aggregateId: string): Promise<LoadedStream> {
    const events: StoredEvent[] = [];
    for await (const page of this.pages(tenant, aggregateType, aggregateId)) events.push(...page);
    return { events, version: events.at(-1)?.version ?? 0 };
  }

  /**
   * One aggregate's events a page (up to 1 MB) at a time, strongly consistent and upcast, from the
   * one after `afterVersion`. A caller that folds as it reads keeps one page in memory, not the
   * stream; one that holds the state at a version reads only what was appended since.
   */
  async *pages(tenant: string, aggregateType: string, aggregateId: string, options: { afterVersion?: number } = {}): AsyncGenerator<StoredEvent[]> {
    let startKey: Record<string, unknown> | undefined;
    do {
      const page: QueryCommandOutput = await this.#db.send(
        new QueryCommand({
          TableName: this.#table,
          KeyConditionExpression: '#pk = :pk AND #version > :after',
          ExpressionAttributeNames: { '#pk': 'pk', '#version': 'version' },
          ExpressionAttributeValues: { ':pk': streamKey(tenant, aggregateType, aggregateId), ':after': options.afterVersion ?? 0 },
          ConsistentRead: true,
          ExclusiveStartKey: startKey,
        }),
      );
      yield (page.Items ?? []).map(eventFromItem);
      startKey = page.LastEvaluatedKey;
    } while (startKey);
  }

  /**
   * Current value of a per-tenant counter (0 before its first use), strongly consistent — or, with
   * `hint`, the last value this process committed or read, when it has one.
   */
  async readSequence(tenant: string, name: string, options: { hint?: boolean } = {}): Promise<number> {
    const key = sequenceKey(tenant, name);
    const hinted = this.#sequenceHints.get(key);
    if (options.hint && hinted !== undefined) return hinted;
    const { Item } = await this.#db.send(
      new GetCommand({
        TableName: this.#table,
        Key: { pk: key, version: singletonVersion },
        ConsistentRead: true,
      }),
    );
    const value = Item ? Number(Item.value) : 0;
    this.#sequenceHints.set(key, value);
    return value;
  }

  /**
   * The stored result of a command under `key`, unless it expired by `now` (ISO time, passed in:
   * DynamoDB's TTL deletes expired items only eventually, so expiry is checked here too, against the
   * caller's clock rather than the machine's).
   */
  async readIdempotency(tenant: string, key: string, now: string): Promise<IdempotencyRecord | null> {
    const { Item } = await this.#db.send(
      new GetCommand({
        TableName: this.#table,
        Key: { pk: idempotencyKey(tenant, key), version: singletonVersion },
        ConsistentRead: true,
      }),
    );
    if (!Item || (typeof Item.expiresAt === 'number' && Item.expiresAt * 1000 < Date.parse(now))) return null;
    return { key, requestHash: Item.requestHash, result: storedResult(Item), createdAt: Item.createdAt };
  }

  /** The owner of a unique value, if it is claimed. */
  async readClaim(tenant: string, scope: string, value: string): Promise<string | undefined> {
    const { Item } = await this.#db.send(
      new GetCommand({
        TableName: this.#table,
        Key: { pk: uniqueKey(tenant, scope, value), version: singletonVersion },
        ConsistentRead: true,
      }),
    );
    return Item?.owner as string | undefined;
  }

  /** A private item, strongly consistent; an expired one (its TTL not yet applied) is absent. */
  async readPrivateItem(key: PrivateItemKey, now: string): Promise<PrivateItem | undefined> {
    const { Item } = await this.#db.send(
      new GetCommand({ TableName: this.#table, Key: { pk: privateItemKey(key), version: singletonVersion }, ConsistentRead: true }),
    );
    if (!Item || Item.kind !== 'private') return undefined;
    const expiresAt = Item.expiresAtIso as string | undefined;
    if (expiresAt !== undefined && expiresAt <= now) return undefined;
    const revision = Item.revision as number | undefined;
    return {
      tenant: Item.tenant as string,
      value: Item.value as PrivateValue,
      ...(expiresAt === undefined ? {} : { expiresAt }),
      ...(revision ? { revision: Number(revision) } : {}),
    };
  }

  /** Who holds a value that need not be unique (strongly consistent; at most `limit` holders). */
  async readLookup(tenant: string, scope: string, value: string, limit = 100): Promise<string[]> {
    return readLookup(this.#db, this.#table, tenant, scope, value, limit);
  }

  /** Appends atomically; throws a CommitConflictError subclass naming what conflicted. */
  async commit(commit: Commit): Promise<void> {
    const { items, roles } = this.#transaction(commit);
    if (items.length === 0) return;
    if (items.length > maxTransactItems) {
      throw new Error(`a commit may hold at most ${maxTransactItems} items; this one has ${items.length}`);
    }
    // One item needs no transaction: a conditioned PutItem is as atomic and as strictly conditioned,
    // at half the write units (a transactional write costs two per item) and without the two phases.
    const single = items.length === 1 ? items[0]?.Put : undefined;
    try {
      if (single) await this.#db.send(new PutCommand(single));
      else await this.#db.send(new TransactWriteCommand({ TransactItems: items }));
    } catch (error) {
      for (const sequence of commit.sequences ?? []) this.#sequenceHints.delete(sequenceKey(commit.tenant, sequence.name));
      if (error instanceof TransactionCanceledException) throw conflictFromCancellation(error.CancellationReasons ?? [], roles);
      const conflict = single && roles[0] ? conflictFromSingleWrite(error, roles[0]) : undefined;
      throw conflict ?? error;
    }
    for (const sequence of commit.sequences ?? []) this.#sequenceHints.set(sequenceKey(commit.tenant, sequence.name), sequence.to);
  }

  #transaction(commit: Commit): { items: TransactItem[]; roles: ItemRole[] } {
    const { tenant, at } = commit;
    const meta: EventMeta = { ...commit.meta, tenant };
    const items: TransactItem[] = [];
    const roles: ItemRole[] = [];
    const add = (item: TransactItem, role: ItemRole) => {
      items.push(item);
      roles.push(role);
    };

    for (const stream of commit.streams) {
      stream.events.forEach((event, index) => {
        const { schemaVersion, data } = validateForAppend(event.type, event.data);
        const item: EventItem = {
          pk: streamKey(tenant, stream.aggregateType, stream.aggregateId),
          version: stream.expectedVersion + index + 1,
          kind: 'event',
          tenant,
          aggregateType: stream.aggregateType,
          aggregateId: stream.aggregateId,
          type: event.type,
          schemaVersion,
          data,
          meta,
          at,
        };
        // The slot must be free: if another writer took it, the stream moved on (optimistic concurrency).
        add(
          { Put: { TableName: this.#table, Item: item, ConditionExpression: 'attribute_not_exists(pk)' } },
          { role: 'event', stream },
        );
      });
    }

    for (const sequence of commit.sequences ?? []) {
      // Gapless: the number is consumed only if this very commit succeeds.
      add(
        {
          Put: {
            TableName: this.#table,
            Item: { pk: sequenceKey(tenant, sequence.name), version: singletonVersion, kind: 'sequence', value: sequence.to },
            ConditionExpression: sequence.from === 0 ? 'attribute_not_exists(pk)' : '#value = :from',
            ...(sequence.from === 0
              ? {}
              : { ExpressionAttributeNames: { '#value': 'value' }, ExpressionAttributeValues: { ':from': sequence.from } }),
          },
        },
        { role: 'sequence', name: sequence.name },
      );
    }

    for (const claim of commit.claims ?? []) {
      add(
        {
          Put: {
            TableName: this.#table,
            Item: {
              pk: uniqueKey(tenant, claim.scope, claim.value),
              version: singletonVersion,
              kind: 'unique',
              scope: claim.scope,
              value: claim.value,
              owner: claim.owner,
              claimedAt: at,
            },
            ConditionExpression: 'attribute_not_exists(pk) OR #owner = :owner',
            ExpressionAttributeNames: { '#owner': 'owner' },
            ExpressionAttributeValues: { ':owner': claim.owner },
            ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
          },
        },
        { role: 'claim', claim },
      );
    }

    for (const claim of commit.releases ?? []) {
      add(
        {
          Delete: {
            TableName: this.#table,
            Key: { pk: uniqueKey(tenant, claim.scope, claim.value), version: singletonVersion },
            ConditionExpression: 'attribute_not_exists(pk) OR #owner = :owner',
            ExpressionAttributeNames: { '#owner': 'owner' },
            ExpressionAttributeValues: { ':owner': claim.owner },
          },
        },
        { role: 'release', claim },
      );
    }

    for (const entry of commit.lookups?.add ?? []) add(lookupPut(this.#table, tenant, entry, at), { role: 'lookup', entry });
    for (const entry of commit.lookups?.remove ?? []) add(lookupDelete(this.#table, tenant, entry), { role: 'lookup', entry });

    for (const put of commit.privateItems ?? []) {
      if (put.mode === 'swap' && put.expiresAt !== undefined) throw new Error(`private item ${put.scope} ${put.id}: a swapped item cannot expire`);
      const key = put.scope === 'api-client' ? { scope: put.scope, id: put.id } : { scope: put.scope, tenant, id: put.id };
      add(
        {
          Put: {
            TableName: this.#table,
            Item: {
              pk: privateItemKey(key),
              version: singletonVersion,
              kind: 'private',
              scope: put.scope,
              tenant,
              value: put.value,
              writtenAt: at,
              ...(put.expiresAt === undefined ? {} : { expiresAtIso: put.expiresAt, expiresAt: Math.ceil(Date.parse(put.expiresAt) / 1000) }),
              ...(put.mode === 'swap' ? { revision: (put.expectRevision ?? 0) + 1 } : {}),
            },
            ...(put.mode === 'create' ? { ConditionExpression: 'attribute_not_exists(pk)' } : {}),
            ...(put.mode === 'swap' ? swapCondition(put.expectRevision ?? 0) : {}),
          },
        },
        { role: 'private', scope: put.scope, id: put.id, mode: put.mode },
      );
    }

    if (commit.idempotency) {
      const { key, requestHash, result } = commit.idempotency;
      add(
        {
          Put: {
            TableName: this.#table,
            Item: {
              pk: idempotencyKey(tenant, key),
              version: singletonVersion,
              kind: 'idempotency',
              requestHash,
              result: JSON.stringify(result),
              createdAt: at,
              expiresAt: Math.floor(Date.parse(at) / 1000) + idempotencyTtlSeconds,
            },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
        { role: 'idempotency', key },
      );
    }
    return { items, roles };
  }
}

/** A swap's condition: the revision read is still the item's (0: no item, or one no swap wrote). */
const swapCondition = (expected: number) =>
  expected === 0
    ? { ConditionExpression: 'attribute_not_exists(#revision)', ExpressionAttributeNames: { '#revision': 'revision' } }
    : { ConditionExpression: '#revision = :revision', ExpressionAttributeNames: { '#revision': 'revision' }, ExpressionAttributeValues: { ':revision': expected } };
