import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { UniqueClaim } from '../../adapters/dynamodb/event-store.ts';
import type { Actor } from '../../domain/shared/actor.ts';
import type { Decider, DomainEvent } from '../../domain/shared/decider.ts';
import { notFound } from '../../domain/shared/errors.ts';
import type { DependencySource } from '../shared/dependencies.ts';
import { badRequest } from '../shared/problem.ts';
import { runCommand } from '../../application/shared/command-runner.ts';
import { fromOutcome, idempotencyOf } from './idempotency.ts';
import { etag, json, parseIfMatch } from './responses.ts';
import type { RequestInfo } from './router.ts';

/** How the commands of one kind of record run over HTTP and what they answer. */
export interface RecordCommands<C, S, E extends DomainEvent> {
  readonly aggregateType: string;
  readonly label: string;
  readonly decider: Decider<C, S | null, E>;
  readonly canSee: (actor: Actor, state: S) => boolean;
  /** The record on the wire, with its version. */
  readonly view: (state: S, version: number) => unknown;
  /** Path of a created record, for `Location`. */
  readonly location: (id: string) => string;
  /** The per-tenant sequence a creation advances (ticket numbers, company codes). */
  readonly sequence?: string;
  readonly uniqueKeys?: (state: S | null) => readonly { scope: string; value: string }[];
  /** See `runCommand`'s `checkClaims`. */
  readonly checkClaims?: (tenant: string, claims: readonly UniqueClaim[]) => Promise<void>;
  /** See `runCommand`'s `lookupKeys`. */
  readonly lookupKeys?: (state: S | null) => readonly { scope: string; value: string }[];
  /** Refuses what a command newly refers to (see `runCommand`'s `checkReferences`). */
  readonly checkReferences?: (actor: Actor, before: S | null, after: S | null) => Promise<void>;
}

/** `If-Match: "3"` -> 3; absent -> undefined; anything else is a 400 naming the header. */
export const expectedVersionOf = (request: RequestInfo): number | undefined => {
  const expected = parseIfMatch(request.headers['if-match']);
  if (expected === 'invalid') throw badRequest('If-Match must be an ETag such as "3"', [{ path: 'header.if-match', message: 'invalid' }]);
  return expected;
};

/**
 * Runs one command on a record for the caller and answers with the record after it: 201 with
 * `Location` for a creation (a fresh id: nothing to load), else 200 — with `ETag`, `If-Match`
 * (412), visibility (404 first), idempotency and unique keys handled by `runCommand`.
 */
export const recordCommands =
  <C, S, E extends DomainEvent>(dependencies: DependencySource, spec: RecordCommands<C, S, E>) =>
  async (
    actor: Actor,
    request: RequestInfo,
    id: string,
    command: C | ((sequence: number) => C),
    created = false,
  ): Promise<APIGatewayProxyStructuredResultV2> => {
    const { eventStore, newId, now } = dependencies();
    const outcome = await runCommand({
      store: eventStore,
      decider: spec.decider,
      actor,
      aggregateType: spec.aggregateType,
      aggregateId: id,
      command,
      ...(spec.uniqueKeys ? { uniqueKeys: spec.uniqueKeys } : {}),
      ...(spec.checkClaims ? { checkClaims: spec.checkClaims } : {}),
      ...(spec.lookupKeys ? { lookupKeys: spec.lookupKeys } : {}),
      ...(spec.checkReferences ? { checkReferences: (before: S | null, after: S | null) => spec.checkReferences!(actor, before, after) } : {}),
      ...(created
        ? { newAggregate: true, ...(spec.sequence ? { sequence: spec.sequence } : {}) }
        : { visible: (state: S | null) => state !== null && spec.canSee(actor, state), expectedVersion: expectedVersionOf(request) }),
      idempotency: idempotencyOf(actor, request),
      meta: { commandId: newId(), correlationId: request.correlationId, requestId: request.requestId },
      now,
      respond: ({ state, version }) => {
        if (state === null) throw notFound(`${spec.label} not found`);
        const headers: Record<string, string> = { etag: etag(version) };
        if (created) headers.location = spec.location(id);
        return json(created ? 201 : 200, spec.view(state, version), headers);
      },
    });
    return fromOutcome(outcome);
  };
