import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { bulkFailureError, type BulkSummary } from '../../../application/directory/bulk-update.ts';
import type { CommandOutcome } from '../../../application/shared/command-context.ts';
import { problemType } from '../../shared/problem.ts';
import { answer } from '../idempotency.ts';
import { toProblem } from '../problem-details.ts';
import { json } from '../responses.ts';

/**
 * A bulk update's summary over HTTP: each refused record with the same problem details a single
 * request would have got (status, type, title, detail), rendered the same way the first time and on
 * a replay.
 */
export const bulkAnswer = (outcome: CommandOutcome<BulkSummary>): APIGatewayProxyStructuredResultV2 =>
  answer(outcome, ({ results, succeeded, failed }) =>
    json(200, {
      results: results.map((result) => {
        if (result.ok) return result;
        const problem = toProblem(bulkFailureError(result.failure));
        return { id: result.id, ok: false, error: { status: problem.status, type: problemType(problem.slug), title: problem.title, detail: problem.message } };
      }),
      succeeded,
      failed,
    }),
  );
