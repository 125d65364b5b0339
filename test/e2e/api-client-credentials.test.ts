import { decodeJwt, decodeProtectedHeader } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpFunction } from '../../functions/http/http-function.ts';
import { supportOperations } from '../../functions/http/support.ts';
import { dependenciesFromEnv } from '../../functions/shared/dependencies.ts';
import { LocalApiClientRegistry, memoryApiClientStore } from '../../local/api-client-registry.ts';
import type { HttpHandler } from '../../local/http-server.ts';
import { startLocalStack } from '../support/local-stack.ts';
import { apiClient, expectProblem } from '../support/http-client.ts';
import { uniqueTenant } from '../support/dynamo.ts';

/**
 * An integration's way in: it obtains an access token from the (local) user pool's token endpoint by
 * the client-credentials grant and calls the API with it; what it does is attributed to the client
 * (`client:<id>`) in history; once revoked it gets no token and its tokens are refused.
 */

const registry = new LocalApiClientRegistry(memoryApiClientStore());
type Stack = Awaited<ReturnType<typeof startLocalStack>>;
let stack: Stack;
let api: ReturnType<typeof apiClient>;
const tenant = uniqueTenant('apicl');
let companyId: string;

beforeAll(async () => {
  stack = await startLocalStack({
    apiClients: registry,
    // The real support function; its grants come from the local registry (the api-clients store is not built yet).
    handlers: { supportApi: httpFunction('supportApi', supportOperations(dependenciesFromEnv), { apiClients: () => registry }) as unknown as HttpHandler },
  });
  api = apiClient(stack.url);
  const admin = await stack.token('ada', { tenant, role: 'admin', groups: [] });
  const company = await api.post('/v1/companies', admin, { legalName: 'Integrata Srl' });
  expect(company.status, company.text).toBe(201);
  companyId = company.body.id;
});
afterAll(async () => stack?.stop());

const basic = (id: string, secret: string) => `Basic ${Buffer.from(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`).toString('base64')}`;

const requestToken = (form: Record<string, string>, headers: Record<string, string> = {}) =>
  fetch(`${stack.url}/oauth2/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(form).toString(),
  });

const tokenFor = async (clientId: string, secret: string): Promise<string> => {
  const response = await requestToken({ grant_type: 'client_credentials' }, { authorization: basic(clientId, secret) });
  expect(response.status).toBe(200);
  return ((await response.json()) as { access_token: string }).access_token;
};

const expectOAuthError = async (response: Response, status: number, error: string) => {
  expect(response.status).toBe(status);
  expect(response.headers.get('content-type')).toMatch(/^application\/json/);
  expect(response.headers.get('cache-control')).toBe('no-store');
  expect(await response.json()).toEqual({ error, error_description: expect.any(String) });
};

describe('the client-credentials grant at the local token endpoint', () => {
  it('issues an access token with the claims Cognito puts in one: no aud, no custom attributes, sub = client_id', async () => {
    const { clientId, clientSecret } = registry.register({ tenant, role: 'manager', name: 'ERP sync' });
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
    const { clientId, clientSecret } = registry.register({ tenant, role: 'standard', name: 'Post' });
    const response = await requestToken({ grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret, scope: 'cronaca/role.standard' });
    expect(response.status).toBe(200);
    expect(decodeJwt(((await response.json()) as { access_token: string }).access_token).scope).toBe('cronaca/role.standard');
  });

  it('answers a wrong secret, an unknown client or no credentials with 401 invalid_client (RFC 6749 §5.2)', async () => {
    const { clientId } = registry.register({ tenant, role: 'admin', name: 'Wrong' });
    const wrong = await requestToken({ grant_type: 'client_credentials' }, { authorization: basic(clientId, 'not-the-secret') });
    expect(wrong.headers.get('www-authenticate')).toMatch(/^Basic/);
    await expectOAuthError(wrong, 401, 'invalid_client');
    await expectOAuthError(await requestToken({ grant_type: 'client_credentials' }, { authorization: basic('nobody', 'x') }), 401, 'invalid_client');
    await expectOAuthError(await requestToken({ grant_type: 'client_credentials' }), 401, 'invalid_client');
    await expectOAuthError(await requestToken({ grant_type: 'client_credentials' }, { authorization: 'Basic !!!' }), 401, 'invalid_client');
  });

  it('refuses another grant, a scope beyond the client’s role and a request that is not a form (400)', async () => {
    const { clientId, clientSecret } = registry.register({ tenant, role: 'manager', name: 'Greedy' });
    const auth = { authorization: basic(clientId, clientSecret) };
    await expectOAuthError(await requestToken({ grant_type: 'password', username: 'a', password: 'b' }, auth), 400, 'unsupported_grant_type');
    await expectOAuthError(await requestToken({ grant_type: 'client_credentials', scope: 'cronaca/role.admin' }, auth), 400, 'invalid_scope');
    await expectOAuthError(await requestToken({}, auth), 400, 'invalid_request');
    const json = await fetch(`${stack.url}/oauth2/token`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: '{"grant_type":"client_credentials"}' });
    await expectOAuthError(json, 400, 'invalid_request');
  });
});

describe('the API called with a client’s access token', () => {
  it('acts as the client in its tenant with its role, and history attributes the action to client:<id>', async () => {
    const { clientId, clientSecret } = registry.register({ tenant, role: 'manager', name: 'Helpdesk bridge' });
    const token = await tokenFor(clientId, clientSecret);
    const opened = await api.post('/v1/tickets', token, { companyId, subject: 'Dal sistema esterno' });
    expect(opened.status, opened.text).toBe(201);
    const history = await api.get(`/v1/tickets/${opened.body.id}/history`, token);
    expect(history.status, history.text).toBe(200);
    expect(history.body.items[0]).toMatchObject({ version: 1, actor: `client:${clientId}` });
    const listed = await api.get('/v1/tickets', token);
    expect(listed.status, listed.text).toBe(200);
  });

  it('is refused (401) once the client is revoked: the token it holds and any new one', async () => {
    const { clientId, clientSecret } = registry.register({ tenant, role: 'admin', name: 'To revoke' });
    const token = await tokenFor(clientId, clientSecret);
    expect((await api.get('/v1/tickets', token)).status).toBe(200);
    expect(registry.revoke(clientId)).toBe(true);
    const refused = await api.get('/v1/tickets', token);
    expect(refused.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expectProblem(refused, 401);
    expect(refused.body.detail).toMatch(/revoked/);
    await expectOAuthError(await requestToken({ grant_type: 'client_credentials' }, { authorization: basic(clientId, clientSecret) }), 401, 'invalid_client');
  });

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
