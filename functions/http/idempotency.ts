import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { idempotencyFor, type CommandContext, type CommandOutcome, type Idempotency } from '../../application/shared/command-context.ts';
import type { Actor } from '../../domain/shared/actor.ts';
import { badRequest } from '../shared/problem.ts';
import type { RequestInfo } from './router.ts';

/**
 * `Idempotency-Key` of a POST, scoped to the caller (two users may pick the same key), with a
 * fingerprint of route, path and body: the same key with another request is refused (422).
 */
export const idempotencyOf = (actor: Actor, request: RequestInfo): Idempotency | undefined => {
  const key = request.headers['idempotency-key'];
  if (key === undefined) return undefined;
  if (!/^[\x21-\x7e]{1,255}$/.test(key)) {
    throw badRequest('Idempotency-Key must be 1 to 255 visible ASCII characters', [
      { path: 'header.idempotency-key', message: 'invalid' },
    ]);
  }
  return idempotencyFor(actor, key, request.fingerprint, { keysAreNew: request.idempotencyKeysAreNew === true });
};

/** Who runs the command a request asks for, and the ids that trace it. */
export const commandContextOf = (actor: Actor, request: RequestInfo): CommandContext => ({
  actor,
  correlationId: request.correlationId,
  requestId: request.requestId,
});

/**
 * The answer to a command: its result rendered by `render`, the same way the first time and on a
 * replay (so a replay is byte for byte the first answer), which also carries `Idempotent-Replayed`.
 * A result kept before results were neutral is the rendered response itself (see the event store).
 */
export const answer = <R>(outcome: CommandOutcome<R>, render: (result: R) => APIGatewayProxyStructuredResultV2): APIGatewayProxyStructuredResultV2 => {
  const legacy = (outcome.result as { legacyHttpResponse?: APIGatewayProxyStructuredResultV2 } | null)?.legacyHttpResponse;
  const response = legacy ?? render(outcome.result);
  return outcome.replayed ? { ...response, headers: { ...response.headers, 'idempotent-replayed': 'true' } } : response;
};
