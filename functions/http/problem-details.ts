import type middy from '@middy/core';
import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import {
  CommitConflictError,
  UniqueKeyTakenError,
} from '../../adapters/dynamodb/event-store-errors.ts';
import { DomainError } from '../../domain/shared/errors.ts';
import { logger } from '../shared/logger.ts';
import { HttpProblem, problemType } from '../shared/problem.ts';

const domainStatus = { invalid: 422, forbidden: 403, not_found: 404, conflict: 409 } as const;
const domainTitle = { invalid: 'Invalid', forbidden: 'Forbidden', not_found: 'Not found', conflict: 'Conflict' } as const;

/** Every failure as one HttpProblem: the single place that decides status codes. */
export const toProblem = (error: unknown): HttpProblem => {
  if (error instanceof HttpProblem) return error;
  if (error instanceof DomainError) {
    return new HttpProblem(domainStatus[error.kind], error.kind.replace('_', '-'), domainTitle[error.kind], error.message, {
      issues: error.issues,
    });
  }
  if (error instanceof UniqueKeyTakenError) {
    return new HttpProblem(409, 'unique-key-taken', 'Conflict', error.message, {
      issues: [{ path: error.scope, message: `already used${error.owner ? ` by ${error.owner}` : ''}` }],
    });
  }
  if (error instanceof CommitConflictError) return new HttpProblem(409, 'concurrent-update', 'Conflict', error.message);
  // Errors middy's own middlewares raise for bad requests (http-errors shape).
  const status = (error as { statusCode?: unknown; expose?: unknown })?.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    return new HttpProblem(status, 'bad-request', 'Bad request', (error as Error).message);
  }
  return new HttpProblem(500, 'internal', 'Internal server error', 'an unexpected error occurred');
};

type Request = middy.Request<APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2>;

/** RFC 9457 `application/problem+json` for every error; 5xx are logged with their stack. */
export const problemDetails = (): middy.MiddlewareObj<APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2> => ({
  onError: async (request: Request) => {
    const problem = toProblem(request.error);
    if (problem.status >= 500) logger.error('request failed', { error: request.error as Error });
    else logger.info('request refused', { status: problem.status, detail: problem.message });
    request.response = {
      statusCode: problem.status,
      headers: { 'content-type': 'application/problem+json', ...problem.headers },
      body: JSON.stringify({
        ...problem.extensions,
        type: problemType(problem.slug),
        title: problem.title,
        status: problem.status,
        detail: problem.message,
        instance: request.event.rawPath,
        ...(problem.issues.length ? { errors: problem.issues } : {}),
      }),
    };
  },
});
