import { createHash } from 'node:crypto';
import type { Actor } from '../../domain/shared/actor.ts';

/** Who runs a command, and the ids that trace it through the log. */
export interface CommandContext {
  readonly actor: Actor;
  readonly correlationId: string;
  /** The entry point's own request id (API Gateway's, an import job's), kept in the events' meta. */
  readonly requestId?: string;
}

/**
 * A command remembered under a key: the same key with the same request replays the first result; with
 * another request it is an `IdempotencyKeyReusedError`.
 */
export interface Idempotency {
  /** Already scoped to the caller (`idempotencyFor`): two users may pick the same key. */
  readonly key: string;
  /** A fingerprint of the request, to tell a retry from another request under the same key. */
  readonly requestHash: string;
  /**
   * `false` for callers whose keys are almost never repeated (an import's rows): the stored result is
   * read only when the commit finds the key taken, saving a read per command.
   */
  readonly lookupFirst?: boolean;
}

/** What a caller may add to any command. */
export interface CommandOptions {
  readonly idempotency?: Idempotency;
  /** The version the caller saw (HTTP `If-Match`); another current version is a `StaleVersionError`. */
  readonly expectedVersion?: number;
}

/** The outcome of a command: its typed result, and whether it was replayed from an earlier identical request. */
export interface CommandOutcome<R> {
  readonly result: R;
  readonly replayed: boolean;
}

/**
 * The idempotency of a command under the caller's `key`: scoped to the user, with `request` (any text
 * that identifies what was asked: route, ids and canonical body) hashed into its fingerprint.
 */
export const idempotencyFor = (actor: Actor, key: string, request: string, options: { keysAreNew?: boolean } = {}): Idempotency => ({
  key: `${actor.userId}:${key}`,
  requestHash: createHash('sha256').update(request).digest('base64url'),
  ...(options.keysAreNew ? { lookupFirst: false } : {}),
});

/**
 * The id a replayed record result names, or null when the result was kept in the earlier format (the
 * rendered HTTP response, which the edge replays as stored; such items expire a day after the deploy
 * that changed the format). What a replay finishes (a queue message, a file) is then left undone.
 */
export const replayedRecordId = (result: { readonly id?: unknown }): string | null => (typeof result.id === 'string' ? result.id : null);
