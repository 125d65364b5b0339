import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { maxApiClientsPerTenant } from '../../domain/integrations/api-client.ts';
import { dependenciesFromEnv } from '../../functions/shared/dependencies.ts';
import { uniqueTenant } from '../support/dynamo.ts';
import { apiClient, expectProblem } from '../support/http-client.ts';
import { startLocalStack, type LocalStack } from '../support/local-stack.ts';
import { registerUser } from '../support/people.ts';

/**
 * API clients end to end on the local stack (docs/api-clients.md): an admin creates one
 * (POST /v1/api-clients: the secret once), the integration gets a token from the local token endpoint
 * by the client-credentials grant, calls the API with its role, is named `client:<id>` in history,
 * and is refused at once when revoked. The grant it is checked against is the real one: the private
 * item the creation committed to DynamoDB Local.
 */

let stack: LocalStack;
let api: ReturnType<typeof apiClient>;
beforeAll(async () => {
  stack = await startLocalStack({ rebuilds: false, reports: false });
  api = apiClient(stack.url);
});
afterAll(async () => stack?.stop());

const basic = (id: string, secret: string) => `Basic ${Buffer.from(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`).toString('base64')}`;
const form = { 'content-type': 'application/x-www-form-urlencoded' };

const tokenByBasic = async (clientId: string, secret: string): Promise<Response> =>
  fetch(`${stack.url}/oauth2/token`, { method: 'POST', headers: { ...form, authorization: basic(clientId, secret) }, body: 'grant_type=client_credentials' });
const tokenByForm = async (clientId: string, secret: string): Promise<Response> =>
  fetch(`${stack.url}/oauth2/token`, {
    method: 'POST',
    headers: form,
    body: new URLSearchParams({ grant_type: 'client_credentials', client_id: clientId, client_secret: secret }).toString(),
  });
const accessToken = async (response: Response): Promise<string> => {
  expect(response.status).toBe(200);
  return ((await response.json()) as { access_token: string }).access_token;
};

const adminOf = async (tenant: string) => stack.token('ada', { tenant, role: 'admin', groups: [] });

describe('POST /v1/api-clients', () => {
  it('creates a client for an admin: 201 with its secret once and the token URL; the list shows it at once, without the secret', async () => {
    const tenant = uniqueTenant('apic-new');
    const admin = await adminOf(tenant);
    const created = await api.post('/v1/api-clients', admin, { name: '  ERP sync ', role: 'manager' });
    expect(created.status, created.text).toBe(201);
    expect(created.headers.get('cache-control')).toBe('no-store');
    expect(created.body).toEqual({
      id: expect.stringMatching(/^[a-z0-9]{26}$/),
      name: 'ERP sync',
      role: 'manager',
      clientId: created.body.id,
      scopes: ['cronaca/role.manager'],
      createdAt: expect.any(String),
      clientSecret: expect.any(String),
      tokenUrl: `${stack.url}/oauth2/token`,
    });
    expect(created.headers.get('location')).toBe(`/v1/api-clients/${created.body.id}`);

    const later = await api.post('/v1/api-clients', admin, { name: 'Later', role: 'restricted' });
    const listed = await api.get('/v1/api-clients', admin);
    expect(listed.status, listed.text).toBe(200);
    expect(listed.body.items.map((item: { id: string }) => item.id)).toEqual([later.body.id, created.body.id]);
    expect(listed.text).not.toContain(created.body.clientSecret);
    expect(Object.keys(listed.body.items[1]).sort()).toEqual(['clientId', 'createdAt', 'id', 'name', 'role', 'scopes']);
  });

  it('is for admins only: 403 for a manager, on every route', async () => {
    const tenant = uniqueTenant('apic-403');
    const created = await api.post('/v1/api-clients', await adminOf(tenant), { name: 'Mine', role: 'standard' });
    const manager = await stack.token('mia', { tenant, role: 'manager', groups: [] });
    expectProblem(await api.post('/v1/api-clients', manager, { name: 'Sneaky', role: 'admin' }), 403);
    expectProblem(await api.get('/v1/api-clients', manager), 403);
    expectProblem(await api.call('DELETE', `/v1/api-clients/${created.body.id}`, { token: manager }), 403);
  });

  it('refuses a bad name or role with a problem naming the field (422/400), never 5xx', async () => {
    const admin = await adminOf(uniqueTenant('apic-bad'));
    for (const [body, field] of [
      [{ name: '   ', role: 'standard' }, 'body.name'],
      [{ name: 'x'.repeat(101), role: 'standard' }, 'body.name'],
      [{ name: 'X', role: 'owner' }, 'body.role'],
      [{ role: 'standard' }, 'body.name'],
    ] as const) {
      const refused = await api.post('/v1/api-clients', admin, body);
      expect([400, 422], refused.text).toContain(refused.status);
      expect(JSON.stringify(refused.body.errors ?? refused.body.issues ?? refused.body)).toContain(field);
    }
  });

  it(`keeps a tenant at ${maxApiClientsPerTenant} live clients (409), room again after a revocation`, async () => {
    const admin = await adminOf(uniqueTenant('apic-max'));
    const ids: string[] = [];
    for (let i = 0; i < maxApiClientsPerTenant; i += 1) ids.push((await api.post('/v1/api-clients', admin, { name: `C${i}`, role: 'restricted' })).body.id);
    expectProblem(await api.post('/v1/api-clients', admin, { name: 'One too many', role: 'restricted' }), 409);
    expect((await api.call('DELETE', `/v1/api-clients/${ids[0]}`, { token: admin })).status).toBe(204);
    expect((await api.post('/v1/api-clients', admin, { name: 'Now fits', role: 'restricted' })).status).toBe(201);
  });
});

describe('a client at work', () => {
  it('gets tokens by Basic auth and by form body, acts in its tenant with its role, and history names client:<id>', async () => {
    const tenant = uniqueTenant('apic-work');
    const admin = await adminOf(tenant);
    await registerUser(tenant, 'tom');
    const created = await api.post('/v1/api-clients', admin, { name: 'Helpdesk bridge', role: 'manager' });
    const { clientId, clientSecret } = created.body;
    const token = await accessToken(await tokenByBasic(clientId, clientSecret));
    expect(decodeJwt(await accessToken(await tokenByForm(clientId, clientSecret)))).toMatchObject({ sub: clientId, client_id: clientId, token_use: 'access', scope: 'cronaca/role.manager' });

    const company = await api.post('/v1/companies', token, { legalName: 'Integrata Srl' });
    expect(company.status, company.text).toBe(201);
    const history = await api.get(`/v1/companies/${company.body.id}/history`, admin);
    expect(history.status, history.text).toBe(200);
    expect(history.body.items[0]).toMatchObject({ version: 1, actor: `client:${clientId}` });
    // A manager client is no admin.
    expectProblem(await api.get('/v1/api-clients', token), 403);
  });

  it('a restricted client sees only what a restricted user sees', async () => {
    const tenant = uniqueTenant('apic-rst');
    const admin = await adminOf(tenant);
    await registerUser(tenant, 'tom');
    const toms = await api.post('/v1/companies', admin, { legalName: 'Di Tom Srl', responsibleUserId: 'tom' });
    const nobodys = await api.post('/v1/companies', admin, { legalName: 'Di nessuno Srl', responsibleUserId: null });
    expect([toms.status, nobodys.status], toms.text + nobodys.text).toEqual([201, 201]);
    const created = await api.post('/v1/api-clients', admin, { name: 'Narrow', role: 'restricted' });
    const client = await accessToken(await tokenByBasic(created.body.clientId, created.body.clientSecret));
    const rita = await stack.token('rita', { tenant, role: 'restricted', groups: [] });
    for (const token of [client, rita]) {
      expectProblem(await api.get(`/v1/companies/${toms.body.id}`, token), 404);
      expect((await api.get(`/v1/companies/${nobodys.body.id}`, token)).status).toBe(200);
    }
  });

  it('revoked: the token it holds is refused at once (401), no new token, not listed; revoking again is 204', async () => {
    const tenant = uniqueTenant('apic-rev');
    const admin = await adminOf(tenant);
    const created = await api.post('/v1/api-clients', admin, { name: 'To revoke', role: 'admin' });
    const { clientId, clientSecret } = created.body;
    const token = await accessToken(await tokenByBasic(clientId, clientSecret));
    expect((await api.get('/v1/api-clients', token)).status).toBe(200);

    const revoked = await api.call('DELETE', `/v1/api-clients/${clientId}`, { token: admin });
    expect(revoked.status, revoked.text).toBe(204);
    const refused = await api.get('/v1/api-clients', token);
    expectProblem(refused, 401);
    expect(refused.body.detail).toMatch(/revoked/);
    expect((await tokenByBasic(clientId, clientSecret)).status).toBe(401);
    expect((await api.get('/v1/api-clients', admin)).body.items).toEqual([]);
    expect((await api.call('DELETE', `/v1/api-clients/${clientId}`, { token: admin })).status).toBe(204);

    const grant = await dependenciesFromEnv().apiClients!.find(clientId);
    expect(grant).toEqual({ clientId, tenant, role: 'admin', revoked: true });
  });

  it("another tenant's client is not found (404) and stays usable", async () => {
    const owner = await adminOf(uniqueTenant('apic-own'));
    const other = await adminOf(uniqueTenant('apic-oth'));
    const created = await api.post('/v1/api-clients', owner, { name: 'Theirs', role: 'standard' });
    expectProblem(await api.call('DELETE', `/v1/api-clients/${created.body.id}`, { token: other }), 404);
    expectProblem(await api.call('DELETE', '/v1/api-clients/nosuchclient', { token: other }), 404);
    expect((await api.get('/v1/api-clients', other)).body.items).toEqual([]);
    const token = await accessToken(await tokenByBasic(created.body.clientId, created.body.clientSecret));
    expect((await api.get('/v1/companies', token)).status).toBe(200);
  });
});
