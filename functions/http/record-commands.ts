import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { CommandOptions, CommandOutcome } from '../../application/shared/command-context.ts';
import { recordCommand, type RecordResult, type RecordSpec } from '../../application/shared/record-command.ts';
import type { Actor } from '../../domain/shared/actor.ts';
import type { DomainEvent } from '../../domain/shared/decider.ts';
import type { DependencySource } from '../shared/dependencies.ts';
import { badRequest } from '../shared/problem.ts';
import { answer, commandContextOf, idempotencyOf } from './idempotency.ts';
import { etag, json, parseIfMatch } from './responses.ts';
import type { RequestInfo } from './router.ts';

/** `If-Match: "3"` -> 3; absent -> undefined; anything else is a 400 naming the header. */
export const expectedVersionOf = (request: RequestInfo): number | undefined => {
  const expected = parseIfMatch(request.headers['if-match']);
  if (expected === 'invalid') throw badRequest('If-Match must be an ETag such as "3"', [{ path: 'header.if-match', message: 'invalid' }]);
  return expected;
};

/** What a request adds to a command: its `Idempotency-Key` and, where a version can be pinned, `If-Match`. */
export const commandOptionsOf = (actor: Actor, request: RequestInfo, pinnable = true): CommandOptions => {
  const idempotency = idempotencyOf(actor, request);
  const expectedVersion = pinnable ? expectedVersionOf(request) : undefined;
  return { ...(idempotency ? { idempotency } : {}), ...(expectedVersion !== undefined ? { expectedVersion } : {}) };
};

/** A record after a command: 201 with `Location` when the command created it, else 200; its version as `ETag`. */
export const recordAnswer =
  (location: (id: string) => string) =>
  <V>(outcome: CommandOutcome<RecordResult<V>>): APIGatewayProxyStructuredResultV2 =>
    answer(outcome, ({ id, version, created, record }) =>
      json(created ? 201 : 200, record, { etag: etag(version), ...(created ? { location: location(id) } : {}) }),
    );

/** How the commands of one kind of record answer over HTTP. */
export interface RecordCommands<C, S, E extends DomainEvent, V> extends RecordSpec<C, S, E, V> {
  /** Path of a created record, for `Location`. */
  readonly location: (id: string) => string;
}

/**
 * Runs one command on a record for the caller (`recordCommand`) and answers with the record after
 * it: `If-Match` and `Idempotency-Key` are taken from the request, the result rendered by `recordAnswer`.
 */
export const recordCommands = <C, S, E extends DomainEvent, V>(dependencies: DependencySource, spec: RecordCommands<C, S, E, V>) => {
  const run = recordCommand(dependencies, spec);
  const render = recordAnswer(spec.location);
  return async (actor: Actor, request: RequestInfo, id: string, command: C | ((sequence: number) => C), created = false) =>
    render(await run(commandContextOf(actor, request), id, command, { ...commandOptionsOf(actor, request, !created), create: created }));
};
