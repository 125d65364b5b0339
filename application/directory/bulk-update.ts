import { CommitConflictError, UniqueKeyTakenError } from '../ports/event-store-errors.ts';
import type { EventStorePort } from '../ports/event-store.ts';
import type { CommandContext, CommandOptions, CommandOutcome } from '../shared/command-context.ts';
import { runDecision } from '../shared/command-runner.ts';
import {
  ConcurrentUpdateError,
  DomainError,
  IdempotencyKeyReusedError,
  StaleVersionError,
  type DomainErrorKind,
  type FieldIssue,
} from '../shared/errors.ts';
import type { BusinessMetrics } from '../ports/business-metrics.ts';

/**
 * Why one record of a bulk update was refused, as plain data: the summary is kept with the bulk
 * request's idempotency record and rendered again on a replay, so it holds no error object. The
 * entry point turns it back into the typed error (`bulkFailureError`) to word it as it words any other.
 */
export type BulkFailure =
  | { readonly error: 'domain'; readonly kind: DomainErrorKind; readonly message: string; readonly issues: readonly FieldIssue[] }
  | { readonly error: 'stale-version'; readonly message: string }
  | { readonly error: 'concurrent-update'; readonly message: string }
  | { readonly error: 'idempotency-key-reused' }
  | { readonly error: 'unique-key-taken'; readonly scope: string; readonly value: string; readonly owner: string | null };

export type BulkItemResult = { readonly id: string; readonly ok: true; readonly version: number } | { readonly id: string; readonly ok: false; readonly failure: BulkFailure };

export interface BulkSummary {
  readonly results: readonly BulkItemResult[];
  readonly succeeded: number;
  readonly failed: number;
}

/** A refusal of one record as data; null for anything that is not a refusal (it fails the whole request). */
export const bulkFailureOf = (error: unknown): BulkFailure | null => {
  if (error instanceof DomainError) return { error: 'domain', kind: error.kind, message: error.message, issues: error.issues };
  if (error instanceof StaleVersionError) return { error: 'stale-version', message: error.message };
  if (error instanceof ConcurrentUpdateError) return { error: 'concurrent-update', message: error.message };
  if (error instanceof IdempotencyKeyReusedError) return { error: 'idempotency-key-reused' };
  if (error instanceof UniqueKeyTakenError) return { error: 'unique-key-taken', scope: error.scope, value: error.value, owner: error.owner ?? null };
  if (error instanceof CommitConflictError) return { error: 'concurrent-update', message: error.message };
  return null;
};

/** The typed error a failure stands for (see `BulkFailure`). */
export const bulkFailureError = (failure: BulkFailure): Error => {
  switch (failure.error) {
    case 'domain':
      return new DomainError(failure.kind, failure.message, failure.issues);
    case 'stale-version':
      return new StaleVersionError(failure.message);
    case 'concurrent-update':
      return new ConcurrentUpdateError(failure.message);
    case 'idempotency-key-reused':
      return new IdempotencyKeyReusedError();
    case 'unique-key-taken':
      return new UniqueKeyTakenError(failure.scope, failure.value, failure.owner ?? undefined);
  }
};

/** Records are changed a few at a time: each is its own command (and commit). */
const concurrency = 8;

/**
 * Runs `apply` for every id and reports each one: applied (its version), or refused with the typed
 * error a single command would have got (not found, forbidden, conflict, invalid). One refusal never
 * stops the others (the Polish seed's bulk status change).
 */
export const runBulk = async (ids: readonly string[], apply: (id: string) => Promise<number>): Promise<BulkItemResult[]> => {
  const results: BulkItemResult[] = new Array(ids.length);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < ids.length; i = next++) {
      const id = ids[i]!;
      try {
        results[i] = { id, ok: true, version: await apply(id) };
      } catch (error) {
        const failure = bulkFailureOf(error);
        if (failure === null) throw error;
        results[i] = { id, ok: false, failure };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, ids.length) }, worker));
  return results;
};

export const bulkSummary = (results: readonly BulkItemResult[]): BulkSummary => {
  const succeeded = results.filter((r) => r.ok).length;
  return { results, succeeded, failed: results.length - succeeded };
};

/**
 * A bulk update: every record is its own command, under an idempotency key of its own (the bulk's key
 * and the record's id), and the summary is then committed under the bulk's own key, so the same key
 * replays the first summary (not a re-run that would report, say, a record another user has since
 * hidden) and the key with another request is refused. A crash before the summary leaves the
 * per-record keys: the retry replays what was applied and applies the rest.
 */
export const bulkUpdate = (
  runtime: () => { readonly eventStore: EventStorePort; readonly now: () => string; readonly newId: () => string; readonly metrics?: BusinessMetrics },
  context: CommandContext,
  ids: readonly string[],
  apply: (id: string, options: CommandOptions) => Promise<number>,
  options: Omit<CommandOptions, 'expectedVersion'> = {},
): Promise<CommandOutcome<BulkSummary>> => {
  const { eventStore, now, newId, metrics } = runtime();
  const { actor } = context;
  const { idempotency } = options;
  const itemOptions = (id: string): CommandOptions => (idempotency ? { idempotency: { ...idempotency, key: `${idempotency.key}:${id}` } } : {});
  return runDecision<BulkSummary>({
    store: eventStore,
    ...(metrics ? { metrics, commandType: () => 'BulkUpdate' } : {}),
    tenant: actor.tenant,
    ...(idempotency ? { idempotency } : {}),
    meta: { actor: actor.userId, commandId: newId(), correlationId: context.correlationId, ...(context.requestId ? { requestId: context.requestId } : {}) },
    now,
    decide: async () => ({ streams: [], result: bulkSummary(await runBulk(ids, (id) => apply(id, itemOptions(id)))) }),
  });
};
