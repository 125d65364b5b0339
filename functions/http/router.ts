import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { z } from 'zod';
import type { FunctionName } from '../../contract/functions.ts';
import { jsonDepth } from '../../contract/http/json-depth.ts';
import { routeKey, routes, type RouteDefinition } from '../../contract/routes.ts';
import type { Actor } from '../../domain/shared/actor.ts';
import { canonicalJson } from '../../domain/shared/canonical-json.ts';
import { HttpProblem, badRequest } from '../shared/problem.ts';
import type { ApiClientGrants } from '../../application/ports/api-client-grants.ts';
import type { UserAccess } from '../../application/ports/user-access.ts';
import { actorFrom } from './auth.ts';

type Routes = (typeof routes)[number];
type RoutesOf<F extends FunctionName> = Extract<Routes, { function: F }>;
type Parsed<R, K extends 'params' | 'query' | 'body'> = R extends Record<K, infer S extends z.ZodType> ? z.output<S> : undefined;

export interface RequestInfo {
  readonly headers: Readonly<Record<string, string | undefined>>;
  readonly requestId: string;
  readonly correlationId: string;
  /** The host the caller reached (API Gateway's `domainName`, else the Host header), for absolute URLs. */
  readonly host?: string | undefined;
  readonly route: RouteDefinition;
  /** The raw path parameters and parsed JSON body, for idempotency fingerprints. */
  readonly fingerprint: string;
  /**
   * Set by in-process callers whose Idempotency-Keys are almost never repeated (an import's rows):
   * the stored response is read only when the commit finds the key taken (`runDecision`).
   */
  readonly idempotencyKeysAreNew?: boolean;
}

export interface OperationInput<R> extends RequestInfo {
  readonly actor: R extends { auth: 'jwt' } ? Actor : undefined;
  readonly params: Parsed<R, 'params'>;
  readonly query: Parsed<R, 'query'>;
  readonly body: Parsed<R, 'body'>;
}

export type Operation<R> = (input: OperationInput<R>) => Promise<APIGatewayProxyStructuredResultV2>;

/** One implementation per route of the function, checked by the compiler against contract/routes.ts. */
export type Operations<F extends FunctionName> = { [R in RoutesOf<F> as R['operationId']]: Operation<R> };

/** Bodies above this are refused before parsing, unless the route allows more (API Gateway itself stops at 10 MB). */
export const maxBodyBytes = 256 * 1024;

/** 262144 → "256 KiB", 4194304 → "4 MiB". */
const sizeText = (bytes: number): string =>
  bytes % (1024 * 1024) === 0 ? `${bytes / 1024 / 1024} MiB` : bytes % 1024 === 0 ? `${bytes / 1024} KiB` : `${bytes} bytes`;

const issuesOf = (error: z.ZodError, prefix: string) =>
  error.issues.map((issue) => ({
    path: [prefix, ...issue.path.map(String)].filter(Boolean).join('.'),
    message: issue.message,
  }));

const validate = <S extends z.ZodType>(schema: S | undefined, value: unknown, where: string): z.output<S> | undefined => {
  if (!schema) return undefined;
  const result = schema.safeParse(value);
  if (!result.success) {
    const issues = issuesOf(result.error, where);
    throw badRequest(issues.map((i) => `${i.path}: ${i.message}`).join('; '), issues);
  }
  return result.data;
};

/**
 * How deep a body may nest objects and arrays. The contract's bodies nest 4 levels at most (a
 * catalogue entry's labels: `{ entries: [{ labels: {} }] }`); recursive code downstream (canonical
 * JSON, marshalling) must never meet a body thousands of levels deep, which a few KB can carry.
 */
export const maxBodyDepth = 32;

const parseBody = (event: APIGatewayProxyEventV2WithJWTAuthorizer, route: RouteDefinition): unknown => {
  const raw = event.body ?? '';
  const text = event.isBase64Encoded ? Buffer.from(raw, 'base64').toString('utf8') : raw;
  const limit = route.maxBodyBytes ?? maxBodyBytes;
  const size = Buffer.byteLength(text, 'utf8');
  if (size > limit) {
    const detail = `the body has ${size} bytes; ${route.method} ${route.path} takes at most ${sizeText(limit)} (${limit} bytes)`;
    throw new HttpProblem(413, 'payload-too-large', 'Payload too large', detail, { issues: [{ path: 'body', message: `at most ${sizeText(limit)}` }] });
  }
  if (text.trim() === '') return undefined;
  if (!route.body) throw badRequest('this operation takes no body', [{ path: 'body', message: 'must be empty' }]);
  const contentType = event.headers['content-type'] ?? '';
  if (!/^application\/(.+\+)?json\b/i.test(contentType)) {
    throw new HttpProblem(415, 'unsupported-media-type', 'Unsupported media type', 'send the body as application/json');
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (error) {
    throw badRequest(`the body is not valid JSON: ${(error as Error).message}`, [{ path: 'body', message: 'invalid JSON' }]);
  }
  if (jsonDepth(body, maxBodyDepth) > maxBodyDepth) {
    throw badRequest(`the body nests objects and arrays deeper than ${maxBodyDepth} levels`, [{ path: 'body', message: `nested deeper than ${maxBodyDepth} levels` }]);
  }
  return body;
};

export interface RouterOptions {
  /** Where API clients' grants are looked up (client-credentials access tokens); read per request. */
  readonly apiClients: () => ApiClientGrants;
  /** The clock a token's `exp` is checked against (the authorizer's answer is cached past it). */
  readonly now: () => string;
  /** Users of record (deactivated, current role), read per request for ID tokens (functions/http/auth.ts). */
  readonly users?: () => UserAccess;
}

/**
 * Dispatches on API Gateway's `routeKey` to the operation of that route, after authenticating the
 * caller and validating path, query and body with the route's zod schemas.
 */
export const router = <F extends FunctionName>(functionName: F, operations: Operations<F>, options: RouterOptions) => {
  const table = new Map<string, { route: RouteDefinition; operation: Operation<never> }>();
  for (const route of routes as readonly RouteDefinition[]) {
    if (route.function !== functionName) continue;
    const operation = (operations as Record<string, Operation<never>>)[route.operationId];
    if (!operation) throw new Error(`no operation for ${route.operationId}`);
    table.set(routeKey(route), { route, operation });
  }

  return async (event: APIGatewayProxyEventV2WithJWTAuthorizer, correlationId: string) => {
    const entry = table.get(event.routeKey);
    if (!entry) throw new HttpProblem(404, 'not-found', 'Not found', `no route ${event.routeKey}`);
    const { route, operation } = entry;
    const actor = route.auth === 'jwt' ? await actorFrom(event, options.apiClients, options.now, options.users) : undefined;
    const body = parseBody(event, route);
    const input = {
      actor,
      params: validate(route.params, event.pathParameters ?? {}, 'path'),
      query: validate(route.query, event.queryStringParameters ?? {}, 'query'),
      body: validate(route.body, body, 'body'),
      headers: event.headers,
      requestId: event.requestContext.requestId,
      correlationId,
      host: event.requestContext.domainName || event.headers.host,
      route,
      fingerprint: `${event.routeKey}\n${canonicalJson(event.pathParameters ?? {})}\n${canonicalJson(body)}`,
    };
    return operation(input as never);
  };
};
