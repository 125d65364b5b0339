import type middy from '@middy/core';
import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { InvalidKeyPartError } from '../../adapters/dynamodb/event-keys.ts';
import {
  CommitConflictError,
  UniqueKeyTakenError,
} from '../../adapters/dynamodb/event-store-errors.ts';
import { DuplicatesFoundError } from '../../domain/directory/lead-conversion.ts';
import { ConcurrentUpdateError, DomainError, IdempotencyKeyReusedError, MalformedInputError, StaleVersionError, type FieldIssue } from '../../application/shared/errors.ts';
import { IdentityProviderUnavailableError } from '../../application/ports/user-directory.ts';
import { logger } from '../shared/logger.ts';
import { HttpProblem, issuesText, problemType } from '../shared/problem.ts';
import { fieldOrigin, type FieldOrigin } from './field-origin.ts';

const domainStatus = { invalid: 422, forbidden: 403, not_found: 404, conflict: 409 } as const;
const domainTitle = { invalid: 'Invalid', forbidden: 'Forbidden', not_found: 'Not found', conflict: 'Conflict' } as const;

/**
 * Issue paths are `<location>.<field path>` (location: path, query, body, header) for 400 and 422
 * alike. The application is HTTP-free: its paths name fields of the service's input. A command's
 * input is the request body (`end` -> `body.end`); a query operation's is its query string, located
 * by `inQuery`; handlers that refuse path or header values locate them themselves.
 */
export type Location = 'body' | 'query';

const located = (issue: FieldIssue, location: Location): FieldIssue => ({ ...issue, path: issue.path === '' ? location : `${location}.${issue.path}` });

/** The issues under `location`, and the detail that lists them as the client sees them. */
const locate = (error: { readonly message: string; readonly issues: readonly FieldIssue[] }, location: Location) => {
  const issues = error.issues.map((issue) => located(issue, location));
  const detail = error.issues.length > 0 && error.message === issuesText(error.issues) ? issuesText(issues) : error.message;
  return { issues, detail };
};

const fromDomain = (error: DomainError, location: Location): HttpProblem => {
  const { issues, detail } = locate(error, location);
  return new HttpProblem(domainStatus[error.kind], error.kind.replace('_', '-'), domainTitle[error.kind], detail, { issues });
};

const fromMalformed = (error: MalformedInputError, location: Location): HttpProblem => {
  const { issues, detail } = locate(error, location);
  return new HttpProblem(400, 'bad-request', 'Bad request', detail, { issues });
};

/**
 * Runs a query operation's read, locating what its service refuses in the query string
 * (`cursor` -> `query.cursor`): the one difference from a command, whose input is the body.
 */
export const inQuery = async <T>(read: () => Promise<T>): Promise<T> => {
  try {
    return await read();
  } catch (error) {
    if (error instanceof DomainError && error.kind === 'invalid') throw fromDomain(error, 'query');
    if (error instanceof MalformedInputError) throw fromMalformed(error, 'query');
    throw error;
  }
};

/**
 * A value that cannot be part of a key got past the edge's schemas. If the request gave it, it is
 * the client's malformed id (400 naming where it was given); if not, our own data is wrong (500).
 */
const fromKeyPart = (error: InvalidKeyPartError, origin: FieldOrigin | undefined): HttpProblem => {
  const path = origin?.(error.value);
  if (path === undefined) return new HttpProblem(500, 'internal', 'Internal server error', 'an unexpected error occurred');
  const message = 'must be an id: 1 to 100 letters, digits, - or _, starting with a letter or digit';
  return new HttpProblem(400, 'bad-request', 'Bad request', `${path}: ${message}`, { issues: [{ path, message }] });
};

/**
 * Every failure as one HttpProblem: the single place that decides status codes (the application's
 * typed errors, the domain's, the event store's). `origin` locates a
 * value in the request being answered (see `fromKeyPart`).
 */
export const toProblem = (error: unknown, origin?: FieldOrigin): HttpProblem => {
  if (error instanceof HttpProblem) return error;
  // A lead like existing companies: the conflict names them, for the client to merge or skip the check.
  if (error instanceof DuplicatesFoundError) {
    return new HttpProblem(409, 'possible-duplicates', 'Possible duplicates', error.message, { extensions: { candidates: error.candidates } });
  }
  if (error instanceof DomainError) return fromDomain(error, 'body');
  if (error instanceof MalformedInputError) return fromMalformed(error, 'body');
  if (error instanceof StaleVersionError) return new HttpProblem(412, 'precondition-failed', 'Precondition failed', error.message);
  if (error instanceof ConcurrentUpdateError) return new HttpProblem(409, 'concurrent-update', 'Conflict', error.message);
  if (error instanceof IdempotencyKeyReusedError) {
    return new HttpProblem(422, 'idempotency-key-reused', 'Idempotency key reused', error.message, {
      issues: [{ path: 'header.idempotency-key', message: 'already used with a different request' }],
    });
  }
  if (error instanceof InvalidKeyPartError) return fromKeyPart(error, origin);
  if (error instanceof UniqueKeyTakenError) {
    return new HttpProblem(409, 'unique-key-taken', 'Conflict', error.message, {
      issues: [{ path: error.scope, message: `already used${error.owner ? ` by ${error.owner}` : ''}` }],
    });
  }
  if (error instanceof CommitConflictError) return new HttpProblem(409, 'concurrent-update', 'Conflict', error.message);
  // Cognito throttled or failed: the request may be sent again (a creation found nothing recorded; a change converges).
  if (error instanceof IdentityProviderUnavailableError) {
    return new HttpProblem(503, 'identity-provider-unavailable', 'Service unavailable', error.message, { headers: { 'retry-after': '5' } });
  }
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
    const problem = toProblem(request.error, fieldOrigin(request.event));
    if (problem.status >= 500) logger.error('request failed', { error: request.error as Error });
    // The client's fault, but also a gap in the edge's schemas: say which, so that it gets closed.
    else if (request.error instanceof InvalidKeyPartError) logger.warn('an id reached the key builder unchecked: validate it in its schema', { detail: problem.message });
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
