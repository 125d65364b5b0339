import { decodeJwt, decodeProtectedHeader } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalStack, type LocalStack } from '../support/local-stack.ts';
import { apiClient, expectProblem } from '../support/http-client.ts';
import { uniqueTenant } from '../support/dynamo.ts';

/**
 * The OAuth side of an integration's way in (docs/api-clients.md): the local token endpoint's
 * client-credentials grant, what its access tokens carry and how it refuses; the gateway's audience
 * check; users' ID tokens still taken. The clients are created as in production — POST /v1/api-clients
 * on the default local stack, whose grants are the event store's (EventStoreApiClientGrants from the
 * environment's dependencies). Acting as the client, history and revocation: test/e2e/api-clients.test.ts.
 */

let stack: LocalStack;
let api: ReturnType<typeof apiClient>;
const tenant = uniqueTenant('apicl');
let admin: string;

beforeAll(async () => {
  stack = await startLocalStack({ rebuilds: false, reports: false });
  api = apiClient(stack.url);
  admin = await stack.token('ada', { tenant, role: 'admin', groups: [] });
});
afterAll(async () => stack?.stop());

const register = async (body: { name: string; role: string }): Promise<{ clientId: string; clientSecret: string }> => {
  const created = await api.post('/v1/api-clients', admin, body);
  expect(created.status, created.text).toBe(201);
  return { clientId: created.body.clientId, clientSecret: created.body.clientSecret };
};

const basic = (id: string, secret: string) => `Basic ${Buffer.from(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`).toString('base64')}`;

const requestToken = (form: Record<string, string>, headers: Record<string, string> = {}) =>
  fetch(`${stack.url}/oauth2/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(form).toString(),
  });

const expectOAuthError = async (response: Response, status: number, error: string) => {
  expect(response.status).toBe(status);
  expect(response.headers.get('content-type')).toMatch(/^application\/json/);
  expect(response.headers.get('cache-control')).toBe('no-store');
  expect(await response.json()).toEqual({ error, error_description: expect.any(String) });
};

describe('the client-credentials grant at the local token endpoint', () => {
  it('issues an access token with the claims Cognito puts in one: no aud, no custom attributes, sub = client_id', async () => {
    const { clientId, clientSecret } = await register({ role: 'manager', name: 'ERP sync' });
    const response = await requestToken({ grant_type: 'client_credentials' }, { authorization: basic(clientId, clientSecret) });
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const body = (await response.json()) as { access_token: string; expires_in: number; token_type: string };
    expect(body).toEqual({ access_token: expect.any(String), expires_in: 3600, token_type: 'Bearer' });
    const claims = decodeJwt(body.access_token);
    expect(Object.keys(claims).sort()).toEqual(['auth_time', 'client_id', 'exp', 'iat', 'iss', 'jti', 'scope', 'sub', 'token_use', 'version']);
    expect(claims).toMatchObject({ sub: clientId, client_id: clientId, token_use: 'access', scope: 'cronaca/role.manager', version: 2 });
    expect(claims.exp! - claims.iat!).toBe(3600);
    expect(decodeProtectedHeader(body.access_token)).toMatchObject({ alg: 'RS256', kid: expect.any(String) });
  });

  it('takes the credentials in the body too (client_secret_post) and the client’s own scope when asked', async () => {
    const { clientId, clientSecret } = await register({ role: 'standard', name: 'Post' });
    const response = await requestToken({ grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret, scope: 'cronaca/role.standard' });
    expect(response.status).toBe(200);
    expect(decodeJwt(((await response.json()) as { access_token: string }).access_token).scope).toBe('cronaca/role.standard');
  });

  it('answers a wrong secret, an unknown client or no credentials with 401 invalid_client (RFC 6749 §5.2)', async () => {
    const { clientId } = await register({ role: 'admin', name: 'Wrong' });
    const wrong = await requestToken({ grant_type: 'client_credentials' }, { authorization: basic(clientId, 'not-the-secret') });
    expect(wrong.headers.get('www-authenticate')).toMatch(/^Basic/);
    await expectOAuthError(wrong, 401, 'invalid_client');
    await expectOAuthError(await requestToken({ grant_type: 'client_credentials' }, { authorization: basic('nobody', 'x') }), 401, 'invalid_client');
    await expectOAuthError(await requestToken({ grant_type: 'client_credentials' }), 401, 'invalid_client');
    await expectOAuthError(await requestToken({ grant_type: 'client_credentials' }, { authorization: 'Basic !!!' }), 401, 'invalid_client');
  });

  it('refuses another grant, a scope beyond the client’s role and a request that is not a form (400)', async () => {
    const { clientId, clientSecret } = await register({ role: 'manager', name: 'Greedy' });
    const auth = { authorization: basic(clientId, clientSecret) };
    await expectOAuthError(await requestToken({ grant_type: 'password', username: 'a', password: 'b' }, auth), 400, 'unsupported_grant_type');
    await expectOAuthError(await requestToken({ grant_type: 'client_credentials', scope: 'cronaca/role.admin' }, auth), 400, 'invalid_scope');
    await expectOAuthError(await requestToken({}, auth), 400, 'invalid_request');
    const json = await fetch(`${stack.url}/oauth2/token`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: '{"grant_type":"client_credentials"}' });
    await expectOAuthError(json, 400, 'invalid_request');
  });
});

describe('the gateway', () => {
  it('refuses at the gateway an access token of a client the authorizer does not list as an audience', async () => {
    const stray = await stack.identity.issueAccessToken({ clientId: 'unlisted-client', scopes: ['cronaca/role.admin'] });
    const refused = await api.get('/v1/tickets', stray);
    expect(refused.status).toBe(401);
    expect(refused.headers.get('www-authenticate')).toMatch(/invalid_token/);
  });

  it('still takes users’ ID tokens as before', async () => {
    const olga = await stack.token('olga', { tenant, role: 'standard', groups: [] });
    expect((await api.get('/v1/tickets', olga)).status).toBe(200);
  });
});
