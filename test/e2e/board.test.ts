import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { created, tenantWith } from '../support/directory-fixtures.ts';
import { apiClient, eventually, expectProblem } from '../support/http-client.ts';
import { startLocalStack, type LocalStack } from '../support/local-stack.ts';
import { registerUser } from '../support/people.ts';

/**
 * The board over HTTP (API.md "Collaboration and dashboard" `/v1/board/messages`): post with
 * mentions recorded on the event (active users only, checked on the log), list newest first with the
 * pinned message on top and cursor paging, the author's edit and withdrawal (403 for others, 409
 * once withdrawn), If-Match, history and asOf, pins by administrators and managers only, at most one
 * pinned (pinning another unpins the previous in the same commit), other tenant 404.
 */
let stack: LocalStack;
let api: ReturnType<typeof apiClient>;

beforeAll(async () => {
  stack = await startLocalStack();
  api = apiClient(stack.url);
});
afterAll(async () => stack?.stop());

const patch = (path: string, token: string, body: unknown, headers: Record<string, string> = {}) => api.call('PATCH', path, { token, body, headers });

const setup = async (prefix: string) => {
  const users = await tenantWith(stack, prefix);
  await Promise.all([registerUser(users.tenant, 'olga'), registerUser(users.tenant, 'sam')]);
  const manager = await stack.token('mara', { tenant: users.tenant, role: 'manager', groups: [] });
  return { ...users, manager };
};

const bodiesOf = async (token: string, query = '') => {
  const response = await api.get(`/v1/board/messages${query}`, token);
  expect(response.status, response.text).toBe(200);
  return response.body as { items: { id: string; body: string; pinned: boolean }[]; nextCursor: string | null };
};

describe('board messages over HTTP', () => {
  it('posts with mentions of active users recorded on the event, edits with history and asOf, withdraws', async () => {
    const users = await setup('board');
    const first = await api.post('/v1/board/messages', users.olga, { body: 'Riunione alle 10 con @tom, @rita, @ghost e @olga — scrivete a info@acme.example' });
    expect(first.status, first.text).toBe(201);
    const id = first.body.id as string;
    expect(first.headers.get('location')).toBe(`/v1/board/messages/${id}`);
    expect(first.headers.get('etag')).toBe('"1"');
    // Unknown ids and the author herself are not mentions.
    expect(first.body).toMatchObject({ authorId: 'olga', mentions: ['tom', 'rita'], pinned: false, withdrawn: false, version: 1 });

    // Another user (an admin too) may not edit or withdraw it.
    expectProblem(await patch(`/v1/board/messages/${id}`, users.admin, { body: 'no' }), 403);
    expectProblem(await patch(`/v1/board/messages/${id}`, users.rita, { withdrawn: true }), 403);
    expectProblem(await patch(`/v1/board/messages/${id}`, users.olga, { body: 'x', withdrawn: true }), 422, 'body.withdrawn');
    expectProblem(await patch(`/v1/board/messages/${id}`, users.olga, {}), 422, 'body.body');
    expectProblem(await patch(`/v1/board/messages/${id}`, users.olga, { body: 'x' }, { 'if-match': '"7"' }), 412);

    const edited = await patch(`/v1/board/messages/${id}`, users.olga, { body: 'Riunione alle 11 con @tom e @sam' }, { 'if-match': '"1"' });
    expect(edited.status, edited.text).toBe(200);
    expect(edited.headers.get('etag')).toBe('"2"');
    expect(edited.body).toMatchObject({ body: 'Riunione alle 11 con @tom e @sam', mentions: ['tom', 'sam'], version: 2 });

    const history = await api.get(`/v1/board/messages/${id}/history`, users.rita);
    expect(history.status).toBe(200);
    expect(history.body.items.map((e: { type: string }) => e.type)).toEqual(['BoardMessagePosted', 'BoardMessageEdited']);
    // Only the newly mentioned user is to be notified for the edit.
    expect(history.body.items[1].data).toMatchObject({ mentions: ['sam'], allMentions: ['tom', 'sam'] });
    const asOf = await api.get(`/v1/board/messages/${id}?asOf=${encodeURIComponent(history.body.items[0].at)}`, users.admin);
    expect(asOf.status).toBe(200);
    expect(asOf.body).toMatchObject({ version: 1, body: first.body.body });

    await eventually(async () => expect((await bodiesOf(users.rita)).items.map((m) => m.id)).toEqual([id]));
    const withdrawn = await patch(`/v1/board/messages/${id}`, users.olga, { withdrawn: true });
    expect(withdrawn.status, withdrawn.text).toBe(200);
    expect(withdrawn.body).toMatchObject({ withdrawn: true, version: 3 });
    expectProblem(await patch(`/v1/board/messages/${id}`, users.olga, { body: 'again' }), 409);
    await eventually(async () => expect((await bodiesOf(users.olga)).items).toEqual([]));
    // Its own GET and history stay.
    expect((await api.get(`/v1/board/messages/${id}`, users.admin)).body).toMatchObject({ withdrawn: true });
  });

  it('lists newest first with cursor paging, the pinned message on top; one pinned at a time; pins by admins and managers only', async () => {
    const users = await setup('boardpin');
    const ids: string[] = [];
    for (const body of ['uno', 'due', 'tre']) ids.push((await created(api, '/v1/board/messages', users.olga, { body })).id as string);
    const [uno, due, tre] = ids as [string, string, string];

    expectProblem(await api.post(`/v1/board/messages/${uno}/pin`, users.olga), 403);
    expectProblem(await api.post(`/v1/board/messages/${uno}/pin`, users.rita), 403);
    const pin = await api.post(`/v1/board/messages/${uno}/pin`, users.manager);
    expect(pin.status, pin.text).toBe(200);
    expect(pin.body).toMatchObject({ pinned: true, pinnedBy: 'mara' });

    await eventually(async () => expect((await bodiesOf(users.rita)).items.map((m) => m.body)).toEqual(['uno', 'tre', 'due']));
    const page1 = await bodiesOf(users.rita, '?limit=1');
    expect(page1.items.map((m) => m.body)).toEqual(['uno', 'tre']);
    const page2 = await bodiesOf(users.rita, `?limit=1&cursor=${page1.nextCursor}`);
    expect(page2.items.map((m) => m.body)).toEqual(['due']);
    expectProblem(await api.get('/v1/board/messages?cursor=garbage', users.rita), 400, 'query.cursor');

    // Pinning another unpins the previous one in the same commit.
    const second = await api.post(`/v1/board/messages/${due}/pin`, users.admin);
    expect(second.status, second.text).toBe(200);
    const before = await api.get(`/v1/board/messages/${uno}/history`, users.olga);
    expect(before.body.items.at(-1)).toMatchObject({ type: 'BoardMessageUnpinned', data: { replacedBy: due, reason: 'replaced' }, actor: 'ada' });
    expect((await api.get(`/v1/board/messages/${uno}`, users.olga)).body).toMatchObject({ pinned: false });
    await eventually(async () => expect((await bodiesOf(users.olga)).items.map((m) => [m.body, m.pinned])).toEqual([['due', true], ['tre', false], ['uno', false]]));

    // Concurrent pins of two messages: at most one ends up pinned.
    await Promise.all([api.post(`/v1/board/messages/${uno}/pin`, users.admin), api.post(`/v1/board/messages/${tre}/pin`, users.manager)]);
    const states = await Promise.all(ids.map(async (id) => (await api.get(`/v1/board/messages/${id}`, users.olga)).body.pinned as boolean));
    expect(states.filter(Boolean)).toHaveLength(1);

    const pinnedId = ids[states.indexOf(true)]!;
    const unpin = await api.post(`/v1/board/messages/${pinnedId}/unpin`, users.manager);
    expect(unpin.status, unpin.text).toBe(200);
    expect(unpin.body).toMatchObject({ pinned: false });
    await eventually(async () => expect((await bodiesOf(users.olga)).items.map((m) => m.body)).toEqual(['tre', 'due', 'uno']));
  });

  it('a withdrawn pinned message leaves the pin free; another tenant gets 404; bad input names the field', async () => {
    const users = await setup('boardmisc');
    const other = await setup('boardother');
    const id = (await created(api, '/v1/board/messages', users.olga, { body: 'In evidenza' })).id as string;
    expect((await api.post(`/v1/board/messages/${id}/pin`, users.admin)).status).toBe(200);
    expect((await patch(`/v1/board/messages/${id}`, users.olga, { withdrawn: true })).body).toMatchObject({ withdrawn: true, pinned: false });
    const next = (await created(api, '/v1/board/messages', users.olga, { body: 'Dopo' })).id as string;
    const pin = await api.post(`/v1/board/messages/${next}/pin`, users.admin);
    expect(pin.status, pin.text).toBe(200);
    const history = await api.get(`/v1/board/messages/${next}/history`, users.olga);
    // Nothing was pinned any more: the pin replaces nothing.
    expect(history.body.items.at(-1)).toMatchObject({ type: 'BoardMessagePinned', data: { replaces: null } });

    expectProblem(await api.get(`/v1/board/messages/${id}`, other.admin), 404);
    expectProblem(await patch(`/v1/board/messages/${id}`, other.olga, { body: 'x' }), 404);
    expectProblem(await api.post(`/v1/board/messages/${id}/pin`, other.admin), 404);
    expectProblem(await api.post('/v1/board/messages', users.olga, { body: '   ' }), 422, 'body.body');
    expectProblem(await api.post('/v1/board/messages', users.olga, { text: 'x' }), 400);
  });
});
