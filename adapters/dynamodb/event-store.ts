import { TransactionCanceledException, type CancellationReason } from '@aws-sdk/client-dynamodb';
import {
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
  type DynamoDBDocumentClient,
  type QueryCommandOutput,
} from '@aws-sdk/lib-dynamodb';
import { readStored, validateForAppend } from '../../events/catalogue.ts';
import type { EventMeta, StoredEvent } from '../../events/envelope.ts';
import {
  CommitConflictError,
  IdempotencyKeyTakenError,
  SequenceConflictError,
  StreamConflictError,
  UniqueKeyTakenError,
} from './event-store-errors.ts';
import { idempotencyKey, sequenceKey, singletonVersion, streamKey, uniqueKey } from './event-keys.ts';
import { lookupDelete, lookupPut, readLookup } from './lookup-items.ts';
import {
  idempotencyTtlSeconds,
  maxCommitItems,
  type Commit,
  type EventStorePort,
  type IdempotencyRecord,
  type LoadedStream,
  type LookupEntry,
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
  StoredResponse,
  StreamAppend,
  UniqueClaim,
} from '../../application/ports/event-store.ts';
export { idempotencyTtlSeconds } from '../../application/ports/event-store.ts';

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

/** What each transaction item stands for, so a cancellation reason can be turned into a precise error. */
type ItemRole =
  | { role: 'event'; stream: StreamAppend }
  | { role: 'sequence'; name: string }
  | { role: 'claim'; claim: UniqueClaim }
  | { role: 'release'; claim: UniqueClaim }
  | { role: 'lookup'; entry: LookupEntry }
  | { role: 'idempotency'; key: string };

/**
 * The event store on DynamoDB (Castore-style): an aggregate is the partition `tenant#type#id`, each
 * event takes the next numeric sort key, and a commit is ONE TransactWriteItems of conditioned puts —
 * the version slots, sequence counters, unique-key claims and the idempotency record succeed or fail
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
   * The stored response of a command under `key`, unless it expired by `now` (ISO time, passed in:
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
    return { key, requestHash: Item.requestHash, response: Item.response, createdAt: Item.createdAt };
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
    try {
      await this.#db.send(new TransactWriteCommand({ TransactItems: items }));
    } catch (error) {
      for (const sequence of commit.sequences ?? []) this.#sequenceHints.delete(sequenceKey(commit.tenant, sequence.name));
      if (error instanceof TransactionCanceledException) throw this.#conflictFrom(error.CancellationReasons ?? [], roles);
      throw error;
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

    if (commit.idempotency) {
      const { key, requestHash, response } = commit.idempotency;
      add(
        {
          Put: {
            TableName: this.#table,
            Item: {
              pk: idempotencyKey(tenant, key),
              version: singletonVersion,
              kind: 'idempotency',
              requestHash,
              response,
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

  /**
   * Maps DynamoDB's cancellation reasons (one per item, in order) to the first precise error.
   * `TransactionConflict` (another transaction on the same item in flight) counts as a conflict of
   * that item: the caller re-decides exactly as for a failed condition.
   */
  #conflictFrom(reasons: CancellationReason[], roles: ItemRole[]): Error {
    // A request already committed under its Idempotency-Key explains every other failed condition (its
    // own claims, its sequence step): that one is reported, and the caller replays the stored response.
    const replay = reasons.findIndex((r, i) => r.Code === 'ConditionalCheckFailed' && roles[i]?.role === 'idempotency');
    const failed = replay >= 0 ? replay : reasons.findIndex((r) => r.Code === 'ConditionalCheckFailed' || r.Code === 'TransactionConflict');
    const role = roles[failed];
    const reason = reasons[failed];
    if (!role || !reason) {
      const codes = reasons.map((r) => r.Code).join(', ');
      return new Error(`transaction cancelled without a conflicting item (${codes})`);
    }
    switch (role.role) {
      case 'event':
        return new StreamConflictError(role.stream.aggregateType, role.stream.aggregateId, role.stream.expectedVersion);
      case 'sequence':
        return new SequenceConflictError(role.name);
      case 'claim': {
        const owner = reason.Item?.owner;
        return new UniqueKeyTakenError(role.claim.scope, role.claim.value, owner && 'S' in owner ? owner.S : undefined);
      }
      case 'release':
        return new UniqueKeyTakenError(role.claim.scope, role.claim.value, undefined);
      case 'idempotency':
        return new IdempotencyKeyTakenError(role.key);
      case 'lookup':
        // Another holder of the value in the same slot: a hash collision (lookup-items.ts), not a race.
        if (reason.Code === 'ConditionalCheckFailed') return new Error(`lookup ${role.entry.scope} slot of ${role.entry.owner} is held by another record`);
        return new CommitConflictError(`lookup ${role.entry.scope} of ${role.entry.owner} changed concurrently`);
    }
  }
}
