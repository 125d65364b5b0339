import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dependenciesFromEnv } from '../../functions/shared/dependencies.ts';
import type { QuoteContent } from '../../events/sales/quote-events.ts';
import { uniqueTenant } from '../support/dynamo.ts';
import { apiClient, eventually, expectProblem } from '../support/http-client.ts';
import { startLocalStack } from '../support/local-stack.ts';
import { registerUser } from '../support/people.ts';
import { seedQuote } from '../support/acceptance-fixtures.ts';

/**
 * Accepting quotes into sales orders over HTTP, and reading the orders. The first quote goes through
 * the quote routes (drafted, sent); the others are written to the log as those routes write them
 * (sent, or expired as the expiry job would), all valid far into the future, so nothing here depends
 * on today's date.
 */
type Stack = Awaited<ReturnType<typeof startLocalStack>>;

let stack: Stack;
let api: ReturnType<typeof apiClient>;
const tenant = uniqueTenant('orders');
const tokens: Record<string, string> = {};
const store = () => dependenciesFromEnv().eventStore;
let quotes = 0;

/** A quote in the log (sent unless said otherwise); its id. */
const quote = async (content: Partial<QuoteContent> = {}, status: 'draft' | 'sent' | 'expired' = 'sent') => {
  const id = `qte-${++quotes}`;
  await seedQuote(store(), tenant, id, { number: quotes, status, content: { opportunityId: null, validUntil: '2999-12-31', ...content } });
  return id;
};

const accept = (token: string, id: string, body?: unknown, headers?: Record<string, string>) => api.post(`/v1/quotes/${id}/accept`, token, body, headers);

beforeAll(async () => {
  stack = await startLocalStack();
  api = apiClient(stack.url);
  // Quotes name their operator: a user of the tenant (checked on the users' own streams).
  // Registered with the roles their tokens claim: the role of record is the one that applies (functions/http/auth.ts).
  await Promise.all([registerUser(tenant, 'olga'), registerUser(tenant, 'tom', { role: 'manager' }), registerUser(tenant, 'rita', { role: 'restricted' })]);
  tokens.admin = await stack.token('ada', { tenant, role: 'admin', groups: [] });
  tokens.olga = await stack.token('olga', { tenant, role: 'standard', groups: [] });
  tokens.tom = await stack.token('tom', { tenant, role: 'manager', groups: [] });
  tokens.rita = await stack.token('rita', { tenant, role: 'restricted', groups: [] });
  tokens.stranger = await stack.token('olga', { tenant: uniqueTenant('other'), role: 'admin', groups: [] });
});

afterAll(async () => stack?.stop());

describe('accepting a quote over HTTP', () => {
  it('creates the order with the quote’s lines and totals, locks the quote and wins its opportunity', async () => {
    // Drafted and sent through the quote routes, for a company and an opportunity of the tenant.
    const company = await api.post('/v1/companies', tokens.admin, { legalName: 'Rossi S.r.l.' });
    expect(company.status, company.text).toBe(201);
    const opportunity = await api.post('/v1/opportunities', tokens.olga, { title: 'Fleet', parties: [{ kind: 'company', id: company.body.id }] });
    expect(opportunity.status, opportunity.text).toBe(201);
    const drafted = await api.post('/v1/quotes', tokens.olga, {
      party: { kind: 'company', id: company.body.id },
      operatorId: 'olga',
      validFrom: '2026-01-10',
      validUntil: '2999-12-31',
      currency: 'EUR',
      lines: [
        { description: 'Licence', quantity: '3', unitPrice: '33.33', vatRate: '22' },
        { description: 'Setup', quantity: '1', unitPrice: '0.30', vatRate: '22' },
      ],
      description: 'Licences and setup',
      opportunityId: opportunity.body.id,
    });
    expect(drafted.status, drafted.text).toBe(201);
    const id = drafted.body.id as string;
    const sent = await api.post(`/v1/quotes/${id}/send`, tokens.olga);
    expect(sent.status, sent.text).toBe(200);

    const accepted = await accept(tokens.olga!, id, { note: 'signed' }, { 'idempotency-key': 'accept-1', 'if-match': sent.headers.get('etag')! });
    expect(accepted.status, accepted.text).toBe(200);
    expect(accepted.headers.get('etag')).toBe(`"${sent.body.version + 1}"`);
    expect(accepted.body.quote).toMatchObject({ id, status: 'accepted', orderId: accepted.body.order.id, orderReference: accepted.body.order.reference });
    expect(accepted.body.order.reference).toMatch(/^SO-\d{4}-00001$/);

    const order = await api.get(`/v1/orders/${accepted.body.order.id}`, tokens.olga);
    expect(order.status, order.text).toBe(200);
    expect(order.headers.get('etag')).toBe('"1"');
    expect(order.body).toMatchObject({
      id: accepted.body.order.id,
      reference: accepted.body.order.reference,
      quoteId: id,
      quoteReference: sent.body.reference,
      quoteRevision: 1,
      opportunityId: opportunity.body.id,
      party: { kind: 'company', id: company.body.id },
      operatorId: 'olga',
      currency: 'EUR',
      description: 'Licences and setup',
      version: 1,
    });
    // The quote's lines and totals, copied exactly (decimal strings): 3 × 33.33 + 0.30 = 100.29, VAT 22 % = 22.06.
    expect(order.body.totals).toStrictEqual(sent.body.totals);
    expect(order.body.totals).toMatchObject({ net: '100.29', vatTotal: '22.06', gross: '122.35' });
    expect(order.body.pricing.lines.map((l: { net: string }) => l.net)).toStrictEqual(['99.99', '0.30']);

    // Locked: it cannot be edited, accepted again or rejected.
    const quoteNow = await api.get(`/v1/quotes/${id}`, tokens.olga);
    expect(quoteNow.body).toMatchObject({ status: 'accepted', orderId: accepted.body.order.id });
    expectProblem(await api.call('PATCH', `/v1/quotes/${id}`, { token: tokens.olga, body: { description: 'changed' } }), 409);
    expectProblem(await accept(tokens.olga!, id), 409);
    expectProblem(await api.post(`/v1/quotes/${id}/reject`, tokens.olga, {}), 409);
    // The same key replays the first answer.
    const replay = await accept(tokens.olga!, id, { note: 'signed' }, { 'idempotency-key': 'accept-1', 'if-match': sent.headers.get('etag')! });
    expect(replay.text).toBe(accepted.text);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');

    // The linked opportunity is won by the order.
    const won = await api.get(`/v1/opportunities/${opportunity.body.id}`, tokens.olga);
    expect(won.body).toMatchObject({ status: 'won', won: { orderId: accepted.body.order.id, quoteId: id } });

    const history = await api.get(`/v1/orders/${accepted.body.order.id}/history`, tokens.olga);
    expect(history.body.items).toMatchObject([{ type: 'SalesOrderCreated', version: 1, actor: 'olga' }]);
    expect((await api.get(`/v1/orders/${accepted.body.order.id}?asOf=${encodeURIComponent(order.body.createdAt)}`, tokens.olga)).status).toBe(200);
    expectProblem(await api.get(`/v1/orders/${accepted.body.order.id}?asOf=2000-01-01T00:00:00Z`, tokens.olga), 404);
  });

  it('refuses a draft (409), an expired quote (409; 403 with allowExpired by a standard user) and accepts it by a manager', async () => {
    expectProblem(await accept(tokens.olga!, await quote({}, 'draft')), 409);
    const expired = await quote({}, 'expired');
    expectProblem(await accept(tokens.olga!, expired), 409);
    expectProblem(await accept(tokens.tom!, expired), 409);
    expectProblem(await accept(tokens.olga!, expired, { allowExpired: true }), 403);
    const byManager = await accept(tokens.tom!, expired, { allowExpired: true });
    expect(byManager.status, byManager.text).toBe(200);
    expect(byManager.body.quote.status).toBe('accepted');
    expectProblem(await accept(tokens.tom!, expired, { allowExpired: true }), 409);
  });

  it('names bad input, pins the quote with If-Match, and is 404 across tenants', async () => {
    const id = await quote();
    expectProblem(await accept(tokens.olga!, id, { allowExpired: 'yes' }), 400, 'body.allowExpired');
    expectProblem(await accept(tokens.olga!, id, { note: 'x'.repeat(2_001) }), 400, 'body.note');
    expectProblem(await accept(tokens.olga!, id, {}, { 'if-match': '"1"' }), 412);
    expectProblem(await accept(tokens.stranger!, id), 404);
    expectProblem(await accept(tokens.olga!, 'no-such-quote'), 404);
    const done = await accept(tokens.olga!, id, {}, { 'if-match': '"2"' });
    expect(done.status, done.text).toBe(200);
    expectProblem(await api.get(`/v1/orders/${done.body.order.id}`, tokens.stranger), 404);
    expectProblem(await api.get('/v1/orders?from=03-03-2026', tokens.olga), 400, 'query.from');
  });
});

describe('orders over HTTP', () => {
  it('lists orders by party, date, quote and operator; restricted users see only the orders they operate', async () => {
    const ritas = await quote({ operatorId: 'rita', party: { kind: 'lead', id: 'lead-9' } });
    const olgas = await quote({ party: { kind: 'company', id: 'cmp-9' } });
    const rita = await accept(tokens.rita!, ritas);
    expect(rita.status, rita.text).toBe(200);
    const olga = await accept(tokens.olga!, olgas);
    expect(olga.status, olga.text).toBe(200);
    // A restricted user cannot accept (nor see) someone else's quote.
    expectProblem(await accept(tokens.rita!, await quote()), 404);

    const ids = async (token: string, query = '') => {
      const response = await api.get(`/v1/orders${query}`, token);
      expect(response.status, response.text).toBe(200);
      return (response.body.items as { id: string }[]).map((i) => i.id);
    };
    await eventually(async () => expect(await ids(tokens.olga!, '?party=cmp-9')).toStrictEqual([olga.body.order.id]));
    await eventually(async () => expect(await ids(tokens.rita!)).toStrictEqual([rita.body.order.id]));
    expect(await ids(tokens.olga!, `?quote=${ritas}`)).toStrictEqual([rita.body.order.id]);
    expect(await ids(tokens.olga!, '?operator=rita')).toStrictEqual([rita.body.order.id]);
    expect(await ids(tokens.olga!, '?party=lead-9&from=2000-01-01&to=2999-12-31')).toStrictEqual([rita.body.order.id]);
    expect(await ids(tokens.olga!, '?party=lead-9&to=2000-01-01')).toStrictEqual([]);
    expect(await ids(tokens.rita!, '?operator=olga')).toStrictEqual([]);
    expect(await ids(tokens.stranger!)).toStrictEqual([]);

    expectProblem(await api.get(`/v1/orders/${olga.body.order.id}`, tokens.rita), 404);
    expect((await api.get(`/v1/orders/${rita.body.order.id}`, tokens.rita)).status).toBe(200);
    expect((await api.get(`/v1/orders/${rita.body.order.id}`, tokens.tom)).status).toBe(200);
  });
});
