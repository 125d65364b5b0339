import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { created, tenantWith } from '../support/directory-fixtures.ts';
import { apiClient, eventually, expectProblem } from '../support/http-client.ts';
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

    expectProblem(await api.post('/v1/companies', olga, { legalName: 'X', customFields: { shoeSize: 42 } }), 422, 'body.customFields.shoeSize');
    expectProblem(await api.post('/v1/companies', olga, { legalName: 'X', customFields: { employees: 'twelve' } }), 422, 'body.customFields.employees');
    expectProblem(await api.post('/v1/companies', olga, { legalName: 'X', status: 'lunch' }), 422, 'body.status');
    // The refused registrations consumed no company code.
    expect(await created(api, '/v1/companies', olga, { legalName: 'Beta' })).toMatchObject({ code: 'C000002' });

    // A refused PATCH writes nothing, not even its valid part.
    const refused = await api.call('PATCH', `/v1/companies/${acme.id}`, { token: olga, body: { area: 'North', customFields: { rating: 'Z' } } });
    expectProblem(refused, 422, 'body.customFields.rating');
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
    expectProblem(await api.post('/v1/companies', olga, { legalName: 'X', customFields: { employees: 1 } }), 422, 'body.customFields.employees');
  });
});

describe('custom fields and catalogues on contacts and leads', () => {
  it('checks stage, source, position and custom fields of contacts', async () => {
    const { olga } = await configuredTenant('cfc');
    const anna = await created(api, '/v1/contacts', olga, { firstName: 'Anna', stage: 'new', source: 'fair', position: 'ceo', customFields: { birthday: '1990-02-28' } });
    expect(anna).toMatchObject({ stage: 'new', source: 'fair', position: 'ceo', customFields: { birthday: '1990-02-28' } });
    expectProblem(await api.post('/v1/contacts', olga, { firstName: 'B', stage: 'hot' }), 422, 'body.stage');
    expectProblem(await api.post('/v1/contacts', olga, { firstName: 'B', source: 'radio' }), 422, 'body.source');
    expectProblem(await api.post('/v1/contacts', olga, { firstName: 'B', position: 'Pope' }), 422, 'body.position');
    expectProblem(await api.post('/v1/contacts', olga, { firstName: 'B', customFields: { birthday: '1990-02-30' } }), 422, 'body.customFields.birthday');
    const bulk = await api.post('/v1/contacts/bulk', olga, { ids: [anna.id], action: { type: 'setStage', stage: 'hot' } });
    expect(bulk.body).toMatchObject({ failed: 1, results: [{ ok: false, error: { status: 422 } }] });
  });

  it('checks stage, source and custom fields of leads', async () => {
    const { olga } = await configuredTenant('cfl');
    const lead = await created(api, '/v1/leads', olga, { companyName: 'Acme', stage: 'qualified', source: 'web', customFields: { budget: 2500.5 } });
    expect(lead).toMatchObject({ stage: 'qualified', source: 'web', customFields: { budget: 2500.5 } });
    expectProblem(await api.post('/v1/leads', olga, { companyName: 'X', stage: 'hot' }), 422, 'body.stage');
    expectProblem(await api.post('/v1/leads', olga, { companyName: 'X', source: 'radio' }), 422, 'body.source');
    expectProblem(await api.post('/v1/leads', olga, { companyName: 'X', customFields: { budget: 'lots' } }), 422, 'body.customFields.budget');
    const patched = await api.call('PATCH', `/v1/leads/${lead.id}`, { token: olga, body: { customFields: { budget: null } } });
    expect(patched.status, patched.text).toBe(200);
    expect(patched.body.customFields).toEqual({});
  });
});

describe('lists filter on custom fields (?cf.<key>=)', () => {
  const names = (response: { status: number; text: string; body: { items: { legalName?: string; lastName?: string; companyName?: string }[] } }) => {
    expect(response.status, response.text).toBe(200);
    return response.body.items.map((item) => item.legalName ?? item.lastName ?? item.companyName);
  };

  it('finds companies, contacts and leads by a custom-field value, in lists and in search', async () => {
    // The settings events carry empty maps (labels): the stream must get past them (local poller).
    const { olga } = await configuredTenant('cff');
    await created(api, '/v1/companies', olga, { legalName: 'Acme', customFields: { employees: 12, rating: 'A' } });
    await created(api, '/v1/companies', olga, { legalName: 'Acme Beta', customFields: { rating: 'B' } });
    await created(api, '/v1/contacts', olga, { firstName: 'Ewa', lastName: 'Nowak', customFields: { birthday: '1980-02-03' } });
    await created(api, '/v1/contacts', olga, { firstName: 'Jan', lastName: 'Kowalski' });
    await created(api, '/v1/leads', olga, { companyName: 'Gamma', customFields: { budget: 1500.5 } });
    await created(api, '/v1/leads', olga, { companyName: 'Delta', customFields: { budget: 20 } });

    await eventually(async () => expect(names(await api.get('/v1/companies?cf.rating=A', olga))).toEqual(['Acme']));
    // Each company is projected on its own (another stream shard may be behind): wait for the second too.
    await eventually(async () => expect(names(await api.get('/v1/companies?cf.rating=b', olga))).toEqual(['Acme Beta']));
    expect(names(await api.get('/v1/companies?cf.employees=12&cf.rating=A', olga))).toEqual(['Acme']);
    expect(names(await api.get('/v1/companies?cf.employees=13', olga))).toEqual([]);
    expect(names(await api.get('/v1/companies?q=acme&cf.rating=B', olga))).toEqual(['Acme Beta']);
    await eventually(async () => expect(names(await api.get('/v1/contacts?cf.birthday=1980-02-03', olga))).toEqual(['Nowak']));
    await eventually(async () => expect(names(await api.get('/v1/leads?cf.budget=1500.5', olga))).toEqual(['Gamma']));
  });

  it('refuses a query parameter that is neither declared nor cf.<key> (400 naming it)', async () => {
    const { olga } = await tenantWith(stack, 'cfq');
    expectProblem(await api.get('/v1/companies?shoeSize=42', olga), 400, 'query.shoeSize');
    expectProblem(await api.get('/v1/contacts?cf.=1', olga), 400, 'query.cf.');
  });
});
