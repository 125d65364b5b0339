import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyResultV2, Context } from 'aws-lambda';
import { functions } from '../contract/functions.ts';
import type { FunctionName } from '../contract/functions.ts';
import { routeKey, routes as contractRoutes } from '../contract/routes.ts';
import type { RouteDefinition } from '../contract/routes.ts';
import { corsHeaders, corsPreflightHeaders, isCorsPreflight } from './api-gateway/cors.ts';
import { newRequestId, toApiGatewayEvent } from './api-gateway/event.ts';
import { authorizeJwt } from './api-gateway/jwt-authorizer.ts';
import { fromLambdaResult, internalError, problem, write } from './api-gateway/response.ts';
import type { HttpResponse } from './api-gateway/response.ts';
import { createRouteMatcher, createTargetMasker } from './api-gateway/route-matcher.ts';
import { importFunctionHandler } from './functions.ts';
import type { BearerClaims, Identity } from './identity.ts';
import type { LocalApiClientRegistry } from './api-client-registry.ts';
import { handleTokenRequest, tokenEndpointPath } from './oauth-token-endpoint.ts';
import { createLambdaContext, localFunctionName } from './lambda-context.ts';

/**
 * The local API Gateway (HTTP API, payload format 2.0): matches the contract routes, runs the JWT
 * authorizer against the local identity provider, turns the request into the event API Gateway
 * would send and writes the function's result back the way API Gateway does. This module is the
 * server and dispatch (body limit, handler resolution, timeouts, logging); the gateway's concepts
 * live in `api-gateway/` and are re-exported here for existing importers.
 */

export { apiGatewayClaims, isTextContentType, localApiId, toApiGatewayEvent } from './api-gateway/event.ts';
export { fromLambdaResult } from './api-gateway/response.ts';
export { createRouteMatcher } from './api-gateway/route-matcher.ts';
export type { RouteMatch } from './api-gateway/route-matcher.ts';

export type HttpHandler = (event: APIGatewayProxyEventV2WithJWTAuthorizer, context: Context) => Promise<APIGatewayProxyResultV2>;
/** Finds the handler of a contract function (default: import its entry module). */
export type HttpHandlerResolver = (name: FunctionName) => Promise<HttpHandler>;

/** API Gateway's payload limit: 10 MB. */
export const maxRequestBodyBytes = 10 * 1024 * 1024;

export interface CreateLocalServerOptions {
  /** 0 or undefined = a free port. */
  readonly port?: number;
  /** Interface to listen on. Default 127.0.0.1. */
  readonly host?: string;
  /** Verifies bearer tokens on `auth: 'jwt'` routes (and signs API clients' tokens at `/oauth2/token`). */
  readonly identity: Pick<Identity, 'verifyBearer' | 'issueAccessToken'>;
  /**
   * API clients: served the client-credentials grant at `POST /oauth2/token` (the user pool's token
   * endpoint, on this server locally), their ids accepted as audiences by the authorizer. Without
   * it there is no token endpoint and only ID tokens pass.
   */
  readonly apiClients?: LocalApiClientRegistry;
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
// Server: request body, Lambda timeout, dispatch

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

/** Starts the local API Gateway. */
export const createLocalServer = async (options: CreateLocalServerOptions): Promise<LocalServer> => {
  const match = createRouteMatcher(options.routes ?? contractRoutes);
  const masked = createTargetMasker(options.routes ?? contractRoutes);
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
      log(`[api] ${method} ${masked(target)} -> ${reply.statusCode} ${Date.now() - started}ms ${functionName} ${requestId}`);
    };
    const gateway = (reply: HttpResponse, extra: Record<string, string> = {}): void => finish(reply, { ...corsHeaders(request), ...extra });

    const declared = Number(request.headers['content-length'] ?? 0);
    if (declared > limit) {
      // Refuse at once; read (and discard) what is still coming so the client sees the answer.
      request.resume();
      gateway(problem(413, 'Content Too Large', `The request body exceeds ${limit} bytes.`), { connection: 'close' });
      return;
    }

    if (rawPath === tokenEndpointPath && options.apiClients) {
      let form: Buffer;
      try {
        form = await readBody(request, limit);
      } catch (error) {
        if (error instanceof PayloadTooLarge) {
          request.resume();
          finish(problem(413, 'Content Too Large', `The request body exceeds ${limit} bytes.`), { connection: 'close' });
          return;
        }
        log(`[api] ${method} ${tokenEndpointPath} -> client closed the connection - ${requestId}`);
        return;
      }
      finish(await handleTokenRequest({ method, headers: request.headers, body: form }, options.apiClients, options.identity));
      return;
    }

    const found = match(method, rawPath);
    if (!found) {
      if (isCorsPreflight(method, request)) {
        // CORS preflight, answered by the gateway like an HTTP API with CORS configured.
        request.resume();
        finish({ statusCode: 204, headers: {}, cookies: [], body: Buffer.alloc(0) }, corsPreflightHeaders(request));
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
        log(`[api] ${method} ${masked(target)} -> client closed the connection ${functionName} ${requestId}`);
        return;
      }
      throw error;
    }

    let claims: BearerClaims | undefined;
    if (found.route.auth === 'jwt') {
      const authorization = await authorizeJwt(request.headers.authorization, options.identity, options.apiClients?.audiences() ?? []);
      if ('rejection' in authorization) {
        gateway(authorization.rejection, authorization.headers);
        return;
      }
      claims = authorization.claims;
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
