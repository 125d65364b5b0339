import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type {
  APIGatewayEventRequestContextJWTAuthorizer,
  APIGatewayProxyEventV2WithJWTAuthorizer,
  APIGatewayProxyResultV2,
  APIGatewayProxyStructuredResultV2,
  Context,
} from 'aws-lambda';
import { functions } from '../contract/functions.ts';
import type { FunctionName } from '../contract/functions.ts';
import { routeKey, routes as contractRoutes } from '../contract/routes.ts';
import type { RouteDefinition } from '../contract/routes.ts';
import { importFunctionHandler } from './functions.ts';
import type { Identity, IdTokenClaims } from './identity.ts';
import { TokenError } from './identity.ts';
import { createLambdaContext, localAccountId, localFunctionName } from './lambda-context.ts';

/**
 * The local API Gateway (HTTP API, payload format 2.0): matches the contract routes, runs the JWT
 * authorizer against the local identity provider, turns the request into the event API Gateway
 * would send and writes the function's result back the way API Gateway does.
 */

export type HttpHandler = (event: APIGatewayProxyEventV2WithJWTAuthorizer, context: Context) => Promise<APIGatewayProxyResultV2>;
/** Finds the handler of a contract function (default: import its entry module). */
export type HttpHandlerResolver = (name: FunctionName) => Promise<HttpHandler>;

/** API Gateway's payload limit: 10 MB. */
export const maxRequestBodyBytes = 10 * 1024 * 1024;
/** Local API id (appears in `requestContext.apiId`). */
export const localApiId = 'local';

export interface CreateLocalServerOptions {
  /** 0 or undefined = a free port. */
  readonly port?: number;
  /** Interface to listen on. Default 127.0.0.1. */
  readonly host?: string;
  /** Verifies bearer tokens on `auth: 'jwt'` routes. */
  readonly identity: Pick<Identity, 'verifyToken'>;
  /** Handlers by function name (missing ones are imported), or a resolver for all of them. */
  readonly handlers?: Partial<Record<FunctionName, HttpHandler>> | HttpHandlerResolver;
  /** Default: the contract routes. */
  readonly routes?: readonly RouteDefinition[];
  /** One line per request; `false` silences. Default console.log. */
  readonly log?: ((line: string) => void) | false;
  /** Enforce each function's timeout like Lambda (500 after `timeoutSeconds`). Default true. */
  readonly enforceTimeouts?: boolean;
  readonly maxBodyBytes?: number;
}

export interface LocalServer {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

// ---------------------------------------------------------------------------------------------------
// Route matching

export interface RouteMatch {
  readonly route: RouteDefinition;
  readonly pathParameters?: Record<string, string>;
}

interface CompiledRoute {
  readonly route: RouteDefinition;
  readonly segments: readonly string[];
  /** Literal segments count first, then fewer variables: API Gateway prefers the most specific route. */
  readonly literals: number;
  readonly greedy: boolean;
}

const compile = (route: RouteDefinition): CompiledRoute => {
  const segments = route.path.split('/').slice(1);
  return {
    route,
    segments,
    literals: segments.filter((segment) => !segment.startsWith('{')).length,
    greedy: segments.at(-1)?.endsWith('+}') ?? false,
  };
};

const decode = (value: string): string => {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
};

const matchSegments = (compiled: CompiledRoute, segments: readonly string[]): Record<string, string> | undefined => {
  const parameters: Record<string, string> = {};
  for (let index = 0; index < compiled.segments.length; index++) {
    const template = compiled.segments[index]!;
    const value = segments[index];
    if (template.startsWith('{') && template.endsWith('+}')) {
      if (index !== compiled.segments.length - 1 || value === undefined) return undefined;
      const rest = segments.slice(index).join('/');
      if (!rest) return undefined;
      parameters[template.slice(1, -2)] = decode(rest);
      return parameters;
    }
    if (value === undefined) return undefined;
    if (template.startsWith('{') && template.endsWith('}')) {
      if (value === '') return undefined;
      parameters[template.slice(1, -1)] = decode(value);
    } else if (template !== value) {
      return undefined;
    }
  }
  return segments.length === compiled.segments.length ? parameters : undefined;
};

/** Builds a matcher over route templates (`/v1/tickets/{id}/take`, `{proxy+}`); method must match (or be ANY). */
export const createRouteMatcher = (routes: readonly RouteDefinition[]): ((method: string, path: string) => RouteMatch | undefined) => {
  const compiled = routes
    .map(compile)
    .sort((a, b) => Number(a.greedy) - Number(b.greedy) || b.literals - a.literals || b.segments.length - a.segments.length);
  return (method, path) => {
    const segments = path.split('/').slice(1);
    for (const candidate of compiled) {
      const routeMethod: string = candidate.route.method;
      if (routeMethod !== method && routeMethod !== 'ANY') continue;
      const parameters = matchSegments(candidate, segments);
      if (!parameters) continue;
      return Object.keys(parameters).length > 0 ? { route: candidate.route, pathParameters: parameters } : { route: candidate.route };
    }
    return undefined;
  };
};

// ---------------------------------------------------------------------------------------------------
// Request -> API Gateway v2 event

const textTypes = [
  /^text\//,
  /^application\/(?:json|xml|javascript|x-www-form-urlencoded|graphql|yaml|x-yaml|x-ndjson)\b/,
  /^application\/[\w.+-]+\+(?:json|xml)\b/,
];

/** Whether API Gateway passes the body as text (else base64 with `isBase64Encoded`). */
export const isTextContentType = (contentType: string | undefined, body: Buffer): boolean => {
  if (!contentType) {
    // No type: pass it as text when it is valid UTF-8.
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(body);
      return true;
    } catch {
      return false;
    }
  }
  const type = contentType.toLowerCase().trim();
  return textTypes.some((pattern) => pattern.test(type));
};

/** API Gateway's `requestContext.time` format: `12/Mar/2020:19:03:58 +0000`. */
const requestTime = (date: Date): string => {
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${pad(date.getUTCDate())}/${months[date.getUTCMonth()]}/${date.getUTCFullYear()}:${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())} +0000`;
};

/** API Gateway-like request id (`JKJaXmPLvHcESHA=`). */
const newRequestId = (): string => `${randomBytes(10).toString('base64').slice(0, 15)}=`;

/**
 * Claims as API Gateway's JWT authorizer delivers them to a payload 2.0 Lambda: every value a
 * string, arrays as `[a b]`, nested objects as JSON text, null-valued claims left out.
 */
export const apiGatewayClaims = (claims: Record<string, unknown>): Record<string, string> => {
  const delivered: Record<string, string> = {};
  for (const [name, value] of Object.entries(claims)) {
    if (value === null || value === undefined) continue;
    if (Array.isArray(value)) delivered[name] = `[${value.map(String).join(' ')}]`;
    else if (typeof value === 'object') delivered[name] = JSON.stringify(value);
    else delivered[name] = String(value);
  }
  return delivered;
};

const sourceIp = (request: IncomingMessage): string => (request.socket.remoteAddress ?? '127.0.0.1').replace(/^::ffff:/, '');

interface EventInput {
  readonly request: IncomingMessage;
  readonly match: RouteMatch;
  readonly rawPath: string;
  readonly rawQueryString: string;
  readonly body: Buffer;
  readonly claims?: IdTokenClaims;
  readonly requestId: string;
  readonly at: Date;
}

/** The API Gateway HTTP API (payload 2.0) event for a request. */
export const toApiGatewayEvent = (input: EventInput): APIGatewayProxyEventV2WithJWTAuthorizer => {
  const { request, match, rawPath, rawQueryString, body, claims, requestId, at } = input;
  const headers: Record<string, string> = {};
  const cookies: string[] = [];
  const raw = request.rawHeaders;
  for (let index = 0; index < raw.length; index += 2) {
    const name = raw[index]!.toLowerCase();
    const value = raw[index + 1]!;
    if (name === 'cookie') {
      cookies.push(...value.split(';').map((cookie) => cookie.trim()).filter(Boolean));
      continue;
    }
    headers[name] = headers[name] === undefined ? value : `${headers[name]},${value}`;
  }
  const ip = sourceIp(request);
  headers['x-forwarded-for'] = headers['x-forwarded-for'] ? `${headers['x-forwarded-for']}, ${ip}` : ip;
  headers['x-forwarded-port'] ??= String(request.socket.localPort ?? '');
  headers['x-forwarded-proto'] ??= 'http';
  headers['x-amzn-trace-id'] ??= `Root=1-${Math.floor(at.getTime() / 1000).toString(16)}-${randomBytes(12).toString('hex')}`;

  let queryStringParameters: Record<string, string> | undefined;
  if (rawQueryString) {
    queryStringParameters = {};
    for (const [name, value] of new URLSearchParams(rawQueryString)) {
      const previous = queryStringParameters[name];
      queryStringParameters[name] = previous === undefined ? value : `${previous},${value}`;
    }
  }

  const key = routeKey(match.route);
  const host = headers['host'] ?? 'localhost';
  const authorizer: APIGatewayEventRequestContextJWTAuthorizer | undefined = claims
    ? { jwt: { claims: apiGatewayClaims(claims), scopes: null } }
    : undefined;
  const isText = body.length === 0 || isTextContentType(headers['content-type'], body);

  const event = {
    version: '2.0',
    routeKey: key,
    rawPath,
    rawQueryString,
    ...(cookies.length > 0 ? { cookies } : {}),
    headers,
    ...(queryStringParameters ? { queryStringParameters } : {}),
    requestContext: {
      accountId: localAccountId,
      apiId: localApiId,
      ...(authorizer ? { authorizer } : {}),
      domainName: host,
      domainPrefix: host.split('.')[0]!.split(':')[0]!,
      http: {
        method: request.method ?? 'GET',
        path: rawPath,
        protocol: `HTTP/${request.httpVersion}`,
        sourceIp: ip,
        userAgent: headers['user-agent'] ?? '',
      },
      requestId,
      routeKey: key,
      stage: '$default',
      time: requestTime(at),
      timeEpoch: at.getTime(),
    },
    ...(match.pathParameters ? { pathParameters: match.pathParameters } : {}),
    ...(body.length > 0 ? { body: isText ? body.toString('utf8') : body.toString('base64') } : {}),
    isBase64Encoded: !isText,
  };
  // Public routes have no authorizer block, as in API Gateway; the handler type assumes the JWT one.
  return event as APIGatewayProxyEventV2WithJWTAuthorizer;
};

// ---------------------------------------------------------------------------------------------------
// Result -> HTTP response

interface HttpResponse {
  readonly statusCode: number;
  readonly headers: Record<string, string>;
  readonly cookies: readonly string[];
  readonly body: Buffer;
}

/** How API Gateway turns a payload 2.0 result into a response (including its inference rules). */
export const fromLambdaResult = (result: APIGatewayProxyResultV2 | unknown): HttpResponse => {
  const structured = result as APIGatewayProxyStructuredResultV2 | undefined;
  if (structured && typeof structured === 'object' && structured.statusCode !== undefined) {
    if (!Number.isInteger(structured.statusCode) || structured.statusCode < 100 || structured.statusCode > 599) {
      throw new Error(`invalid statusCode in the function result: ${String(structured.statusCode)}`);
    }
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(structured.headers ?? {})) headers[name.toLowerCase()] = String(value);
    const body = structured.body === undefined || structured.body === null
      ? Buffer.alloc(0)
      : Buffer.from(String(structured.body), structured.isBase64Encoded ? 'base64' : 'utf8');
    return { statusCode: structured.statusCode, headers, cookies: structured.cookies ?? [], body };
  }
  // No statusCode: API Gateway assumes 200, JSON, and the result itself as the body.
  const body = typeof result === 'string' ? result : JSON.stringify(result ?? null);
  return { statusCode: 200, headers: { 'content-type': 'application/json' }, cookies: [], body: Buffer.from(body, 'utf8') };
};

const problem = (status: number, title: string, detail: string, headers: Record<string, string> = {}): HttpResponse => ({
  statusCode: status,
  headers: { 'content-type': 'application/problem+json', ...headers },
  cookies: [],
  body: Buffer.from(JSON.stringify({ type: 'about:blank', title, status, detail })),
});

/** What API Gateway answers when the integration fails (function error, timeout, bad result). */
const internalError = (): HttpResponse => ({
  statusCode: 500,
  headers: { 'content-type': 'application/json' },
  cookies: [],
  body: Buffer.from(JSON.stringify({ message: 'Internal Server Error' })),
});

const write = (response: ServerResponse, reply: HttpResponse, requestId: string, extra: Record<string, string> = {}): void => {
  const headers: Record<string, string | string[]> = { ...reply.headers, ...extra, 'apigw-requestid': requestId };
  if (reply.cookies.length > 0) headers['set-cookie'] = [...reply.cookies];
  headers['content-length'] = String(reply.body.length);
  response.writeHead(reply.statusCode, headers);
  response.end(reply.body);
};

// ---------------------------------------------------------------------------------------------------
// Server

class PayloadTooLarge extends Error {}
class ClientGone extends Error {}

const readBody = (request: IncomingMessage, limit: number): Promise<Buffer> =>
  new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const fail = (error: Error): void => {
      if (settled) return;
      settled = true;
      chunks.length = 0;
      reject(error);
    };
    request.on('data', (chunk: Buffer) => {
      if (settled) return;
      size += chunk.length;
      if (size > limit) fail(new PayloadTooLarge());
      else chunks.push(chunk);
    });
    request.on('end', () => {
      if (settled) return;
      settled = true;
      resolve(Buffer.concat(chunks));
    });
    request.on('error', (error) => fail(error));
    // The client went away before sending the whole body.
    request.on('close', () => fail(new ClientGone()));
  });

const bearerToken = (header: string | undefined): string | undefined => {
  if (!header) return undefined;
  const match = /^\s*Bearer\s+(\S+)\s*$/i.exec(header);
  // API Gateway also accepts the bare token in the identity source.
  return match ? match[1] : header.trim() || undefined;
};

const withTimeout = async <T>(work: Promise<T>, ms: number | undefined): Promise<T> => {
  if (ms === undefined) return work;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`Task timed out after ${(ms / 1000).toFixed(2)} seconds`)), ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
};

const corsHeaders = (request: IncomingMessage): Record<string, string> => {
  const origin = request.headers.origin;
  return origin ? { 'access-control-allow-origin': origin, vary: 'Origin' } : {};
};

/** Starts the local API Gateway. */
export const createLocalServer = async (options: CreateLocalServerOptions): Promise<LocalServer> => {
  const match = createRouteMatcher(options.routes ?? contractRoutes);
  const limit = options.maxBodyBytes ?? maxRequestBodyBytes;
  const log = options.log === false ? () => undefined : (options.log ?? ((line: string) => console.log(line)));
  const enforceTimeouts = options.enforceTimeouts ?? true;
  const given = options.handlers;
  const resolved = new Map<FunctionName, Promise<HttpHandler>>();
  const resolveHandler = (name: FunctionName): Promise<HttpHandler> => {
    if (typeof given === 'function') return given(name);
    const injected = given?.[name];
    if (injected) return Promise.resolve(injected);
    let pending = resolved.get(name);
    if (!pending) {
      pending = importFunctionHandler<HttpHandler>(name);
      // Do not remember failures: the module may appear later (other work in progress).
      pending.catch(() => resolved.delete(name));
      resolved.set(name, pending);
    }
    return pending;
  };

  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const started = Date.now();
    const at = new Date(started);
    const requestId = newRequestId();
    const method = (request.method ?? 'GET').toUpperCase();
    const target = request.url ?? '/';
    const queryAt = target.indexOf('?');
    const rawPath = queryAt === -1 ? target : target.slice(0, queryAt);
    const rawQueryString = queryAt === -1 ? '' : target.slice(queryAt + 1);
    let functionName: FunctionName | '-' = '-';
    const finish = (reply: HttpResponse, extra: Record<string, string> = {}): void => {
      write(response, reply, requestId, extra);
      log(`[api] ${method} ${target} -> ${reply.statusCode} ${Date.now() - started}ms ${functionName} ${requestId}`);
    };
    const gateway = (reply: HttpResponse, extra: Record<string, string> = {}): void => finish(reply, { ...corsHeaders(request), ...extra });

    const declared = Number(request.headers['content-length'] ?? 0);
    if (declared > limit) {
      // Refuse at once; read (and discard) what is still coming so the client sees the answer.
      request.resume();
      gateway(problem(413, 'Content Too Large', `The request body exceeds ${limit} bytes.`), { connection: 'close' });
      return;
    }

    const found = match(method, rawPath);
    if (!found) {
      if (method === 'OPTIONS' && request.headers['access-control-request-method']) {
        // CORS preflight, answered by the gateway like an HTTP API with CORS configured.
        request.resume();
        finish({ statusCode: 204, headers: {}, cookies: [], body: Buffer.alloc(0) }, {
          ...corsHeaders(request),
          'access-control-allow-methods': 'GET,POST,PUT,PATCH,DELETE,OPTIONS',
          'access-control-allow-headers': request.headers['access-control-request-headers'] ?? '*',
          'access-control-expose-headers': 'etag,location,x-correlation-id,idempotent-replayed',
          'access-control-max-age': '600',
        });
        return;
      }
      request.resume();
      gateway(problem(404, 'Not Found', `No route matches ${method} ${rawPath}.`));
      return;
    }
    functionName = found.route.function;

    let body: Buffer;
    try {
      body = await readBody(request, limit);
    } catch (error) {
      if (error instanceof PayloadTooLarge) {
        request.resume();
        gateway(problem(413, 'Content Too Large', `The request body exceeds ${limit} bytes.`), { connection: 'close' });
        return;
      }
      if (error instanceof ClientGone || !request.readable) {
        log(`[api] ${method} ${target} -> client closed the connection ${functionName} ${requestId}`);
        return;
      }
      throw error;
    }

    let claims: IdTokenClaims | undefined;
    if (found.route.auth === 'jwt') {
      const token = bearerToken(request.headers.authorization);
      if (!token) {
        gateway(problem(401, 'Unauthorized', 'A bearer token is required.'), { 'www-authenticate': 'Bearer' });
        return;
      }
      try {
        claims = await options.identity.verifyToken(token);
      } catch (error) {
        const detail = error instanceof TokenError ? error.message : 'the token could not be verified';
        gateway(problem(401, 'Unauthorized', `Invalid bearer token: ${detail}.`), {
          'www-authenticate': `Bearer error="invalid_token", error_description="${detail.replaceAll('"', "'")}"`,
        });
        return;
      }
    }

    const definition = functions[found.route.function];
    const event = toApiGatewayEvent({ request, match: found, rawPath, rawQueryString, body, ...(claims ? { claims } : {}), requestId, at });
    const context = createLambdaContext({
      functionName: localFunctionName(found.route.function),
      memorySize: definition.memorySize,
      timeoutSeconds: definition.timeoutSeconds,
    });
    let reply: HttpResponse;
    try {
      const handler = await resolveHandler(found.route.function);
      const result = await withTimeout(handler(event, context), enforceTimeouts ? definition.timeoutSeconds * 1000 : undefined);
      reply = fromLambdaResult(result);
    } catch (error) {
      console.error(`[api] ${found.route.function} failed on ${routeKey(found.route)} (${requestId}):`, error);
      reply = internalError();
    }
    finish(reply);
  };

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      console.error('[api] unexpected error:', error);
      if (!response.headersSent) write(response, internalError(), 'error');
      else response.destroy();
    });
  });
  // Lambda-sized bodies are slow to stream on a busy machine; never let Node cut a request short.
  server.requestTimeout = 0;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const host = options.host && options.host !== '0.0.0.0' && options.host !== '::' ? options.host : '127.0.0.1';
  let closing: Promise<void> | undefined;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    port,
    close() {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closing;
    },
  };
};
