/**
 * The OpenAPI 3.1 document of the HTTP API, assembled from `contract/routes.ts` and its zod schemas.
 * Output is deterministic: routes keep their order, components are sorted by name.
 */
import { Problem } from '../http/common.ts';
import { routes } from '../routes.ts';
import type { RouteDefinition } from '../route-definition.ts';
import { API_TITLE, API_VERSION, OPENAPI_VERSION } from './document-model.ts';
import type { OpenApiDocument, OperationObject, PathItemObject } from './document-model.ts';
import { operation } from './operation.ts';
import { headerParameters } from './parameters.ts';
import { problemResponses, responseHeaders } from './responses.ts';
import { createSchemaCollector, SCHEMAS_PREFIX } from './schemas.ts';

const description = `Cronaca is an event-sourced CRM back end. This document is generated from the route contract and its schemas; a readable version is served at \`/docs\`.

**Authentication, tenancy and roles.** Every route except \`/health\`, \`/openapi.json\` and \`/docs\` needs \`Authorization: Bearer <JWT>\`. The token's claims give the tenant, the user, the role (\`admin\`, \`manager\`, \`standard\` or \`restricted\`) and the groups. Everything is scoped to the caller's tenant: a record of another tenant, or one a restricted user may not see, answers \`404\`. A missing or bad token answers \`401\`; an operation the role forbids answers \`403\`.

**Format.** JSON with camelCase fields. Times are ISO 8601 UTC (\`2026-11-24T09:00:00Z\`); calendar dates \`YYYY-MM-DD\` are interpreted in the caller's timezone.

**Errors.** RFC 9457 problem details (\`application/problem+json\`) with \`type\`, \`title\`, \`status\`, \`detail\` and, for validation errors (400 and 422), \`errors: [{ path, message }]\` where \`path\` is \`<location>.<field path>\`, location \`path\`, \`query\`, \`body\` or \`header\` (\`path.id\`, \`query.users\`, \`body.related.id\`, \`header.if-match\`). Ids are 1 to 100 letters, digits, \`-\` and \`_\`. Bad input never answers a 5xx.

**Lists and pagination.** \`?limit=\` (default 50, at most 200) and \`?cursor=\` (opaque: the \`nextCursor\` of the previous page). A list answers \`{ items, nextCursor }\`; \`nextCursor\` is \`null\` on the last page. Filters are query parameters named after fields; \`q\` is the free-text search.

**Creates and commands.** A create answers \`201\` with \`Location\`, the record as body and \`ETag: "<version>"\`. A command on a record answers \`200\` with the record's new state and its \`ETag\`.

**Optimistic concurrency (ETag / If-Match).** Send \`If-Match: "<version>"\` with a command to have it rejected with \`412\` when the record changed in the meantime. Concurrent writers without \`If-Match\` that still collide get \`409\`.

**Idempotency.** Every POST accepts an \`Idempotency-Key\` header: the same key with the same body replays the first response without recording new events; the same key with another body answers \`422\`.

**History.** \`GET …/{id}/history\` lists a record's events (\`type\`, \`version\`, \`at\`, \`actor\`, \`data\`); \`GET …/{id}?asOf=<time>\` returns the record as it was at that time.`;

export const openApiDocument = (options: { serverUrl?: string } = {}): OpenApiDocument => {
  const collector = createSchemaCollector();
  // Problem first, on the output side: the error responses reference it as `Problem`.
  const problem = collector.convert(Problem, 'output');
  if (problem.$ref !== `${SCHEMAS_PREFIX}Problem`) throw new Error('The Problem schema must carry .meta({ id: "Problem" })');

  const allRoutes: readonly RouteDefinition[] = routes;
  // Response (output) schemas claim the plain ids first, so an input variant that converts
  // differently is the one named `<id>Input`, whatever the route order.
  for (const route of allRoutes) if (route.response.schema) collector.convert(route.response.schema, 'output');
  // Files a route's job writes (a JSON report): components of their own, referenced by no operation.
  for (const route of allRoutes) for (const schema of route.publishes ?? []) collector.convert(schema, 'output');
  const paths: Record<string, Record<string, OperationObject>> = {};
  const seenOperationIds = new Set<string>();
  for (const route of allRoutes) {
    if (seenOperationIds.has(route.operationId)) throw new Error(`Duplicate operationId ${route.operationId}`);
    seenOperationIds.add(route.operationId);
    const method = route.method.toLowerCase();
    const item = (paths[route.path] ??= {});
    if (item[method]) throw new Error(`Duplicate route ${route.method} ${route.path}`);
    item[method] = operation(collector, route);
  }

  const tags: string[] = [];
  for (const route of allRoutes) if (!tags.includes(route.tag)) tags.push(route.tag);

  return {
    openapi: OPENAPI_VERSION,
    info: { title: API_TITLE, version: API_VERSION, description },
    ...(options.serverUrl ? { servers: [{ url: options.serverUrl }] } : {}),
    tags: tags.map((name) => ({ name })),
    paths: paths as Record<string, PathItemObject>,
    components: {
      schemas: collector.schemas(),
      responses: problemResponses(),
      parameters: headerParameters(),
      headers: responseHeaders(),
      securitySchemes: {
        bearerAuth: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'JWT',
          description: 'A JWT whose claims give the tenant, user, role and groups.',
        },
      },
    },
  };
};
