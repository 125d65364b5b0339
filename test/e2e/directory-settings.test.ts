import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Catalogue, CatalogueName } from '../../domain/settings/catalogues.ts';
import { defaultCatalogues } from '../../domain/settings/catalogues.ts';
import type { CustomFieldDefinition, CustomFieldEntity } from '../../domain/settings/custom-fields.ts';
import type { TenantSettings } from '../../domain/settings/tenant-settings.ts';
import { createDirectoryHandler } from '../../functions/http/directory.ts';
import { dependenciesFromEnv } from '../../functions/shared/dependencies.ts';
import { created, tenantWith } from '../support/directory-fixtures.ts';
import { apiClient, expectProblem } from '../support/http-client.ts';
import { startLocalStack } from '../support/local-stack.ts';
import type { HttpHandler } from '../../local/http-server.ts';

/**
 * Custom fields and catalogue values over HTTP. The tenant's settings come through the TenantSettings
 * port; until the settings routes are wired, this suite gives the directory handler an in-memory
 * implementation of the port (what an admin's PUT would have stored) and keeps the rest real.
 */

type Stack = Awaited<ReturnType<typeof startLocalStack>>;

const configured = new Map<string, { catalogues: Partial<Record<CatalogueName, Catalogue>>; fields: Partial<Record<CustomFieldEntity, CustomFieldDefinition[]>> }>();
const settings: TenantSettings = {
  catalogue: async (tenant, name) => configured.get(tenant)?.catalogues[name] ?? defaultCatalogues[name],
  customFields: async (tenant, entity) => configured.get(tenant)?.fields[entity] ?? [],
};

const enforced = (name: CatalogueName, ...values: string[]): Catalogue => ({
  name,
  enforced: true,
  entries: values.map((value) => ({ value, labels: {}, active: true })),
});

let stack: Stack;
let api: ReturnType<typeof apiClient>;

beforeAll(async () => {
  // The middy handler's context type names what its middlewares add; the server passes a plain Lambda context.
  const directory = createDirectoryHandler(dependenciesFromEnv, settings) as unknown as HttpHandler;
  stack = await startLocalStack({ handlers: { directoryApi: directory } });
  api = apiClient(stack.url);
});
afterAll(async () => stack?.stop());

const configuredTenant = async (prefix: string) => {
  const users = await tenantWith(stack, prefix);
  configured.set(users.tenant, {
    catalogues: {
      'company-statuses': enforced('company-statuses', 'call back', 'visit'),
      stages: enforced('stages', 'new', 'qualified'),
      sources: enforced('sources', 'fair', 'web'),
      positions: enforced('positions', 'CEO'),
    },
    fields: {
      company: [
        { key: 'employees', label: 'Employees', type: 'integer', required: false },
        { key: 'rating', label: 'Rating', type: 'choice', options: ['A', 'B'], required: false },
      ],
      contact: [{ key: 'birthday', label: 'Birthday', type: 'date', required: false }],
      lead: [{ key: 'budget', label: 'Budget', type: 'number', required: false }],
    },
  });
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
    const good = await api.post('/v1/companies/bulk', olga, { ids: [acme.id], action: { type: 'setStatus', status: 'call back' } });
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
    const anna = await created(api, '/v1/contacts', olga, { firstName: 'Anna', stage: 'new', source: 'fair', position: 'CEO', customFields: { birthday: '1990-02-28' } });
    expect(anna).toMatchObject({ stage: 'new', source: 'fair', position: 'CEO', customFields: { birthday: '1990-02-28' } });
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
