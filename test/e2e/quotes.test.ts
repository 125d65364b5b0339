import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uniqueTenant } from '../support/dynamo.ts';
import { apiClient, eventually, expectProblem } from '../support/http-client.ts';
import { startLocalStack } from '../support/local-stack.ts';
import { registerUser } from '../support/people.ts';

type Stack = Awaited<ReturnType<typeof startLocalStack>>;

/**
 * Quotes over HTTP (API.md "Sales"): draft with exact amounts, edit, send (frozen), reject, revise
 * (the history keeps every revision), the lists, the tenant's sales defaults, and the refusals — each
 * a problem naming the field. Validity dates are far in the future: nothing here depends on today,
 * and the expiry job (test/integration/quote-projection.test.ts) never touches these quotes.
 */
let stack: Stack;
let api: ReturnType<typeof apiClient>;
const tenant = uniqueTenant('quotes');
const tokens: Record<string, string> = {};
const co: Record<string, string> = {};

const body = (change: Record<string, unknown> = {}) => ({
  party: { kind: 'company', id: co.acme },
  operatorId: 'olga',
  validFrom: '2098-01-10',
  validUntil: '2098-02-10',
  lines: [{ description: 'Consulting', quantity: '3', unitPrice: '33.33' }],
  description: 'Website redesign',
  ...change,
});

const draft = async (token: string, change: Record<string, unknown> = {}) => {
  const response = await api.post('/v1/quotes', token, body(change));
  expect(response.status, response.text).toBe(201);
  return response;
};

const patch = (token: string, id: string, change: unknown, headers: Record<string, string> = {}) =>
  api.call('PATCH', `/v1/quotes/${id}`, { token, body: change, headers });

const listed = async (token: string, query: string) => {
  const response = await api.get(`/v1/quotes${query}`, token);
  expect(response.status, response.text).toBe(200);
  return (response.body.items as { id: string }[]).map((item) => item.id);
};

beforeAll(async () => {
  stack = await startLocalStack();
  api = apiClient(stack.url);
  // Registered with the roles their tokens claim: the role of record is the one that applies (functions/http/auth.ts).
  await Promise.all([registerUser(tenant, 'olga'), registerUser(tenant, 'tom'), registerUser(tenant, 'rita', { role: 'restricted' })]);
  tokens.admin = await stack.token('ada', { tenant, role: 'admin', groups: [] });
  tokens.olga = await stack.token('olga', { tenant, role: 'standard', groups: [] });
  tokens.rita = await stack.token('rita', { tenant, role: 'restricted', groups: [] });
  tokens.stranger = await stack.token('ada', { tenant: uniqueTenant('other'), role: 'admin', groups: [] });
  for (const [name, kind] of [['acme', 'client'], ['beta', 'prospect'], ['parts', 'supplier']] as const) {
    const response = await api.post('/v1/companies', tokens.admin, { legalName: name, kind });
    expect(response.status, response.text).toBe(201);
    co[name] = response.body.id;
  }
});

afterAll(async () => stack?.stop());

describe('quotes over HTTP', () => {
  it('drafts quotes numbered Q-<year>-00001, 00002 … with exact totals (0.1 + 0.2, 3 × 33.33)', async () => {
    const first = await draft(tokens.olga!);
    const { year } = first.body;
    expect(first.headers.get('location')).toBe(`/v1/quotes/${first.body.id}`);
    expect(first.headers.get('etag')).toBe('"1"');
    expect(first.body).toMatchObject({
      reference: `Q-${year}-00001`,
      revision: 1,
      status: 'draft',
      currency: 'EUR',
      pricing: { mode: 'lines', lines: [{ quantity: '3', unitPrice: '33.33', vatRate: '22', net: '99.99' }] },
      totals: { net: '99.99', vat: [{ rate: '22', base: '99.99', vat: '22.00' }], vatTotal: '22.00', gross: '121.99' },
    });
    const second = await draft(tokens.olga!, {
      lines: [
        { description: 'a', quantity: '1', unitPrice: '0.1' },
        { description: 'b', quantity: '1', unitPrice: '0.2', vatRate: '10' },
      ],
    });
    expect(second.body).toMatchObject({ reference: `Q-${year}-00002`, totals: { net: '0.30', vat: [{ rate: '10', base: '0.20', vat: '0.02' }, { rate: '22', base: '0.10', vat: '0.02' }], gross: '0.34' } });
  });

  it('edits a draft; sending freezes it (PATCH after send is 409); rejecting twice is 409; revising makes revision 2 and keeps revision 1', async () => {
    const { body: quote } = await draft(tokens.olga!);
    const edited = await patch(tokens.olga!, quote.id, { description: 'Website, phase 1', amount: '1000', vatRate: '22' }, { 'if-match': '"1"' });
    expect(edited.status, edited.text).toBe(200);
    expect(edited.body).toMatchObject({ version: 2, description: 'Website, phase 1', pricing: { mode: 'amount', amount: '1000.00' }, totals: { gross: '1220.00' } });
    expectProblem(await patch(tokens.olga!, quote.id, { description: 'stale' }, { 'if-match': '"1"' }), 412);

    const sent = await api.post(`/v1/quotes/${quote.id}/send`, tokens.olga, { sentTo: 'buyer@acme.example' });
    expect(sent.status, sent.text).toBe(200);
    expect(sent.body).toMatchObject({ status: 'sent', sentTo: 'buyer@acme.example', version: 3 });
    expectProblem(await patch(tokens.olga!, quote.id, { description: 'too late' }), 409);

    expect((await api.post(`/v1/quotes/${quote.id}/reject`, tokens.olga, { reason: 'price' })).body).toMatchObject({ status: 'rejected', rejectionReason: 'price' });
    expectProblem(await api.post(`/v1/quotes/${quote.id}/reject`, tokens.olga, {}), 409);

    const revised = await api.post(`/v1/quotes/${quote.id}/revise`, tokens.olga);
    expect(revised.status, revised.text).toBe(200);
    expect(revised.body).toMatchObject({ revision: 2, status: 'draft', reference: quote.reference, revisions: [{ revision: 1, ended: 'rejected', content: { description: 'Website, phase 1' } }] });
    const again = await patch(tokens.olga!, quote.id, { description: 'Website, phase 1 (cheaper)' });
    expect(again.body).toMatchObject({ revision: 2, description: 'Website, phase 1 (cheaper)' });

    const history = await api.get(`/v1/quotes/${quote.id}/history`, tokens.olga);
    expect(history.body.items.map((e: { type: string }) => e.type)).toEqual(['QuoteDrafted', 'QuoteEdited', 'QuoteSent', 'QuoteRejected', 'QuoteRevised', 'QuoteEdited']);
    const asOf = await api.get(`/v1/quotes/${quote.id}?asOf=${encodeURIComponent(history.body.items[2].at)}`, tokens.olga);
    expect(asOf.body).toMatchObject({ status: 'sent', revision: 1, version: 3 });
  });

  it('refuses bad input with a problem naming the field', async () => {
    expectProblem(await api.post('/v1/quotes', tokens.olga, body({ lines: [{ description: 'x', quantity: '-1', unitPrice: '10' }] })), 422, 'body.lines.0.quantity');
    expectProblem(await api.post('/v1/quotes', tokens.olga, body({ validUntil: '2098-01-01' })), 422, 'body.validUntil');
    expectProblem(await api.post('/v1/quotes', tokens.olga, body({ currency: 'XYZ' })), 422, 'body.currency');
    expectProblem(await api.post('/v1/quotes', tokens.olga, body({ amount: '10' })), 422, 'body.amount');
    expectProblem(await api.post('/v1/quotes', tokens.olga, body({ party: { kind: 'company', id: co.parts } })), 422, 'body.party.id');
    expectProblem(await api.post('/v1/quotes', tokens.olga, body({ operatorId: 'ghost' })), 422, 'body.operatorId');
    expectProblem(await api.post('/v1/quotes', tokens.olga, body({ lines: [{ description: 'x', quantity: 1, unitPrice: '1' }] })), 400, 'body.lines.0.quantity');
    expectProblem(await api.post('/v1/quotes', tokens.olga, { ...body(), description: undefined }), 400, 'body.description');
  });

  it('is not found across tenants and for a restricted user who does not make it', async () => {
    const { body: quote } = await draft(tokens.olga!);
    expectProblem(await api.get(`/v1/quotes/${quote.id}`, tokens.stranger), 404);
    expectProblem(await api.post(`/v1/quotes/${quote.id}/send`, tokens.stranger), 404);
    expectProblem(await api.get(`/v1/quotes/${quote.id}`, tokens.rita), 404);
    const hers = await draft(tokens.olga!, { operatorId: 'rita', party: { kind: 'company', id: co.beta } });
    expect((await api.get(`/v1/quotes/${hers.body.id}`, tokens.rita)).status).toBe(200);
    await eventually(async () => expect(await listed(tokens.rita!, '')).toEqual([hers.body.id]));
    await eventually(async () => expect(await listed(tokens.olga!, `?party=${co.beta}`)).toEqual([hers.body.id]));
    await eventually(async () => expect(await listed(tokens.olga!, '?operator=rita')).toEqual([hers.body.id]));
  });

  it('lists sent quotes expiring before a date, soonest expiry first', async () => {
    const later = await draft(tokens.olga!, { validUntil: '2099-05-20' });
    const sooner = await draft(tokens.olga!, { validUntil: '2099-05-10' });
    const beyond = await draft(tokens.olga!, { validUntil: '2099-06-30' });
    for (const quote of [later, sooner, beyond]) expect((await api.post(`/v1/quotes/${quote.body.id}/send`, tokens.olga)).status).toBe(200);
    await eventually(async () => expect(await listed(tokens.olga!, '?expiringBefore=2099-06-01')).toEqual([sooner.body.id, later.body.id]));
    await eventually(async () => expect(await listed(tokens.olga!, '?expiringBefore=2099-05-20')).toEqual([sooner.body.id]));
    expectProblem(await api.get('/v1/quotes?expiringBefore=tomorrow', tokens.olga), 400, 'query.expiringBefore');
  });
});

describe("the tenant's sales defaults (GET|PUT /v1/settings/sales)", () => {
  it("follow the tenant's country until an administrator sets them; a quote without currency takes the default (1 HUF at 27 %)", async () => {
    const t = uniqueTenant('sales-defaults');
    await registerUser(t, 'olga');
    const admin = await stack.token('ada', { tenant: t, role: 'admin', groups: [] });
    const olga = await stack.token('olga', { tenant: t, role: 'standard', groups: [] });
    expect((await api.get('/v1/settings/sales', olga)).body).toMatchObject({ defaultVatRate: '22', defaultCurrency: 'EUR', country: null, version: 0 });
    expect((await api.call('PUT', '/v1/settings/directory', { token: admin, body: { defaultCountry: 'HU' } })).status).toBe(200);
    expect((await api.get('/v1/settings/sales', olga)).body).toMatchObject({ defaultVatRate: '27', defaultCurrency: 'HUF', country: 'HU' });

    const company = await api.post('/v1/companies', admin, { legalName: 'Budapest Kft' });
    const quote = await api.post('/v1/quotes', olga, { ...body({ party: { kind: 'company', id: company.body.id } }), lines: undefined, amount: '1' });
    expect(quote.status, quote.text).toBe(201);
    expect(quote.body).toMatchObject({ currency: 'HUF', pricing: { mode: 'amount', amount: '1', vatRate: '27' }, totals: { net: '1', vatTotal: '0', gross: '1' } });

    expectProblem(await api.call('PUT', '/v1/settings/sales', { token: olga, body: { defaultVatRate: '20' } }), 403);
    const set = await api.call('PUT', '/v1/settings/sales', { token: admin, body: { defaultVatRate: '5.5', defaultCurrency: 'EUR' }, headers: { 'if-match': '"0"' } });
    expect(set.status, set.text).toBe(200);
    expect(set.body).toMatchObject({ defaultVatRate: '5.5', defaultCurrency: 'EUR', set: { defaultVatRate: '5.5', defaultCurrency: 'EUR' }, version: 1 });
    expectProblem(await api.call('PUT', '/v1/settings/sales', { token: admin, body: { defaultCurrency: 'XYZ' } }), 422, 'body.defaultCurrency');
  });
});
