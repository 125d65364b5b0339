import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emptyCompanyProfile } from '../../domain/directory/company.ts';
import { dependenciesFromEnv } from '../../functions/shared/dependencies.ts';
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

const profile = (legalName: string, vatNumber: string) => ({
  ...emptyCompanyProfile,
  legalName,
  vatNumber,
});

/** A company as the code before country-aware VAT claims registered it: the claim is the bare number. */
const legacyCompany = async (tenant: string, legalName: string, vatNumber: string) => {
  const companyId = randomUUID();
  await dependenciesFromEnv().eventStore.commit({
    tenant,
    at: new Date().toISOString(),
    meta: { actor: 'olga', commandId: randomUUID(), correlationId: randomUUID() },
    streams: [
      {
        aggregateType: 'company',
        aggregateId: companyId,
        expectedVersion: 0,
        events: [
          {
            type: 'CompanyRegistered',
            data: { companyId, code: 'C900001', profile: profile(legalName, vatNumber), responsibleUserId: null, accountManagers: [], status: null },
          },
        ],
      },
    ],
    claims: [{ scope: 'company-vat', value: vatNumber.replace(/^[A-Z]{2}(?=\d)/, ''), owner: companyId }],
  });
  return companyId;
};

describe('VAT numbers are unique per country and number', () => {
  it('lets two countries have the same digits, refuses the same country and number', async () => {
    const { olga } = await tenantWith(stack, 'vatcc');
    await created(api, '/v1/companies', olga, { legalName: 'Dansk', vatNumber: 'DK12345678' });
    await created(api, '/v1/companies', olga, { legalName: 'Magyar', vatNumber: 'HU12345678' });
    const again = await api.post('/v1/companies', olga, { legalName: 'Magyar 2', vatNumber: 'HU 1234 5678' });
    expectProblem(again, 409, 'company-vat');
  });

  it('keeps companies registered under the old claim format unique, and frees what they no longer hold', async () => {
    const { olga, tenant } = await tenantWith(stack, 'vatlg');
    const legacy = await legacyCompany(tenant, 'Vecchia SRL', 'IT01234567890');

    const same = await api.post('/v1/companies', olga, { legalName: 'Copia', vatNumber: 'IT01234567890' });
    expectProblem(same, 409, 'company-vat');
    expect(same.body.errors[0].message).toContain(legacy);
    // The same digits of another country were never the legacy company's number.
    await created(api, '/v1/companies', olga, { legalName: 'Deutsch', vatNumber: 'DE01234567890' });

    // A lead converted into a new company meets the same check.
    const lead = await created(api, '/v1/leads', olga, { companyName: 'Altra', lastName: 'Rossi', vatNumber: 'IT01234567890' });
    expectProblem(await api.post(`/v1/leads/${lead.id}/convert`, olga, { skipDuplicateCheck: true }), 409);

    // The legacy company changes its number: its old number is free, its new one claimed as country + number.
    const moved = await api.call('PATCH', `/v1/companies/${legacy}`, { token: olga, body: { vatNumber: 'IT09876543210' } });
    expect(moved.status, moved.text).toBe(200);
    await created(api, '/v1/companies', olga, { legalName: 'Copia', vatNumber: 'IT01234567890' });
    expectProblem(await api.post('/v1/companies', olga, { legalName: 'Altra copia', vatNumber: 'IT09876543210' }), 409, 'company-vat');
  });

  it('reads countries as ISO codes: a bare number with an address in "Italia" is the Italian number', async () => {
    const { olga } = await tenantWith(stack, 'vatiso');
    await created(api, '/v1/companies', olga, { legalName: 'Prima SRL', vatNumber: 'IT01234567890' });
    const italia = { type: 'registered', city: 'Milano', country: 'Italia' };
    expectProblem(await api.post('/v1/companies', olga, { legalName: 'Seconda SRL', vatNumber: '01234567890', addresses: [italia] }), 409, 'company-vat');
    // Polish and Hungarian names of the country are the same country, and it is stored as its code.
    const wlochy = await created(api, '/v1/companies', olga, { legalName: 'Trzecia', vatNumber: '01234567891', addresses: [{ ...italia, country: 'Włochy' }] });
    expect(wlochy.addresses[0].country).toBe('IT');
    expectProblem(await api.post('/v1/companies', olga, { legalName: 'Negyedik', vatNumber: 'IT 012 345 678 91' }), 409, 'company-vat');
    const olasz = await created(api, '/v1/companies', olga, { legalName: 'Ötödik', addresses: [{ ...italia, country: 'olaszország' }] });
    expect(olasz.addresses[0].country).toBe('IT');
  });

  it('refuses a country it cannot read, naming the field', async () => {
    const { olga } = await tenantWith(stack, 'vatbad');
    const refused = await api.post('/v1/companies', olga, { legalName: 'Narnia Ltd', addresses: [{ type: 'registered', country: 'Narnia' }] });
    expect(refused.status, refused.text).toBe(422);
    expect(refused.body.errors.map((e: { path: string }) => e.path).join(' ')).toMatch(/(^|\.)addresses\.0\.country\b/);
    const contact = await api.post('/v1/contacts', olga, { lastName: 'Nowak', address: { city: 'Łódź', country: 'Narnia' } });
    expect(contact.status, contact.text).toBe(422);
  });

  it('refuses the Italian number to a new company while an older one holds it with "Italia" written out', async () => {
    const { olga, tenant } = await tenantWith(stack, 'vattxt');
    // Registered before countries were codes: the address said "Italia", so the claim had no country.
    const companyId = randomUUID();
    await dependenciesFromEnv().eventStore.commit({
      tenant,
      at: '2026-01-15T10:00:00.000Z',
      meta: { actor: 'olga', commandId: randomUUID(), correlationId: randomUUID() },
      streams: [
        {
          aggregateType: 'company',
          aggregateId: companyId,
          expectedVersion: 0,
          events: [
            {
              type: 'CompanyRegistered',
              data: {
                companyId,
                code: 'C900002',
                profile: { ...profile('Vecchia SRL', '01234567890'), addresses: [{ type: 'registered', country: 'Italia' }] },
                responsibleUserId: null,
                accountManagers: [],
                status: null,
              },
            },
          ],
        },
      ],
      claims: [{ scope: 'company-vat', value: ':01234567890', owner: companyId }],
    });
    const same = await api.post('/v1/companies', olga, { legalName: 'Copia', vatNumber: 'IT01234567890' });
    expectProblem(same, 409, 'company-vat');
    expect(same.body.errors[0].message).toContain(companyId);
    await created(api, '/v1/companies', olga, { legalName: 'Polska', vatNumber: 'PL0123456789' });
  });
});
