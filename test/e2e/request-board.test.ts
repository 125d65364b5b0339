import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalStack } from '../support/local-stack.ts';
import { apiClient, eventually, expectProblem } from '../support/http-client.ts';
import { uniqueTenant } from '../support/dynamo.ts';
import { registerUser } from '../support/people.ts';

type Stack = Awaited<ReturnType<typeof startLocalStack>>;

/**
 * The request board over HTTP (`GET /v1/requests`, `POST /v1/requests/{id}/status`): columns in the
 * order of the tenant's `request-statuses` catalogue — also after an administrator changes it —,
 * empty columns, counts, moves with `before`/`after`, refusals naming the field, the list with the
 * closed requests, restricted visibility and other tenants.
 */
let stack: Stack;
let api: ReturnType<typeof apiClient>;
const tenant = uniqueTenant('e2e-board');
const tokens: Record<string, string> = {};
let acme: string;
const ids: Record<string, string> = {};

interface Column {
  status: string;
  active: boolean;
  count: number;
  items: { id: string; version: number }[];
  nextCursor: string | null;
}

const name = (id: string) => Object.entries(ids).find(([, value]) => value === id)?.[0] ?? id;
const boardOf = async (token: string, query = '') => {
  const response = await api.get(`/v1/requests${query}`, token);
  expect(response.status, response.text).toBe(200);
  return (response.body.columns as Column[]).map((column) => ({ status: column.status, active: column.active, count: column.count, cards: column.items.map((item) => name(item.id)) }));
};
const move = (token: string, id: string, body: Record<string, unknown>, headers?: Record<string, string>) => api.post(`/v1/requests/${id}/status`, token, body, headers);

beforeAll(async () => {
  stack = await startLocalStack();
  api = apiClient(stack.url);
  tokens.admin = await stack.token('ada', { tenant, role: 'admin', groups: [] });
  tokens.olga = await stack.token('olga', { tenant, role: 'standard', groups: [] });
  tokens.rita = await stack.token('rita', { tenant, role: 'restricted', groups: [] });
  tokens.stranger = await stack.token('ada', { tenant: uniqueTenant('other'), role: 'admin', groups: [] });
  // Registered with the roles their tokens claim: the role of record is the one that applies (functions/http/auth.ts).
  await Promise.all([registerUser(tenant, 'olga'), registerUser(tenant, 'rita', { role: 'restricted' })]);
  const company = await api.post('/v1/companies', tokens.admin, { legalName: 'Acme' });
  expect(company.status, company.text).toBe(201);
  acme = company.body.id;
  for (const [key, responsibleId] of [['a', 'olga'], ['b', 'olga'], ['c', null]] as const) {
    const registered = await api.post('/v1/requests', tokens.olga, { companyId: acme, description: `Request ${key}`, requestType: 'commercial', responsibleId });
    expect(registered.status, registered.text).toBe(201);
    ids[key] = registered.body.id;
  }
});

afterAll(async () => stack?.stop());

describe('the request board over HTTP', () => {
  it('shows one column per status in catalogue order, empty ones included, with counts', async () => {
    await eventually(async () =>
      expect(await boardOf(tokens.olga!)).toEqual([
        { status: 'new', active: true, count: 3, cards: ['a', 'b', 'c'] },
        { status: 'in_progress', active: true, count: 0, cards: [] },
        { status: 'completed', active: true, count: 0, cards: [] },
      ]),
    );
    expect(await boardOf(tokens.stranger!)).toEqual([
      { status: 'new', active: true, count: 0, cards: [] },
      { status: 'in_progress', active: true, count: 0, cards: [] },
      { status: 'completed', active: true, count: 0, cards: [] },
    ]);
  });

  it('moves cards before and after others and to other columns; refuses naming the field', async () => {
    const moved = await move(tokens.olga!, ids.b!, { status: 'new', before: ids.a }, { 'if-match': '"1"' });
    expect(moved.status, moved.text).toBe(200);
    expect(moved.headers.get('etag')).toBe('"2"');
    expect(moved.body).toMatchObject({ id: ids.b, status: 'new', version: 2 });
    await eventually(async () => expect((await boardOf(tokens.olga!, '?status=new'))[0]!.cards).toEqual(['b', 'a', 'c']));

    expect((await move(tokens.olga!, ids.a!, { status: 'in_progress' })).status).toBe(200);
    expect((await move(tokens.olga!, ids.b!, { status: 'in_progress', after: ids.a })).status).toBe(200);
    await eventually(async () =>
      expect((await boardOf(tokens.olga!)).map((c) => [c.status, c.cards])).toEqual([
        ['new', ['c']],
        ['in_progress', ['a', 'b']],
        ['completed', []],
      ]),
    );

    expectProblem(await move(tokens.olga!, ids.c!, { status: 'in_progress' }), 409, 'body.responsibleId');
    expectProblem(await move(tokens.olga!, ids.a!, { status: 'in_progress', before: ids.c }), 422, 'body.before');
    expectProblem(await move(tokens.olga!, ids.a!, { status: 'in_progress', after: ids.a }), 422, 'body.after');
    expectProblem(await move(tokens.olga!, ids.a!, { status: 'nowhere' }), 422, 'body.status');
    expectProblem(await move(tokens.olga!, ids.a!, { status: 'new' }, { 'if-match': '"1"' }), 412);
    expectProblem(await move(tokens.stranger!, ids.a!, { status: 'new' }), 404);
  });

  it("follows the catalogue: a new order, a new status, a deactivated one shown last while it holds open requests", async () => {
    expect((await move(tokens.olga!, ids.b!, { status: 'completed' })).status).toBe(200);
    const put = await api.call('PUT', '/v1/settings/catalogs/request-statuses', {
      token: tokens.admin,
      body: { entries: [{ value: 'in_progress' }, { value: 'waiting' }, { value: 'new' }, { value: 'completed', active: false }] },
    });
    expect(put.status, put.text).toBe(200);
    await eventually(async () =>
      expect(await boardOf(tokens.olga!)).toEqual([
        { status: 'in_progress', active: true, count: 1, cards: ['a'] },
        { status: 'waiting', active: true, count: 0, cards: [] },
        { status: 'new', active: true, count: 1, cards: ['c'] },
        { status: 'completed', active: false, count: 1, cards: ['b'] },
      ]),
    );
    // No card moves into a deactivated status; the ones in it may still leave.
    expectProblem(await move(tokens.olga!, ids.a!, { status: 'completed' }), 422, 'body.status');
    expect((await move(tokens.olga!, ids.b!, { status: 'waiting' })).status).toBe(200);
    await eventually(async () => expect((await boardOf(tokens.olga!)).map((c) => [c.status, c.cards])).toEqual([
      ['in_progress', ['a']],
      ['waiting', ['b']],
      ['new', ['c']],
    ]));
  });

  it('lists every request with the closed ones; the board leaves them out; filters, cursors and restricted users', async () => {
    const closed = await api.post(`/v1/requests/${ids.a}/close`, tokens.olga, { outcome: 'done' });
    expect(closed.status, closed.text).toBe(200);
    await eventually(async () => expect((await boardOf(tokens.olga!)).find((c) => c.status === 'in_progress')).toMatchObject({ count: 0, cards: [] }));
    const list = await api.get('/v1/requests?view=list', tokens.olga);
    expect(list.status, list.text).toBe(200);
    expect((list.body.items as { id: string }[]).map((item) => name(item.id))).toEqual(['c', 'b', 'a']);
    expect(list.body.items[2]).toMatchObject({ closed: true, outcome: 'done', documentCount: 0 });
    const closedOnly = await api.get('/v1/requests?view=list&closed=true', tokens.olga);
    expect((closedOnly.body.items as { id: string }[]).map((item) => name(item.id))).toEqual(['a']);
    const page = await api.get('/v1/requests?view=list&limit=2', tokens.olga);
    const next = await api.get(`/v1/requests?view=list&limit=2&cursor=${page.body.nextCursor}`, tokens.olga);
    expect([...page.body.items, ...next.body.items].map((item: { id: string }) => name(item.id))).toEqual(['c', 'b', 'a']);

    const none = await boardOf(tokens.olga!, '?responsible=none');
    expect(none.filter((c) => c.count > 0).map((c) => [c.status, c.cards])).toEqual([['new', ['c']]]);
    // rita (restricted) sees only the request nobody is responsible for.
    expect((await boardOf(tokens.rita!)).filter((c) => c.count > 0).map((c) => [c.status, c.cards])).toEqual([['new', ['c']]]);

    expectProblem(await api.get('/v1/requests?cursor=garbage&status=new', tokens.olga), 400, 'query.cursor');
    expectProblem(await api.get(`/v1/requests?cursor=${page.body.nextCursor}`, tokens.olga), 400, 'query.cursor');
  });
});
