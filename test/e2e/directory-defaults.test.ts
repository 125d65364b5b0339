import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { created, tenantWith } from '../support/directory-fixtures.ts';
import { apiClient, eventually, expectProblem } from '../support/http-client.ts';
import { startLocalStack, type LocalStack } from '../support/local-stack.ts';

let stack: LocalStack;
let api: ReturnType<typeof apiClient>;

beforeAll(async () => {
  stack = await startLocalStack();
  api = apiClient(stack.url);
});
afterAll(async () => stack?.stop());

const setDefaults = (token: string, body: unknown) => api.call('PUT', '/v1/settings/directory', { token, body });

describe("the tenant's default country (GET|PUT /v1/settings/directory)", () => {
  it('is none until an administrator sets it; every user reads it, only administrators set it', async () => {
    const { admin, olga } = await tenantWith(stack, 'ddef');
    const before = await api.get('/v1/settings/directory', olga);
    expect(before.status, before.text).toBe(200);
    expect(before.body).toEqual({ defaultCountry: null, version: 0 });
    expectProblem(await setDefaults(olga, { defaultCountry: 'HU' }), 403);
    const set = await setDefaults(admin, { defaultCountry: 'Magyarország' });
    expect(set.status, set.text).toBe(200);
    expect(set.body).toEqual({ defaultCountry: 'HU', version: 1 });
    expect((await api.get('/v1/settings/directory', olga)).body).toEqual({ defaultCountry: 'HU', version: 1 });
    const refused = await setDefaults(admin, { defaultCountry: 'Narnia' });
    expect(refused.status, refused.text).toBe(422);
    expect(refused.body.errors.map((e: { path: string }) => e.path).join(' ')).toMatch(/defaultCountry/);
  });

  it('finds a Hungarian number typed the national way, and the other way round', async () => {
    const { admin, olga } = await tenantWith(stack, 'dphone');
    expect((await setDefaults(admin, { defaultCountry: 'HU' })).status).toBe(200);
    await created(api, '/v1/companies', olga, { legalName: 'Nemzetközi Kft.', phones: [{ type: 'mobile', number: '+36 30 123 4567' }] });
    await created(api, '/v1/companies', olga, { legalName: 'Hazai Kft.', phones: [{ type: 'mobile', number: '06 30 765 4321' }] });
    await created(api, '/v1/contacts', olga, { lastName: 'Kovács', phones: [{ type: 'mobile', number: '+36 30 111 2222' }] });
    const search = async (path: string, q: string, field: string) =>
      ((await api.get(`${path}?q=${encodeURIComponent(q)}`, olga)).body.items as Record<string, string>[]).map((i) => i[field]);
    await eventually(async () => expect(await search('/v1/companies', '+36 30 123 4567', 'legalName')).toEqual(['Nemzetközi Kft.']));
    await eventually(async () => expect(await search('/v1/contacts', '+36 30 111 2222', 'name')).toEqual(['Kovács']));
    expect(await search('/v1/companies', '06 30 123 4567', 'legalName')).toEqual(['Nemzetközi Kft.']);
    expect(await search('/v1/companies', '06-30-123-4567', 'legalName')).toEqual(['Nemzetközi Kft.']);
    expect(await search('/v1/companies', '+36 30 765 4321', 'legalName')).toEqual(['Hazai Kft.']);
    expect(await search('/v1/contacts', '06 30 111 2222', 'name')).toEqual(['Kovács']);
    // The contacts' phone filter reads the number the same way.
    for (const phone of ['06 30 111 2222', '+36 30 111 2222', '30 111 2222']) {
      const listed = await api.get(`/v1/contacts?phone=${encodeURIComponent(phone)}`, olga);
      expect([phone, listed.body.items.map((i: { name: string }) => i.name)]).toEqual([phone, ['Kovács']]);
    }
  });

  it('reads a bare VAT number in the default country: it is that country\'s number, claimed as such', async () => {
    const { admin, olga } = await tenantWith(stack, 'dvat');
    expect((await setDefaults(admin, { defaultCountry: 'IT' })).status).toBe(200);
    const bare = await created(api, '/v1/companies', olga, { legalName: 'Nuda SRL', vatNumber: '01234567890' });
    expect(bare.vatNumber).toBe('IT01234567890');
    expectProblem(await api.post('/v1/companies', olga, { legalName: 'Prefissata SRL', vatNumber: 'IT01234567890' }), 409, 'company-vat');
    // Another country's prefix is another number.
    await created(api, '/v1/companies', olga, { legalName: 'Dansk', vatNumber: 'DK01234567' });
  });
});
