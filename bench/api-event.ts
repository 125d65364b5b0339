import { randomUUID } from 'node:crypto';
import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';

/**
 * API Gateway HTTP API (payload 2.0) events for invoking an HTTP handler in-process, with the claims
 * the JWT authorizer would pass on (as strings, groups as "[a b]"), without a server or a token.
 */
export type ApiHandler = (event: APIGatewayProxyEventV2WithJWTAuthorizer, context: Context) => Promise<APIGatewayProxyStructuredResultV2>;

const claims = (tenant: string, userId: string) => ({
  sub: userId,
  'custom:tenant': tenant,
  'custom:role': 'admin',
  'cognito:groups': '[support]',
  'cognito:username': userId,
  token_use: 'id',
  // An hour ahead: the handler refuses a token past its `exp` (functions/http/auth.ts).
  exp: String(Math.floor(Date.now() / 1000) + 3600),
});

/** A minimal API Gateway HTTP API (payload 2.0) event with the JWT authorizer's claims. */
export const apiEvent = (input: {
  method: 'GET' | 'POST';
  routePath: string;
  path: string;
  pathParameters?: Record<string, string>;
  query?: Record<string, string>;
  body?: unknown;
  headers?: Record<string, string>;
  tenant: string;
  userId: string;
}): APIGatewayProxyEventV2WithJWTAuthorizer => {
  const requestId = randomUUID();
  const rawQueryString = new URLSearchParams(input.query ?? {}).toString();
  return {
    version: '2.0',
    routeKey: `${input.method} ${input.routePath}`,
    rawPath: input.path,
    rawQueryString,
    headers: {
      host: 'bench.local',
      ...(input.body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...input.headers,
    },
    ...(input.query ? { queryStringParameters: input.query } : {}),
    ...(input.pathParameters ? { pathParameters: input.pathParameters } : {}),
    requestContext: {
      accountId: '000000000000',
      apiId: 'bench',
      authorizer: { jwt: { claims: claims(input.tenant, input.userId), scopes: null }, principalId: '', integrationLatency: 0 },
      domainName: 'bench.local',
      domainPrefix: 'bench',
      http: { method: input.method, path: input.path, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'bench' },
      requestId,
      routeKey: `${input.method} ${input.routePath}`,
      stage: '$default',
      time: new Date().toUTCString(),
      timeEpoch: Date.now(),
    },
    ...(input.body !== undefined ? { body: JSON.stringify(input.body) } : {}),
    isBase64Encoded: false,
  } as APIGatewayProxyEventV2WithJWTAuthorizer;
};

