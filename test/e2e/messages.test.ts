import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCollaborationStack, tickingClock } from '../support/collaboration-stack.ts';
import type { LocalBus } from '../../local/bus.ts';
import { created, tenantWith } from '../support/directory-fixtures.ts';
import { apiClient, expectProblem } from '../support/http-client.ts';
import type { LocalStack } from '../support/local-stack.ts';
import { registerUser } from '../support/people.ts';

/**
 * Direct messages over HTTP (API.md "Collaboration and dashboard" `/v1/messages`) through `npm start`'s
 * stack: a group message read per member (inbox, unread filter and count, mark read idempotent),
 * the sent box, a message only its sender and recipients see, recipients checked on the log (422
 * naming the field), another tenant 404; and the system's messages sent by the collaboration
 * notifier on the bus: an activity assigned by someone else, none on self-assignment.
 * The collaboration API's clock ticks a second per reading from a fixed instant, so messages sent one
 * after the other are newest first whatever the milliseconds (the notifier's system messages keep
 * the real clock: none shares an inbox with messages sent here).
 */
const clock = tickingClock('2027-11-01T09:00:00.000Z');
let stack: LocalStack;
let api: ReturnType<typeof apiClient>;

beforeAll(async () => {
  stack = await startCollaborationStack(clock);
  api = apiClient(stack.url);
});
afterAll(async () => stack?.stop());

/** Lists come from read models the projector fills: poll until the expectation holds (bounded). */
const eventually = async <T>(read: () => Promise<T>, holds: (value: T) => boolean, what: string): Promise<T> => {
  let last: T | undefined;
  for (let attempt = 0; attempt < 100; attempt++) {
    last = await read();
    if (holds(last)) return last;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${what}: never held; last ${JSON.stringify(last)}`);
};

const setup = async (prefix: string) => {
  const users = await tenantWith(stack, prefix);
  await Promise.all([registerUser(users.tenant, 'olga', { locale: 'it' }), registerUser(users.tenant, 'sam')]);
  const tom = await stack.token('tom', { tenant: users.tenant, role: 'standard', groups: [] });
  const sam = await stack.token('sam', { tenant: users.tenant, role: 'standard', groups: [] });
  return { ...users, tom, sam };
};

const inbox = (token: string, query = '') => api.get(`/v1/messages?view=inbox${query}`, token);

describe('direct messages over HTTP', () => {
  it('a group message is one message read per member, with the unread count', async () => {
    const u = await setup('msg-group');
    const group = (await created(api, '/v1/groups', u.admin, { name: 'Vendite', members: ['olga', 'tom', 'sam'] })).id as string;

    const sent = await api.post('/v1/messages', u.olga, { groupId: group, subject: 'Fiera', body: 'Ci vediamo alle 9' });
    expect(sent.status, sent.text).toBe(201);
    const id = sent.body.id as string;
    expect(sent.headers.get('location')).toBe(`/v1/messages/${id}`);
    expect(sent.body).toMatchObject({ from: 'olga', to: { kind: 'group', groupId: group }, recipients: ['tom', 'sam'], subject: 'Fiera', system: false, read: true });

    // Read-your-writes: the message itself comes from its stream at once.
    expect((await api.get(`/v1/messages/${id}`, u.tom)).body).toMatchObject({ id, read: false, readAt: null });

    // The inbox row and the unread counter are two writes of the projection: wait for both.
    const tomInbox = await eventually(() => inbox(u.tom), (r) => r.body.items?.length === 1 && r.body.unreadCount === 1, 'tom inbox');
    expect(tomInbox.body).toMatchObject({ unreadCount: 1, nextCursor: null, items: [{ id, from: 'olga', subject: 'Fiera', read: false, recipientCount: 2 }] });
    await eventually(() => inbox(u.sam, '&unread=true'), (r) => r.body.items?.length === 1, 'sam unread');

    const read = await api.post(`/v1/messages/${id}/read`, u.tom);
    expect(read.status, read.text).toBe(200);
    expect(read.body).toMatchObject({ id, read: true });
    expect(read.headers.get('etag')).toBe('"2"');
    // Again: nothing new (same version).
    const again = await api.post(`/v1/messages/${id}/read`, u.tom);
    expect(again.status).toBe(200);
    expect(again.headers.get('etag')).toBe('"2"');

    await eventually(() => api.get('/v1/messages/unread-count', u.tom), (r) => r.body.unreadCount === 0, 'tom unread count');
    const tomAfter = await eventually(() => inbox(u.tom), (r) => r.body.items?.[0]?.read === true, 'tom read');
    expect(tomAfter.body.unreadCount).toBe(0);
    expect((await inbox(u.tom, '&unread=true')).body.items).toEqual([]);
    // Sam has not read it: still unread for him.
    expect((await api.get('/v1/messages/unread-count', u.sam)).body).toEqual({ unreadCount: 1 });
    expect((await inbox(u.sam)).body.items[0]).toMatchObject({ id, read: false });

    const olgaSent = await eventually(() => api.get('/v1/messages?view=sent', u.olga), (r) => r.body.items?.length === 1, 'olga sent');
    expect(olgaSent.body.items[0]).toMatchObject({ id, to: { kind: 'group', groupId: group } });
    expect((await inbox(u.olga)).body.items).toEqual([]);
  });

  it('pages the inbox newest first with a cursor', async () => {
    const u = await setup('msg-page');
    for (const body of ['one', 'two', 'three']) expect((await api.post('/v1/messages', u.olga, { userId: 'tom', body })).status).toBe(201);
    await eventually(() => inbox(u.tom), (r) => r.body.items?.length === 3, 'three messages');
    const first = await inbox(u.tom, '&limit=2');
    expect(first.body.items.map((m: { preview: string }) => m.preview)).toEqual(['three', 'two']);
    const second = await inbox(u.tom, `&limit=2&cursor=${first.body.nextCursor}`);
    expect(second.body.items.map((m: { preview: string }) => m.preview)).toEqual(['one']);
    expectProblem(await inbox(u.tom, '&cursor=garbage'), 400, 'query.cursor');
    expectProblem(await inbox(u.sam, `&limit=2&cursor=${first.body.nextCursor}`), 400, 'query.cursor');
  });

  it('only the sender and the recipients see a message; recipients are checked on the log', async () => {
    const u = await setup('msg-see');
    const other = await tenantWith(stack, 'msg-other');
    const id = (await created(api, '/v1/messages', u.olga, { userId: 'tom', body: 'Private' })).id as string;
    expectProblem(await api.get(`/v1/messages/${id}`, u.admin), 404);
    expectProblem(await api.get(`/v1/messages/${id}`, u.sam), 404);
    expectProblem(await api.get(`/v1/messages/${id}`, other.olga), 404);
    expectProblem(await api.post(`/v1/messages/${id}/read`, u.sam), 404);
    // The sender sees it (always read for them): marking it read is a no-op answering their view.
    const senderRead = await api.post(`/v1/messages/${id}/read`, u.olga);
    expect(senderRead.status, senderRead.text).toBe(200);
    expect(senderRead.body).toMatchObject({ id, from: 'olga', read: true, readAt: null, version: 1 });
    expect(senderRead.headers.get('etag')).toBe('"1"');
    expect((await api.get(`/v1/messages/${id}`, u.olga)).body).toMatchObject({ id, read: true, version: 1 });

    // Well-formed but refused (an unknown user or group, oneself, no addressee): 422 naming the field.
    const fieldOf = async (body: unknown) => {
      const response = await api.post('/v1/messages', u.olga, body);
      expectProblem(response, 422);
      return response.body.errors[0].path as string;
    };
    expect(await fieldOf({ userId: 'nobody', body: 'Hi' })).toBe('body.userId');
    expect(await fieldOf({ groupId: 'no-group', body: 'Hi' })).toBe('body.groupId');
    expect(await fieldOf({ userId: 'olga', body: 'Me' })).toBe('body.userId');
    expect(await fieldOf({ body: 'To whom?' })).toBe('body.userId');
    // Malformed: 400 naming the field.
    const empty = await api.post('/v1/messages', u.olga, { userId: 'tom', body: '' });
    expectProblem(empty, 400);
    expect(JSON.stringify(empty.body)).toContain('body.body');
  });

  it('the system tells a user an activity was assigned to them by someone else, and nothing on self-assignment', async () => {
    const u = await setup('msg-system');
    // Self-assigned first: by the time the second one's message arrived, the first was delivered too.
    await created(api, '/v1/activities', u.tom, { type: 'call', subject: 'Per me', dueOn: '2031-03-02' });
    const assigned = await created(api, '/v1/activities', u.tom, { type: 'call', subject: 'Chiamare Rossi', dueOn: '2031-03-02', assignee: { userId: 'olga' } });

    const olgaInbox = await eventually(() => inbox(u.olga), (r) => r.body.items?.length === 1, 'olga system message');
    const item = olgaInbox.body.items[0];
    expect(item).toMatchObject({ from: 'system', system: true, subject: "Ti è stata assegnata un'attività: Chiamare Rossi", read: false });
    const message = await api.get(`/v1/messages/${item.id}`, u.olga);
    expect(message.body).toMatchObject({ cause: { eventType: 'ActivityScheduled', record: { type: 'activity', id: assigned.id }, by: 'tom' } });
    expect(message.body.body).toContain(`/v1/activities/${assigned.id}`);
    // Tom assigned his own: no message for him (his inbox stays empty once the bus is idle).
    await (stack.publisher as LocalBus).idle();
    expect((await inbox(u.tom)).body.items).toEqual([]);
  });

  it('the system tells each user mentioned on the board, once, in their language', async () => {
    const u = await setup('msg-mention');
    const posted = await created(api, '/v1/board/messages', u.tom, { body: 'Riunione alle 9 @olga @sam @tom' });
    expect(posted.mentions).toEqual(['olga', 'sam']);
    const olgaInbox = await eventually(() => inbox(u.olga), (r) => r.body.items?.length === 1, 'olga mention');
    expect(olgaInbox.body.items[0]).toMatchObject({ from: 'system', subject: 'Sei stato menzionato in bacheca' });
    const samInbox = await eventually(() => inbox(u.sam), (r) => r.body.items?.length === 1, 'sam mention');
    expect(samInbox.body.items[0]).toMatchObject({ from: 'system', subject: 'You were mentioned on the board' });
    await (stack.publisher as LocalBus).idle();
    expect((await inbox(u.tom)).body.items).toEqual([]);
  });

  it('the system tells a user a ticket was assigned to them by someone else', async () => {
    const u = await setup('msg-ticket');
    const company = (await created(api, '/v1/companies', u.admin, { legalName: 'Rossi Srl' })).id as string;
    const ticket = await created(api, '/v1/tickets', u.admin, { companyId: company, subject: 'Stampante guasta', assignee: { userId: 'sam' } });
    const samInbox = await eventually(() => inbox(u.sam), (r) => r.body.items?.length === 1, 'sam ticket');
    expect(samInbox.body.items[0]).toMatchObject({ from: 'system', subject: 'A ticket was assigned to you: Stampante guasta' });
    const message = await api.get(`/v1/messages/${samInbox.body.items[0].id}`, u.sam);
    expect(message.body.cause).toMatchObject({ eventType: 'TicketOpened', record: { type: 'ticket', id: ticket.id }, by: 'ada' });
    // Another user cannot read it.
    expectProblem(await api.get(`/v1/messages/${samInbox.body.items[0].id}`, u.tom), 404);
  });
});
