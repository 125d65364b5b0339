import { badRequest } from '../../shared/problem.ts';
import { parseIfMatch } from '../responses.ts';
import type { RequestInfo } from '../router.ts';

/** The version the client pinned with `If-Match`, if any; a malformed header is a 400. */
export const expectedVersionOf = (request: RequestInfo): number | undefined => {
  const expected = parseIfMatch(request.headers['if-match']);
  if (expected === 'invalid') throw badRequest('If-Match must be an ETag such as "3"', [{ path: 'header.if-match', message: 'invalid' }]);
  return expected;
};
