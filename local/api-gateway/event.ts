import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { APIGatewayEventRequestContextJWTAuthorizer, APIGatewayProxyEventV2WithJWTAuthorizer } from 'aws-lambda';
import { routeKey } from '../../contract/routes.ts';
import type { BearerClaims } from '../identity.ts';
import { localAccountId } from '../lambda-context.ts';
import type { RouteMatch } from './route-matcher.ts';

/**
 * Request -> the API Gateway HTTP API (payload 2.0) event, with the claims as API Gateway's JWT
 * authorizer delivers them, so handlers see locally what they see in the cloud.
 */

/** Local API id (appears in `requestContext.apiId`). */
export const localApiId = 'local';

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
export const newRequestId = (): string => `${randomBytes(10).toString('base64').slice(0, 15)}=`;

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
  readonly claims?: BearerClaims;
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
