/**
 * Operation responses: the success response a route declares, and the standard errors (RFC 9457
 * problem details) an operation can answer, derived from what the route declares.
 */
import type { RouteDefinition } from '../route-definition.ts';
import { ref } from './document-model.ts';
import type { HeaderObject, MediaTypeObject, Reference, ResponseObject } from './document-model.ts';
import { honoursIfMatch, pathPlaceholders } from './parameters.ts';
import type { SchemaCollector } from './schemas.ts';

export const errorResponses = {
  400: { name: 'BadRequest', description: 'Invalid input: malformed JSON, parameters or body (see `errors`)' },
  401: { name: 'Unauthorized', description: 'Missing, expired or invalid bearer token' },
  403: { name: 'Forbidden', description: "The caller's role does not allow this operation" },
  404: { name: 'NotFound', description: "No such record in the caller's tenant, or not visible to the caller" },
  409: {
    name: 'Conflict',
    description: 'The write collided with a concurrent one (retry), or the state of the record does not allow it',
  },
  412: { name: 'PreconditionFailed', description: "`If-Match` does not match the record's current version" },
  413: { name: 'PayloadTooLarge', description: 'The request body is too large' },
  415: { name: 'UnsupportedMediaType', description: 'The request body is not `application/json`' },
  422: {
    name: 'UnprocessableContent',
    description: 'A business rule refuses the request as sent (see `errors`), or its `Idempotency-Key` was already used with another body',
  },
  429: { name: 'TooManyRequests', description: 'Too many requests; retry later' },
  503: { name: 'ServiceUnavailable', description: 'The identity provider failed or throttled; send the same request again after `Retry-After` seconds' },
} as const satisfies Record<number, { name: string; description: string }>;

export type ErrorStatus = keyof typeof errorResponses;

/** Which standard errors an operation can answer, from what the route declares. */
export const errorStatuses = (route: RouteDefinition): ErrorStatus[] => {
  const write = route.method !== 'GET';
  const hasInput = Boolean(route.params || route.query || route.body) || pathPlaceholders(route.path).length > 0;
  const statuses: ErrorStatus[] = [];
  if (hasInput || write) statuses.push(400);
  if (route.auth === 'jwt') statuses.push(401, 403);
  if (pathPlaceholders(route.path).length > 0) statuses.push(404);
  if (write) statuses.push(409);
  if (honoursIfMatch(route)) statuses.push(412);
  if (route.body) statuses.push(413, 415);
  if (route.method === 'POST') statuses.push(422);
  statuses.push(429);
  if (route.callsIdentityProvider) statuses.push(503);
  return statuses;
};

export const successResponse = (collector: SchemaCollector, route: RouteDefinition): ResponseObject => {
  const { response } = route;
  const headers: Record<string, HeaderObject | Reference> = {};
  if (response.status === 201) headers.Location = ref('headers', 'Location');
  if (route.concurrency) headers.ETag = ref('headers', 'ETag');
  const contentType = response.contentType ?? 'application/json';
  const content: Record<string, MediaTypeObject> | undefined = response.schema
    ? { [contentType]: { schema: collector.convert(response.schema, 'output') } }
    : response.contentType
      ? { [contentType]: { schema: { type: 'string' } } }
      : undefined;
  return {
    description: response.description,
    ...(Object.keys(headers).length > 0 ? { headers } : {}),
    ...(content ? { content } : {}),
  };
};

/** `components.responses`: one problem response per standard error, referenced by name. */
export const problemResponses = (): Record<string, ResponseObject> =>
  Object.fromEntries(
    Object.values(errorResponses).map(({ name, description: text }) => [
      name,
      { description: text, content: { 'application/problem+json': { schema: ref('schemas', 'Problem') } } },
    ]),
  );

/** `components.headers`: the response headers success responses reference by name. */
export const responseHeaders = (): Record<string, HeaderObject> => ({
  ETag: {
    description: 'The record\'s version, quoted: `"<version>"`; send it back as `If-Match`.',
    schema: { type: 'string' },
    example: '"3"',
  },
  Location: { description: 'The URL of the created record', schema: { type: 'string', format: 'uri-reference' } },
});
