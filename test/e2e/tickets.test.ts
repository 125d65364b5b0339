import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalStack } from '../support/local-stack.ts';
import { apiClient, eventually, expectProblem } from '../support/http-client.ts';
import { uniqueTenant } from '../support/dynamo.ts';
import { registerGroup, registerUser } from '../support/people.ts';
import { rebuildTenant } from '../support/rebuild.ts';

type Stack = Awaited<ReturnType<typeof startLocalStack>>;

let stack: Stack;
let api: ReturnType<typeof apiClient>;
const tenant = uniqueTenant('e2e');
const tokens: Record<string, string> = {};
/** The companies of the main tenant tickets are opened for (a ticket's company must exist). */
let co: Record<string, string>;

/**
 * A tenant's users and groups the tests assign to, and its companies by name: references are
 * checked on the log, so what a ticket names must exist.
 */
const directoryOf = async (t: string): Promise<Record<string, string>> => {
  // Registered with the roles their tokens claim: the role of record is the one that applies (functions/http/auth.ts).
  const users = [registerUser(t, 'olga'), registerUser(t, 'tom', { role: 'manager' }), registerUser(t, 'rita', { role: 'restricted' })];
  await Promise.all([...users, ...['support', 'field'].map((g) => registerGroup(t, g))]);
  const admin = await stack.token('ada', { tenant: t, role: 'admin', groups: [] });
  const ids: Record<string, string> = {};
  for (const name of ['fiat', 'acme', 'zeta', 'c']) {
    const response = await api.post('/v1/companies', admin, { legalName: name });
    expect(response.status, response.text).toBe(201);
    ids[name] = response.body.id;
  }
  return ids;
};

beforeAll(async () => {
  stack = await startLocalStack();
  api = apiClient(stack.url);
  tokens.admin = await stack.token('ada', { tenant, role: 'admin', groups: ['support', 'sales'] });
  tokens.olga = await stack.token('olga', { tenant, role: 'standard', groups: ['support'] });
  tokens.tom = await stack.token('tom', { tenant, role: 'manager', groups: ['sales'] });
  tokens.rita = await stack.token('rita', { tenant, role: 'restricted', groups: ['field'] });
  tokens.stranger = await stack.token('ada', { tenant: uniqueTenant('other'), role: 'admin', groups: ['support'] });
  co = await directoryOf(tenant);
});

afterAll(async () => stack?.stop());

const open = async (token: string, body: Record<string, unknown> = {}, headers?: Record<string, string>) => {
  const response = await api.post('/v1/tickets', token, { companyId: co.fiat, subject: 'Problema PC', ...body }, headers);
  expect(response.status, response.text).toBe(201);
  return response;
};

const listIds = async (token: string, query = '') => {
  const response = await api.get(`/v1/tickets${query}`, token);
  expect(response.status, response.text).toBe(200);
  return (response.body.items as { id: string }[]).map((i) => i.id);
};

describe('ticket lifecycle over HTTP', () => {
  it('opens, takes, comments, reassigns, closes and reopens a ticket, with history and asOf', async () => {
    const opened = await open(tokens.olga!, { description: 'Il PC non si accende', priority: 'high', type: 'incident' });
    const ticket = opened.body;
    expect(opened.headers.get('location')).toBe(`/v1/tickets/${ticket.id}`);
    expect(opened.headers.get('etag')).toBe('"1"');
    expect(ticket).toMatchObject({ status: 'open', subject: 'Problema PC', priority: 'high', type: 'incident', assignee: null, version: 1 });
    expect(ticket.number).toBeGreaterThan(0);

    const taken = await api.post(`/v1/tickets/${ticket.id}/take`, tokens.olga);
    expect(taken.status, taken.text).toBe(200);
    expect(taken.body).toMatchObject({ status: 'in_progress', assignee: { userId: 'olga' }, version: 2 });
    const afterTake = new Date().toISOString();

    const waiting = await api.post(`/v1/tickets/${ticket.id}/comments`, tokens.olga, {
      body: 'Chiesto al cliente il modello',
      visibility: 'internal',
      status: 'waiting_reply',
    });
    expect(waiting.body).toMatchObject({ status: 'waiting_reply', version: 4 });
    expect(waiting.body.comments).toEqual([expect.objectContaining({ visibility: 'internal', author: 'olga' })]);

    const plain = await api.post(`/v1/tickets/${ticket.id}/comments`, tokens.olga, { body: 'Grazie, attendiamo' });
    expect(plain.body).toMatchObject({ status: 'waiting_reply', version: 5 });
    expect(plain.body.comments[1]).toMatchObject({ visibility: 'public' });

    const reassigned = await api.post(`/v1/tickets/${ticket.id}/assign`, tokens.olga, { userId: 'tom' });
    expect(reassigned.body).toMatchObject({ assignee: { userId: 'tom' }, status: 'waiting_reply' });
    const status = await api.post(`/v1/tickets/${ticket.id}/status`, tokens.tom, { status: 'in_progress' });
    expect(status.body).toMatchObject({ status: 'in_progress' });
    const toGroup = await api.post(`/v1/tickets/${ticket.id}/assign`, tokens.tom, { groupId: 'support' });
    expect(toGroup.body).toMatchObject({ assignee: { groupId: 'support' }, status: 'open' });

    const closed = await api.post(`/v1/tickets/${ticket.id}/close`, tokens.olga);
    expect(closed.body).toMatchObject({ status: 'closed', closedAt: expect.any(String) });
    const reopened = await api.post(`/v1/tickets/${ticket.id}/reopen`, tokens.olga, { reason: 'Il problema è tornato' });
    expect(reopened.body).toMatchObject({ status: 'open', closedAt: null });

    const history = await api.get(`/v1/tickets/${ticket.id}/history`, tokens.olga);
    expect(history.body.items.map((e: { type: string }) => e.type)).toEqual([
      'TicketOpened',
      'TicketTaken',
      'TicketCommented',
      'TicketStatusChanged',
      'TicketCommented',
      'TicketAssigned',
      'TicketStatusChanged',
      'TicketAssigned',
      'TicketStatusChanged',
      'TicketClosed',
      'TicketReopened',
    ]);
    expect(history.body.items[0]).toMatchObject({ version: 1, actor: 'olga', at: expect.any(String) });
    expect(history.body.items[6]).toMatchObject({ actor: 'tom' });

    const past = await api.get(`/v1/tickets/${ticket.id}?asOf=${encodeURIComponent(afterTake)}`, tokens.olga);
    expect(past.status, past.text).toBe(200);
    expect(past.body).toMatchObject({ status: 'in_progress', version: 2, comments: [] });
    expect(past.headers.get('etag')).toBe('"2"');
    const before = await api.get(`/v1/tickets/${ticket.id}?asOf=2000-01-01T00:00:00Z`, tokens.olga);
    expectProblem(before, 404);

    const current = await api.get(`/v1/tickets/${ticket.id}`, tokens.admin);
    expect(current.body).toMatchObject({ status: 'open', version: 11 });
    expect(current.headers.get('etag')).toBe('"11"');
  });

  it('publishes every committed event to the bus (in memory locally)', async () => {
    const { body } = await open(tokens.olga!);
    await api.post(`/v1/tickets/${body.id}/take`, tokens.olga);
    await eventually(async () => {
      const types = stack.publisher.published.filter((e) => e.aggregateId === body.id).map((e) => e.type);
      expect(types).toEqual(['TicketOpened', 'TicketTaken']);
    });
  });
});

describe('ticket lists', () => {
  it('lists open and closed tickets, mine, and filters by status, assignee, group, company, priority and type', async () => {
    const t = uniqueTenant('lists');
    const co = await directoryOf(t);
    const olga = await stack.token('olga', { tenant: t, role: 'standard', groups: ['support'] });
    const a = (await api.post('/v1/tickets', olga, { companyId: co.acme, subject: 'A', priority: 'urgent' })).body;
    const b = (await api.post('/v1/tickets', olga, { companyId: co.acme, subject: 'B', type: 'question', assignee: { groupId: 'support' } })).body;
    const c = (await api.post('/v1/tickets', olga, { companyId: co.zeta, subject: 'C' })).body;
    await api.post(`/v1/tickets/${a.id}/take`, olga);
    await api.post(`/v1/tickets/${c.id}/close`, olga);

    await eventually(async () => expect(await listIds(olga, '')).toEqual([b.id, a.id]));
    await eventually(async () => expect(await listIds(olga, '?view=closed')).toEqual([c.id]));
    expect(await listIds(olga, '?assignee=me')).toEqual([a.id]);
    expect(await listIds(olga, '?group=support')).toEqual([b.id]);
    expect(await listIds(olga, `?company=${co.acme}`)).toEqual([b.id, a.id]);
    expect(await listIds(olga, `?company=${co.zeta}&view=closed`)).toEqual([c.id]);
    expect(await listIds(olga, '?status=in_progress')).toEqual([a.id]);
    expect(await listIds(olga, '?status=closed')).toEqual([c.id]);
    expect(await listIds(olga, '?priority=urgent')).toEqual([a.id]);
    expect(await listIds(olga, '?type=question')).toEqual([b.id]);
    expect(await listIds(olga, `?assignee=me&company=${co.zeta}`)).toEqual([]);

    const item = (await api.get('/v1/tickets?assignee=me', olga)).body.items[0];
    expect(item).toMatchObject({ id: a.id, status: 'in_progress', assignee: { userId: 'olga' }, commentCount: 0, version: 2 });
  });

  it('pages with an opaque cursor: every ticket once, newest first', async () => {
    const t = uniqueTenant('pages');
    const co = await directoryOf(t);
    const olga = await stack.token('olga', { tenant: t, role: 'standard', groups: [] });
    const ids: string[] = [];
    for (let i = 0; i < 5; i += 1) ids.push((await api.post('/v1/tickets', olga, { companyId: co.acme, subject: `T${i}` })).body.id);
    await eventually(async () => expect(await listIds(olga)).toHaveLength(5));

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: any = await api.get(`/v1/tickets?limit=2${cursor ? `&cursor=${cursor}` : ''}`, olga);
      expect(page.body.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.body.items.map((i: { id: string }) => i.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual(ids.toReversed());

    expectProblem(await api.get('/v1/tickets?cursor=not-a-cursor', olga), 400, 'query.cursor');
    // A cursor from one list is refused on another (it names another index partition).
    const first: any = await api.get('/v1/tickets?limit=1', olga);
    expectProblem(await api.get(`/v1/tickets?view=closed&cursor=${first.body.nextCursor}`, olga), 400, 'query.cursor');
    expectProblem(await api.get('/v1/tickets?limit=500', olga), 400, 'query.limit');
  });
});

describe('bad input is a clear 4xx, never a 5xx', () => {
  it('refuses malformed bodies with the field and the reason', async () => {
    expectProblem(await api.call('POST', '/v1/tickets', { token: tokens.olga, rawBody: '{"subject":', headers: { 'content-type': 'application/json' } }), 400, 'body');
    expectProblem(await api.post('/v1/tickets', tokens.olga, { companyId: co.c, subject: 42 }), 400, 'body.subject');
    expectProblem(await api.post('/v1/tickets', tokens.olga, { companyId: co.c }), 400, 'body.subject');
    expectProblem(await api.post('/v1/tickets', tokens.olga, { companyId: co.c, subject: '   ' }), 400, 'body.subject');
    expectProblem(await api.post('/v1/tickets', tokens.olga, { companyId: co.c, subject: 's', colour: 'red' }), 400, 'body');
    expectProblem(await api.post('/v1/tickets', tokens.olga, { companyId: co.c, subject: 's', priority: 'whenever' }), 422, 'body.priority');
    expectProblem(await api.post('/v1/tickets', tokens.olga, { companyId: co.c, subject: 's', assignee: { userId: 'a', groupId: 'b' } }), 400);
    expectProblem(
      await api.call('POST', '/v1/tickets', { token: tokens.olga, rawBody: 'subject=x', headers: { 'content-type': 'application/x-www-form-urlencoded' } }),
      415,
    );
    expectProblem(await api.post('/v1/tickets', tokens.olga, { companyId: co.c, subject: 's', description: 'x'.repeat(300_000) }), 413);
    expectProblem(await api.get('/v1/tickets?view=everything', tokens.olga), 400, 'query.view');
    expectProblem(await api.get('/v1/tickets?colour=red', tokens.olga), 400);
  });

  it('refuses illegal transitions with 409 and unknown tickets with 404', async () => {
    const { body } = await open(tokens.olga!);
    await api.post(`/v1/tickets/${body.id}/close`, tokens.olga);
    expectProblem(await api.post(`/v1/tickets/${body.id}/take`, tokens.olga), 409);
    expectProblem(await api.post(`/v1/tickets/${body.id}/close`, tokens.olga), 409);
    expectProblem(await api.post(`/v1/tickets/${body.id}/comments`, tokens.olga, { body: 'hello?' }), 409);
    expectProblem(await api.post(`/v1/tickets/${body.id}/take`, tokens.olga, { please: true }), 400);
    expectProblem(await api.post('/v1/tickets/does-not-exist/take', tokens.olga), 404);
    expectProblem(await api.get('/v1/tickets/does-not-exist', tokens.olga), 404);
    expectProblem(await api.get('/v1/tickets/does-not-exist/history', tokens.olga), 404);
    expectProblem(await api.get('/v1/nothing-here', tokens.olga), 404);
  });
});

describe('optimistic concurrency and idempotency', () => {
  it('answers 412 to a stale If-Match and applies a current one', async () => {
    const { body } = await open(tokens.olga!);
    expectProblem(await api.post(`/v1/tickets/${body.id}/take`, tokens.olga, undefined, { 'if-match': '"7"' }), 412);
    const taken = await api.post(`/v1/tickets/${body.id}/take`, tokens.olga, undefined, { 'if-match': '"1"' });
    expect(taken.status).toBe(200);
    expect(taken.headers.get('etag')).toBe('"2"');
    expectProblem(await api.post(`/v1/tickets/${body.id}/close`, tokens.olga, undefined, { 'if-match': '"1"' }), 412);
    expectProblem(await api.post(`/v1/tickets/${body.id}/close`, tokens.olga, undefined, { 'if-match': 'yesterday' }), 400);
  });

  it('replays the first response for a repeated Idempotency-Key and refuses the key with another body', async () => {
    const t = uniqueTenant('idem');
    const co = await directoryOf(t);
    const olga = await stack.token('olga', { tenant: t, role: 'standard', groups: [] });
    const key = { 'idempotency-key': 'open-printer-1' };
    const first = await api.post('/v1/tickets', olga, { companyId: co.c, subject: 'Printer' }, key);
    const again = await api.post('/v1/tickets', olga, { subject: 'Printer', companyId: co.c }, key);
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.body).toEqual(first.body);
    expect(again.headers.get('location')).toBe(first.headers.get('location'));
    expectProblem(await api.post('/v1/tickets', olga, { companyId: co.c, subject: 'Scanner' }, key), 422);
    await eventually(async () => expect(await listIds(olga)).toEqual([first.body.id]));
    // Another user may use the same key for their own request.
    const tom = await stack.token('tom', { tenant: t, role: 'manager', groups: [] });
    expect((await api.post('/v1/tickets', tom, { companyId: co.c, subject: 'Scanner' }, key)).body.number).toBe(2);
  });
});

describe('authentication, tenants and roles', () => {
  it('answers 401 without or with a bad token, and serves meta routes without one', async () => {
    expectProblem(await api.get('/v1/tickets'), 401);
    expectProblem(await api.get('/v1/tickets', 'not.a.token'), 401);
    expect((await api.get('/health')).status).toBe(200);
    const openapi = await api.get('/openapi.json');
    expect(openapi.body.openapi).toBe('3.1.0');
    expect(Object.keys(openapi.body.paths)).toContain('/v1/tickets/{id}/take');
    const docs = await api.get('/docs');
    expect(docs.headers.get('content-type')).toMatch(/text\/html/);
    expect(docs.text).toContain('/v1/tickets/{id}/comments');
  });

  it("hides another tenant's tickets entirely: 404 on reads and commands, absent from lists", async () => {
    const { body } = await open(tokens.olga!);
    expectProblem(await api.get(`/v1/tickets/${body.id}`, tokens.stranger), 404);
    expectProblem(await api.get(`/v1/tickets/${body.id}/history`, tokens.stranger), 404);
    expectProblem(await api.post(`/v1/tickets/${body.id}/take`, tokens.stranger), 404);
    expect(await listIds(tokens.stranger!)).toEqual([]);
    expect((await api.get(`/v1/tickets/${body.id}`, tokens.olga)).body.status).toBe('open');
  });

  it('shows a restricted user only tickets assigned to them or their groups, opened by them, or unassigned', async () => {
    const t = uniqueTenant('restricted');
    const co = await directoryOf(t);
    const olga = await stack.token('olga', { tenant: t, role: 'standard', groups: ['support'] });
    const rita = await stack.token('rita', { tenant: t, role: 'restricted', groups: ['field'] });
    const post = async (token: string, body: Record<string, unknown>) =>
      (await api.post('/v1/tickets', token, { companyId: co.acme, subject: 'x', ...body })).body.id as string;
    const toRita = await post(olga, { assignee: { userId: 'rita' } });
    const toField = await post(olga, { assignee: { groupId: 'field' } });
    const unassigned = await post(olga, {});
    const byRita = await post(rita, { assignee: { userId: 'olga' } });
    const toOlga = await post(olga, { assignee: { userId: 'olga' } });
    const toSupport = await post(olga, { assignee: { groupId: 'support' } });

    await eventually(async () => expect(await listIds(olga)).toHaveLength(6));
    expect((await listIds(rita)).toSorted()).toEqual([toRita, toField, unassigned, byRita].toSorted());
    for (const hidden of [toOlga, toSupport]) {
      expectProblem(await api.get(`/v1/tickets/${hidden}`, rita), 404);
      expectProblem(await api.get(`/v1/tickets/${hidden}/history`, rita), 404);
      expectProblem(await api.post(`/v1/tickets/${hidden}/take`, rita), 404);
      expectProblem(await api.post(`/v1/tickets/${hidden}/take`, rita, undefined, { 'if-match': '"9"' }), 404);
    }
    expect((await api.post(`/v1/tickets/${unassigned}/take`, rita)).body.assignee).toEqual({ userId: 'rita' });
    expect((await api.get(`/v1/tickets/${byRita}`, rita)).status).toBe(200);
  });

  it('lets only an admin rebuild the read models, which then list the same tickets', async () => {
    expectProblem(await api.post('/v1/admin/projections/rebuild', tokens.tom), 403);
    expectProblem(await api.post('/v1/admin/projections/rebuild', tokens.rita), 403);
    const before = await listIds(tokens.admin!);
    const rebuilt = await rebuildTenant(api, tokens.admin!);
    expect(rebuilt.progress).toMatchObject({ aggregates: expect.any(Number), itemsDeleted: 0 });
    expect(await listIds(tokens.admin!)).toEqual(before);
  });
});
