import type { Actor } from '../../domain/shared/actor.ts';
import type { Decider, DomainEvent } from '../../domain/shared/decider.ts';
import { IdempotencyKeyTakenError, SequenceConflictError, StreamConflictError } from '../ports/event-store-errors.ts';
import type { EventStorePort, LookupEntry, PrivateItemPut, SequenceAdvance, StreamAppend, UniqueClaim } from '../ports/event-store.ts';
import type { EventMeta } from '../../events/envelope.ts';
import type { CommandOutcome, Idempotency } from './command-context.ts';
import { ConcurrentUpdateError, IdempotencyKeyReusedError, StaleVersionError, notFound } from './errors.ts';
import { recorded } from './recorded.ts';
import type { BusinessMetrics } from '../ports/business-metrics.ts';
import { commandOutcomeOfError } from './command-outcome.ts';

export type { CommandOutcome } from './command-context.ts';

export interface CommandResult<S> {
  readonly state: S;
  readonly version: number;
  readonly events: readonly DomainEvent[];
}

export interface RunCommand<C, S, E extends DomainEvent, R> {
  readonly store: EventStorePort;
  readonly decider: Decider<C, S, E>;
  readonly actor: Actor;
  readonly aggregateType: string;
  readonly aggregateId: string;
  /** The command; a function when it needs the next value of a per-tenant sequence. */
  readonly command: C | ((sequenceValue: number) => C);
  /**
   * The command creates the aggregate under an id just generated: there is nothing to load (one
   * round trip saved); the commit's free-slot condition still refuses an id that exists.
   */
  readonly newAggregate?: boolean;
  /** Per-tenant gapless counter advanced in the same commit (e.g. the ticket number). */
  readonly sequence?: string;
  /**
   * Whether the actor may see the record in this state; checked before anything else so that an
   * invisible record is not found whatever the command carries (no stale version that would reveal it).
   */
  readonly visible?: (state: S) => boolean;
  /**
   * Values that must be unique per tenant (e.g. a VAT number): claimed in the same commit when the
   * command introduces them, released when it drops them. A value another record holds is a UniqueKeyTakenError.
   */
  readonly uniqueKeys?: (state: S) => readonly { readonly scope: string; readonly value: string }[];
  /**
   * Called with the claims a commit is about to make, before it: may refuse one (e.g. a value held
   * under an older claim format) by throwing the conflict the commit would have raised.
   */
  readonly checkClaims?: (tenant: string, claims: readonly UniqueClaim[]) => Promise<void>;
  /**
   * Values the record can be found by that need not be unique (a normalised name, an e-mail): lookup
   * items given and taken in the same commit, derived like the claims from the state before and after.
   */
  readonly lookupKeys?: (state: S) => readonly { readonly scope: string; readonly value: string }[];
  /**
   * Checks what the decided state refers to that the state before did not (e.g. that a newly named
   * responsible user exists, strongly consistent); throws to refuse. Runs when the command appends.
   */
  readonly checkReferences?: (before: S, after: S) => Promise<void>;
  /** The version the caller saw (HTTP `If-Match`). A different current version is a StaleVersionError. */
  readonly expectedVersion?: number;
  readonly idempotency?: Idempotency;
  readonly meta: { readonly commandId: string; readonly correlationId: string; readonly requestId?: string };
  readonly now: () => string;
  /**
   * The command's typed result (plain JSON data): stored with the idempotency record, so that a retry
   * gets exactly the first result back.
   */
  readonly result: (outcome: CommandResult<S>) => R;
  /** Where the command's type and outcome are counted (absent: nowhere). */
  readonly metrics?: BusinessMetrics;
}

/** Re-deciding on fresh state is safe for these decisions; a sequence race needs more room. */
const maxStreamAttempts = 3;
const maxSequenceAttempts = 50;

const pause = (attempt: number) => new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(100, 5 * 2 ** attempt)));

/** What one decision commits, and its result (stored with the idempotency record). */
export interface Decision<R, S = R> {
  /** Every stream the decision appends to, each at the version it was decided on. */
  readonly streams: readonly StreamAppend[];
  readonly sequences?: readonly SequenceAdvance[];
  readonly claims?: readonly UniqueClaim[];
  readonly releases?: readonly UniqueClaim[];
  readonly lookups?: { readonly add: readonly LookupEntry[]; readonly remove: readonly LookupEntry[] };
  /** Private items written with the events (webhook secrets, API client grants). */
  readonly privateItems?: readonly PrivateItemPut[];
  readonly result: R;
  /**
   * What the idempotency record keeps instead of `result` when the result holds a secret shown once (a
   * webhook signing secret, an API client secret): the record is readable by every function with access
   * to the events table, so it gets the result with the secret replaced by a reference to the private
   * item that keeps it (application/shared/concealed-result.ts). The run's `reveal` turns it back into
   * the result on a replay. Absent: the record keeps `result` itself.
   */
  readonly storedResult?: S;
}

export interface RunDecision<R, S = R> {
  readonly store: EventStorePort;
  readonly tenant: string;
  /**
   * Loads what the decision reads (any number of streams), decides at `at` and says what to commit.
   * Called again on fresh state when a concurrent writer won the race; `attempt` counts from 1.
   */
  readonly decide: (at: string, attempt: number) => Promise<Decision<R, S>>;
  /**
   * The result again from what the idempotency record keeps, on every replay (the read before deciding
   * and the commit that finds the key taken): reads the secret the stored reference names. Needed when
   * the decisions give a `storedResult`; may throw the answer a replay gets once the secret is gone.
   */
  readonly reveal?: (stored: S) => Promise<R>;
  /** The caller pinned a version: a lost race is a StaleVersionError, never decided again. */
  readonly pinned?: boolean;
  /** `lookupFirst: false` skips reading the stored result before deciding (see `runDecision`). */
  readonly idempotency?: Idempotency;
  readonly meta: Omit<EventMeta, 'tenant'>;
  readonly now: () => string;
  /** Decisions on a lost stream race before giving up with a ConcurrentUpdateError (default 3). */
  readonly maxStreamAttempts?: number;
  /** The ConcurrentUpdateError's message (default: the record is being changed concurrently). */
  readonly conflictDetail?: string;
  /** Where the decision's outcome is counted, under `commandType` (absent: nowhere). */
  readonly metrics?: BusinessMetrics;
  /** The command's type for the metric (a type name, never data); read once the run ended. */
  readonly commandType?: () => string;
}

/**
 * Decide -> commit, for decisions that span several streams (a lead conversion, an activity and the
 * next one it plans). Everything the decision writes — the events of each stream, sequence advances,
 * unique-value claims and the idempotency record — commits as ONE transaction; a concurrent writer on
 * any stream makes it fail, and the decision is taken again on fresh state (StaleVersionError when
 * pinned, ConcurrentUpdateError after `maxStreamAttempts`). A repeated idempotency key replays the
 * stored result (through `reveal` when the decision kept its secret out of the record). A decision
 * that appends nothing and has no idempotency record to keep commits nothing.
 */
export const runDecision = async <R, S = R>(run: RunDecision<R, S>): Promise<CommandOutcome<R>> => {
  if (!run.metrics) return decideAndCommit(run);
  const count = (outcome: Parameters<BusinessMetrics['command']>[1]) => run.metrics?.command(run.commandType?.() ?? 'decision', outcome);
  try {
    const outcome = await decideAndCommit(run);
    count(outcome.replayed ? 'replayed' : 'accepted');
    return outcome;
  } catch (error) {
    count(commandOutcomeOfError(error));
    throw error;
  }
};

const decideAndCommit = async <R, S = R>(run: RunDecision<R, S>): Promise<CommandOutcome<R>> => {
  const { store, tenant, idempotency } = run;

  const replay = async (): Promise<CommandOutcome<R> | null> => {
    if (!idempotency) return null;
    const record = await store.readIdempotency(tenant, idempotency.key, run.now());
    if (!record) return null;
    if (record.requestHash !== idempotency.requestHash) throw new IdempotencyKeyReusedError();
    const result = run.reveal ? await run.reveal(record.result as S) : (record.result as R);
    return { result, replayed: true };
  };

  // Usually the stored result is looked up first. A caller whose keys are almost always new (an
  // import row) skips that read: a replayed request then fails its commit on the idempotency record,
  // which the event store reports above any other conflict, and is answered from it below.
  if (idempotency?.lookupFirst !== false) {
    const earlier = await replay();
    if (earlier) return earlier;
  }

  let streamAttempts = 0;
  for (let attempt = 1; ; attempt += 1) {
    const at = run.now();
    const { result, storedResult, ...decided } = await run.decide(at, attempt);
    // A stored result without its reveal could never be replayed as the result: a programming error.
    if (storedResult !== undefined && !run.reveal) throw new Error('a decision gives a storedResult, but its run has no reveal');
    const streams = decided.streams.filter((stream) => stream.events.length > 0);
    if (streams.length === 0 && !idempotency) return { result, replayed: false };
    try {
      await store.commit({
        tenant,
        at,
        meta: run.meta,
        streams,
        sequences: decided.sequences ?? [],
        claims: decided.claims ?? [],
        releases: decided.releases ?? [],
        ...(decided.lookups ? { lookups: decided.lookups } : {}),
        ...(decided.privateItems?.length ? { privateItems: decided.privateItems } : {}),
        ...(idempotency ? { idempotency: { key: idempotency.key, requestHash: idempotency.requestHash, result: storedResult === undefined ? result : storedResult } } : {}),
      });
      return { result, replayed: false };
    } catch (error) {
      if (error instanceof IdempotencyKeyTakenError) {
        const concurrent = await replay();
        if (concurrent) return concurrent;
      }
      if (error instanceof StreamConflictError) {
        if (run.pinned) throw new StaleVersionError('the record changed while the command ran');
        streamAttempts += 1;
        if (streamAttempts < (run.maxStreamAttempts ?? maxStreamAttempts)) {
          await pause(attempt);
          continue;
        }
        throw new ConcurrentUpdateError(run.conflictDetail);
      }
      if (error instanceof SequenceConflictError && attempt < maxSequenceAttempts) {
        await pause(attempt);
        continue;
      }
      throw error;
    }
  }
};

type Key = { readonly scope: string; readonly value: string };
const keyOf = (k: Key) => `${k.scope}\u0000${k.value}`;

/** The keys of `after` that `before` lacks (each once), as held by `owner`. */
export const keysAdded = (before: readonly Key[], after: readonly Key[], owner: string): { scope: string; value: string; owner: string }[] => {
  const held = new Set(before.map(keyOf));
  const added = new Map(after.filter((k) => !held.has(keyOf(k))).map((k) => [keyOf(k), { scope: k.scope, value: k.value, owner }]));
  return [...added.values()];
};

/** The lookup items a change of a record's state gives and takes. */
export const lookupChanges = (before: readonly Key[], after: readonly Key[], owner: string) => ({
  add: keysAdded(before, after, owner),
  remove: keysAdded(after, before, owner),
});

/** The `metrics` and `commandType` of a `runDecision` counted as `commandType`, when there is a port. */
export const countedAs = (metrics: BusinessMetrics | undefined, commandType: string): Pick<RunDecision<unknown>, 'metrics' | 'commandType'> =>
  metrics ? { metrics, commandType: () => commandType } : {};

/** A command's `type` (every decider's commands have one), for the metric. */
const typeOfCommand = (command: unknown): string | undefined => {
  const type = typeof command === 'object' && command !== null ? (command as { type?: unknown }).type : undefined;
  return typeof type === 'string' ? type : undefined;
};

/**
 * Load -> decide -> commit of one aggregate, the way every single-stream command runs (on
 * `runDecision`): the events, the sequence advance, the unique-value claims and the idempotency record
 * commit together; a concurrent writer makes the commit fail, and the command is decided again on the
 * new state (or refused as stale when the caller pinned a version).
 */
export const runCommand = async <C, S, E extends DomainEvent, R>(run: RunCommand<C, S, E, R>): Promise<CommandOutcome<R>> => {
  const { store, decider, actor, aggregateType, aggregateId } = run;
  const tenant = actor.tenant;
  const owned = (keys: readonly { scope: string; value: string }[], other: readonly { scope: string; value: string }[]) => keysAdded(other, keys, aggregateId);
  // A command given as a function of the sequence value has its type once it is called.
  let commandType = typeOfCommand(run.command) ?? aggregateType;

  return runDecision<R>({
    store,
    tenant,
    ...(run.metrics ? { metrics: run.metrics, commandType: () => commandType } : {}),
    pinned: run.expectedVersion !== undefined,
    ...(run.idempotency ? { idempotency: run.idempotency } : {}),
    meta: { actor: actor.userId, ...run.meta },
    now: run.now,
    decide: async (at, attempt) => {
      const stream = run.newAggregate ? { events: [], version: 0 } : await store.load(tenant, aggregateType, aggregateId);
      const state = stream.events.reduce((s, event) => decider.evolve(s, recorded<E>(event)), decider.initialState);
      if (run.visible && !run.visible(state)) throw notFound(`${aggregateType} not found`);
      if (run.expectedVersion !== undefined && run.expectedVersion !== stream.version) {
        throw new StaleVersionError(`the record is at version ${stream.version}, not ${run.expectedVersion}`);
      }
      // The first attempt may trust this process's last-known counter value; after a conflict, read it.
      const sequenceFrom = run.sequence ? await store.readSequence(tenant, run.sequence, { hint: attempt === 1 }) : 0;
      const command = typeof run.command === 'function' ? (run.command as (n: number) => C)(sequenceFrom + 1) : run.command;
      commandType = typeOfCommand(command) ?? commandType;
      const events = decider.decide(command, state, { actor, now: at });
      const next = events.reduce((s, event) => decider.evolve(s, { ...event, at, actor: actor.userId }), state);
      const before = run.uniqueKeys?.(state) ?? [];
      const after = run.uniqueKeys?.(next) ?? [];
      const claims = events.length ? owned(after, before) : [];
      await Promise.all([
        events.length > 0 ? run.checkReferences?.(state, next) : undefined,
        claims.length > 0 ? run.checkClaims?.(tenant, claims) : undefined,
      ]);
      return {
        streams: [{ aggregateType, aggregateId, expectedVersion: stream.version, events }],
        sequences: run.sequence && events.length ? [{ name: run.sequence, from: sequenceFrom, to: sequenceFrom + 1 }] : [],
        claims,
        releases: events.length ? owned(before, after) : [],
        ...(run.lookupKeys && events.length ? { lookups: lookupChanges(run.lookupKeys(state), run.lookupKeys(next), aggregateId) } : {}),
        result: run.result({ state: next, version: stream.version + events.length, events }),
      };
    },
  });
};
