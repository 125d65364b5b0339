import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { created, tenantWith } from '../support/directory-fixtures.ts';
import { apiClient, expectProblem } from '../support/http-client.ts';
import { startLocalStack, type LocalStack } from '../support/local-stack.ts';
import { registerUser } from '../support/people.ts';

/**
 * One customer request over HTTP (API.md "Support" `/v1/requests`): register (201, Location, ETag,
 * numbered per tenant), get, asOf, history, If-Match, edit, the responsible, close and reopen, 409 on
 * a closed request, the refusal naming `responsibleId`, references checked on the log, restricted
 * visibility and 404 across tenants. The board and the list are the board's tests; generation gen's.
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
  await registerUser(users.tenant, 'olga');
  const manager = await stack.token('mara', { tenant: users.tenant, role: 'manager', groups: [] });
  const acme = (await created(api, '/v1/companies', users.admin, { legalName: 'Acme Srl' })).id as string;
  const beta = (await created(api, '/v1/companies', users.admin, { legalName: 'Beta Spa' })).id as string;
  const anna = (await created(api, '/v1/contacts', users.admin, { firstName: 'Anna', companyId: acme })).id as string;
  return { users, manager, acme, beta, anna };
};

const register = async (token: string, body: Record<string, unknown>, headers?: Record<string, string>) => {
  const response = await api.post('/v1/requests', token, body, headers);
  expect(response.status, response.text).toBe(201);
  return response;
};

describe('customer request lifecycle over HTTP', () => {
  it('registers, reads, edits, assigns, closes and reopens a request, with If-Match, history and asOf', async () => {
    const { users, manager, acme, beta, anna } = await setup('req');
    const first = await register(users.olga, { companyId: acme, contactId: anna, requestType: 'commercial', description: 'Price for 40 licences', channel: 'phone' });
    const id = first.body.id as string;
    expect(first.headers.get('location')).toBe(`/v1/requests/${id}`);
    expect(first.headers.get('etag')).toBe('"1"');
    expect(first.body).toMatchObject({
      id,
      number: 1,
      companyId: acme,
      contactId: anna,
      requestType: 'commercial',
      description: 'Price for 40 licences',
      channel: 'phone',
      status: 'new',
      responsibleId: null,
      registeredBy: 'olga',
      closed: false,
      documents: [],
      version: 1,
    });
    expect(first.body.rank).toMatch(/^[0-9A-Za-z]+$/);
    const second = await register(users.olga, { companyId: beta, description: 'Reminder about the invoice', requestType: 'reminder' });
    expect(second.body).toMatchObject({ number: 2, requestType: 'reminder', contactId: null, channel: null });
    // A card registered later goes below the earlier one in its column.
    expect(second.body.rank > first.body.rank).toBe(true);
    const afterRegister = new Date().toISOString();

    const read = await api.get(`/v1/requests/${id}`, users.olga);
    expect(read.status, read.text).toBe(200);
    expect(read.headers.get('etag')).toBe('"1"');
    expect(read.body).toEqual(first.body);

    // Responsible first: nothing closes before one is set, and the refusal names the field.
    // The domain names `responsibleId`; the HTTP layer locates domain issues in the body, as for every command.
    expectProblem(await api.post(`/v1/requests/${id}/close`, users.olga, {}), 409, 'body.responsibleId');

    const edited = await patch(`/v1/requests/${id}`, users.olga, { description: 'Price for 50 licences', channel: null }, { 'if-match': '"1"' });
    expect(edited.status, edited.text).toBe(200);
    expect(edited.headers.get('etag')).toBe('"2"');
    expect(edited.body).toMatchObject({ description: 'Price for 50 licences', channel: null, contactId: anna, version: 2 });
    expectProblem(await patch(`/v1/requests/${id}`, users.olga, { description: 'Stale' }, { 'if-match': '"1"' }), 412);

    const assigned = await api.post(`/v1/requests/${id}/responsible`, users.olga, { userId: 'tom' }, { 'if-match': '"2"' });
    expect(assigned.status, assigned.text).toBe(200);
    expect(assigned.body).toMatchObject({ responsibleId: 'tom', version: 3 });

    const closed = await api.post(`/v1/requests/${id}/close`, users.olga, { outcome: 'Sent the price list' });
    expect(closed.status, closed.text).toBe(200);
    expect(closed.body).toMatchObject({ closed: true, closedBy: 'olga', outcome: 'Sent the price list', status: 'new', version: 4 });

    // A closed request refuses every change; only a manager or an administrator reopens it.
    expectProblem(await api.post(`/v1/requests/${id}/close`, users.olga, {}), 409);
    expectProblem(await patch(`/v1/requests/${id}`, users.olga, { description: 'Late' }), 409);
    expectProblem(await api.post(`/v1/requests/${id}/responsible`, users.olga, { userId: 'olga' }), 409);
    expectProblem(await api.post(`/v1/requests/${id}/reopen`, users.olga, {}), 403);

    const reopened = await api.post(`/v1/requests/${id}/reopen`, manager, { reason: 'Customer called back' }, { 'if-match': '"4"' });
    expect(reopened.status, reopened.text).toBe(200);
    expect(reopened.body).toMatchObject({ closed: false, closedAt: null, outcome: null, version: 5 });
    expect(reopened.body.rank > second.body.rank).toBe(true);
    expectProblem(await api.post(`/v1/requests/${id}/reopen`, users.admin, {}), 409);
    const closedAgain = await api.post(`/v1/requests/${id}/close`, users.admin);
    expect(closedAgain.status, closedAgain.text).toBe(200);
    expect(closedAgain.body).toMatchObject({ closed: true, outcome: null, version: 6 });

    const history = await api.get(`/v1/requests/${id}/history`, users.olga);
    expect(history.status, history.text).toBe(200);
    expect(history.body.items.map((e: { type: string }) => e.type)).toEqual([
      'RequestRegistered',
      'RequestEdited',
      'RequestResponsibleAssigned',
      'RequestClosed',
      'RequestReopened',
      'RequestClosed',
    ]);
    expect(history.body.items[0]).toMatchObject({ version: 1, actor: 'olga', data: { number: 1, companyId: acme } });

    const past = await api.get(`/v1/requests/${id}?asOf=${encodeURIComponent(afterRegister)}`, users.olga);
    expect(past.status, past.text).toBe(200);
    expect(past.body).toMatchObject({ description: 'Price for 40 licences', channel: 'phone', closed: false, version: 1 });
    expect(past.headers.get('etag')).toBe('"1"');
    expectProblem(await api.get(`/v1/requests/${id}?asOf=2000-01-01T00:00:00Z`, users.olga), 404);
  });

  it("takes statuses and types from the tenant's catalogues and refuses bad input naming the field", async () => {
    const { users, acme, beta, anna } = await setup('req-bad');
    const put = await api.call('PUT', '/v1/settings/catalogs/request-statuses', {
      token: users.admin,
      body: { entries: [{ value: 'new', active: false }, { value: 'in_progress' }, { value: 'completed' }, { value: 'triage' }] },
    });
    expect(put.status, put.text).toBe(200);
    const registered = await register(users.olga, { companyId: acme, description: 'x', responsibleId: 'tom' });
    expect(registered.body).toMatchObject({ status: 'in_progress', requestType: 'other', responsibleId: 'tom' });
    expect((await register(users.olga, { companyId: acme, description: 'y', status: 'triage' })).body.status).toBe('triage');

    expectProblem(await api.post('/v1/requests', users.olga, { companyId: acme, description: 'x', status: 'new' }), 422, 'body.status');
    expectProblem(await api.post('/v1/requests', users.olga, { companyId: acme, description: 'x', requestType: 'gossip' }), 422, 'body.requestType');
    expectProblem(await api.post('/v1/requests', users.olga, { companyId: 'cmp-nope', description: 'x' }), 422, 'body.companyId');
    expectProblem(await api.post('/v1/requests', users.olga, { companyId: beta, contactId: anna, description: 'x' }), 422, 'body.contactId');
    expectProblem(await api.post('/v1/requests', users.olga, { companyId: acme, contactId: 'ct-nope', description: 'x' }), 422, 'body.contactId');
    expectProblem(await api.post('/v1/requests', users.olga, { companyId: acme, description: 'x', responsibleId: 'ghost' }), 422, 'body.responsibleId');
    expectProblem(await api.post('/v1/requests', users.olga, { companyId: acme }), 400, 'body.description');
    expectProblem(await api.post('/v1/requests', users.olga, { companyId: acme, description: 'x', channel: 'pigeon' }), 400, 'body.channel');
    expectProblem(await api.post('/v1/requests', users.olga, { companyId: acme, description: 'x', extra: 1 }), 400);

    const id = registered.body.id as string;
    expectProblem(await api.post(`/v1/requests/${id}/responsible`, users.olga, { userId: 'ghost' }), 422, 'body.userId');
    expectProblem(await api.post(`/v1/requests/${id}/responsible`, users.olga, {}), 400, 'body.userId');
    expectProblem(await patch(`/v1/requests/${id}`, users.olga, {}), 400);
    // A new company drops the old company's contact; naming a contact of another company is refused.
    expectProblem(await patch(`/v1/requests/${id}`, users.olga, { companyId: beta, contactId: anna }), 422, 'body.contactId');
    const moved = await patch(`/v1/requests/${id}`, users.olga, { contactId: anna });
    expect(moved.body.contactId).toBe(anna);
    expect((await patch(`/v1/requests/${id}`, users.olga, { companyId: beta })).body).toMatchObject({ companyId: beta, contactId: null });
    expectProblem(await api.post(`/v1/requests/${id}/close`, users.olga, { outcome: 'x'.repeat(2_001) }), 400, 'body.outcome');
    expectProblem(await api.post('/v1/requests/nope/close', users.olga, {}), 404);
  });
});

describe('customer request numbers', () => {
  it('numbers requests registered at once 1..n per tenant, without gaps or repeats', async () => {
    const { users, acme } = await setup('req-num');
    const answers = await Promise.all(Array.from({ length: 6 }, (_, i) => api.post('/v1/requests', i % 2 ? users.olga : users.admin, { companyId: acme, description: `Call ${i}` })));
    for (const answer of answers) expect(answer.status, answer.text).toBe(201);
    expect(answers.map((answer) => answer.body.number as number).toSorted((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6]);
    // Another tenant counts from 1.
    const other = await setup('req-num-other');
    expect((await register(other.users.olga, { companyId: other.acme, description: 'First' })).body.number).toBe(1);
  });
});

describe('customer request visibility', () => {
  it('shows a restricted user the requests she is responsible for, registered, or nobody is responsible for; 404 across tenants', async () => {
    const { users, acme } = await setup('req-vis');
    const hidden = (await register(users.olga, { companyId: acme, description: 'Tom handles it', responsibleId: 'tom' })).body.id as string;
    const unassigned = (await register(users.olga, { companyId: acme, description: 'Nobody yet' })).body.id as string;
    const hers = (await register(users.olga, { companyId: acme, description: 'For Rita', responsibleId: 'rita' })).body.id as string;
    const byHer = (await register(users.rita, { companyId: acme, description: 'Rita registered it', responsibleId: 'tom' })).body;
    expect(byHer).toMatchObject({ registeredBy: 'rita', responsibleId: 'tom' });

    expectProblem(await api.get(`/v1/requests/${hidden}`, users.rita), 404);
    expectProblem(await api.get(`/v1/requests/${hidden}/history`, users.rita), 404);
    expectProblem(await patch(`/v1/requests/${hidden}`, users.rita, { description: 'x' }), 404);
    expectProblem(await api.post(`/v1/requests/${hidden}/close`, users.rita, {}), 404);
    expectProblem(await api.post(`/v1/requests/${hidden}/close`, users.rita, {}, { 'if-match': '"9"' }), 404);
    expectProblem(await api.post(`/v1/requests/${hidden}/responsible`, users.rita, { userId: 'rita' }), 404);
    for (const visible of [unassigned, hers, byHer.id]) expect((await api.get(`/v1/requests/${visible}`, users.rita)).status).toBe(200);

    // She picks up the unassigned one, and closes her own.
    expect((await api.post(`/v1/requests/${unassigned}/responsible`, users.rita, { userId: 'rita' })).body.responsibleId).toBe('rita');
    expect((await api.post(`/v1/requests/${hers}/close`, users.rita, {})).body.closed).toBe(true);
    expectProblem(await api.post(`/v1/requests/${hers}/reopen`, users.rita, {}), 403);

    const stranger = await stack.token('ada', { tenant: `${users.tenant}-x`, role: 'admin', groups: [] });
    expectProblem(await api.get(`/v1/requests/${hidden}`, stranger), 404);
    expectProblem(await api.get(`/v1/requests/${hidden}/history`, stranger), 404);
    expectProblem(await patch(`/v1/requests/${hidden}`, stranger, { description: 'x' }), 404);
    expectProblem(await api.post(`/v1/requests/${hidden}/responsible`, stranger, { userId: 'ada' }), 404);
    expectProblem(await api.post(`/v1/requests/${hers}/reopen`, stranger, {}), 404);
    // Another tenant's company is unknown here.
    expectProblem(await api.post('/v1/requests', stranger, { companyId: acme, description: 'x' }), 422, 'body.companyId');
  });
});
