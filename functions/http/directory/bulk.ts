import { problemType } from '../../shared/problem.ts';
import { toProblem } from '../problem-details.ts';
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
