import type { APIGatewayProxyEventV2WithJWTAuthorizer } from 'aws-lambda';

/** Where in a request a value was given, as an issue path (`path.id`, `query.users`, `body.ids.2`). */
export type FieldOrigin = (value: string) => string | undefined;

/** Bodies are walked this deep at most (the router refuses deeper ones before any handler runs). */
const maxDepth = 64;

const inBody = (body: unknown, value: string): string | undefined => {
  const pending: { node: unknown; path: string; depth: number }[] = [{ node: body, path: 'body', depth: 0 }];
  for (let next = pending.pop(); next; next = pending.pop()) {
    const { node, path, depth } = next;
    if (typeof node === 'string' && node.trim() === value) return path;
    if (node === null || typeof node !== 'object' || depth >= maxDepth) continue;
    for (const [key, child] of Object.entries(node)) pending.push({ node: child, path: `${path}.${key}`, depth: depth + 1 });
  }
  return undefined;
};

const parsedBody = (event: APIGatewayProxyEventV2WithJWTAuthorizer): unknown => {
  try {
    const raw = event.body ?? '';
    return JSON.parse(event.isBase64Encoded ? Buffer.from(raw, 'base64').toString('utf8') : raw);
  } catch {
    return undefined;
  }
};

/**
 * Finds which field of the request held a value that failed deep inside (a key part the edge should
 * have refused): the path parameters, then the query (comma lists included), then the JSON body.
 */
export const fieldOrigin =
  (event: APIGatewayProxyEventV2WithJWTAuthorizer): FieldOrigin =>
  (value) => {
    for (const [name, given] of Object.entries(event.pathParameters ?? {})) if (given?.trim() === value) return `path.${name}`;
    for (const [name, given] of Object.entries(event.queryStringParameters ?? {})) {
      if (given !== undefined && given.split(',').some((part) => part.trim() === value)) return `query.${name}`;
    }
    return inBody(parsedBody(event), value);
  };
