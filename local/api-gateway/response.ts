import type { ServerResponse } from 'node:http';
import type { APIGatewayProxyResultV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';

/**
 * Lambda result -> HTTP response the way API Gateway writes it (inference rules, cookies, base64),
 * and the answers the gateway gives on its own (problems, integration failure).
 */

export interface HttpResponse {
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

export const problem = (status: number, title: string, detail: string, headers: Record<string, string> = {}): HttpResponse => ({
  statusCode: status,
  headers: { 'content-type': 'application/problem+json', ...headers },
  cookies: [],
  body: Buffer.from(JSON.stringify({ type: 'about:blank', title, status, detail })),
});

/** What API Gateway answers when the integration fails (function error, timeout, bad result). */
export const internalError = (): HttpResponse => ({
  statusCode: 500,
  headers: { 'content-type': 'application/json' },
  cookies: [],
  body: Buffer.from(JSON.stringify({ message: 'Internal Server Error' })),
});

export const write = (response: ServerResponse, reply: HttpResponse, requestId: string, extra: Record<string, string> = {}): void => {
  const headers: Record<string, string | string[]> = { ...reply.headers, ...extra, 'apigw-requestid': requestId };
  if (reply.cookies.length > 0) headers['set-cookie'] = [...reply.cookies];
  headers['content-length'] = String(reply.body.length);
  response.writeHead(reply.statusCode, headers);
  response.end(reply.body);
};
