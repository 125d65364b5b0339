import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uniqueTenant } from '../support/dynamo.ts';
import { apiClient, eventually, expectProblem, type ApiResponse } from '../support/http-client.ts';
import { startLocalStack, type LocalStack } from '../support/local-stack.ts';

/**
 * Issue 11, item 2 and 9: ids, cursors and JSON shapes are validated at the edge (a 4xx naming the
 * field, never a 500), and every 400/422 names its field as `<location>.<field path>`.
 */

let stack: LocalStack;
let api: ReturnType<typeof apiClient>;
const tenant = uniqueTenant('edge');
let admin: string;

beforeAll(async () => {
  stack = await startLocalStack();
  api = apiClient(stack.url);
  admin = await stack.token('ada', { tenant, role: 'admin', groups: [] });
});
afterAll(async () => stack?.stop());

const created = async (path: string, body: Record<string, unknown>): Promise<{ id: string }> => {
  const response = await api.post(path, admin, body);
  expect(response.status, response.text).toBe(201);
  return response.body;
};

/** A 400 whose errors name a field at `path` or inside it. */
const expectBadField = (response: ApiResponse, path: string) => {
  expectProblem(response, 400);
  const paths = (response.body.errors as { path: string }[]).map((error) => error.path);
  expect(paths.some((given) => given === path || given.startsWith(`${path}.`)), `${path} in ${paths.join(', ')}`).toBe(true);
};

describe('ids with a # (a DynamoDB key separator)', () => {
  it.each([
    '/v1/companies/a%23b',
    '/v1/companies/a%23b/history',
    '/v1/companies/a%23b/timeline',
    '/v1/contacts/a%23b',
    '/v1/leads/a%23b',
    '/v1/tickets/a%23b',
    '/v1/activities/a%23b',
    '/v1/opportunities/a%23b',
    '/v1/users/a%23b',
    '/v1/groups/a%23b',
    '/v1/imports/a%23b',
    '/v1/exports/a%23b',
  ])('GET %s is a 400 naming path.id', async (path) => {
    expectProblem(await api.get(path, admin), 400, 'path.id');
  });

  it('are refused where a body refers to a record (400 naming the field)', async () => {
    const hash = 'a#b';
    expectBadField(await api.post('/v1/contacts', admin, { firstName: 'Ada', companyId: hash }), 'body.companyId');
    expectBadField(await api.post('/v1/leads/some-lead/convert', admin, { companyId: hash }), 'body.companyId');
    expectBadField(await api.post('/v1/companies/bulk', admin, { ids: [hash], action: { type: 'addTag', tag: 'x' } }), 'body.ids.0');
    expectBadField(await api.post('/v1/contacts/bulk', admin, { ids: [hash], action: { type: 'addTag', tag: 'x' } }), 'body.ids.0');
    expectBadField(await api.post('/v1/leads/bulk', admin, { ids: [hash], action: { type: 'addTag', tag: 'x' } }), 'body.ids.0');
    expectBadField(await api.post('/v1/groups', admin, { name: 'Team', members: [hash] }), 'body.members.0');
    const call = { type: 'call', subject: 'Call', dueOn: '2027-03-01' };
    expectBadField(await api.post('/v1/activities', admin, { ...call, parentId: hash }), 'body.parentId');
    expectBadField(await api.post('/v1/activities', admin, { ...call, related: { kind: 'company', id: hash } }), 'body.related.id');
    expectBadField(await api.post('/v1/activities', admin, { ...call, assignee: { userId: hash } }), 'body.assignee');
    expectBadField(await api.post('/v1/activities/some-activity/complete', admin, { next: { parentId: hash } }), 'body.next.parentId');
    expectBadField(await api.post('/v1/tickets', admin, { companyId: 'some-company', subject: 'Help', assignee: { userId: hash } }), 'body.assignee');
    expectBadField(await api.get('/v1/tickets?company=a%23b', admin), 'query.company');
    expectBadField(await api.get('/v1/calendar?users=ada,a%23b', admin), 'query.users');
  });
});

/** Decodes a cursor, edits its key, encodes it again. */
const edited = (cursor: string, edit: (key: Record<string, unknown>) => void): string => {
  const key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as Record<string, unknown>;
  edit(key);
  return Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');
};

const firstCursor = (list: string): Promise<string> =>
  eventually(async () => {
    const response = await api.get(`${list}${list.includes('?') ? '&' : '?'}limit=1`, admin);
    expect(response.status, response.text).toBe(200);
    expect(response.body.nextCursor).toEqual(expect.any(String));
    return response.body.nextCursor as string;
  }, 45_000);

describe('edited list cursors', () => {
  beforeAll(async () => {
    for (const name of ['Alfa', 'Beta']) {
      const company = await created('/v1/companies', { legalName: `${name} S.r.l.` });
      await created('/v1/contacts', { firstName: name, lastName: 'Rossi' });
      await created('/v1/leads', { companyName: `${name} Lead` });
      await created('/v1/tickets', { companyId: company.id, subject: `Help ${name}` });
      await created('/v1/users', { name: `${name} User`, email: `${name.toLowerCase()}@edge.example.com`, timezone: 'Europe/Rome', locale: 'it', role: 'standard' });
      await created('/v1/groups', { name: `${name} Group` });
    }
  });

  it.each(['/v1/companies', '/v1/companies?sort=updated', '/v1/contacts', '/v1/leads?sort=updated', '/v1/tickets', '/v1/users', '/v1/groups'])(
    '%s: a cursor with the right partition but missing, extra or mistyped keys is a 400 naming query.cursor',
    async (list) => {
      const cursor = await firstCursor(list);
      const page = (given: string) => api.get(`${list}${list.includes('?') ? '&' : '?'}limit=1&cursor=${given}`, admin);
      expect((await page(cursor)).status).toBe(200);
      const keys = Object.keys(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as object);
      const partition = keys.find((key) => /^gsi\dpk$/.test(key))!;
      for (const key of keys.filter((name) => name !== partition)) {
        expectProblem(await page(edited(cursor, (k) => delete k[key])), 400, 'query.cursor');
        expectProblem(await page(edited(cursor, (k) => (k[key] = 7))), 400, 'query.cursor');
        expectProblem(await page(edited(cursor, (k) => (k[key] = ''))), 400, 'query.cursor');
        // DynamoDB takes at most 1024 bytes of a sort key (a partition key takes 2048, more than a cursor carries).
        if (key.endsWith('sk')) expectProblem(await page(edited(cursor, (k) => (k[key] = 'x'.repeat(1100)))), 400, 'query.cursor');
      }
      expectProblem(await page(edited(cursor, (k) => (k['extra'] = 'x'))), 400, 'query.cursor');
      expectProblem(await page('bm90IGpzb24'), 400, 'query.cursor');
    },
  );

  it('a timeline cursor whose sort key is longer than DynamoDB takes is a 400', async () => {
    const company = await created('/v1/companies', { legalName: 'Timeline S.r.l.' });
    const before = `2026-01-01T${'0'.repeat(1100)}#a#b#0000000001`;
    const cursor = Buffer.from(JSON.stringify({ before }), 'utf8').toString('base64url');
    expectProblem(await api.get(`/v1/companies/${company.id}/timeline?cursor=${cursor}`, admin), 400, 'query.cursor');
  });
});

const nested = (depth: number): unknown => {
  let value: unknown = 1;
  for (let level = 0; level < depth; level += 1) value = [value];
  return value;
};

describe('deeply nested JSON', () => {
  it('a custom-field value nested 3,000 deep (6 KB) is a 400 naming body, not a stack overflow', async () => {
    const response = await api.post('/v1/companies', admin, { legalName: 'Deep S.r.l.', customFields: { notes: nested(3000) } });
    expectProblem(response, 400, 'body');
  });

  it('a custom-field value is at most a list: deeper is a 400 naming it; a wrong shape one level deep is still the domain’s 422', async () => {
    expectProblem(await api.post('/v1/companies', admin, { legalName: 'Deep S.r.l.', customFields: { notes: nested(3) } }), 400, 'body.customFields.notes');
    expectProblem(await api.post('/v1/companies', admin, { legalName: 'Deep S.r.l.', customFields: { notes: nested(2) } }), 422, 'body.customFields.notes');
  });
});

describe('validation paths: <location>.<field path> for 400 and 422 alike', () => {
  it('names the domain’s refusals in the body', async () => {
    const meeting = { type: 'meeting', subject: 'Meeting', start: '2027-03-01T10:00:00Z', end: '2027-03-01T09:00:00Z' };
    const refused = await api.post('/v1/activities', admin, meeting);
    expectProblem(refused, 422, 'body.end');
    expect(refused.body.detail).toBe('body.end: must not be before start');
    expectProblem(await api.post('/v1/activities', admin, { ...meeting, type: 'party', end: '2027-03-01T11:00:00Z' }), 422, 'body.type');
  });

  it('names the Idempotency-Key header when the key was used with another body', async () => {
    const key = { 'idempotency-key': `edge-${tenant}` };
    expect((await api.post('/v1/companies', admin, { legalName: 'Once S.r.l.' }, key)).status).toBe(201);
    expectProblem(await api.post('/v1/companies', admin, { legalName: 'Other S.r.l.' }, key), 422, 'header.idempotency-key');
  });

  it('names query values the handler refuses in the query', async () => {
    expectProblem(await api.get('/v1/calendar?users=ghost', admin), 422, 'query.users');
    expectProblem(await api.get('/v1/companies?limit=0', admin), 400, 'query.limit');
  });
});

describe('time zones', () => {
  it('keeps Asia/Kolkata as given (not Asia/Calcutta), in the profile and in what the user reads', async () => {
    const user = await created('/v1/users', { name: 'Priya', email: 'priya@edge.example.com', timezone: 'Asia/Kolkata', locale: 'en', role: 'standard' });
    expect(user).toMatchObject({ timezone: 'Asia/Kolkata' });
    expect((await api.get(`/v1/users/${user.id}`, admin)).body).toMatchObject({ timezone: 'Asia/Kolkata' });
    const priya = await stack.token(user.id, { tenant, role: 'standard', groups: [] });
    await eventually(async () => expect((await api.get('/v1/todo', priya)).body).toMatchObject({ timezone: 'Asia/Kolkata' }), 45_000);
  });
});
