import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uniqueTenant } from '../support/dynamo.ts';
import { apiClient, expectProblem } from '../support/http-client.ts';
import { startLocalStack, type LocalStack } from '../support/local-stack.ts';

let stack: LocalStack;
let api: ReturnType<typeof apiClient>;
const tenant = uniqueTenant('catalogues');
let admin: string;
let olga: string;
/** The company the tickets are opened for (a ticket's company must exist). */
let c1: string;

const companyFor = async (token: string): Promise<string> => {
  const response = await api.post('/v1/companies', token, { legalName: 'C1 Srl' });
  expect(response.status, response.text).toBe(201);
  return response.body.id;
};

beforeAll(async () => {
  stack = await startLocalStack();
  api = apiClient(stack.url);
  admin = await stack.token('ada', { tenant, role: 'admin', groups: [] });
  olga = await stack.token('olga', { tenant, role: 'standard', groups: [] });
  c1 = await companyFor(olga);
});

afterAll(async () => stack?.stop());

const setCatalogue = async (name: string, entries: unknown[]) => {
  const response = await api.call('PUT', `/v1/settings/catalogs/${name}`, { token: admin, body: { entries } });
  expect(response.status, response.text).toBe(200);
};

describe('tickets use the tenant catalogues', () => {
  it('accepts only active types and priorities; a deactivated one stays on the tickets that have it', async () => {
    const old = await api.post('/v1/tickets', olga, { companyId: c1, subject: 'Down', type: 'incident', priority: 'urgent' });
    expect(old.status, old.text).toBe(201);

    await setCatalogue('ticket-types', [
      { value: 'problem', active: false },
      { value: 'question' },
      { value: 'request' },
      { value: 'incident', active: false },
      { value: 'outage', labels: { it: 'Disservizio' } },
    ]);
    await setCatalogue('ticket-priorities', [{ value: 'low' }, { value: 'normal' }, { value: 'high' }, { value: 'urgent', active: false }]);

    expectProblem(await api.post('/v1/tickets', olga, { companyId: c1, subject: 'Down', type: 'incident' }), 422, 'body.type');
    expectProblem(await api.post('/v1/tickets', olga, { companyId: c1, subject: 'Down', type: 'mystery' }), 422, 'body.type');
    expectProblem(await api.post('/v1/tickets', olga, { companyId: c1, subject: 'Down', priority: 'urgent' }), 422, 'body.priority');

    const outage = await api.post('/v1/tickets', olga, { companyId: c1, subject: 'Down', type: 'outage', priority: 'high' });
    expect(outage.status, outage.text).toBe(201);
    expect(outage.body).toMatchObject({ type: 'outage', priority: 'high' });
    // The usual default type is deactivated: the first active one is the default.
    const plain = await api.post('/v1/tickets', olga, { companyId: c1, subject: 'Question' });
    expect(plain.body).toMatchObject({ type: 'question', priority: 'normal' });

    const kept = await api.get(`/v1/tickets/${old.body.id}`, olga);
    expect(kept.body).toMatchObject({ type: 'incident', priority: 'urgent' });
    const taken = await api.post(`/v1/tickets/${old.body.id}/take`, olga);
    expect(taken.status, taken.text).toBe(200);
    expect(taken.body).toMatchObject({ type: 'incident', priority: 'urgent', status: 'in_progress' });
  });

  it('leaves other tenants on the defaults', async () => {
    const other = await stack.token('olga', { tenant: uniqueTenant('defaults'), role: 'standard', groups: [] });
    const response = await api.post('/v1/tickets', other, { companyId: await companyFor(other), subject: 'Down', type: 'incident', priority: 'urgent' });
    expect(response.status, response.text).toBe(201);
  });
});
