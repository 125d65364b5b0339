/**
 * The OpenAPI 3.1 document of the HTTP API, generated from `contract/routes.ts` and its zod schemas
 * with zod 4's native `z.toJSONSchema()` (draft 2020-12, which is OpenAPI 3.1's schema dialect).
 *
 * - Request schemas (path, query, body) are converted on the *input* side, so defaults and coerced
 *   values show as what a client may send; response schemas on the *output* side.
 * - Schemas carrying `.meta({ id })` (looked up in `z.globalRegistry`) become
 *   `components.schemas.<id>` and are referenced as `#/components/schemas/<id>`. If the same id
 *   converts differently on the input and output side, the input variant is named `<id>Input`.
 * - Output is deterministic: routes keep their order, components are sorted by name.
 */
import { z } from 'zod';
import { Problem } from './http/common.ts';
import { routes } from './routes.ts';
import type { HttpMethod, RouteDefinition } from './routes.ts';

/** Version of the published API contract (`info.version`). */
export const API_VERSION = '1.0.0';
export const OPENAPI_VERSION = '3.1.0';
export const API_TITLE = 'Cronaca API';

export type JsonSchema = { [key: string]: unknown };
export type Reference = { readonly $ref: string };
export interface ParameterObject {
  readonly name: string;
  readonly in: 'path' | 'query' | 'header' | 'cookie';
  readonly required: boolean;
  readonly description?: string;
  readonly schema: JsonSchema;
  readonly example?: unknown;
}
export interface HeaderObject {
  readonly description: string;
  readonly schema: JsonSchema;
  readonly example?: unknown;
}
export interface MediaTypeObject {
  readonly schema?: JsonSchema;
}
export interface ResponseObject {
  readonly description: string;
  readonly headers?: Record<string, HeaderObject | Reference>;
  readonly content?: Record<string, MediaTypeObject>;
}
export interface RequestBodyObject {
  readonly description?: string;
  readonly required: boolean;
  readonly content: Record<string, MediaTypeObject>;
}
export type SecurityRequirement = Record<string, string[]>;
export interface OperationObject {
  readonly operationId: string;
  readonly summary: string;
  readonly tags: string[];
  readonly security: SecurityRequirement[];
  readonly parameters?: (ParameterObject | Reference)[];
  readonly requestBody?: RequestBodyObject;
  readonly responses: Record<string, ResponseObject | Reference>;
}
export type OperationMethod = Lowercase<HttpMethod>;
export type PathItemObject = Partial<Record<OperationMethod, OperationObject>>;
export interface OpenApiDocument {
  readonly openapi: typeof OPENAPI_VERSION;
  readonly info: { readonly title: string; readonly version: string; readonly description: string };
  readonly servers?: { readonly url: string }[];
  readonly tags: { readonly name: string }[];
  readonly paths: Record<string, PathItemObject>;
  readonly components: {
    readonly schemas: Record<string, JsonSchema>;
    readonly responses: Record<string, ResponseObject>;
    readonly parameters: Record<string, ParameterObject>;
    readonly headers: Record<string, HeaderObject>;
    readonly securitySchemes: Record<string, { type: 'http'; scheme: 'bearer'; bearerFormat: string; description: string }>;
  };
}

const description = `Cronaca is an event-sourced CRM back end. This document is generated from the route contract and its schemas; a readable version is served at \`/docs\`.

**Authentication, tenancy and roles.** Every route except \`/health\`, \`/openapi.json\` and \`/docs\` needs \`Authorization: Bearer <JWT>\`. The token's claims give the tenant, the user, the role (\`admin\`, \`manager\`, \`standard\` or \`restricted\`) and the groups. Everything is scoped to the caller's tenant: a record of another tenant, or one a restricted user may not see, answers \`404\`. A missing or bad token answers \`401\`; an operation the role forbids answers \`403\`.

**Format.** JSON with camelCase fields. Times are ISO 8601 UTC (\`2026-11-24T09:00:00Z\`); calendar dates \`YYYY-MM-DD\` are interpreted in the caller's timezone.

**Errors.** RFC 9457 problem details (\`application/problem+json\`) with \`type\`, \`title\`, \`status\`, \`detail\` and, for validation errors (400 and 422), \`errors: [{ path, message }]\` where \`path\` is \`<location>.<field path>\`, location \`path\`, \`query\`, \`body\` or \`header\` (\`path.id\`, \`query.users\`, \`body.related.id\`, \`header.if-match\`). Ids are 1 to 100 letters, digits, \`-\` and \`_\`. Bad input never answers a 5xx.

**Lists and pagination.** \`?limit=\` (default 50, at most 200) and \`?cursor=\` (opaque: the \`nextCursor\` of the previous page). A list answers \`{ items, nextCursor }\`; \`nextCursor\` is \`null\` on the last page. Filters are query parameters named after fields; \`q\` is the free-text search.

**Creates and commands.** A create answers \`201\` with \`Location\`, the record as body and \`ETag: "<version>"\`. A command on a record answers \`200\` with the record's new state and its \`ETag\`.

**Optimistic concurrency (ETag / If-Match).** Send \`If-Match: "<version>"\` with a command to have it rejected with \`412\` when the record changed in the meantime. Concurrent writers without \`If-Match\` that still collide get \`409\`.

**Idempotency.** Every POST accepts an \`Idempotency-Key\` header: the same key with the same body replays the first response without recording new events; the same key with another body answers \`422\`.

**History.** \`GET …/{id}/history\` lists a record's events (\`type\`, \`version\`, \`at\`, \`actor\`, \`data\`); \`GET …/{id}?asOf=<time>\` returns the record as it was at that time.`;

// ---------------------------------------------------------------------------------------------
// Schemas

type Io = 'input' | 'output';

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const DEFS_PREFIX = '#/$defs/';
const SCHEMAS_PREFIX = '#/components/schemas/';

const decodePointerToken = (token: string): string => token.replaceAll('~1', '/').replaceAll('~0', '~');
const componentName = (id: string): string => id.replace(/[^A-Za-z0-9._-]/g, '_');

/** `z.number().int()` emits the safe-integer range as bounds; they are noise in an API contract. */
const overrideJsonSchema = (ctx: { jsonSchema: JsonSchema }): void => {
  const schema = ctx.jsonSchema;
  if (schema.type !== 'integer') return;
  if (schema.minimum === Number.MIN_SAFE_INTEGER) delete schema.minimum;
  if (schema.maximum === Number.MAX_SAFE_INTEGER) delete schema.maximum;
};

const refsIn = (value: unknown, found: Set<string>): Set<string> => {
  if (Array.isArray(value)) for (const item of value) refsIn(item, found);
  else if (isRecord(value)) {
    for (const [key, child] of Object.entries(value)) {
      if (key === '$ref' && typeof child === 'string' && child.startsWith(DEFS_PREFIX)) {
        found.add(decodePointerToken(child.slice(DEFS_PREFIX.length)));
      } else refsIn(child, found);
    }
  }
  return found;
};

const mapRefs = (value: unknown, rename: (ref: string) => string): unknown => {
  if (Array.isArray(value)) return value.map((item) => mapRefs(item, rename));
  if (!isRecord(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) {
    out[key] = key === '$ref' && typeof child === 'string' ? rename(child) : mapRefs(child, rename);
  }
  return out;
};

/**
 * Converts zod schemas to JSON Schema and hoists every schema with a registry `id` into a shared
 * component map. Each conversion is independent (zod emits its own `$defs`); names are reconciled
 * here, by content, so the same id on both sides of the wire does not clash.
 */
export const createSchemaCollector = () => {
  const components = new Map<string, { identity: string; schema: JsonSchema }>();

  const claim = (id: string, identity: string, io: Io): string => {
    const base = componentName(id);
    const candidates = [base, `${base}${io === 'input' ? 'Input' : 'Output'}`];
    for (let n = 2; ; n++) {
      const name = candidates.shift() ?? `${base}_${n}`;
      const existing = components.get(name);
      if (!existing) {
        components.set(name, { identity, schema: {} });
        return name;
      }
      if (existing.identity === identity) return name;
    }
  };

  const convert = (schema: z.ZodType, io: Io): JsonSchema => {
    const raw = z.toJSONSchema(schema, {
      target: 'draft-2020-12',
      io,
      unrepresentable: 'any',
      metadata: z.globalRegistry,
      override: overrideJsonSchema,
    }) as JsonSchema;
    const { $schema: _dialect, $defs, ...root } = raw;
    const defs = isRecord($defs) ? ($defs as Record<string, JsonSchema>) : {};

    // A def's identity is its own JSON plus that of every def it reaches: two defs share a
    // component only when everything they expand to is the same.
    const identityOf = (id: string): string => {
      const seen = new Set<string>([id]);
      const queue = [id];
      while (queue.length > 0) {
        for (const next of refsIn(defs[queue.shift() as string], new Set())) {
          if (!seen.has(next)) {
            seen.add(next);
            queue.push(next);
          }
        }
      }
      return JSON.stringify([...seen].sort().map((key) => [key, defs[key]]));
    };

    const names = new Map<string, string>();
    for (const id of Object.keys(defs).sort()) names.set(id, claim(id, identityOf(id), io));

    const rename = (ref: string): string => {
      if (!ref.startsWith(DEFS_PREFIX)) return ref;
      const id = decodePointerToken(ref.slice(DEFS_PREFIX.length));
      const name = names.get(id);
      if (name === undefined) throw new Error(`Dangling JSON Schema reference ${ref}`);
      return `${SCHEMAS_PREFIX}${name}`;
    };
    for (const [id, name] of names) {
      const entry = components.get(name);
      if (entry && Object.keys(entry.schema).length === 0) entry.schema = mapRefs(defs[id], rename) as JsonSchema;
    }
    return mapRefs(root, rename) as JsonSchema;
  };

  /** Follows a `#/components/schemas/…` reference to the collected schema. */
  const resolve = (schema: JsonSchema): JsonSchema => {
    const ref = schema.$ref;
    if (typeof ref !== 'string' || !ref.startsWith(SCHEMAS_PREFIX)) return schema;
    const entry = components.get(ref.slice(SCHEMAS_PREFIX.length));
    return entry ? resolve(entry.schema) : schema;
  };

  const schemas = (): Record<string, JsonSchema> =>
    Object.fromEntries([...components.keys()].sort().map((name) => [name, components.get(name)?.schema ?? {}]));

  return { convert, resolve, schemas };
};

type SchemaCollector = ReturnType<typeof createSchemaCollector>;

// ---------------------------------------------------------------------------------------------
// Parameters, bodies, responses

const ref = (section: 'schemas' | 'responses' | 'parameters' | 'headers', name: string): Reference => ({
  $ref: `#/components/${section}/${name}`,
});

/** Placeholders of an API Gateway path template, in order: `/v1/tickets/{id}` -> `['id']`. */
export const pathPlaceholders = (path: string): string[] =>
  [...path.matchAll(/\{([^}]+)\}/g)].map((match) => (match[1] ?? '').replace(/\+$/, ''));

const objectParameters = (
  collector: SchemaCollector,
  schema: z.ZodType,
  location: 'path' | 'query',
  route: RouteDefinition,
): ParameterObject[] => {
  const json = collector.resolve(collector.convert(schema, 'input'));
  const properties = json.properties;
  if (json.type !== 'object' || !isRecord(properties)) {
    throw new Error(`${route.operationId}: ${location} schema must be an object of named parameters`);
  }
  const required = new Set(Array.isArray(json.required) ? (json.required as string[]) : []);
  // A list's `cf.<key>` custom-field filters (contract/http/custom-field-filters.ts) are the object's
  // additional properties: documented as one templated parameter, since the keys are each tenant's.
  const { description: extraText, ...extraSchema } = isRecord(json.additionalProperties) ? json.additionalProperties : {};
  const additional: ParameterObject[] =
    typeof extraText === 'string' ? [{ name: 'cf.<key>', in: location, required: false, description: extraText, schema: extraSchema }] : [];
  return [...Object.entries(properties).map(([name, property]) => {
    const { description: text, ...propertySchema } = isRecord(property) ? property : {};
    return {
      name,
      in: location,
      required: location === 'path' || required.has(name),
      ...(typeof text === 'string' ? { description: text } : {}),
      schema: propertySchema,
    };
  }), ...additional];
};

const pathParameters = (collector: SchemaCollector, route: RouteDefinition): ParameterObject[] => {
  const declared = route.params ? objectParameters(collector, route.params, 'path', route) : [];
  // Every placeholder is a parameter, in template order; one the contract does not describe is a string.
  return pathPlaceholders(route.path).map(
    (name) => declared.find((parameter) => parameter.name === name) ?? { name, in: 'path', required: true, schema: { type: 'string' } },
  );
};

const acceptsUndefined = (schema: z.ZodType): boolean => schema.safeParse(undefined).success;

const errorResponses = {
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
} as const satisfies Record<number, { name: string; description: string }>;

type ErrorStatus = keyof typeof errorResponses;

/**
 * `If-Match` (and its `412`) applies to commands on an existing record: writes with `concurrency`,
 * except creates (`201`), which have no version yet to match (they still answer with an `ETag`).
 */
const honoursIfMatch = (route: RouteDefinition): boolean =>
  route.method !== 'GET' && route.concurrency === true && route.response.status !== 201;

/** Which standard errors an operation can answer, from what the route declares. */
const errorStatuses = (route: RouteDefinition): ErrorStatus[] => {
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
  return statuses;
};

const successResponse = (collector: SchemaCollector, route: RouteDefinition): ResponseObject => {
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

const operation = (collector: SchemaCollector, route: RouteDefinition): OperationObject => {
  const parameters: (ParameterObject | Reference)[] = [
    ...pathParameters(collector, route),
    ...(route.query ? objectParameters(collector, route.query, 'query', route) : []),
  ];
  if (route.method === 'POST') parameters.push(ref('parameters', 'IdempotencyKey'));
  if (honoursIfMatch(route)) parameters.push(ref('parameters', 'IfMatch'));

  const responses: Record<string, ResponseObject | Reference> = {
    [String(route.response.status)]: successResponse(collector, route),
  };
  for (const status of errorStatuses(route)) responses[String(status)] = ref('responses', errorResponses[status].name);

  return {
    operationId: route.operationId,
    summary: route.summary,
    tags: [route.tag],
    security: route.auth === 'jwt' ? [{ bearerAuth: [] }] : [],
    ...(parameters.length > 0 ? { parameters } : {}),
    ...(route.body
      ? {
          requestBody: {
            required: !acceptsUndefined(route.body),
            content: { 'application/json': { schema: collector.convert(route.body, 'input') } },
          },
        }
      : {}),
    responses,
  };
};

// ---------------------------------------------------------------------------------------------
// Document

export const openApiDocument = (options: { serverUrl?: string } = {}): OpenApiDocument => {
  const collector = createSchemaCollector();
  // Problem first, on the output side: the error responses reference it as `Problem`.
  const problem = collector.convert(Problem, 'output');
  if (problem.$ref !== `${SCHEMAS_PREFIX}Problem`) throw new Error('The Problem schema must carry .meta({ id: "Problem" })');

  const allRoutes: readonly RouteDefinition[] = routes;
  // Response (output) schemas claim the plain ids first, so an input variant that converts
  // differently is the one named `<id>Input`, whatever the route order.
  for (const route of allRoutes) if (route.response.schema) collector.convert(route.response.schema, 'output');
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
      responses: Object.fromEntries(
        Object.values(errorResponses).map(({ name, description: text }) => [
          name,
          { description: text, content: { 'application/problem+json': { schema: ref('schemas', 'Problem') } } },
        ]),
      ),
      parameters: {
        IdempotencyKey: {
          name: 'Idempotency-Key',
          in: 'header',
          required: false,
          description:
            'Makes the POST safe to retry: the same key with the same body replays the first response without new events; the same key with another body answers `422`.',
          schema: { type: 'string', minLength: 1 },
          example: '6f1c2e1a-7f1e-4c3b-9a52-0d9e8d3b2a10',
        },
        IfMatch: {
          name: 'If-Match',
          in: 'header',
          required: false,
          description: 'The version the command is based on, as returned in `ETag`; a stale version answers `412`.',
          schema: { type: 'string' },
          example: '"3"',
        },
      },
      headers: {
        ETag: {
          description: 'The record\'s version, quoted: `"<version>"`; send it back as `If-Match`.',
          schema: { type: 'string' },
          example: '"3"',
        },
        Location: { description: 'The URL of the created record', schema: { type: 'string', format: 'uri-reference' } },
      },
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
