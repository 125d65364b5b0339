import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { created, tenantWith } from '../support/directory-fixtures.ts';
import { apiClient, expectProblem } from '../support/http-client.ts';
import { startLocalStack, type LocalStack } from '../support/local-stack.ts';

/**
 * Generating documents from a customer request over HTTP (`POST /v1/requests/{id}/generate`): a
 * ticket, a quote and a meeting, each pre-filled from the request and linked both ways (the request
 * lists it, the document names its `origin`), 201 with the document's `Location` and the request's
 * `ETag`; `close: true` closes the request in the same call; the refusals as problems naming the
 * field. Dates are far in the future: nothing depends on today.
 */
let stack: LocalStack;
let api: ReturnType<typeof apiClient>;

beforeAll(async () => {
  stack = await startLocalStack();
  api = apiClient(stack.url);
});
afterAll(async () => stack?.stop());

const setup = async (prefix: string) => {
  const users = await tenantWith(stack, prefix);
  const acme = (await created(api, '/v1/companies', users.admin, { legalName: 'Acme Srl', kind: 'client' })).id as string;
  const parts = (await created(api, '/v1/companies', users.admin, { legalName: 'Parts Spa', kind: 'supplier' })).id as string;
  const anna = (await created(api, '/v1/contacts', users.admin, { firstName: 'Anna', companyId: acme })).id as string;
  const request = async (body: Record<string, unknown> = {}) =>
    (await created(api, '/v1/requests', users.olga, { companyId: acme, contactId: anna, description: 'The printer jams every morning\nsince Monday', responsibleId: 'tom', ...body })).id as string;
  return { users, acme, parts, anna, request };
};

const generate = (id: string, token: string, body: Record<string, unknown>, headers: Record<string, string> = {}) => api.post(`/v1/requests/${id}/generate`, token, body, headers);

describe('generating documents from a customer request over HTTP', () => {
  it('a ticket: 201, Location of the ticket, ETag of the request, linked both ways', async () => {
    const { users, acme, anna, request } = await setup('gen-ticket');
    const id = await request();
    const response = await generate(id, users.olga, { document: 'ticket', priority: 'high' }, { 'if-match': '"1"' });
    expect(response.status, response.text).toBe(201);
    const ticketId = response.body.document.id as string;
    expect(response.headers.get('location')).toBe(`/v1/tickets/${ticketId}`);
    expect(response.headers.get('etag')).toBe('"2"');
    expect(response.body.document).toMatchObject({
      kind: 'ticket',
      reference: String(response.body.document.record.number),
      record: { companyId: acme, contactId: anna, subject: 'The printer jams every morning', priority: 'high', assignee: { userId: 'tom' }, origin: { kind: 'request', id } },
    });
    expect(response.body.request).toMatchObject({ id, version: 2, closed: false, documents: [{ kind: 'ticket', id: ticketId, by: 'olga' }] });

    const ticket = await api.get(`/v1/tickets/${ticketId}`, users.olga);
    expect(ticket.status, ticket.text).toBe(200);
    expect(ticket.body.origin).toStrictEqual({ kind: 'request', id });
    const read = await api.get(`/v1/requests/${id}`, users.olga);
    expect(read.body.documents).toStrictEqual(response.body.request.documents);
    expect(read.headers.get('etag')).toBe('"2"');
    const history = await api.get(`/v1/requests/${id}/history`, users.olga);
    expect(JSON.stringify(history.body)).toContain('RequestDocumentGenerated');

    // A ticket opened directly has no origin.
    const direct = await created(api, '/v1/tickets', users.olga, { companyId: acme, subject: 'Direct' });
    expect(direct.origin).toBeNull();
  });

  it('a quote: to the request’s company, operated by its responsible, valid 30 days from validFrom', async () => {
    const { users, acme, request } = await setup('gen-quote');
    const id = await request();
    const response = await generate(id, users.olga, { document: 'quote', amount: '250.00', validFrom: '2098-01-10' });
    expect(response.status, response.text).toBe(201);
    const quoteId = response.body.document.id as string;
    expect(response.headers.get('location')).toBe(`/v1/quotes/${quoteId}`);
    expect(response.body.document).toMatchObject({
      kind: 'quote',
      reference: expect.stringMatching(/^Q-\d{4}-00001$/),
      record: { party: { kind: 'company', id: acme }, operatorId: 'tom', validFrom: '2098-01-10', validUntil: '2098-02-09', status: 'draft', origin: { kind: 'request', id } },
    });
    const quote = await api.get(`/v1/quotes/${quoteId}`, users.olga);
    expect(quote.body).toMatchObject({ reference: response.body.document.reference, origin: { kind: 'request', id } });

    // A quote needs a price, as when drafted directly: the refusal names the field.
    expectProblem(await generate(id, users.olga, { document: 'quote' }), 422, 'body.lines');
  });

  it('a meeting with close: the activity and the closed request in one call; the closed request refuses more', async () => {
    const { users, acme, request } = await setup('gen-meeting');
    const id = await request();
    const response = await generate(id, users.olga, {
      document: 'meeting',
      start: '2098-03-05T10:00:00+01:00',
      end: '2098-03-05T11:00:00+01:00',
      close: true,
      outcome: 'visit planned',
    });
    expect(response.status, response.text).toBe(201);
    const activityId = response.body.document.id as string;
    expect(response.headers.get('location')).toBe(`/v1/activities/${activityId}`);
    expect(response.headers.get('etag')).toBe('"3"');
    expect(response.body.document).toMatchObject({
      kind: 'meeting',
      reference: 'The printer jams every morning',
      record: { type: 'meeting', related: { kind: 'company', id: acme }, assignee: { userId: 'tom' }, start: '2098-03-05T09:00:00.000Z', origin: { kind: 'request', id } },
    });
    expect(response.body.request).toMatchObject({ closed: true, closedBy: 'olga', outcome: 'visit planned', version: 3 });
    const activity = await api.get(`/v1/activities/${activityId}`, users.admin);
    expect(activity.body.origin).toStrictEqual({ kind: 'request', id });

    expectProblem(await generate(id, users.olga, { document: 'ticket' }), 409);
    expect((await api.get(`/v1/requests/${id}`, users.olga)).body.documents).toHaveLength(1);
  });

  it('refusals: no responsible (409 responsibleId), stale If-Match (412), the request’s company (409 companyId), bad times (422 end), invisible (404)', async () => {
    const { users, parts, request } = await setup('gen-refused');
    const unassigned = await request({ responsibleId: null });
    expectProblem(await generate(unassigned, users.olga, { document: 'ticket' }), 409, 'body.responsibleId');

    const id = await request();
    expectProblem(await generate(id, users.olga, { document: 'ticket' }, { 'if-match': '"9"' }), 412);
    expectProblem(await generate(id, users.olga, { document: 'meeting', start: '2098-03-05T10:00:00Z', end: '2098-03-05T09:00:00Z' }), 422, 'body.end');
    // rita (restricted) neither registered it nor is responsible for it.
    expectProblem(await generate(id, users.rita, { document: 'ticket' }), 404);
    expectProblem(await generate('no-such-request', users.olga, { document: 'ticket' }), 404);

    const supplier = await request({ companyId: parts, contactId: null });
    expectProblem(await generate(supplier, users.olga, { document: 'quote', amount: '10' }), 409, 'body.companyId');
    // Nothing of the refused generations exists: the requests are as registered.
    for (const request of [unassigned, id, supplier]) expect((await api.get(`/v1/requests/${request}`, users.olga)).body).toMatchObject({ version: 1, documents: [] });
  });
});
