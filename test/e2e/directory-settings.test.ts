import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { created, tenantWith } from '../support/directory-fixtures.ts';
import { apiClient, expectProblem } from '../support/http-client.ts';
import { startLocalStack } from '../support/local-stack.ts';

/**
 * Custom fields and catalogue values over HTTP: an administrator PUTs the tenant's catalogues and
 * custom-field definitions (/v1/settings/…), and the directory enforces them on the next command.
 */

type Stack = Awaited<ReturnType<typeof startLocalStack>>;

let stack: Stack;
let api: ReturnType<typeof apiClient>;

beforeAll(async () => {
  stack = await startLocalStack();
  api = apiClient(stack.url);
});
afterAll(async () => stack?.stop());

const put = async (token: string, path: string, body: unknown) => {
  const response = await api.call('PUT', path, { token, body });
  expect(response.status, response.text).toBe(200);
};

const configuredTenant = async (prefix: string) => {
  const users = await tenantWith(stack, prefix);
  const catalogue = (name: string, ...values: string[]) => put(users.admin, `/v1/settings/catalogs/${name}`, { entries: values.map((value) => ({ value })) });
  await catalogue('company-statuses', 'call_back', 'visit');
  await catalogue('stages', 'new', 'qualified');
  await catalogue('sources', 'fair', 'web');
  await catalogue('positions', 'ceo');
  await put(users.admin, '/v1/settings/custom-fields/company', {
    fields: [
      { key: 'employees', label: 'Employees', type: 'integer' },
      { key: 'rating', label: 'Rating', type: 'choice', options: ['A', 'B'] },
    ],
  });
  await put(users.admin, '/v1/settings/custom-fields/contact', { fields: [{ key: 'birthday', label: 'Birthday', type: 'date' }] });
  await put(users.admin, '/v1/settings/custom-fields/lead', { fields: [{ key: 'budget', label: 'Budget', type: 'number' }] });
  return users;
};

describe('custom fields and catalogues on companies', () => {
  it('stores valid values (201) and refuses unknown fields, wrong types and unknown statuses (422 naming the field)', async () => {
    const { olga } = await configuredTenant('cf');
    const acme = await created(api, '/v1/companies', olga, { legalName: 'Acme', status: 'visit', customFields: { employees: 12, rating: 'A' } });
    expect(acme).toMatchObject({ status: 'visit', customFields: { employees: 12, rating: 'A' }, version: 2 });

    expectProblem(await api.post('/v1/companies', olga, { legalName: 'X', customFields: { shoeSize: 42 } }), 422, 'customFields.shoeSize');
    expectProblem(await api.post('/v1/companies', olga, { legalName: 'X', customFields: { employees: 'twelve' } }), 422, 'customFields.employees');
    expectProblem(await api.post('/v1/companies', olga, { legalName: 'X', status: 'lunch' }), 422, 'status');
    // The refused registrations consumed no company code.
    expect(await created(api, '/v1/companies', olga, { legalName: 'Beta' })).toMatchObject({ code: 'C000002' });

    // A refused PATCH writes nothing, not even its valid part.
    const refused = await api.call('PATCH', `/v1/companies/${acme.id}`, { token: olga, body: { area: 'North', customFields: { rating: 'Z' } } });
    expectProblem(refused, 422, 'customFields.rating');
    const patched = await api.call('PATCH', `/v1/companies/${acme.id}`, { token: olga, body: { customFields: { rating: null, employees: 13 } } });
    expect(patched.status, patched.text).toBe(200);
    expect(patched.body).toMatchObject({ area: null, customFields: { employees: 13 }, version: 3 });
    expect(patched.body.customFields).not.toHaveProperty('rating');

    const history = await api.get(`/v1/companies/${acme.id}/history`, olga);
    expect(history.body.items.map((e: { type: string }) => e.type)).toEqual(['CompanyRegistered', 'CompanyCustomFieldsChanged', 'CompanyCustomFieldsChanged']);
  });

  it('checks a bulk status change per record against the catalogue', async () => {
    const { olga } = await configuredTenant('cfb');
    const acme = await created(api, '/v1/companies', olga, { legalName: 'Acme' });
    const bad = await api.post('/v1/companies/bulk', olga, { ids: [acme.id], action: { type: 'setStatus', status: 'lunch' } });
    expect(bad.status, bad.text).toBe(200);
    expect(bad.body).toMatchObject({ succeeded: 0, failed: 1, results: [{ id: acme.id, ok: false, error: { status: 422 } }] });
    const good = await api.post('/v1/companies/bulk', olga, { ids: [acme.id], action: { type: 'setStatus', status: 'call_back' } });
    expect(good.body).toMatchObject({ succeeded: 1, failed: 0 });
  });

  it('a tenant that configured nothing takes any status and no custom field', async () => {
    const { olga } = await tenantWith(stack, 'cfn');
    await created(api, '/v1/companies', olga, { legalName: 'Acme', status: 'whatever' });
    expectProblem(await api.post('/v1/companies', olga, { legalName: 'X', customFields: { employees: 1 } }), 422, 'customFields.employees');
  });
});

describe('custom fields and catalogues on contacts and leads', () => {
  it('checks stage, source, position and custom fields of contacts', async () => {
    const { olga } = await configuredTenant('cfc');
    const anna = await created(api, '/v1/contacts', olga, { firstName: 'Anna', stage: 'new', source: 'fair', position: 'ceo', customFields: { birthday: '1990-02-28' } });
    expect(anna).toMatchObject({ stage: 'new', source: 'fair', position: 'ceo', customFields: { birthday: '1990-02-28' } });
    expectProblem(await api.post('/v1/contacts', olga, { firstName: 'B', stage: 'hot' }), 422, 'stage');
    expectProblem(await api.post('/v1/contacts', olga, { firstName: 'B', source: 'radio' }), 422, 'source');
    expectProblem(await api.post('/v1/contacts', olga, { firstName: 'B', position: 'Pope' }), 422, 'position');
    expectProblem(await api.post('/v1/contacts', olga, { firstName: 'B', customFields: { birthday: '1990-02-30' } }), 422, 'customFields.birthday');
    const bulk = await api.post('/v1/contacts/bulk', olga, { ids: [anna.id], action: { type: 'setStage', stage: 'hot' } });
    expect(bulk.body).toMatchObject({ failed: 1, results: [{ ok: false, error: { status: 422 } }] });
  });

  it('checks stage, source and custom fields of leads', async () => {
    const { olga } = await configuredTenant('cfl');
    const lead = await created(api, '/v1/leads', olga, { companyName: 'Acme', stage: 'qualified', source: 'web', customFields: { budget: 2500.5 } });
    expect(lead).toMatchObject({ stage: 'qualified', source: 'web', customFields: { budget: 2500.5 } });
    expectProblem(await api.post('/v1/leads', olga, { companyName: 'X', stage: 'hot' }), 422, 'stage');
    expectProblem(await api.post('/v1/leads', olga, { companyName: 'X', source: 'radio' }), 422, 'source');
    expectProblem(await api.post('/v1/leads', olga, { companyName: 'X', customFields: { budget: 'lots' } }), 422, 'customFields.budget');
    const patched = await api.call('PATCH', `/v1/leads/${lead.id}`, { token: olga, body: { customFields: { budget: null } } });
    expect(patched.status, patched.text).toBe(200);
    expect(patched.body.customFields).toEqual({});
  });
});
