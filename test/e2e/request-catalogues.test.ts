import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultCatalogues } from '../../domain/settings/catalogues.ts';
import { requestCatalogueOf } from '../../domain/requests/request-catalogue.ts';
import { testDependencies, uniqueTenant } from '../support/dynamo.ts';
import { apiClient, expectProblem } from '../support/http-client.ts';
import { startLocalStack, type LocalStack } from '../support/local-stack.ts';

/**
 * The customer requests' two catalogues over HTTP: `request-types` (new with CatalogueSet v3) and
 * `request-statuses` (the manual's "Stati ticket assistenza"; its order is the board's column order).
 * GET and PUT `/v1/settings/catalogs/{name}` take them like any other catalogue, and what is set is
 * what the request commands are checked against (`requestCatalogueOf` over the settings the services read).
 */
let stack: LocalStack;
let api: ReturnType<typeof apiClient>;

beforeAll(async () => {
  stack = await startLocalStack();
  api = apiClient(stack.url);
});

afterAll(async () => stack?.stop());

const usersOf = async () => {
  const tenant = uniqueTenant('req-cat');
  return {
    tenant,
    admin: await stack.token('ada', { tenant, role: 'admin', groups: [] }),
    manager: await stack.token('tom', { tenant, role: 'manager', groups: [] }),
    restricted: await stack.token('rita', { tenant, role: 'restricted', groups: [] }),
    stranger: await stack.token('ada', { tenant: uniqueTenant('other'), role: 'admin', groups: [] }),
  };
};

const put = (path: string, token: string, body: unknown, headers?: Record<string, string>) =>
  api.call('PUT', path, { token, body, ...(headers ? { headers } : {}) });

const defaultTypes = ['commercial', 'support', 'reminder', 'meeting_request', 'other'];

describe('the request-types catalogue over HTTP', () => {
  it('answers the five types of the manual until set, then the list as set, with ETag and If-Match', async () => {
    const users = await usersOf();
    const initial = await api.get('/v1/settings/catalogs/request-types', users.restricted);
    expect(initial.status, initial.text).toBe(200);
    expect(initial.body).toEqual({ ...defaultCatalogues['request-types'], version: 0 });
    expect(initial.body.entries.map((entry: { value: string }) => entry.value)).toEqual(defaultTypes);
    expect(initial.headers.get('etag')).toBe('"0"');

    // "sollecito" renamed in Italian, meeting requests no longer taken, a tenant's own type added.
    const entries = [
      ...defaultTypes.map((value) => (value === 'meeting_request' ? { value, active: false } : value === 'reminder' ? { value, labels: { it: 'Sollecito' } } : { value })),
      { value: 'warranty', labels: { it: 'Garanzia', en: 'Warranty' } },
    ];
    const set = await put('/v1/settings/catalogs/request-types', users.admin, { entries }, { 'if-match': '"0"' });
    expect(set.status, set.text).toBe(200);
    expect(set.headers.get('etag')).toBe('"1"');
    expect(set.body).toMatchObject({ name: 'request-types', enforced: true, version: 1 });
    expect(set.body.entries.at(-1)).toEqual({ value: 'warranty', labels: { it: 'Garanzia', en: 'Warranty' }, active: true });

    const read = await api.get('/v1/settings/catalogs/request-types', users.manager);
    expect(read.body).toEqual(set.body);
    // The settings the request services read: the active types, in order.
    const settings = testDependencies().settings;
    const catalogue = requestCatalogueOf(await settings.catalogue(users.tenant, 'request-statuses'), await settings.catalogue(users.tenant, 'request-types'));
    expect(catalogue).toEqual({ statuses: ['new', 'in_progress', 'completed'], types: ['commercial', 'support', 'reminder', 'other', 'warranty'] });

    expectProblem(await put('/v1/settings/catalogs/request-types', users.admin, { entries }, { 'if-match': '"0"' }), 412);
    // Another tenant still has the defaults.
    expect((await api.get('/v1/settings/catalogs/request-types', users.stranger)).body).toEqual({ ...defaultCatalogues['request-types'], version: 0 });
  });

  it('lets only administrators set it, keeps every value a request may carry, names the field it refuses', async () => {
    const users = await usersOf();
    for (const token of [users.manager, users.restricted]) {
      expectProblem(await put('/v1/settings/catalogs/request-types', token, { entries: defaultTypes.map((value) => ({ value })) }), 403);
    }
    // A type leaves the list only by being deactivated: requests keep the values they were given.
    expectProblem(await put('/v1/settings/catalogs/request-types', users.admin, { entries: [{ value: 'commercial' }] }), 422, 'body.entries');
    expectProblem(
      await put('/v1/settings/catalogs/request-types', users.admin, { entries: [...defaultTypes.map((value) => ({ value })), { value: 'Not A Value' }] }),
      422,
      'body.entries.5.value',
    );
    expectProblem(await put('/v1/settings/catalogs/request-types', users.admin, { entries: [{ value: 7 }] }), 400, 'body.entries.0.value');
  });

  it('reorders the request statuses (the board columns) and adds one', async () => {
    const users = await usersOf();
    const entries = [{ value: 'in_progress' }, { value: 'new' }, { value: 'waiting_customer', labels: { it: 'In attesa del cliente' } }, { value: 'completed' }];
    const set = await put('/v1/settings/catalogs/request-statuses', users.admin, { entries });
    expect(set.status, set.text).toBe(200);
    const settings = testDependencies().settings;
    const catalogue = requestCatalogueOf(await settings.catalogue(users.tenant, 'request-statuses'), await settings.catalogue(users.tenant, 'request-types'));
    expect(catalogue).toEqual({ statuses: ['in_progress', 'new', 'waiting_customer', 'completed'], types: defaultTypes });
  });
});
