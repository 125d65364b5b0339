import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomIds, systemClock } from '../../adapters/clock.ts';
import { LocalUserDirectory } from '../../adapters/identity/local-user-directory.ts';
import { OutboxMailer } from '../../adapters/mail/outbox-mailer.ts';
import { createAdminHandler } from '../../functions/http/admin.ts';
import { dependenciesFromEnv } from '../../functions/shared/dependencies.ts';
import type { HttpHandler } from '../../local/http-server.ts';
import { uniqueTenant } from '../support/dynamo.ts';
import { apiClient, expectProblem } from '../support/http-client.ts';
import { startLocalStack, type LocalStack } from '../support/local-stack.ts';

/**
 * Users and their sign-in identity (the local directory standing in for Cognito, its invitations in an
 * outbox folder): POST /v1/users creates the identity first and records the user under its id; a
 * deactivated user's very next request is refused, and the role of record applies to the next request
 * whatever the token says.
 */
let stack: LocalStack;
let api: ReturnType<typeof apiClient>;
let admin: string;
const outbox = mkdtempSync(join(tmpdir(), 'cronaca-invitations-'));
const directory = new LocalUserDirectory(randomIds, () => new OutboxMailer({ directory: outbox, from: { name: 'Cronaca', address: 'no-reply@cronaca.local' }, now: systemClock }));
const tenant = uniqueTenant('identity');

beforeAll(async () => {
  const adminApi = createAdminHandler(() => ({ ...dependenciesFromEnv(), userDirectory: directory })) as unknown as HttpHandler;
  stack = await startLocalStack({ handlers: { adminApi }, rebuilds: false, reports: false, webhooks: false });
  api = apiClient(stack.url);
  admin = await stack.token('ada', { tenant, role: 'admin', groups: [] });
});

afterAll(async () => {
  await stack?.stop();
  rmSync(outbox, { recursive: true, force: true });
});

let emails = 0;
const newUser = (overrides: Record<string, unknown> = {}) => ({
  name: 'Olga Nowak',
  email: `olga.${(emails += 1)}@acme.pl`,
  timezone: 'Europe/Warsaw',
  locale: 'pl',
  role: 'standard',
  ...overrides,
});

const patch = (path: string, token: string, body: unknown) => api.call('PATCH', path, { token, body });

describe('a user’s sign-in identity', () => {
  it('is created with the user: same id, tenant and role, and an invitation to the address', async () => {
    const body = newUser({ email: 'Marta@ACME.pl', name: 'Marta Kowalska' });
    const created = await api.post('/v1/users', admin, body);
    expect(created.status, created.text).toBe(201);
    expect(directory.byEmail('marta@acme.pl')).toMatchObject({ userId: created.body.id, tenant, role: 'standard', enabled: true });
    const invitation = readdirSync(outbox).find((name) => name === `invitation-${created.body.id}.eml`);
    expect(invitation).toBeDefined();
    const eml = readFileSync(join(outbox, invitation!), 'utf8');
    expect(eml).toMatch(/^To: .*marta@acme\.pl/m);
    expect(eml).toMatch(/^Subject: Your Cronaca account/m);
    const text = Buffer.from(/base64\r?\n\r?\n([\s\S]*?)\r?\n--/.exec(eml)![1]!.replace(/\s/g, ''), 'base64').toString('utf8');
    expect(text).toContain(`workspace "${tenant}" as standard`);
  });

  it('applies deactivation to the user’s next request, reactivation and role changes too, whatever the token says', async () => {
    const { body: user } = await api.post('/v1/users', admin, newUser());
    // The token claims admin; the log says standard: standard it is (a standard user cannot register users).
    const token = await stack.token(user.id, { tenant, role: 'admin', groups: [] });
    expectProblem(await api.post('/v1/users', token, newUser()), 403);

    expect((await patch(`/v1/users/${user.id}`, admin, { role: 'admin' })).status).toBe(200);
    expect(directory.byId(user.id)).toMatchObject({ role: 'admin' });
    expect((await api.post('/v1/users', token, newUser())).status).toBe(201);

    expect((await patch(`/v1/users/${user.id}`, admin, { active: false })).status).toBe(200);
    expect(directory.byId(user.id)).toMatchObject({ enabled: false, signOuts: 1 });
    const refused = await api.get('/v1/users', token);
    expectProblem(refused, 401);
    expect(refused.body.detail).toContain('deactivated');

    expect((await patch(`/v1/users/${user.id}`, admin, { active: true })).status).toBe(200);
    expect(directory.byId(user.id)).toMatchObject({ enabled: true });
    expect((await api.get('/v1/users', token)).status).toBe(200);
  });

  it('keeps the claims of a token whose user is not on record (tokens minted for ids never registered)', async () => {
    const stranger = await stack.token('nobody-registered', { tenant, role: 'manager', groups: [] });
    expect((await api.get('/v1/users', stranger)).status).toBe(200);
  });

  it('answers 503 when the provider fails to create, records nothing, and the same request then succeeds', async () => {
    const body = newUser();
    directory.failNext('create');
    const failed = await api.post('/v1/users', admin, body, { 'idempotency-key': `k-${body.email}` });
    expectProblem(failed, 503);
    expect(failed.headers.get('retry-after')).toBe('5');
    expect(directory.byEmail(body.email)).toBeUndefined();
    const retried = await api.post('/v1/users', admin, body, { 'idempotency-key': `k-${body.email}` });
    expect(retried.status, retried.text).toBe(201);
    const replayed = await api.post('/v1/users', admin, body, { 'idempotency-key': `k-${body.email}` });
    expect(replayed.headers.get('idempotent-replayed')).toBe('true');
    expect(replayed.body).toEqual(retried.body);
  });

  it('records under the identity already created when a failure came between the provider and the log', async () => {
    const body = newUser();
    const { userId } = await directory.create({ tenant, email: body.email, name: body.name, role: 'standard' });
    const before = readdirSync(outbox).length;
    const created = await api.post('/v1/users', admin, body);
    expect(created.status, created.text).toBe(201);
    expect(created.body.id).toBe(userId);
    expect(readdirSync(outbox)).toHaveLength(before);
  });

  it('answers 503 when the provider fails to follow a change: the change is recorded, the same PATCH converges', async () => {
    const { body: user } = await api.post('/v1/users', admin, newUser());
    directory.failNext('follow');
    expectProblem(await patch(`/v1/users/${user.id}`, admin, { active: false }), 503);
    expect(directory.byId(user.id)).toMatchObject({ enabled: true });
    // The API refuses the user already: the log decides.
    expectProblem(await api.get('/v1/users', await stack.token(user.id, { tenant, role: 'standard', groups: [] })), 401);
    expect((await patch(`/v1/users/${user.id}`, admin, { active: false })).status).toBe(200);
    expect(directory.byId(user.id)).toMatchObject({ enabled: false });
  });
});
