import type { IncomingHttpHeaders } from 'node:http';
import type { Identity } from './identity.ts';
import type { LocalApiClientRegistry } from './api-client-registry.ts';
import type { HttpResponse } from './api-gateway/response.ts';

/**
 * The local user pool's OAuth 2.0 token endpoint (`POST /oauth2/token`), client-credentials grant
 * only, as Cognito answers it: form-encoded request, client authentication by HTTP Basic
 * (`client_secret_basic`) or `client_id` + `client_secret` in the body (`client_secret_post`),
 * optional `scope` (default: all the client's allowed scopes), JSON reply `{ access_token,
 * expires_in, token_type: 'Bearer' }`. Errors per RFC 6749 §5.2: 400 `invalid_request`,
 * `unsupported_grant_type`, `invalid_scope`; 401 `invalid_client` for an unknown, wrongly
 * authenticated or revoked client.
 */

export const tokenEndpointPath = '/oauth2/token';

/** Access-token lifetime in seconds: Cognito's default, 1 hour. */
export const accessTokenSeconds = 3_600;

const noStore = { 'cache-control': 'no-store', pragma: 'no-cache' };

const reply = (statusCode: number, body: unknown, headers: Record<string, string> = {}): HttpResponse => ({
  statusCode,
  headers: { 'content-type': 'application/json;charset=UTF-8', ...noStore, ...headers },
  cookies: [],
  body: Buffer.from(JSON.stringify(body)),
});

const oauthError = (statusCode: number, error: string, description: string, headers: Record<string, string> = {}): HttpResponse =>
  reply(statusCode, { error, error_description: description }, headers);

/** `Basic base64(urlencode(id):urlencode(secret))` (RFC 6749 §2.3.1) -> the pair, or undefined. */
const basicCredentials = (header: string | undefined): { id: string; secret: string } | undefined => {
  const match = header ? /^\s*Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header) : null;
  if (!match) return undefined;
  const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon === -1) return undefined;
  try {
    return { id: decodeURIComponent(decoded.slice(0, colon)), secret: decodeURIComponent(decoded.slice(colon + 1)) };
  } catch {
    return undefined;
  }
};

export interface TokenRequest {
  readonly method: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
}

export const handleTokenRequest = async (
  request: TokenRequest,
  registry: LocalApiClientRegistry,
  identity: Pick<Identity, 'issueAccessToken'>,
): Promise<HttpResponse> => {
  if (request.method !== 'POST') return oauthError(405, 'invalid_request', 'the token endpoint takes POST', { allow: 'POST' });
  const contentType = String(request.headers['content-type'] ?? '');
  if (!/^application\/x-www-form-urlencoded\b/i.test(contentType)) {
    return oauthError(400, 'invalid_request', 'send the parameters as application/x-www-form-urlencoded');
  }
  const form = new URLSearchParams(request.body.toString('utf8'));
  const basic = basicCredentials(request.headers.authorization);
  if (request.headers.authorization && !basic) {
    return oauthError(401, 'invalid_client', 'unsupported client authentication', { 'www-authenticate': 'Basic realm="cronaca"' });
  }
  const bodySecret = form.get('client_secret');
  if (basic && bodySecret !== null) return oauthError(400, 'invalid_request', 'authenticate the client by one method only');
  const clientId = basic?.id ?? form.get('client_id') ?? '';
  const secret = basic?.secret ?? bodySecret ?? '';
  if (basic && form.get('client_id') !== null && form.get('client_id') !== basic.id) {
    return oauthError(400, 'invalid_request', 'client_id differs from the authenticated client');
  }
  const grantType = form.get('grant_type');
  if (!grantType) return oauthError(400, 'invalid_request', 'grant_type is required');

  const client = clientId && secret ? registry.authenticate(clientId, secret) : undefined;
  if (!client) {
    // RFC 6749 §5.2: 401 with the scheme the client used (Basic when it used none).
    return oauthError(401, 'invalid_client', 'client authentication failed', { 'www-authenticate': 'Basic realm="cronaca"' });
  }
  if (grantType !== 'client_credentials') return oauthError(400, 'unsupported_grant_type', 'only client_credentials is supported');

  const allowed = registry.allowedScopes(client);
  const asked = form.get('scope');
  const scopes = asked === null || asked.trim() === '' ? allowed : [...new Set(asked.trim().split(/\s+/))];
  const refused = scopes.filter((scope) => !allowed.includes(scope));
  if (refused.length > 0) return oauthError(400, 'invalid_scope', `not allowed for this client: ${refused.join(' ')}`);

  const accessToken = await identity.issueAccessToken({ clientId: client.clientId, scopes, ttl: accessTokenSeconds });
  return reply(200, { access_token: accessToken, expires_in: accessTokenSeconds, token_type: 'Bearer' });
};
