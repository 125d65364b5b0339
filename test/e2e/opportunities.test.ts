import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tenantWith } from '../support/directory-fixtures.ts';
import { apiClient, eventually, expectProblem } from '../support/http-client.ts';
import { startLocalStack, type LocalStack } from '../support/local-stack.ts';
import { registerUser } from '../support/people.ts';

/**
 * Opportunities over HTTP (API.md "Sales"): open with lines or an amount, list filters, the revenue
 * summary on awkward values, won/lost/reopen with their 409s, If-Match, 404 across tenants, restricted
 * visibility, history and asOf.
 */
let stack: LocalStack;
let api: ReturnType<typeof apiClient>;

beforeAll(async () => {
  stack = await startLocalStack();
  api = apiClient(stack.url);
});
afterAll(async () => stack?.stop());

type Users = Awaited<ReturnType<typeof tenantWith>>;

const company = async (token: string, legalName: string, kind = 'client') => {
  const response = await api.post('/v1/companies', token, { legalName, kind });
  expect(response.status, response.text).toBe(201);
  return response.body.id as string;
};

const open = async (token: string, body: Record<string, unknown>, headers?: Record<string, string>) => {
  const response = await api.post('/v1/opportunities', token, body, headers);
  expect(response.status, response.text).toBe(201);
  return response;
};

const patch = (path: string, token: string, body: unknown, headers: Record<string, string> = {}) => api.call('PATCH', path, { token, body, headers });

const setup = async (prefix: string) => {
  const users = await tenantWith(stack, prefix);
  await registerUser(users.tenant, 'olga', { timezone: 'Europe/Rome' });
  const client = await company(users.admin, 'Acme Srl');
  return { users, client };
};

const listIds = async (users: Users, token: string, query = '') => {
  const response = await api.get(`/v1/opportunities${query}`, token);
  expect(response.status, response.text).toBe(200);
  return (response.body.items as { id: string }[]).map((item) => item.id);
};

describe('opportunity lifecycle over HTTP', () => {
  it('opens with lines, changes, wins, reopens, loses; 409s, If-Match, history and asOf', async () => {
    const { users, client } = await setup('opp');
    const partner = await company(users.admin, 'Partner Spa', 'partner');
    const competitor = await company(users.admin, 'Rival Spa', 'competitor');
    const opened = await open(users.olga, {
      title: 'Fleet',
      parties: [{ kind: 'company', id: client }],
      lines: [
        { description: 'Van', quantity: '3', unitPrice: '33.33' },
        { description: 'Setup', quantity: '1', unitPrice: '0.1' },
        { description: 'Care', quantity: '1', unitPrice: '0.2' },
      ],
      currency: 'EUR',
      probability: 40,
      expectedCloseDate: '2026-06-30',
      partners: [partner],
      competitors: [competitor],
    });
    const id = opened.body.id as string;
    expect(opened.headers.get('location')).toBe(`/v1/opportunities/${id}`);
    expect(opened.headers.get('etag')).toBe('"1"');
    expect(opened.body).toMatchObject({ status: 'open', amount: '100.29', currency: 'EUR', ownerId: 'olga', stage: 'new', version: 1 });
    expect(opened.body.pricing.lines.map((line: { net: string }) => line.net)).toEqual(['99.99', '0.10', '0.20']);
    const afterOpen = new Date().toISOString();

    const changed = await patch(`/v1/opportunities/${id}`, users.olga, { amount: '1270.5', currency: 'HUF', lines: null }, { 'if-match': '"1"' });
    expect(changed.status, changed.text).toBe(200);
    expect(changed.body).toMatchObject({ amount: '1271', currency: 'HUF', pricing: { mode: 'amount', amount: '1271' }, version: 2 });
    expectProblem(await patch(`/v1/opportunities/${id}`, users.olga, { title: 'Stale' }, { 'if-match': '"1"' }), 412);

    const won = await api.post(`/v1/opportunities/${id}/won`, users.olga, { note: 'signed' }, { 'if-match': '"2"' });
    expect(won.status, won.text).toBe(200);
    expect(won.body).toMatchObject({ status: 'won', won: { note: 'signed', orderId: null }, closedOn: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) });
    expectProblem(await api.post(`/v1/opportunities/${id}/won`, users.olga, {}), 409);
    expectProblem(await api.post(`/v1/opportunities/${id}/lost`, users.olga, { reason: 'price' }), 409);
    expectProblem(await patch(`/v1/opportunities/${id}`, users.olga, { title: 'Closed' }), 409);

    const reopened = await api.post(`/v1/opportunities/${id}/reopen`, users.olga, { reason: 'backed out' });
    expect(reopened.body).toMatchObject({ status: 'open', won: null, closedOn: null });
    expectProblem(await api.post(`/v1/opportunities/${id}/reopen`, users.olga), 409);
    expectProblem(await api.post(`/v1/opportunities/${id}/lost`, users.olga, { reason: 'weather' }), 422, 'body.reason');
    const lost = await api.post(`/v1/opportunities/${id}/lost`, users.olga, { reason: 'competitor', note: 'cheaper' });
    expect(lost.body).toMatchObject({ status: 'lost', lost: { reason: 'competitor', note: 'cheaper' }, version: 5 });

    const history = await api.get(`/v1/opportunities/${id}/history`, users.olga);
    expect(history.body.items.map((e: { type: string }) => e.type)).toEqual([
      'OpportunityCreated',
      'OpportunityUpdated',
      'OpportunityWon',
      'OpportunityReopened',
      'OpportunityLost',
    ]);
    const past = await api.get(`/v1/opportunities/${id}?asOf=${encodeURIComponent(afterOpen)}`, users.olga);
    expect(past.body).toMatchObject({ amount: '100.29', currency: 'EUR', status: 'open', version: 1 });
    expect(past.headers.get('etag')).toBe('"1"');
    expectProblem(await api.get(`/v1/opportunities/${id}?asOf=2000-01-01T00:00:00Z`, users.olga), 404);

    const stranger = await stack.token('ada', { tenant: `${users.tenant}-x`, role: 'admin', groups: [] });
    expectProblem(await api.get(`/v1/opportunities/${id}`, stranger), 404);
    expectProblem(await api.post(`/v1/opportunities/${id}/reopen`, stranger), 404);
  });

  it('refuses bad input naming the field: unknown currency, negative quantity, wrong company kinds, unknown party', async () => {
    const { users, client } = await setup('opp-bad');
    const parties = [{ kind: 'company', id: client }];
    expectProblem(await api.post('/v1/opportunities', users.olga, { title: 'x', parties, amount: '10', currency: 'XXX' }), 422, 'body.currency');
    expectProblem(await api.post('/v1/opportunities', users.olga, { title: 'x', parties, amount: '10' }), 422, 'body.currency');
    expectProblem(
      await api.post('/v1/opportunities', users.olga, { title: 'x', parties, currency: 'EUR', lines: [{ description: 'a', quantity: '1', unitPrice: '1' }, { description: 'b', quantity: '-1', unitPrice: '1' }] }),
      422,
      'body.lines.1.quantity',
    );
    expectProblem(await api.post('/v1/opportunities', users.olga, { title: 'x', parties, competitors: [client] }), 422, 'body.competitors.0');
    expectProblem(await api.post('/v1/opportunities', users.olga, { title: 'x', parties: [{ kind: 'lead', id: 'nope' }] }), 422, 'body.parties.0.id');
    expectProblem(await api.post('/v1/opportunities', users.olga, { title: 'x', parties: [] }), 400, 'body.parties');
    expectProblem(await api.post('/v1/opportunities', users.olga, { title: 'x', parties, probability: 150 }), 400, 'body.probability');
  });
});

describe('opportunity catalogues', () => {
  it("takes stages and loss reasons from the tenant's catalogues", async () => {
    const { users, client } = await setup('opp-cat');
    const put = async (name: string, entries: { value: string; active?: boolean }[]) => {
      const response = await api.call('PUT', `/v1/settings/catalogs/${name}`, { token: users.admin, body: { entries } });
      expect(response.status, response.text).toBe(200);
    };
    await put('stages', [{ value: 'qualify' }, { value: 'propose' }]);
    // The default reasons can only be deactivated, not removed.
    const defaults = ['price', 'competitor', 'no_budget', 'no_decision', 'timing', 'other'];
    await put('loss-reasons', [...defaults.map((value) => ({ value, active: false })), { value: 'weather' }]);
    const parties = [{ kind: 'company', id: client }];
    const opened = await open(users.olga, { title: 'x', parties });
    expect(opened.body.stage).toBe('qualify');
    expectProblem(await api.post('/v1/opportunities', users.olga, { title: 'x', parties, stage: 'won-ish' }), 422, 'body.stage');
    expectProblem(await api.post(`/v1/opportunities/${opened.body.id}/lost`, users.olga, { reason: 'price' }), 422, 'body.reason');
    const lost = await api.post(`/v1/opportunities/${opened.body.id}/lost`, users.olga, { reason: 'weather' });
    expect(lost.body).toMatchObject({ status: 'lost', lost: { reason: 'weather' } });
  });
});

describe('opportunity lists and summary', () => {
  it('filters by status, stage, owner, party and expected close; restricted users see theirs and unassigned ones', async () => {
    const { users, client } = await setup('opp-list');
    const other = await company(users.admin, 'Other Srl');
    const lead = (await api.post('/v1/leads', users.olga, { companyName: 'Beta', firstName: 'Bruno' })).body.id as string;
    const a = (await open(users.olga, { title: 'A', parties: [{ kind: 'company', id: client }], stage: 'propose', expectedCloseDate: '2026-04-10' })).body.id;
    const b = (await open(users.olga, { title: 'B', parties: [{ kind: 'lead', id: lead }], ownerId: 'rita', expectedCloseDate: '2026-05-10' })).body.id;
    const c = (await open(users.olga, { title: 'C', parties: [{ kind: 'company', id: other }], ownerId: null })).body.id;
    const d = (await open(users.admin, { title: 'D', parties: [{ kind: 'company', id: client }], ownerId: 'tom', expectedCloseDate: '2026-04-01' })).body.id;
    await api.post(`/v1/opportunities/${d}/won`, users.admin);

    // The lists lag the log: wait until the last write (d won) is in them.
    await eventually(async () => {
      expect(await listIds(users, users.olga, '?status=won')).toEqual([d]);
      expect(await listIds(users, users.olga)).toEqual([d, a, b, c]);
    });
    expect(await listIds(users, users.olga, '?status=open')).toEqual([a, b, c]);
    expect(await listIds(users, users.olga, '?stage=propose')).toEqual([a]);
    expect(await listIds(users, users.olga, '?owner=mine')).toEqual([a]);
    expect(await listIds(users, users.olga, '?owner=rita')).toEqual([b]);
    expect(await listIds(users, users.olga, `?party=${client}`)).toEqual([d, a]);
    expect(await listIds(users, users.olga, `?party=${lead}`)).toEqual([b]);
    expect(await listIds(users, users.olga, '?expectedCloseFrom=2026-04-05&expectedCloseTo=2026-05-31')).toEqual([a, b]);
    expect(await listIds(users, users.rita)).toEqual([b, c]);
    expectProblem(await api.get(`/v1/opportunities/${a}`, users.rita), 404);

    const first = await api.get('/v1/opportunities?limit=2', users.olga);
    expect(first.body.items.map((i: { id: string }) => i.id)).toEqual([d, a]);
    const next = await api.get(`/v1/opportunities?limit=2&cursor=${first.body.nextCursor}`, users.olga);
    expect(next.body.items.map((i: { id: string }) => i.id)).toEqual([b, c]);
    expectProblem(await api.get('/v1/opportunities?cursor=bm9wZQ', users.olga), 400, 'query.cursor');
    expectProblem(await api.get('/v1/opportunities?expectedCloseFrom=soon', users.olga), 400, 'query.expectedCloseFrom');
  });

  it('sums exactly per currency, by stage, owner and month, won/lost in a period; restricted users see only theirs', async () => {
    const { users, client } = await setup('opp-sum');
    const parties = [{ kind: 'company', id: client }];
    await open(users.olga, { title: '1', parties, amount: '0.1', currency: 'EUR', probability: 50, stage: 'qualify', expectedCloseDate: '2026-04-02' });
    await open(users.olga, { title: '2', parties, amount: '0.2', currency: 'EUR', probability: 50, stage: 'qualify', expectedCloseDate: '2026-04-20' });
    await open(users.olga, { title: '3', parties, lines: [{ description: 'x', quantity: '3', unitPrice: '33.33' }], currency: 'EUR', probability: 33, stage: 'propose', ownerId: 'rita' });
    await open(users.olga, { title: '4', parties, amount: '1', currency: 'HUF', probability: 50 });
    await open(users.olga, { title: '5', parties, amount: '1', currency: 'HUF', probability: 50 });
    await open(users.olga, { title: '6', parties, stage: 'qualify' });
    const won = (await open(users.olga, { title: '7', parties, amount: '1000.00', currency: 'EUR' })).body.id;
    await api.post(`/v1/opportunities/${won}/won`, users.olga);
    const lost = (await open(users.olga, { title: '8', parties, amount: '5.55', currency: 'EUR' })).body.id;
    await api.post(`/v1/opportunities/${lost}/lost`, users.olga, { reason: 'price' });

    const summary = await eventually(async () => {
      const response = await api.get('/v1/opportunities/summary', users.olga);
      expect(response.status, response.text).toBe(200);
      // Every write is in the read model (aggregates are projected independently, in any order).
      const eurNow = response.body.currencies.find((c: { currency: string }) => c.currency === 'EUR');
      const hufNow = response.body.currencies.find((c: { currency: string }) => c.currency === 'HUF');
      expect([eurNow?.open.count, eurNow?.won.count, eurNow?.lost.count, hufNow?.open.count, response.body.withoutCurrency.open]).toEqual([3, 1, 1, 2, 1]);
      return response.body;
    });
    const [eur, huf] = summary.currencies;
    expect(eur).toMatchObject({ currency: 'EUR', open: { count: 3, amount: '100.29', weighted: '33.15' }, won: { count: 1, amount: '1000.00' }, lost: { count: 1, amount: '5.55' } });
    expect(eur.open.byStage).toEqual([
      { stage: 'propose', count: 1, amount: '99.99', weighted: '33.00' },
      { stage: 'qualify', count: 2, amount: '0.30', weighted: '0.15' },
    ]);
    expect(eur.open.byOwner.map((o: { ownerId: string }) => o.ownerId)).toEqual(['olga', 'rita']);
    expect(eur.open.byMonth.map((m: { month: string | null; amount: string }) => [m.month, m.amount])).toEqual([['2026-04', '0.30'], [null, '99.99']]);
    expect(huf).toMatchObject({ currency: 'HUF', open: { count: 2, amount: '2', weighted: '1' } });
    expect(summary.withoutCurrency).toEqual({ open: 1, won: 0, lost: 0 });

    // A period that ends before today leaves the won and lost ones out.
    const old = await api.get('/v1/opportunities/summary?from=2000-01-01&to=2000-12-31', users.olga);
    expect(old.body.currencies[0]).toMatchObject({ won: { count: 0, amount: '0.00' }, lost: { count: 0 } });

    const rita = await api.get('/v1/opportunities/summary', users.rita);
    expect(rita.body.currencies).toEqual([expect.objectContaining({ currency: 'EUR', open: expect.objectContaining({ count: 1, amount: '99.99' }) })]);

    expectProblem(await api.get('/v1/opportunities/summary?from=2026-13-01', users.olga), 400, 'query.from');
    expectProblem(await api.get('/v1/opportunities/summary?when=now', users.olga), 400);
  });
});
