import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCollaborationStack, tickingClock } from '../support/collaboration-stack.ts';
import { uniqueTenant } from '../support/dynamo.ts';
import { apiClient, eventually, expectProblem } from '../support/http-client.ts';
import type { LocalStack } from '../support/local-stack.ts';
import { registerGroup, registerUser } from '../support/people.ts';


/**
 * `GET /v1/dashboard` over HTTP: the caller's widgets in one answer, each a bounded list with `more`
 * and a link, filled through the other contexts' own APIs; a restricted user's widgets; the refusals.
 * The collaboration API's clock starts at 09:00 UTC on Monday 1 November 2027 (10:00 in Rome, where
 * olga lives) and ticks a second per reading: "today" and the quotes' 30-day horizon never depend on the day the test runs. Every other
 * date is in 2027, so the records' own validations (against the real clock) accept them.
 */
const now = '2027-11-01T09:00:00.000Z';
/** A second per reading (board messages posted in turn sort newest first), the same day throughout. */
const clock = tickingClock(now);
let stack: LocalStack;
let api: ReturnType<typeof apiClient>;
const tenant = uniqueTenant('e2e-dashboard');
const tokens: Record<string, string> = {};
let acme: string;

const created = async (path: string, token: string, body: Record<string, unknown>) => {
  const response = await api.post(path, token, body);
  expect(response.status, response.text).toBe(201);
  return response.body as { id: string } & Record<string, unknown>;
};

const quote = async (token: string, operatorId: string, validUntil: string, send = true) => {
  const drafted = await created('/v1/quotes', token, {
    party: { kind: 'company', id: acme },
    operatorId,
    validFrom: '2027-10-01',
    validUntil,
    lines: [{ description: 'Consulting', quantity: '1', unitPrice: '100' }],
    description: `valid until ${validUntil}`,
  });
  if (send) expect((await api.post(`/v1/quotes/${drafted.id}/send`, token, {})).status).toBe(200);
  return drafted.id;
};

const dashboardOf = async (token: string, query = '') => {
  const response = await api.get(`/v1/dashboard${query}`, token);
  expect(response.status, response.text).toBe(200);
  return response.body;
};

const ids: Record<string, string> = {};

beforeAll(async () => {
  stack = await startCollaborationStack(clock);
  api = apiClient(stack.url);
  tokens.ada = await stack.token('ada', { tenant, role: 'admin', groups: [] });
  tokens.olga = await stack.token('olga', { tenant, role: 'standard', groups: ['sales'] });
  tokens.rita = await stack.token('rita', { tenant, role: 'restricted', groups: [] });
  tokens.stranger = await stack.token('olga', { tenant: uniqueTenant('other'), role: 'standard', groups: [] });
  await registerUser(tenant, 'ada', { role: 'admin' });
  await registerUser(tenant, 'olga', { timezone: 'Europe/Rome' });
  await registerUser(tenant, 'rita', { timezone: 'Europe/Warsaw', role: 'restricted' });
  await registerGroup(tenant, 'sales', ['olga']);
  acme = (await created('/v1/companies', tokens.ada!, { legalName: 'Acme' })).id;

  // Tickets: seven open ones for olga (more than a widget of 5), one for rita, one of olga's closed.
  for (let i = 1; i <= 7; i += 1) ids[`t${i}`] = (await created('/v1/tickets', tokens.ada!, { companyId: acme, subject: `Olga ${i}`, assignee: { userId: 'olga' } })).id;
  ids.tRita = (await created('/v1/tickets', tokens.ada!, { companyId: acme, subject: 'Rita', assignee: { userId: 'rita' } })).id;
  ids.tClosed = (await created('/v1/tickets', tokens.ada!, { companyId: acme, subject: 'Closed', assignee: { userId: 'olga' } })).id;
  expect((await api.post(`/v1/tickets/${ids.tClosed}/close`, tokens.ada!, {})).status).toBe(200);

  // Opportunities: three of olga's registered in turn (the last one won: any status is shown), one of
  // rita's, one unassigned. Each create is a round trip of its own: their `createdAt` differ.
  const parties = [{ kind: 'company', id: acme }];
  ids.oLate = (await created('/v1/opportunities', tokens.olga!, { title: 'Late', parties, expectedCloseDate: '2027-12-20' })).id;
  ids.oSoon = (await created('/v1/opportunities', tokens.olga!, { title: 'Soon', parties, expectedCloseDate: '2027-11-10' })).id;
  ids.oWon = (await created('/v1/opportunities', tokens.olga!, { title: 'Won', parties, expectedCloseDate: '2027-11-05' })).id;
  expect((await api.post(`/v1/opportunities/${ids.oWon}/won`, tokens.olga!, {})).status).toBe(200);
  ids.oRita = (await created('/v1/opportunities', tokens.ada!, { title: 'Rita', parties, ownerId: 'rita' })).id;
  ids.oNobody = (await created('/v1/opportunities', tokens.ada!, { title: 'Nobody', parties, ownerId: null })).id;

  // Quotes of olga: past validity (flagged), within 30 days, beyond, a draft (not sent); one of rita's.
  ids.qExpired = await quote(tokens.olga!, 'olga', '2027-10-20');
  ids.qSoon = await quote(tokens.olga!, 'olga', '2027-11-05');
  ids.qEdge = await quote(tokens.olga!, 'olga', '2027-12-01');
  ids.qBeyond = await quote(tokens.olga!, 'olga', '2027-12-02');
  ids.qDraft = await quote(tokens.olga!, 'olga', '2027-11-06', false);
  ids.qRita = await quote(tokens.ada!, 'rita', '2027-11-07');

  // Activities: today (Rome) a meeting and a to-do of olga's, one of her group's; tomorrow's is not today's.
  ids.aMeeting = (await created('/v1/activities', tokens.olga!, { type: 'meeting', subject: 'Meeting', start: '2027-11-01T13:00:00.000Z', end: '2027-11-01T14:00:00.000Z' })).id;
  ids.aTask = (await created('/v1/activities', tokens.olga!, { type: 'task', subject: 'Call back', dueOn: '2027-11-01' })).id;
  ids.aGroup = (await created('/v1/activities', tokens.olga!, { type: 'meeting', subject: 'Sales', start: '2027-11-01T15:00:00.000Z', end: '2027-11-01T16:00:00.000Z', assignee: { groupId: 'sales' } })).id;
  ids.aTomorrow = (await created('/v1/activities', tokens.olga!, { type: 'task', subject: 'Tomorrow', dueOn: '2027-11-02' })).id;
  ids.aRita = (await created('/v1/activities', tokens.ada!, { type: 'task', subject: 'Rita', dueOn: '2027-11-01', assignee: { userId: 'rita' } })).id;

  // The board: eight messages by ada (the fourth mentions olga), the oldest pinned, the newest withdrawn.
  for (let i = 0; i < 8; i += 1) ids[`b${i}`] = (await created('/v1/board/messages', tokens.ada!, { body: i === 3 ? 'Message 3 for @olga' : `Message ${i}` })).id;
  expect((await api.post(`/v1/board/messages/${ids.b0}/pin`, tokens.ada!)).status).toBe(200);
  expect((await api.call('PATCH', `/v1/board/messages/${ids.b7}`, { token: tokens.ada!, body: { withdrawn: true } })).status).toBe(200);
}, 120_000);

afterAll(async () => stack?.stop());

const idsOf = (widget: { items: { id: string }[] }) => widget.items.map((item) => Object.entries(ids).find(([, id]) => id === item.id)?.[0] ?? item.id);

describe('GET /v1/dashboard', () => {
  it("answers olga's five widgets in one call: bounded, with more and links, in her timezone", async () => {
    const dashboard = await eventually(async () => {
      const body = await dashboardOf(tokens.olga!);
      expect(body.tickets.items).toHaveLength(5);
      expect(body.opportunities.items).toHaveLength(3);
      expect(body.quotes.items).toHaveLength(3);
      expect(body.todo.items).toHaveLength(3);
      expect(idsOf(body.board)).toEqual(['b0', 'b6', 'b5', 'b4', 'b3']);
      return body;
    });
    expect(dashboard).toMatchObject({ timezone: 'Europe/Rome', date: '2027-11-01' });
    // Tickets: her open ones, newest first, five of seven; the closed one and rita's are not there.
    expect(idsOf(dashboard.tickets)).toEqual(['t7', 't6', 't5', 't4', 't3']);
    expect(dashboard.tickets).toMatchObject({ more: true, link: '/v1/tickets?view=open&assignee=me' });
    // Opportunities: hers (owner = olga), latest registered first, the won one too (with its status);
    // rita's and the unassigned one are not there.
    expect(idsOf(dashboard.opportunities)).toEqual(['oWon', 'oSoon', 'oLate']);
    expect(dashboard.opportunities.items.map((o: { status: string }) => o.status)).toEqual(['won', 'open', 'open']);
    expect(dashboard.opportunities).toMatchObject({ more: false, link: '/v1/opportunities?owner=mine' });
    // Quotes: sent, hers, by expiry; the one past its validity flagged; up to 30 days ahead (1 December), not beyond.
    expect(idsOf(dashboard.quotes)).toEqual(['qExpired', 'qSoon', 'qEdge']);
    expect(dashboard.quotes.items.map((q: { expired: boolean }) => q.expired)).toEqual([true, false, false]);
    expect(dashboard.quotes).toMatchObject({ more: false, link: '/v1/quotes?operator=mine&expiringBefore=2027-12-02' });
    // To-do: today in Rome, hers and her group's: the dated to-do first, then by time.
    expect(idsOf(dashboard.todo)).toEqual(['aTask', 'aMeeting', 'aGroup']);
    expect(dashboard.todo).toMatchObject({ more: false, total: 3, link: '/v1/todo' });
    // Board: the pinned message first, then the newest; the withdrawn one is not there.
    expect(idsOf(dashboard.board)).toEqual(['b0', 'b6', 'b5', 'b4', 'b3']);
    expect(dashboard.board).toMatchObject({ more: true, link: '/v1/board/messages' });
    expect(dashboard.board.items[0]).toMatchObject({ pinned: true, authorId: 'ada' });
    expect(dashboard.board.items[4]).toMatchObject({ body: 'Message 3 for @olga', mentions: ['olga'], pinned: false, editedAt: null, version: 1 });

    // The widgets are the lists': the same items as the full lists they link to.
    const tickets = await api.get('/v1/tickets?view=open&assignee=me&limit=5', tokens.olga!);
    expect(tickets.body.items.map((t: { id: string }) => t.id)).toEqual(dashboard.tickets.items.map((t: { id: string }) => t.id));
  });

  it('honours limit per widget, and names the field when it is wrong', async () => {
    const small = await dashboardOf(tokens.olga!, '?limit=2');
    expect(idsOf(small.tickets)).toEqual(['t7', 't6']);
    expect(idsOf(small.board)).toEqual(['b0', 'b6']);
    expect(idsOf(small.opportunities)).toEqual(['oWon', 'oSoon']);
    expect(small.opportunities).toMatchObject({ more: true });
    expect(small.quotes).toMatchObject({ more: true });
    expect(idsOf(small.todo)).toEqual(['aTask', 'aMeeting']);
    expect(small.todo).toMatchObject({ more: true, total: 3 });
    expectProblem(await api.get('/v1/dashboard?limit=0', tokens.olga!), 400, 'query.limit');
    expectProblem(await api.get('/v1/dashboard?limit=51', tokens.olga!), 400, 'query.limit');
    expectProblem(await api.get('/v1/dashboard?view=all', tokens.olga!), 400);
    expect((await api.get('/v1/dashboard')).status).toBe(401);
  });

  it("shows a restricted user only what she may see: her own records, in her timezone", async () => {
    const dashboard = await eventually(async () => {
      const body = await dashboardOf(tokens.rita!);
      expect(body.todo.items).toHaveLength(1);
      expect(body.quotes.items).toHaveLength(1);
      return body;
    });
    expect(dashboard).toMatchObject({ timezone: 'Europe/Warsaw', date: '2027-11-01' });
    expect(idsOf(dashboard.tickets)).toEqual(['tRita']);
    expect(idsOf(dashboard.opportunities)).toEqual(['oRita']);
    expect(idsOf(dashboard.quotes)).toEqual(['qRita']);
    expect(idsOf(dashboard.todo)).toEqual(['aRita']);
    // The board is the whole tenant's: a restricted user reads it too.
    expect(idsOf(dashboard.board)).toEqual(['b0', 'b6', 'b5', 'b4', 'b3']);
  });

  it("drops a quote from the widget once it is no longer sent (the row leaves its operator's gsi4 partition)", async () => {
    expect((await api.post(`/v1/quotes/${ids.qSoon}/reject`, tokens.olga!, {})).status).toBe(200);
    await eventually(async () => expect(idsOf((await dashboardOf(tokens.olga!)).quotes)).toEqual(['qExpired', 'qEdge']));
  });

  it('moves an opportunity between owners\' widgets when its owner changes, and drops it when cleared', async () => {
    const moved = await api.call('PATCH', `/v1/opportunities/${ids.oSoon}`, { token: tokens.olga!, body: { ownerId: 'rita' } });
    expect(moved.status, moved.text).toBe(200);
    await eventually(async () => {
      expect(idsOf((await dashboardOf(tokens.olga!)).opportunities)).toEqual(['oWon', 'oLate']);
      expect(idsOf((await dashboardOf(tokens.rita!)).opportunities)).toEqual(['oRita', 'oSoon']);
    });
    const cleared = await api.call('PATCH', `/v1/opportunities/${ids.oLate}`, { token: tokens.olga!, body: { ownerId: null } });
    expect(cleared.status, cleared.text).toBe(200);
    await eventually(async () => expect(idsOf((await dashboardOf(tokens.olga!)).opportunities)).toEqual(['oWon']));
  });

  it("shows another tenant's user none of this tenant's records", async () => {
    const dashboard = await dashboardOf(tokens.stranger!);
    for (const widget of ['board', 'opportunities', 'tickets', 'todo', 'quotes']) expect(dashboard[widget]).toMatchObject({ items: [], more: false });
    expect(dashboard).toMatchObject({ timezone: 'UTC', date: '2027-11-01' });
  });
});
