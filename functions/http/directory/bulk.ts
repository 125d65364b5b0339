import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { Actor } from '../../../domain/shared/actor.ts';
import type { DependencySource } from '../../shared/dependencies.ts';
import { problemType } from '../../shared/problem.ts';
import { runHttpDecision } from '../http-decision.ts';
import { toProblem } from '../problem-details.ts';
import { json } from '../responses.ts';
import type { RequestInfo } from '../router.ts';

export type BulkOutcome =
  | { id: string; ok: true; version: number }
  | { id: string; ok: false; error: { status: number; type: string; title: string; detail: string } };

/** Records are changed a few at a time: each is its own command (and commit). */
const concurrency = 8;

/**
 * Runs `apply` for every id and reports each one: applied, or refused with the same problem details
 * a single request would have got (not found, forbidden, conflict, invalid). One failure never stops
 * the others (the Polish seed's bulk status change).
 */
export const runBulk = async (ids: readonly string[], apply: (id: string) => Promise<number>): Promise<BulkOutcome[]> => {
  const results: BulkOutcome[] = new Array(ids.length);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < ids.length; i = next++) {
      const id = ids[i]!;
      try {
        results[i] = { id, ok: true, version: await apply(id) };
      } catch (error) {
        const problem = toProblem(error);
        if (problem.status >= 500) throw error;
        results[i] = { id, ok: false, error: { status: problem.status, type: problemType(problem.slug), title: problem.title, detail: problem.message } };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, ids.length) }, worker));
  return results;
};

/**
 * The request one record of a bulk request runs as. Each record is its own command; with an
 * Idempotency-Key each gets a key of its own, so a retried bulk request replays what was applied and
 * applies the rest.
 */
export const bulkItemRequest = <R extends RequestInfo>(request: R, id: string): R => {
  const key = request.headers['idempotency-key'];
  return { ...request, headers: { ...request.headers, ...(key ? { 'idempotency-key': `${key}:${id}` } : {}) } };
};

export const bulkSummary = (results: readonly BulkOutcome[]) => {
  const succeeded = results.filter((r) => r.ok).length;
  return { results, succeeded, failed: results.length - succeeded };
};

/**
 * A bulk request over HTTP: every record is its own command under a key of its own
 * (`bulkItemRequest`), and the summary is then committed under the request's `Idempotency-Key`, so
 * the same key replays the first answer (not a re-run that would report, say, a record another user
 * has since hidden) and the key with another body is a 422. A crash before the summary leaves the
 * per-record keys: the retry replays what was applied and applies the rest.
 */
export const bulkRequest = async <R extends RequestInfo>(
  dependencies: DependencySource,
  actor: Actor,
  request: R,
  ids: readonly string[],
  apply: (itemRequest: R, id: string) => Promise<number>,
): Promise<APIGatewayProxyStructuredResultV2> =>
  runHttpDecision<APIGatewayProxyStructuredResultV2>(dependencies, actor, request, {
    // TODO(issue 12): a neutral result, rendered here
    render: (response) => response,
    pinnable: false,
    decide: async () => {
      const results = await runBulk(ids, (id) => apply(bulkItemRequest(request, id), id));
      return { streams: [], result: (json(200, bulkSummary(results))) };
    },
  });
