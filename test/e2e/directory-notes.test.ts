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

describe('notes on companies and leads', () => {
  it('leaves notes on a company and a lead, in their history; 404 for what a restricted user cannot see', async () => {
    const { olga, rita } = await tenantWith(stack, 'notes');
    const acme = await created(api, '/v1/companies', olga, { legalName: 'Acme', responsibleUserId: 'olga' });
    const lead = await created(api, '/v1/leads', olga, { companyName: 'Beta', lastName: 'Rossi', ownerId: 'olga' });

    const onCompany = await api.post(`/v1/companies/${acme.id}/notes`, olga, { body: 'Wants a quote' });
    expect(onCompany.status, onCompany.text).toBe(200);
    expect(onCompany.body).toMatchObject({ id: acme.id, noteCount: 1, version: 2 });
    const onLead = await api.post(`/v1/leads/${lead.id}/notes`, olga, { body: 'Met at the fair' });
    expect(onLead.status, onLead.text).toBe(200);
    expect(onLead.body).toMatchObject({ id: lead.id, noteCount: 1, version: 2 });

    const history = await api.get(`/v1/companies/${acme.id}/history`, olga);
    expect(history.body.items.at(-1)).toMatchObject({ type: 'CompanyNoteAdded', actor: 'olga', data: { body: 'Wants a quote' } });

    expectProblem(await api.post(`/v1/companies/${acme.id}/notes`, rita, { body: 'peek' }), 404);
    expectProblem(await api.post(`/v1/leads/${lead.id}/notes`, rita, { body: 'peek' }), 404);
    expectProblem(await api.post(`/v1/leads/${lead.id}/notes`, olga, { body: '   ' }), 422, 'body.body');
    expectProblem(await api.post(`/v1/companies/${acme.id}/notes`, olga, { body: 'x', extra: 1 }), 400);
  });
});
