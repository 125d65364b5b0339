import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultCatalogues } from '../../domain/settings/catalogues.ts';
import { testDependencies, uniqueTenant } from '../support/dynamo.ts';
import { apiClient, expectProblem } from '../support/http-client.ts';
import { startLocalStack, type LocalStack } from '../support/local-stack.ts';

let stack: LocalStack;
let api: ReturnType<typeof apiClient>;
const tokens: Record<string, string> = {};
let tenant: string;

beforeAll(async () => {
  stack = await startLocalStack();
  api = apiClient(stack.url);
});

afterAll(async () => stack?.stop());

/** Each test its own tenant: settings are per tenant and start as the defaults. */
const freshTenant = async () => {
  tenant = uniqueTenant('settings');
  tokens.admin = await stack.token('ada', { tenant, role: 'admin', groups: [] });
  tokens.manager = await stack.token('tom', { tenant, role: 'manager', groups: [] });
  tokens.standard = await stack.token('olga', { tenant, role: 'standard', groups: [] });
  tokens.restricted = await stack.token('rita', { tenant, role: 'restricted', groups: [] });
  tokens.stranger = await stack.token('ada', { tenant: uniqueTenant('other'), role: 'admin', groups: [] });
};

const put = (path: string, token: string | undefined, body: unknown, headers?: Record<string, string>) =>
  api.call('PUT', path, { ...(token ? { token } : {}), body, ...(headers ? { headers } : {}) });

const priorities = ['low', 'normal', 'high', 'urgent'].map((value) => ({ value }));

describe('catalogues over HTTP', () => {
  it('answers the defaults until set, then the list as set, with ETags and If-Match', async () => {
    await freshTenant();
    const initial = await api.get('/v1/settings/catalogs/ticket-priorities', tokens.restricted);
    expect(initial.status, initial.text).toBe(200);
    expect(initial.body).toEqual({ ...defaultCatalogues['ticket-priorities'], version: 0 });
    expect(initial.headers.get('etag')).toBe('"0"');

    const entries = [...priorities.slice(0, 3), { value: 'urgent', active: false }, { value: 'critical', labels: { it: 'Critica', pl: 'Krytyczny' } }];
    const set = await put('/v1/settings/catalogs/ticket-priorities', tokens.admin, { entries }, { 'if-match': '"0"' });
    expect(set.status, set.text).toBe(200);
    expect(set.headers.get('etag')).toBe('"1"');
    expect(set.body).toMatchObject({ name: 'ticket-priorities', enforced: true, version: 1 });
    expect(set.body.entries.at(-2)).toEqual({ value: 'urgent', labels: {}, active: false });
    expect(set.body.entries.at(-1)).toEqual({ value: 'critical', labels: { it: 'Critica', pl: 'Krytyczny' }, active: true });

    const read = await api.get('/v1/settings/catalogs/ticket-priorities', tokens.standard);
    expect(read.body).toEqual(set.body);
    expect(await testDependencies().settings.catalogue(tenant, 'ticket-priorities')).toMatchObject({ enforced: true, entries: set.body.entries });

    expectProblem(await put('/v1/settings/catalogs/ticket-priorities', tokens.admin, { entries }, { 'if-match': '"0"' }), 412);
    // Setting the same list again records nothing.
    const again = await put('/v1/settings/catalogs/ticket-priorities', tokens.admin, { entries }, { 'if-match': '"1"' });
    expect(again.status, again.text).toBe(200);
    expect(again.headers.get('etag')).toBe('"1"');
  });

  it('lets only administrators set catalogues; other tenants keep their own', async () => {
    await freshTenant();
    for (const token of [tokens.manager, tokens.standard, tokens.restricted]) {
      expectProblem(await put('/v1/settings/catalogs/stages', token, { entries: [{ value: 'new' }] }), 403);
    }
    expect((await put('/v1/settings/catalogs/stages', tokens.admin, { entries: [{ value: 'new' }] })).status).toBe(200);
    const other = await api.get('/v1/settings/catalogs/stages', tokens.stranger);
    expect(other.body).toEqual({ name: 'stages', enforced: false, entries: [], version: 0 });
  });

  it('answers 404 for an unknown catalogue, 422 naming the field for a bad list, 400 for a malformed body', async () => {
    await freshTenant();
    expectProblem(await api.get('/v1/settings/catalogs/colours', tokens.admin), 404);
    expectProblem(await put('/v1/settings/catalogs/colours', tokens.admin, { entries: [] }), 404);
    expectProblem(await put('/v1/settings/catalogs/ticket-priorities', tokens.admin, { entries: [...priorities, { value: 'low' }] }), 422, 'body.entries.4.value');
    expectProblem(await put('/v1/settings/catalogs/ticket-priorities', tokens.admin, { entries: priorities.slice(1) }), 422, 'body.entries');
    expectProblem(
      await put('/v1/settings/catalogs/ticket-priorities', tokens.admin, { entries: [...priorities, { value: 'x', labels: { de: 'X' } }] }),
      422,
      'body.entries.4.labels.de',
    );
    expectProblem(await put('/v1/settings/catalogs/ticket-priorities', tokens.admin, { entries: [{ value: 1 }] }), 400, 'body.entries.0.value');
  });
});

describe('custom fields over HTTP', () => {
  const fields = [
    { key: 'employees', label: 'Employees', labels: { it: 'Dipendenti' }, type: 'integer' },
    { key: 'sector', label: 'Sector', type: 'choice', options: ['food', 'metal'], required: true },
  ];

  it('answers none until set, then the definitions, with ETags and If-Match', async () => {
    await freshTenant();
    const initial = await api.get('/v1/settings/custom-fields/company', tokens.standard);
    expect(initial.body).toEqual({ entity: 'company', fields: [], version: 0 });
    expect(initial.headers.get('etag')).toBe('"0"');

    const set = await put('/v1/settings/custom-fields/company', tokens.admin, { fields }, { 'if-match': '"0"' });
    expect(set.status, set.text).toBe(200);
    expect(set.headers.get('etag')).toBe('"1"');
    expect(set.body).toEqual({
      entity: 'company',
      fields: [
        { ...fields[0], required: false },
        { ...fields[1], required: true },
      ],
      version: 1,
    });
    expect(await testDependencies().settings.customFields(tenant, 'company')).toEqual(set.body.fields);
    expect(await testDependencies().settings.customFields(tenant, 'contact')).toEqual([]);
    expectProblem(await put('/v1/settings/custom-fields/company', tokens.admin, { fields: [] }, { 'if-match': '"0"' }), 412);
  });

  it('lets only administrators set them; 404 for an unknown entity; 422 naming the field', async () => {
    await freshTenant();
    expectProblem(await put('/v1/settings/custom-fields/company', tokens.manager, { fields }), 403);
    expectProblem(await api.get('/v1/settings/custom-fields/invoice', tokens.admin), 404);
    expectProblem(await put('/v1/settings/custom-fields/invoice', tokens.admin, { fields }), 404);
    expectProblem(await put('/v1/settings/custom-fields/lead', tokens.admin, { fields: [fields[0], fields[0]] }), 422, 'body.fields.1.key');
    expectProblem(await put('/v1/settings/custom-fields/lead', tokens.admin, { fields: [{ ...fields[0], key: 'Bad Key' }] }), 422, 'body.fields.0.key');
    expectProblem(await put('/v1/settings/custom-fields/lead', tokens.admin, { fields: [{ ...fields[1], options: [] }] }), 422, 'body.fields.0.options');
    expectProblem(await put('/v1/settings/custom-fields/lead', tokens.admin, { fields: [{ ...fields[0], type: 'money' }] }), 400, 'body.fields.0.type');
  });
});
