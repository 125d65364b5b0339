import type { APIGatewayProxyEventV2WithJWTAuthorizer } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { InvalidKeyPartError, streamKey } from '../../../adapters/dynamodb/event-keys.ts';
import { ConcurrentUpdateError, DomainError, IdempotencyKeyReusedError, StaleVersionError, invalid } from '../../../application/shared/errors.ts';
import { UniqueKeyTakenError } from '../../../application/ports/event-store-errors.ts';
import { fieldOrigin } from '../../../functions/http/field-origin.ts';
import { toProblem } from '../../../functions/http/problem-details.ts';
import { unprocessable } from '../../../functions/shared/problem.ts';

const event = (parts: Partial<APIGatewayProxyEventV2WithJWTAuthorizer>) => parts as APIGatewayProxyEventV2WithJWTAuthorizer;

describe('issue paths: <location>.<field path> for 400 and 422 alike', () => {
  it("puts the domain's field paths in the body, in the issues and in the detail", () => {
    const problem = toProblem(invalid('end', 'must not be before start'));
    expect(problem).toMatchObject({ status: 422, message: 'body.end: must not be before start', issues: [{ path: 'body.end', message: 'must not be before start' }] });
    const several = new DomainError('invalid', 'customFields.a: unknown custom field; body: must not be blank', [
      { path: 'customFields.a', message: 'unknown custom field' },
      { path: 'body', message: 'must not be blank' },
    ]);
    expect(toProblem(several).issues.map((issue) => issue.path)).toEqual(['body.customFields.a', 'body.body']);
    expect(toProblem(several).message).toBe('body.customFields.a: unknown custom field; body.body: must not be blank');
  });

  it('keeps a handler’s own located issues (a query value) and the detail of a domain error without issues', () => {
    expect(toProblem(unprocessable('query.users: no user x', [{ path: 'query.users', message: 'no user x' }])).issues).toEqual([{ path: 'query.users', message: 'no user x' }]);
    expect(toProblem(new DomainError('not_found', 'company not found'))).toMatchObject({ status: 404, message: 'company not found', issues: [] });
  });
});

describe("the application's typed errors: one status each, decided here only", () => {
  it('maps stale, concurrent, reused key, taken value and each domain kind', () => {
    expect(toProblem(new StaleVersionError('the record is at version 3, not 2'))).toMatchObject({ status: 412, slug: 'precondition-failed', message: 'the record is at version 3, not 2' });
    expect(toProblem(new ConcurrentUpdateError())).toMatchObject({ status: 409, slug: 'concurrent-update' });
    expect(toProblem(new IdempotencyKeyReusedError())).toMatchObject({
      status: 422,
      slug: 'idempotency-key-reused',
      issues: [{ path: 'header.idempotency-key', message: 'already used with a different request' }],
    });
    expect(toProblem(new UniqueKeyTakenError('company-vat', 'IT1', 'c1'))).toMatchObject({ status: 409, slug: 'unique-key-taken' });
    expect(toProblem(new DomainError('forbidden', 'no'))).toMatchObject({ status: 403 });
    expect(toProblem(new DomainError('conflict', 'closed'))).toMatchObject({ status: 409 });
    expect(toProblem(new Error('boom'))).toMatchObject({ status: 500 });
  });
});

describe('a key part the edge let through', () => {
  const thrown = (): unknown => {
    try {
      streamKey('t1', 'company', 'a#b');
    } catch (error) {
      return error;
    }
    return undefined;
  };

  it('is a typed error', () => {
    expect(thrown()).toBeInstanceOf(InvalidKeyPartError);
    expect(thrown()).toMatchObject({ part: 'aggregate id', value: 'a#b' });
  });

  it('is a 400 naming where the request gave it: path, query (in a list) or body', () => {
    expect(toProblem(thrown(), fieldOrigin(event({ pathParameters: { id: 'a#b' } })))).toMatchObject({ status: 400, issues: [{ path: 'path.id' }] });
    expect(toProblem(thrown(), fieldOrigin(event({ queryStringParameters: { users: 'ada,a#b' } })))).toMatchObject({ status: 400, issues: [{ path: 'query.users' }] });
    const body = JSON.stringify({ next: { related: { kind: 'company', id: 'a#b' } } });
    expect(toProblem(thrown(), fieldOrigin(event({ body })))).toMatchObject({ status: 400, issues: [{ path: 'body.next.related.id' }] });
    const encoded = Buffer.from(JSON.stringify({ ids: ['ok', 'a#b'] })).toString('base64');
    expect(toProblem(thrown(), fieldOrigin(event({ body: encoded, isBase64Encoded: true })))).toMatchObject({ status: 400, issues: [{ path: 'body.ids.1' }] });
  });

  it('is a 500 when the request did not give it: our own data is wrong', () => {
    expect(toProblem(thrown(), fieldOrigin(event({ pathParameters: { id: 'other' }, body: 'not json' })))).toMatchObject({ status: 500 });
    expect(toProblem(thrown())).toMatchObject({ status: 500 });
  });
});
