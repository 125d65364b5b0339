import type { IncomingMessage } from 'node:http';

/**
 * CORS as an HTTP API with CORS configured answers it: the gateway adds the allow-origin headers to
 * its own answers and replies to preflights itself, without calling a function.
 */

export const corsHeaders = (request: IncomingMessage): Record<string, string> => {
  const origin = request.headers.origin;
  return origin ? { 'access-control-allow-origin': origin, vary: 'Origin' } : {};
};

/** A preflight is only answered when no route matches the OPTIONS request. */
export const isCorsPreflight = (method: string, request: IncomingMessage): boolean =>
  method === 'OPTIONS' && Boolean(request.headers['access-control-request-method']);

/** The headers of the gateway's 204 answer to a preflight. */
export const corsPreflightHeaders = (request: IncomingMessage): Record<string, string> => ({
  ...corsHeaders(request),
  'access-control-allow-methods': 'GET,POST,PUT,PATCH,DELETE,OPTIONS',
  'access-control-allow-headers': request.headers['access-control-request-headers'] ?? '*',
  'access-control-expose-headers': 'etag,location,x-correlation-id,idempotent-replayed',
  'access-control-max-age': '600',
});
