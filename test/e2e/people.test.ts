import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ReadModelPeopleDirectory } from '../../adapters/people/read-model-people-directory.ts';
import { testDependencies, uniqueTenant } from '../support/dynamo.ts';
import { apiClient, eventually, expectProblem } from '../support/http-client.ts';
import { startLocalStack, type LocalStack } from '../support/local-stack.ts';
import { registerGroup, registerUser } from '../support/people.ts';

let stack: LocalStack;
let api: ReturnType<typeof apiClient>;
const tenant = uniqueTenant('people');
const tokens: Record<string, string> = {};

beforeAll(async () => {
  stack = await startLocalStack();
  api = apiClient(stack.url);
  tokens.admin = await stack.token('ada', { tenant, role: 'admin', groups: [] });
  tokens.manager = await stack.token('tom', { tenant, role: 'manager', groups: [] });
  tokens.standard = await stack.token('olga', { tenant, role: 'standard', groups: [] });
  tokens.restricted = await stack.token('rita', { tenant, role: 'restricted', groups: [] });
  tokens.stranger = await stack.token('ada', { tenant: uniqueTenant('other'), role: 'admin', groups: [] });
});

afterAll(async () => stack?.stop());

const patch = (path: string, token: string | undefined, body: unknown, headers?: Record<string, string>) =>
  api.call('PATCH', path, { ...(token ? { token } : {}), body, ...(headers ? { headers } : {}) });

let emails = 0;
const newUser = (overrides: Record<string, unknown> = {}) => ({
  name: 'Olga Nowak',
  email: `olga.${(emails += 1)}@acme.pl`,
  timezone: 'Europe/Warsaw',
  locale: 'pl',
  role: 'standard',
  ...overrides,
});

const register = async (overrides: Record<string, unknown> = {}) => {
  const response = await api.post('/v1/users', tokens.admin, newUser(overrides));
  expect(response.status, response.text).toBe(201);
  return response;
};

describe('users over HTTP', () => {
  it('registers, reads, changes and deactivates a user, with ETags and Location', async () => {
    const created = await register({ email: 'Marta.Kowalska@ACME.pl', name: 'Marta Kowalska', timezone: 'europe/warsaw' });
    const user = created.body;
    expect(created.headers.get('location')).toBe(`/v1/users/${user.id}`);
    expect(created.headers.get('etag')).toBe('"1"');
    expect(user).toMatchObject({ email: 'marta.kowalska@acme.pl', timezone: 'Europe/Warsaw', locale: 'pl', role: 'standard', active: true, version: 1 });

    // Any user of the tenant reads users (assignment pickers).
    const read = await api.get(`/v1/users/${user.id}`, tokens.restricted);
    expect(read.status, read.text).toBe(200);
    expect(read.body).toEqual(user);
    expect(read.headers.get('etag')).toBe('"1"');

    const changed = await patch(`/v1/users/${user.id}`, tokens.admin, { locale: 'en', role: 'manager', active: false }, { 'if-match': '"1"' });
    expect(changed.status, changed.text).toBe(200);
    expect(changed.body).toMatchObject({ locale: 'en', role: 'manager', active: false, version: 4 });
    expect(changed.headers.get('etag')).toBe('"4"');

    const stale = await patch(`/v1/users/${user.id}`, tokens.admin, { name: 'Marta K.' }, { 'if-match': '"1"' });
    expectProblem(stale, 412);
  });

  it('lists the tenant users by name for every role, page by page', async () => {
    const t = uniqueTenant('list');
    const admin = await stack.token('ada', { tenant: t, role: 'admin', groups: [] });
    const reader = await stack.token('rita', { tenant: t, role: 'restricted', groups: [] });
    for (const name of ['Zofia', 'Ádám', 'Bruno']) {
      const response = await api.post('/v1/users', admin, newUser({ name }));
      expect(response.status, response.text).toBe(201);
    }
    await eventually(async () => {
      const first = await api.get('/v1/users?limit=2', reader);
      expect(first.status, first.text).toBe(200);
      expect(first.body.items.map((u: { name: string }) => u.name)).toEqual(['Ádám', 'Bruno']);
      expect(first.body.nextCursor).toEqual(expect.any(String));
      const second = await api.get(`/v1/users?limit=2&cursor=${first.body.nextCursor}`, reader);
      expect(second.body.items.map((u: { name: string }) => u.name)).toEqual(['Zofia']);
      expect(second.body.nextCursor).toBeNull();
    });
    // A cursor from another tenant's list is refused.
    const mine = await api.get('/v1/users?limit=1', admin);
    const foreign = await api.get(`/v1/users?cursor=${mine.body.nextCursor}`, tokens.admin);
    expectProblem(foreign, 400, 'query.cursor');
  });

  it('lets only administrators write: 403 for managers, standard and restricted users', async () => {
    const { body: user } = await register();
    for (const token of [tokens.manager, tokens.standard, tokens.restricted]) {
      expectProblem(await api.post('/v1/users', token, newUser()), 403);
      expectProblem(await patch(`/v1/users/${user.id}`, token, { name: 'X' }), 403);
    }
  });

  it('answers 404 for a user of another tenant, to reads and writes', async () => {
    const { body: user } = await register();
    expectProblem(await api.get(`/v1/users/${user.id}`, tokens.stranger), 404);
    expectProblem(await patch(`/v1/users/${user.id}`, tokens.stranger, { name: 'Mine' }), 404);
    expectProblem(await api.get('/v1/users/nobody', tokens.admin), 404);
  });

  it('refuses a duplicate e-mail with 409 naming the owner, case-insensitively, in any tenant; frees it on change', async () => {
    const { body: first } = await register({ email: 'dup@acme.pl' });
    const duplicate = await api.post('/v1/users', tokens.admin, newUser({ email: 'DUP@acme.pl' }));
    expectProblem(duplicate, 409, 'user-email');
    expect(duplicate.body.detail).toContain(first.id);

    const { body: second } = await register({ email: 'other@acme.pl' });
    expectProblem(await patch(`/v1/users/${second.id}`, tokens.admin, { email: 'dup@acme.pl' }), 409, 'user-email');
    // Changing the first user's address releases the old one.
    expect((await patch(`/v1/users/${first.id}`, tokens.admin, { email: 'new@acme.pl' })).status).toBe(200);
    expect((await patch(`/v1/users/${second.id}`, tokens.admin, { email: 'dup@acme.pl' })).status).toBe(200);
    // One user pool signs in every tenant by e-mail: an address in use in another tenant is refused, naming the field.
    const elsewhere = await api.post('/v1/users', tokens.stranger, newUser({ email: 'dup@acme.pl' }));
    expectProblem(elsewhere, 409, 'body.email');
    // The released address is free everywhere.
    expect((await api.post('/v1/users', tokens.stranger, newUser({ email: 'new@acme.pl' }))).status).toBe(409);
    expect((await api.post('/v1/users', tokens.stranger, newUser({ email: 'other@acme.pl' }))).status).toBe(201);
  });

  it('lets exactly one of two concurrent registrations with the same e-mail win', async () => {
    const body = newUser({ email: 'race@acme.pl' });
    const results = await Promise.all([api.post('/v1/users', tokens.admin, body), api.post('/v1/users', tokens.admin, body)]);
    expect(results.map((r) => r.status).sort()).toEqual([201, 409]);
  });

  it('replays a registration sent again with the same Idempotency-Key', async () => {
    const body = newUser();
    const first = await api.post('/v1/users', tokens.admin, body, { 'idempotency-key': `k-${body.email}` });
    const again = await api.post('/v1/users', tokens.admin, body, { 'idempotency-key': `k-${body.email}` });
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.body).toEqual(first.body);
  });

  it.each([
    ['timezone', { timezone: 'Europe/Atlantis' }],
    ['locale', { locale: 'de' }],
    ['email', { email: 'not-an-address' }],
    ['name', { name: ' ' }],
  ])('refuses a bad %s with 422 naming the field', async (field, overrides) => {
    expectProblem(await api.post('/v1/users', tokens.admin, newUser(overrides)), 422, `body.${field}`);
  });

  it('refuses malformed input with 400 naming the field', async () => {
    expectProblem(await api.post('/v1/users', tokens.admin, newUser({ role: 'owner' })), 400, 'body.role');
    expectProblem(await api.post('/v1/users', tokens.admin, { ...newUser(), extra: 1 }), 400);
    const { body: user } = await register();
    expectProblem(await patch(`/v1/users/${user.id}`, tokens.admin, { name: 'X' }, { 'if-match': 'three' }), 400, 'header.if-match');
  });
});

describe('groups over HTTP', () => {
  it('creates a group of registered users, renames it and changes its members', async () => {
    const olga = (await register()).body;
    const tom = (await register({ name: 'Tom' })).body;
    const created = await api.post('/v1/groups', tokens.admin, { name: 'Support', members: [olga.id] });
    expect(created.status, created.text).toBe(201);
    const group = created.body;
    expect(created.headers.get('location')).toBe(`/v1/groups/${group.id}`);
    expect(group).toMatchObject({ name: 'Support', members: [olga.id], version: 1 });

    const read = await api.get(`/v1/groups/${group.id}`, tokens.standard);
    expect(read.body).toEqual(group);

    const changed = await patch(
      `/v1/groups/${group.id}`,
      tokens.admin,
      { name: 'Help desk', addMembers: [tom.id], removeMembers: [olga.id] },
      { 'if-match': '"1"' },
    );
    expect(changed.status, changed.text).toBe(200);
    expect(changed.body).toMatchObject({ name: 'Help desk', members: [tom.id], version: 3 });
    expectProblem(await patch(`/v1/groups/${group.id}`, tokens.admin, { name: 'Late' }, { 'if-match': '"1"' }), 412);

    await eventually(async () => {
      const list = await api.get('/v1/groups', tokens.restricted);
      expect(list.body.items).toContainEqual(expect.objectContaining({ id: group.id, name: 'Help desk', members: [tom.id], version: 3 }));
    });
  });

  it('refuses members that are not users of the tenant with 422', async () => {
    const response = await api.post('/v1/groups', tokens.admin, { name: 'Ghosts', members: ['ghost'] });
    expectProblem(response, 422, 'body.members');
    const { body: group } = await api.post('/v1/groups', tokens.admin, { name: 'Empty' });
    expectProblem(await patch(`/v1/groups/${group.id}`, tokens.admin, { addMembers: ['ghost'] }), 422, 'body.addMembers');
  });

  it('lets only administrators write, and hides other tenants’ groups', async () => {
    const { body: group } = await api.post('/v1/groups', tokens.admin, { name: 'Sales' });
    for (const token of [tokens.manager, tokens.standard, tokens.restricted]) {
      expectProblem(await api.post('/v1/groups', token, { name: 'Mine' }), 403);
      expectProblem(await patch(`/v1/groups/${group.id}`, token, { name: 'Mine' }), 403);
    }
    expectProblem(await api.get(`/v1/groups/${group.id}`, tokens.stranger), 404);
    expectProblem(await patch(`/v1/groups/${group.id}`, tokens.stranger, { name: 'Mine' }), 404);
  });
});

describe('PeopleDirectory over the people read model', () => {
  it('finds users with their groups, groups with their members, the tenant among tenants', async () => {
    const t = uniqueTenant('dir');
    expect(await registerUser(t, 'ada', { role: 'admin', timezone: 'Europe/Budapest', locale: 'hu', name: 'Ada' })).toBe('created');
    expect(await registerUser(t, 'ada')).toBe('existed');
    await registerUser(t, 'olga', { name: 'Olga' });
    await registerGroup(t, 'support', ['ada', 'olga'], 'Support');
    await registerGroup(t, 'sales', ['ada'], 'Sales');
    const directory = new ReadModelPeopleDirectory(testDependencies().readModels);

    await eventually(async () => {
      expect(await directory.user(t, 'ada')).toEqual({
        tenant: t,
        userId: 'ada',
        name: 'Ada',
        email: `ada@${t}.example.com`,
        timezone: 'Europe/Budapest',
        locale: 'hu',
        role: 'admin',
        groups: ['sales', 'support'],
        active: true,
      });
      expect(await directory.group(t, 'support')).toEqual({ tenant: t, groupId: 'support', name: 'Support', members: ['ada', 'olga'] });
      const users = await directory.users(t);
      expect(users.map((u) => [u.userId, [...u.groups].sort()])).toEqual([
        ['ada', ['sales', 'support']],
        ['olga', ['support']],
      ]);
      expect(await directory.tenants()).toContain(t);
    });
    expect(await directory.user(t, 'nobody')).toBeUndefined();
    expect(await directory.user(uniqueTenant('x'), 'ada')).toBeUndefined();
    expect(await directory.group(t, 'nobody')).toBeUndefined();
  });
});
