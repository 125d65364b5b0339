import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCollaborationStack, tickingClock } from '../support/collaboration-stack.ts';
import { created, tenantWith } from '../support/directory-fixtures.ts';
import { apiClient, eventually, expectProblem } from '../support/http-client.ts';
import type { LocalStack } from '../support/local-stack.ts';

/**
 * Personal notes over HTTP (API.md "Collaboration and dashboard" `/v1/notes`, Tustena's "Appunti"):
 * write, read, edit with If-Match, history and asOf, list newest first with paging, delete as an
 * event (then 404 everywhere), private to their author — anybody else, administrators included, and
 * another tenant get 404. The collaboration API's clock ticks a second per reading from a fixed
 * instant, so notes written one after the other are newest first whatever the milliseconds.
 */
const clock = tickingClock('2027-11-01T09:00:00.000Z');
let stack: LocalStack;
let api: ReturnType<typeof apiClient>;

beforeAll(async () => {
  stack = await startCollaborationStack(clock);
  api = apiClient(stack.url);
});
afterAll(async () => stack?.stop());

const patch = (path: string, token: string, body: unknown, headers: Record<string, string> = {}) => api.call('PATCH', path, { token, body, headers });
const remove = (path: string, token: string, headers: Record<string, string> = {}) => api.call('DELETE', path, { token, headers });

const listOf = async (token: string, query = '') => {
  const response = await api.get(`/v1/notes${query}`, token);
  expect(response.status, response.text).toBe(200);
  return response.body as { items: { id: string; body: string }[]; nextCursor: string | null };
};

describe('personal notes over HTTP', () => {
  it('writes, edits, lists newest first and deletes a note, as events, with If-Match, history and asOf', async () => {
    const users = await tenantWith(stack, 'notes');
    const first = await api.post('/v1/notes', users.olga, { body: 'Chiamare Rossi' });
    expect(first.status, first.text).toBe(201);
    const id = first.body.id as string;
    expect(first.headers.get('location')).toBe(`/v1/notes/${id}`);
    expect(first.headers.get('etag')).toBe('"1"');
    expect(first.body).toMatchObject({ body: 'Chiamare Rossi', editedAt: null, version: 1 });

    expectProblem(await patch(`/v1/notes/${id}`, users.olga, { body: 'x' }, { 'if-match': '"4"' }), 412);
    const edited = await patch(`/v1/notes/${id}`, users.olga, { body: 'Chiamare Rossi alle 15' }, { 'if-match': '"1"' });
    expect(edited.status, edited.text).toBe(200);
    expect(edited.body).toMatchObject({ body: 'Chiamare Rossi alle 15', version: 2 });
    const history = await api.get(`/v1/notes/${id}/history`, users.olga);
    expect(history.body.items.map((e: { type: string }) => e.type)).toEqual(['NoteWritten', 'NoteEdited']);
    const asOf = await api.get(`/v1/notes/${id}?asOf=${encodeURIComponent(history.body.items[0].at)}`, users.olga);
    expect(asOf.body).toMatchObject({ body: 'Chiamare Rossi', version: 1 });

    const second = (await created(api, '/v1/notes', users.olga, { body: 'Ordinare toner' })).id as string;
    const third = (await created(api, '/v1/notes', users.olga, { body: 'Ferie ad agosto' })).id as string;
    await eventually(async () => expect((await listOf(users.olga)).items.map((n) => n.id)).toEqual([third, second, id]));
    const page1 = await listOf(users.olga, '?limit=2');
    expect(page1.items.map((n) => n.id)).toEqual([third, second]);
    expect((await listOf(users.olga, `?limit=2&cursor=${page1.nextCursor}`)).items.map((n) => n.id)).toEqual([id]);
    expectProblem(await api.get('/v1/notes?cursor=garbage', users.olga), 400, 'query.cursor');

    const deleted = await remove(`/v1/notes/${second}`, users.olga);
    expect(deleted.status, deleted.text).toBe(204);
    expect(deleted.headers.get('etag')).toBe('"2"');
    expectProblem(await api.get(`/v1/notes/${second}`, users.olga), 404);
    expectProblem(await patch(`/v1/notes/${second}`, users.olga, { body: 'again' }), 404);
    expectProblem(await remove(`/v1/notes/${second}`, users.olga), 404);
    await eventually(async () => expect((await listOf(users.olga)).items.map((n) => n.id)).toEqual([third, id]));
    expectProblem(await api.post('/v1/notes', users.olga, { body: '  ' }), 422, 'body.body');
  });

  it('is private to its author: other users, administrators and another tenant get 404, and their lists hold none of it', async () => {
    const users = await tenantWith(stack, 'notespriv');
    const other = await tenantWith(stack, 'notesother');
    const id = (await created(api, '/v1/notes', users.olga, { body: 'Segreto' })).id as string;
    for (const token of [users.admin, users.rita, other.olga, other.admin]) {
      expectProblem(await api.get(`/v1/notes/${id}`, token), 404);
      expectProblem(await api.get(`/v1/notes/${id}/history`, token), 404);
      expectProblem(await patch(`/v1/notes/${id}`, token, { body: 'mine now' }), 404);
      expectProblem(await remove(`/v1/notes/${id}`, token), 404);
    }
    await eventually(async () => expect((await listOf(users.olga)).items.map((n) => n.id)).toEqual([id]));
    expect((await listOf(users.admin)).items).toEqual([]);
    expect((await listOf(other.olga)).items).toEqual([]);
  });
});
