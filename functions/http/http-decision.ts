import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { Actor } from '../../domain/shared/actor.ts';
import type { DependencySource } from '../shared/dependencies.ts';
import { runDecision, type Decision, type RunDecision } from '../../application/shared/command-runner.ts';
import { answer, idempotencyOf } from './idempotency.ts';
import { expectedVersionOf } from './record-commands.ts';
import type { RequestInfo } from './router.ts';

export interface HttpDecision<R> extends Pick<RunDecision<R>, 'maxStreamAttempts' | 'conflictDetail'> {
  /** Whether `If-Match` applies (not to a creation: there is no version to match yet). */
  readonly pinnable: boolean;
  /** Loads and decides; `expectedVersion` is the client's `If-Match`, to check against the loaded record. */
  readonly decide: (at: string, attempt: number, expectedVersion: number | undefined) => Promise<Decision<R>>;
  /** The answer, from the result (first or replayed). */
  readonly render: (result: R) => APIGatewayProxyStructuredResultV2;
}

/**
 * A multi-stream decision answering an HTTP request (`runDecision`): what the request brings — the
 * caller's tenant, `Idempotency-Key`, `If-Match` (a lost race is then a 412), correlation and request
 * ids — is wired the same way for every such route; a replay carries `Idempotent-Replayed`.
 */
export const runHttpDecision = async <R>(
  dependencies: DependencySource,
  actor: Actor,
  request: RequestInfo,
  decision: HttpDecision<R>,
): Promise<APIGatewayProxyStructuredResultV2> => {
  const { eventStore, newId, now } = dependencies();
  const idempotency = idempotencyOf(actor, request);
  const expectedVersion = decision.pinnable ? expectedVersionOf(request) : undefined;
  const outcome = await runDecision<R>({
    store: eventStore,
    tenant: actor.tenant,
    pinned: expectedVersion !== undefined,
    ...(idempotency ? { idempotency } : {}),
    meta: { actor: actor.userId, commandId: newId(), correlationId: request.correlationId, requestId: request.requestId },
    now,
    ...(decision.maxStreamAttempts !== undefined ? { maxStreamAttempts: decision.maxStreamAttempts } : {}),
    ...(decision.conflictDetail !== undefined ? { conflictDetail: decision.conflictDetail } : {}),
    decide: (at, attempt) => decision.decide(at, attempt, expectedVersion),
  });
  return answer(outcome, decision.render);
};
