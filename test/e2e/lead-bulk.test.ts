import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { created, tenantWith } from '../support/directory-fixtures.ts';
import { apiClient, expectProblem } from '../support/http-client.ts';
import { startLocalStack } from '../support/local-stack.ts';

type Stack = Awaited<ReturnType<typeof startLocalStack>>;

let stack: Stack;
let api: ReturnType<typeof apiClient>;

beforeAll(async () => {
  stack = await startLocalStack();
  api = apiClient(stack.url);
});
afterAll(async () => stack?.stop());

describe('POST /v1/leads/bulk', () => {
  it('applies one change to the leads it can and reports each failure', async () => {
    const { olga, rita } = await tenantWith(stack, 'ldbulk');
    const create = (body: Record<string, unknown>) => created(api, '/v1/leads', olga, { lastName: 'Rossi', ...body });
    const a = await create({ companyName: 'Alpha' });
    const b = await create({ companyName: 'Bravo', ownerId: 'rita' });
    const full = await create({ companyName: 'Full', tags: Array.from({ length: 50 }, (_, i) => `t${i}`) });
    const converted = await create({ companyName: 'Done' });
    expect((await api.post(`/v1/leads/${converted.id}/convert`, olga, { skipDuplicateCheck: true })).status).toBe(200);
    const hidden = await create({ companyName: 'Hidden', ownerId: 'olga' });

    const tagged = await api.post('/v1/leads/bulk', olga, { ids: [a.id, b.id, full.id, converted.id, 'nope'], action: { type: 'addTag', tag: 'fair' } });
    expect(tagged.status, tagged.text).toBe(200);
    expect(tagged.body).toMatchObject({ succeeded: 2, failed: 3 });
    expect(tagged.body.results).toEqual([
      { id: a.id, ok: true, version: 2 },
      { id: b.id, ok: true, version: 2 },
      { id: full.id, ok: false, error: expect.objectContaining({ status: 422, detail: expect.stringContaining('tags') }) },
      { id: converted.id, ok: false, error: expect.objectContaining({ status: 409 }) },
      { id: 'nope', ok: false, error: expect.objectContaining({ status: 404 }) },
    ]);
    expect((await api.get(`/v1/leads/${a.id}`, olga)).body.tags).toEqual(['fair']);

    const staged = await api.post('/v1/leads/bulk', rita, { ids: [b.id, hidden.id], action: { type: 'setStage', stage: 'qualified' } });
    expect(staged.body.results.map((r: { ok: boolean }) => r.ok)).toEqual([true, false]);
    expect(staged.body.results[1].error.status).toBe(404);
    expect((await api.get(`/v1/leads/${b.id}`, olga)).body.stage).toBe('qualified');

    const owned = await api.post('/v1/leads/bulk', olga, { ids: [a.id, b.id], action: { type: 'setOwner', userId: 'tom' } });
    expect(owned.body).toMatchObject({ succeeded: 2, failed: 0 });
    expect((await api.get(`/v1/leads/${a.id}`, olga)).body.ownerId).toBe('tom');
    const untagged = await api.post('/v1/leads/bulk', olga, { ids: [a.id], action: { type: 'removeTag', tag: 'FAIR' } });
    expect(untagged.body.results[0]).toMatchObject({ ok: true, version: 4 });

    const key = { 'idempotency-key': 'ld-bulk-1' };
    const first = await api.post('/v1/leads/bulk', olga, { ids: [a.id, b.id], action: { type: 'setOwner', userId: null } }, key);
    const again = await api.post('/v1/leads/bulk', olga, { ids: [a.id, b.id], action: { type: 'setOwner', userId: null } }, key);
    expect(again.body).toEqual(first.body);
    expect((await api.get(`/v1/leads/${a.id}/history`, olga)).body.items).toHaveLength(5);

    expectProblem(await api.post('/v1/leads/bulk', olga, { ids: [], action: { type: 'addTag', tag: 'x' } }), 400, 'body.ids');
    expectProblem(await api.post('/v1/leads/bulk', olga, { ids: Array.from({ length: 101 }, (_, i) => `l${i}`), action: { type: 'addTag', tag: 'x' } }), 400, 'body.ids');
    expectProblem(await api.post('/v1/leads/bulk', olga, { ids: [a.id], action: { type: 'addManager', userId: 'x' } }), 400, 'body.action.type');
  });
});
