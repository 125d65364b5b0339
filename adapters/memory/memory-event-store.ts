import { privateItemKey, streamKey } from '../dynamodb/event-keys.ts';
import {
  idempotencyTtlSeconds,
  maxCommitItems,
  type Commit,
  type EventStorePort,
  type IdempotencyRecord,
  type LoadedStream,
  type PrivateItem,
  type PrivateItemKey,
  type StreamAppend,
  type UniqueClaim,
} from '../../application/ports/event-store.ts';
import {
  IdempotencyKeyTakenError,
  PrivateItemChangedError,
  PrivateItemExistsError,
  SequenceConflictError,
  StreamConflictError,
  UniqueKeyTakenError,
} from '../../application/ports/event-store-errors.ts';
import { readStored, validateForAppend } from '../../contract/event-catalogue.ts';
import type { EventMeta, StoredEvent } from '../../events/envelope.ts';

interface StoredItem {
  readonly type: string;
  readonly schemaVersion: number;
  readonly data: unknown;
  readonly meta: EventMeta;
  readonly at: string;
}

interface StoredIdempotency {
  readonly requestHash: string;
  /** JSON text, as the DynamoDB store keeps it. */
  readonly result: string;
  readonly createdAt: string;
  readonly expiresAt: number;
}

/** One write of a commit: the item it touches, the condition it needs, and what it does once all hold. */
interface Write {
  readonly item: string;
  /** The error this write's failed condition stands for, or undefined when it holds. */
  readonly conflict: () => Error | undefined;
  readonly apply: () => void;
  readonly idempotency?: true;
}

/** A map key that cannot be confused across parts (no separator a value could contain). */
const keyOf = (...parts: readonly (string | number)[]): string => JSON.stringify(parts);

/**
 * A copy as DynamoDB stores it (the document client drops undefined values): what a caller keeps
 * or later changes never reaches the store, and what it reads back is its own.
 */
const stored = <T>(value: T): T => {
  if (Array.isArray(value)) return value.filter((v) => v !== undefined).map(stored) as T;
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).flatMap(([k, v]) => (v === undefined ? [] : [[k, stored(v)]]))) as T;
  }
  return value;
};

/**
 * The event store in memory, for application tests that need no DynamoDB: the same semantics as
 * adapters/dynamodb/event-store.ts (held to them by test/support/event-store-contract.ts) — events
 * validated on append and upcast on read, version slots taken only when free, counters advanced only
 * from the value read, claims "free or mine", the idempotency record only when absent and reported
 * before any other failed condition, at most 100 items and each item once per commit, all or nothing.
 * A commit checks and writes without awaiting in between, so concurrent commits are serialised.
 */
export class MemoryEventStore implements EventStorePort {
  readonly #streams = new Map<string, Map<number, StoredItem>>();
  readonly #sequences = new Map<string, number>();
  readonly #claims = new Map<string, string>();
  /** value key -> holders, in the order they took the value. */
  readonly #lookups = new Map<string, Set<string>>();
  readonly #idempotency = new Map<string, StoredIdempotency>();
  readonly #privateItems = new Map<string, PrivateItem>();
  readonly #pageSize: number;

  /** `pageSize`: events per page of `pages` (DynamoDB's pages hold up to 1 MB). */
  constructor(options: { pageSize?: number } = {}) {
    this.#pageSize = options.pageSize ?? 100;
  }

  async load(tenant: string, aggregateType: string, aggregateId: string): Promise<LoadedStream> {
    const events: StoredEvent[] = [];
    for await (const page of this.pages(tenant, aggregateType, aggregateId)) events.push(...page);
    return { events, version: events.at(-1)?.version ?? 0 };
  }

  async *pages(tenant: string, aggregateType: string, aggregateId: string, options: { afterVersion?: number } = {}): AsyncGenerator<StoredEvent[]> {
    // The DynamoDB store's key rules: an id that could not be part of a key is refused the same way.
    streamKey(tenant, aggregateType, aggregateId);
    let after = options.afterVersion ?? 0;
    for (;;) {
      const stream = this.#streams.get(keyOf(tenant, aggregateType, aggregateId)) ?? new Map<number, StoredItem>();
      const versions = [...stream.keys()].filter((v) => v > after).sort((a, b) => a - b).slice(0, this.#pageSize);
      yield versions.map((version) => {
        const item = stream.get(version)!;
        const data = readStored(item.type, item.schemaVersion, stored(item.data));
        return { aggregateType, aggregateId, version, type: item.type, data, at: item.at, meta: stored(item.meta) };
      });
      if (versions.length < this.#pageSize) return;
      after = versions.at(-1)!;
    }
  }

  /** Always the current value: a hint that is never stale is still a hint. */
  async readSequence(tenant: string, name: string, _options: { hint?: boolean } = {}): Promise<number> {
    return this.#sequences.get(keyOf(tenant, name)) ?? 0;
  }

  async readIdempotency(tenant: string, key: string, now: string): Promise<IdempotencyRecord | null> {
    const record = this.#idempotency.get(keyOf(tenant, key));
    if (!record || record.expiresAt * 1000 < Date.parse(now)) return null;
    return { key, requestHash: record.requestHash, result: JSON.parse(record.result), createdAt: record.createdAt };
  }

  async readPrivateItem(key: PrivateItemKey, now: string): Promise<PrivateItem | undefined> {
    const item = this.#privateItems.get(privateItemKey(key));
    if (!item || (item.expiresAt !== undefined && item.expiresAt <= now)) return undefined;
    return stored(item);
  }

  async readClaim(tenant: string, scope: string, value: string): Promise<string | undefined> {
    return this.#claims.get(keyOf(tenant, scope, value));
  }

  async readLookup(tenant: string, scope: string, value: string, limit = 100): Promise<string[]> {
    return [...(this.#lookups.get(keyOf(tenant, scope, value)) ?? [])].slice(0, limit);
  }

  async commit(commit: Commit): Promise<void> {
    for (const stream of commit.streams) streamKey(commit.tenant, stream.aggregateType, stream.aggregateId);
    const writes = this.#writes(commit);
    if (writes.length === 0) return;
    if (writes.length > maxCommitItems) {
      throw new Error(`a commit may hold at most ${maxCommitItems} items; this one has ${writes.length}`);
    }
    // DynamoDB refuses a transaction that touches one item twice; so does this store.
    const items = new Set(writes.map((w) => w.item));
    if (items.size < writes.length) throw new Error('a commit may touch each item only once');

    // Every condition is read before anything is written: all or nothing. A request already
    // committed under the idempotency key explains every other failure, so it is reported first.
    const conflicts = writes.map((w) => ({ write: w, error: w.conflict() })).filter((c) => c.error !== undefined);
    const reported = conflicts.find((c) => c.write.idempotency) ?? conflicts[0];
    if (reported) throw reported.error;
    for (const write of writes) write.apply();
  }

  #writes(commit: Commit): Write[] {
    const { tenant, at } = commit;
    const meta: EventMeta = stored({ ...commit.meta, tenant });
    const writes: Write[] = [];
    for (const stream of commit.streams) writes.push(...this.#appends(tenant, at, meta, stream));

    for (const { name, from, to } of commit.sequences ?? []) {
      const key = keyOf(tenant, name);
      writes.push({
        item: keyOf('sequence', key),
        // Gapless: the number is consumed only if this very commit succeeds.
        conflict: () => {
          const current = this.#sequences.get(key);
          return (from === 0 ? current === undefined : current === from) ? undefined : new SequenceConflictError(name);
        },
        apply: () => this.#sequences.set(key, to),
      });
    }

    for (const claim of commit.claims ?? []) {
      const key = keyOf(tenant, claim.scope, claim.value);
      writes.push({
        item: keyOf('unique', key),
        conflict: () => this.#takenFrom(key, claim, true),
        apply: () => this.#claims.set(key, claim.owner),
      });
    }
    for (const claim of commit.releases ?? []) {
      const key = keyOf(tenant, claim.scope, claim.value);
      writes.push({
        item: keyOf('unique', key),
        conflict: () => this.#takenFrom(key, claim, false),
        apply: () => this.#claims.delete(key),
      });
    }

    // A holder has a place of its own per value, so giving or taking one never conflicts.
    for (const entry of commit.lookups?.add ?? []) {
      const key = keyOf(tenant, entry.scope, entry.value);
      writes.push({
        item: keyOf('lookup', key, entry.owner),
        conflict: () => undefined,
        apply: () => this.#lookups.set(key, (this.#lookups.get(key) ?? new Set()).add(entry.owner)),
      });
    }
    for (const entry of commit.lookups?.remove ?? []) {
      const key = keyOf(tenant, entry.scope, entry.value);
      writes.push({
        item: keyOf('lookup', key, entry.owner),
        conflict: () => undefined,
        apply: () => {
          const holders = this.#lookups.get(key);
          holders?.delete(entry.owner);
          if (holders?.size === 0) this.#lookups.delete(key);
        },
      });
    }

    for (const put of commit.privateItems ?? []) {
      if (put.mode === 'swap' && put.expiresAt !== undefined) throw new Error(`private item ${put.scope} ${put.id}: a swapped item cannot expire`);
      const key = privateItemKey(put.scope === 'api-client' ? { scope: put.scope, id: put.id } : { scope: put.scope, tenant, id: put.id });
      const expected = put.expectRevision ?? 0;
      const item: PrivateItem = {
        tenant,
        value: stored(put.value),
        ...(put.expiresAt === undefined ? {} : { expiresAt: put.expiresAt }),
        ...(put.mode === 'swap' ? { revision: expected + 1 } : {}),
      };
      writes.push({
        item: keyOf('private', key),
        conflict: () => {
          if (put.mode === 'create' && this.#privateItems.has(key)) return new PrivateItemExistsError(put.scope, put.id);
          if (put.mode === 'swap' && (this.#privateItems.get(key)?.revision ?? 0) !== expected) return new PrivateItemChangedError(put.scope, put.id);
          return undefined;
        },
        apply: () => this.#privateItems.set(key, item),
      });
    }

    if (commit.idempotency) {
      const { key: idempotencyKey, requestHash, result } = commit.idempotency;
      const key = keyOf(tenant, idempotencyKey);
      const record: StoredIdempotency = {
        requestHash,
        result: JSON.stringify(result),
        createdAt: at,
        expiresAt: Math.floor(Date.parse(at) / 1000) + idempotencyTtlSeconds,
      };
      writes.push({
        item: keyOf('idempotency', key),
        conflict: () => (this.#idempotency.has(key) ? new IdempotencyKeyTakenError(idempotencyKey) : undefined),
        apply: () => this.#idempotency.set(key, record),
        idempotency: true,
      });
    }
    return writes;
  }

  /** One write per event, validated now: an unknown or invalid event fails the commit before any check. */
  #appends(tenant: string, at: string, meta: EventMeta, stream: StreamAppend): Write[] {
    const key = keyOf(tenant, stream.aggregateType, stream.aggregateId);
    return stream.events.map((event, index) => {
      const { schemaVersion, data } = validateForAppend(event.type, event.data);
      const version = stream.expectedVersion + index + 1;
      const item: StoredItem = { type: event.type, schemaVersion, data: stored(data), meta, at };
      return {
        item: keyOf('event', key, version),
        // The slot must be free: if another writer took it, the stream moved on.
        conflict: () =>
          this.#streams.get(key)?.has(version) ? new StreamConflictError(stream.aggregateType, stream.aggregateId, stream.expectedVersion) : undefined,
        apply: () => {
          const events = this.#streams.get(key) ?? new Map<number, StoredItem>();
          this.#streams.set(key, events.set(version, item));
        },
      };
    });
  }

  /** A claim (or release) holds when the value is free or already the claimant's. */
  #takenFrom(key: string, claim: UniqueClaim, namingOwner: boolean): Error | undefined {
    const owner = this.#claims.get(key);
    if (owner === undefined || owner === claim.owner) return undefined;
    // As on DynamoDB: a refused claim names the owner, a refused release does not.
    return new UniqueKeyTakenError(claim.scope, claim.value, namingOwner ? owner : undefined);
  }
}
