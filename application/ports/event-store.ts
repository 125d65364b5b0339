import type { EventMeta, StoredEvent } from '../../events/envelope.ts';

/**
 * The event store as the application sees it: one aggregate's log read strongly consistent, and a
 * commit that appends to several streams, advances counters, claims and releases unique values,
 * gives and takes lookup values and records the idempotency record — all or nothing. Implemented on
 * DynamoDB (adapters/dynamodb/event-store.ts) and in memory (adapters/memory/memory-event-store.ts);
 * test/support/event-store-contract.ts holds both to the same behaviour.
 */
export interface EventStorePort {
  /** One aggregate's events, upcast to their current schemas; version 0 for an empty stream. */
  load(tenant: string, aggregateType: string, aggregateId: string): Promise<LoadedStream>;
  /** The same events a page at a time (at least one page, possibly empty), from after `afterVersion`. */
  pages(tenant: string, aggregateType: string, aggregateId: string, options?: { afterVersion?: number }): AsyncIterable<StoredEvent[]>;
  /**
   * A per-tenant counter (0 before its first use). With `hint`, possibly a value this store saw
   * before rather than the current one: a commit is conditioned on the value it used, so a stale hint
   * costs a SequenceConflictError and a fresh read.
   */
  readSequence(tenant: string, name: string, options?: { hint?: boolean }): Promise<number>;
  /** The record stored under `key`, unless it expired by `now` (the caller's clock, ISO time). */
  readIdempotency(tenant: string, key: string, now: string): Promise<IdempotencyRecord | null>;
  /** The owner of a unique value, if it is claimed. */
  readClaim(tenant: string, scope: string, value: string): Promise<string | undefined>;
  /** Who holds a value that need not be unique (at most `limit` holders, 100 by default). */
  readLookup(tenant: string, scope: string, value: string, limit?: number): Promise<string[]>;
  /** A private item (strongly consistent), unless absent or expired by `now` (the caller's clock, ISO time). */
  readPrivateItem(key: PrivateItemKey, now: string): Promise<PrivateItem | undefined>;
  /**
   * Writes the commit atomically or not at all. Validates every event against the catalogue first
   * (UnknownEventError, InvalidEventError); refuses more than `maxCommitItems` items; a failed
   * condition throws the CommitConflictError subclass naming it (event-store-errors.ts) — the
   * idempotency key's before any other, since a request already committed explains the rest.
   */
  commit(commit: Commit): Promise<void>;
}

export interface NewEvent {
  readonly type: string;
  readonly data: unknown;
}

/** New events for one aggregate, to occupy the slots after `expectedVersion`. */
export interface StreamAppend {
  readonly aggregateType: string;
  readonly aggregateId: string;
  readonly expectedVersion: number;
  readonly events: readonly NewEvent[];
}

/** Moves a per-tenant counter from the value the decision was based on to the value it used. */
export interface SequenceAdvance {
  readonly name: string;
  readonly from: number;
  readonly to: number;
}

export interface UniqueClaim {
  readonly scope: string;
  readonly value: string;
  /** The record that owns the value; claiming again for the same owner is harmless. */
  readonly owner: string;
}

/** A record holding a value that need not be unique (a company's normalised name, an e-mail). */
export interface LookupEntry {
  readonly scope: string;
  readonly value: string;
  /** The record holding the value. */
  readonly owner: string;
}

/**
 * A command's result as it was first returned, to be returned again on a retry. Plain JSON data,
 * stored as JSON text so that it comes back exactly, key order included (a replay over HTTP is then
 * rendered byte for byte as the first answer).
 */
export interface IdempotencyRecord {
  readonly key: string;
  readonly requestHash: string;
  readonly result: unknown;
  readonly createdAt: string;
}

/**
 * Private items: values written in the same commit as the events that name them, but never events
 * themselves — never projected, never on the bus, read only by the function that needs them (IAM per
 * scope, `infra/`). Two kinds:
 * - `webhook-secret` (per tenant): a webhook signing secret. HMAC needs the value itself and the log is
 *   kept for ever and copied to the bus and backups, so events carry only its id (docs/webhooks.md).
 * - `api-client` (global: the only item without a tenant in its key): an API client's grant, found by
 *   the client id a client-credentials token carries, which names no tenant (docs/api-clients.md).
 *   It records the tenant it belongs to.
 */
export type PrivateItemScope = 'webhook-secret' | 'api-client' | 'webhook-health' | 'api-client-secret';

/**
 * - `webhook-health` (per tenant, id = endpointId): the webhook sender's note of when the endpoint's
 *   current failure streak began (`failingSince`, null when healthy) and its circuit breaker (`openUntil`,
 *   `failures`, `probeClaimedAt`), written only on a change, by `swap` (docs/webhooks.md "Pipeline").
 * - `api-client-secret` (per tenant, id = clientId): an API client's secret, kept only for the day its
 *   creation's answer may be replayed, so that the idempotency record holds no secret
 *   (application/integrations/api-client-secrets.ts, docs/api-clients.md).
 */
export type PrivateItemKey =
  | { readonly scope: 'webhook-secret' | 'webhook-health' | 'api-client-secret'; readonly tenant: string; readonly id: string }
  | { readonly scope: 'api-client'; readonly id: string };

/** Plain values only: a private item is small and flat. */
export type PrivateValue = Readonly<Record<string, string | number | boolean | null>>;

export interface PrivateItemPut {
  readonly scope: PrivateItemScope;
  /** Unique within the scope (and the tenant, for `webhook-secret`); no `#`. */
  readonly id: string;
  readonly value: PrivateValue;
  /**
   * `create`: the commit fails with PrivateItemExistsError if the item exists; `replace`: overwrites it;
   * `swap`: overwrites it only if its revision is still `expectRevision` (0: absent, or never swapped),
   * else the commit fails with PrivateItemChangedError; the item's revision becomes expectRevision + 1.
   * A compare-and-set for an item several writers race on (`webhook-health`'s probe claim); an item is
   * written either always by swaps or never (a `replace` forgets the revision), and a swapped item
   * never expires (a reader sees an expired item as absent, revision 0, while its stored revision
   * would still condition the swap): both stores refuse `swap` with `expiresAt`.
   */
  readonly mode: 'create' | 'replace' | 'swap';
  /** With `swap` only: the revision the writer read (PrivateItem.revision, 0 when absent). */
  readonly expectRevision?: number;
  /** From when the item is gone (readers ignore it; DynamoDB's TTL removes it later). Absent: kept. */
  readonly expiresAt?: string;
}

export interface PrivateItem {
  /** The tenant of the commit that wrote it. */
  readonly tenant: string;
  readonly value: PrivateValue;
  readonly expiresAt?: string;
  /** How many swaps wrote it (absent: none; see PrivateItemPut `swap`). */
  readonly revision?: number;
}

export interface Commit {
  readonly tenant: string;
  readonly at: string;
  readonly meta: Omit<EventMeta, 'tenant'>;
  readonly streams: readonly StreamAppend[];
  readonly sequences?: readonly SequenceAdvance[];
  readonly claims?: readonly UniqueClaim[];
  readonly releases?: readonly UniqueClaim[];
  /** Lookup values the commit gives to (`add`) or takes from (`remove`) records. */
  readonly lookups?: { readonly add: readonly LookupEntry[]; readonly remove: readonly LookupEntry[] };
  readonly idempotency?: Omit<IdempotencyRecord, 'createdAt'>;
  /** Private items written with the events (see PrivateItemPut). */
  readonly privateItems?: readonly PrivateItemPut[];
}

export interface LoadedStream {
  readonly events: StoredEvent[];
  /** Version of the last event; 0 for a stream with no events. */
  readonly version: number;
}

/** How long a replayable response is kept, from the commit's `at`. */
export const idempotencyTtlSeconds = 24 * 60 * 60;

/**
 * The most items one commit may hold (events, counters, claims, releases, lookups and the
 * idempotency record together): DynamoDB's limit on one transaction, kept by every store.
 */
export const maxCommitItems = 100;
