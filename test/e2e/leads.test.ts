import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalStack } from '../support/local-stack.ts';
import { apiClient, eventually, expectProblem } from '../support/http-client.ts';
import { created, tenantWith } from '../support/directory-fixtures.ts';

type Stack = Awaited<ReturnType<typeof startLocalStack>>;

let stack: Stack;
let api: ReturnType<typeof apiClient>;

beforeAll(async () => {
  stack = await startLocalStack();
  api = apiClient(stack.url);
});
afterAll(async () => stack?.stop());

const createLead = (token: string, body: Record<string, unknown>) => created(api, '/v1/leads', token, body);

const registerCompany = (token: string, body: Record<string, unknown>) => created(api, '/v1/companies', token, body);

const convert = (token: string, id: string, body: Record<string, unknown> = {}, headers: Record<string, string> = {}) =>
  api.post(`/v1/leads/${id}/convert`, token, body, headers);

const companyNames = async (token: string, lead: string) => {
  const response = await api.get(`/v1/leads${lead}`, token);
  expect(response.status, response.text).toBe(200);
  return (response.body.items as { companyName: string }[]).map((i) => i.companyName);
};

const fiatLead = {
  companyName: ' Fiat SpA ',
  vatNumber: 'IT00470400011',
  firstName: 'Mario',
  lastName: 'Rossi',
  position: 'CEO',
  emails: [{ type: 'work', address: 'Mario@Fiat.IT' }],
  phones: [{ type: 'work', number: '+39 011 123 4567' }],
  address: { street: 'Via Nizza 250', city: 'Torino', country: 'IT' },
  website: 'fiat.it',
  source: 'fair',
  tags: ['auto'],
  stage: 'new',
};

describe('leads', () => {
  it('creates, lists, searches and patches leads', async () => {
    const { olga } = await tenantWith(stack, 'ld');
    const fiat = await createLead(olga, fiatLead);
    expect(fiat).toMatchObject({
      companyName: 'Fiat SpA',
      vatNumber: 'IT00470400011',
      emails: [{ type: 'work', address: 'mario@fiat.it' }],
      website: 'https://fiat.it/',
      ownerId: null,
      stage: 'new',
      converted: null,
      version: 1,
    });
    await createLead(olga, { companyName: 'Alfa Kft.', firstName: 'Anna', source: 'web', ownerId: 'olga', tags: ['hu'] });
    expectProblem(await api.post('/v1/leads', olga, { companyName: 'X', vatNumber: 'IT123' }), 422, 'body.vatNumber');

    await eventually(async () => expect(await companyNames(olga, '')).toEqual(['Alfa Kft.', 'Fiat SpA']));
    expect(await companyNames(olga, '?sort=updated')).toEqual(['Alfa Kft.', 'Fiat SpA']);
    expect(await companyNames(olga, '?source=WEB')).toEqual(['Alfa Kft.']);
    expect(await companyNames(olga, '?mine=true')).toEqual(['Alfa Kft.']);
    expect(await companyNames(olga, '?owner=olga')).toEqual(['Alfa Kft.']);
    expect(await companyNames(olga, '?tag=auto&stage=new')).toEqual(['Fiat SpA']);
    for (const q of ['fiat', 'Fiat S.p.A.', 'rossi', 'mario@fiat.it', '00470400011', 'torino']) {
      expect(await companyNames(olga, `?q=${encodeURIComponent(q)}`), q).toEqual(['Fiat SpA']);
    }

    const patched = await api.call('PATCH', `/v1/leads/${fiat.id}`, { token: olga, body: { stage: 'qualified', position: 'CFO' }, headers: { 'if-match': '"1"' } });
    expect(patched.status, patched.text).toBe(200);
    expect(patched.body).toMatchObject({ stage: 'qualified', position: 'CFO', version: 3 });
    expectProblem(await api.call('PATCH', `/v1/leads/${fiat.id}`, { token: olga, body: { stage: 'x' }, headers: { 'if-match': '"1"' } }), 412);
    await eventually(async () => expect(await companyNames(olga, '?stage=qualified')).toEqual(['Fiat SpA']));
  });

  it('converts a company-only lead (no person) into a company alone, with contactId null', async () => {
    const { olga } = await tenantWith(stack, 'ldco');
    const lead = await createLead(olga, { companyName: 'Near Logistica Srl', vatNumber: 'IT01234567897', address: { city: 'Bergamo', country: 'Italia' } });
    const response = await convert(olga, lead.id, {});
    expect(response.status, response.text).toBe(200);
    const { companyId } = response.body;
    expect(response.body).toMatchObject({
      contactId: null,
      createdCompany: true,
      createdContact: false,
      opportunityId: null,
      lead: { id: lead.id, converted: { companyId, contactId: null, createdCompany: true, createdContact: false } },
    });
    const company = await api.get(`/v1/companies/${companyId}`, olga);
    expect(company.body).toMatchObject({ legalName: 'Near Logistica Srl', kind: 'client', addresses: [{ type: 'registered', city: 'Bergamo', country: 'IT' }] });
    const history = await api.get(`/v1/leads/${lead.id}/history`, olga);
    expect(history.body.items.at(-1)).toMatchObject({ type: 'LeadConverted', data: { contactId: null } });
    expect((await api.get(`/v1/contacts?company=${companyId}`, olga)).body.items).toEqual([]);

    // With an opportunity: it has the company only.
    const other = await createLead(olga, { companyName: 'Near Due Srl' });
    const withOpportunity = await convert(olga, other.id, { createOpportunity: true });
    expect(withOpportunity.status, withOpportunity.text).toBe(200);
    expect(withOpportunity.body).toMatchObject({ contactId: null, opportunityId: expect.any(String) });
    const opportunity = await api.get(`/v1/opportunities/${withOpportunity.body.opportunityId}`, olga);
    expect(opportunity.status, opportunity.text).toBe(200);
    expect(opportunity.body).toMatchObject({ parties: [{ kind: 'company', id: withOpportunity.body.companyId }], contactId: null, leadId: other.id, stage: 'new' });
  });

  it('converts a lead into a new company and contact in one commit, with links; a second conversion is a 409', async () => {
    const { olga } = await tenantWith(stack, 'ldc');
    await registerCompany(olga, { legalName: 'Existing One Srl' });
    const lead = await createLead(olga, { ...fiatLead, ownerId: 'olga' });
    const response = await convert(olga, lead.id, {});
    expect(response.status, response.text).toBe(200);
    const { companyId, contactId } = response.body;
    expect(response.body).toMatchObject({
      createdCompany: true,
      createdContact: true,
      lead: { id: lead.id, version: 2, converted: { companyId, contactId, createdCompany: true, createdContact: true, by: 'olga' } },
    });

    const company = await api.get(`/v1/companies/${companyId}`, olga);
    expect(company.body).toMatchObject({
      code: 'C000002',
      legalName: 'Fiat SpA',
      kind: 'client',
      vatNumber: 'IT00470400011',
      responsibleUserId: 'olga',
      addresses: [{ type: 'registered', city: 'Torino' }],
      version: 1,
    });
    const contact = await api.get(`/v1/contacts/${contactId}`, olga);
    expect(contact.body).toMatchObject({ name: 'Mario Rossi', companyId, position: 'CEO', source: 'fair', accountManagers: ['olga'], version: 1 });

    // One commit: the three records carry the same command id and time.
    const metas = await Promise.all(
      [`/v1/leads/${lead.id}/history`, `/v1/companies/${companyId}/history`, `/v1/contacts/${contactId}/history`].map(async (path) => {
        const history = await api.get(path, olga);
        expect(history.status, history.text).toBe(200);
        return history.body.items.at(-1);
      }),
    );
    expect(metas.map((m) => m.type)).toEqual(['LeadConverted', 'CompanyRegistered', 'ContactCreated']);
    expect(new Set(metas.map((m) => m.at)).size).toBe(1);

    expectProblem(await convert(olga, lead.id, { skipDuplicateCheck: true }), 409);
    expectProblem(await api.call('PATCH', `/v1/leads/${lead.id}`, { token: olga, body: { stage: 'x' } }), 409);
    // The new company's VAT number is claimed: another company cannot take it.
    expectProblem(await api.post('/v1/companies', olga, { legalName: 'Copy', vatNumber: 'IT00470400011' }), 409);
    expectProblem(await convert(olga, lead.id, { createOpportunity: true }), 409);
    expectProblem(await convert(olga, 'no-such-lead', {}), 404);
  });

  it('opens an opportunity stub in the same commit with createOpportunity', async () => {
    const { olga, rita } = await tenantWith(stack, 'ldo');
    const lead = await createLead(olga, { companyName: 'Beta Srl', firstName: 'Bea', ownerId: 'olga' });
    const converted = await convert(olga, lead.id, { createOpportunity: true });
    expect(converted.status, converted.text).toBe(200);
    const { companyId, contactId, opportunityId } = converted.body;
    expect(opportunityId).toEqual(expect.any(String));
    expect(converted.body.lead.converted).toMatchObject({ companyId, contactId, opportunityId });

    const opportunity = await api.get(`/v1/opportunities/${opportunityId}`, olga);
    expect(opportunity.status, opportunity.text).toBe(200);
    expect(opportunity.body).toMatchObject({ id: opportunityId, title: 'Beta Srl', parties: [{ kind: 'company', id: companyId }], contactId, leadId: lead.id, stage: 'new', ownerId: 'olga', status: 'open', amount: null, version: 1 });
    // One commit: the opportunity was created with the conversion.
    const [leadEvent] = (await api.get(`/v1/leads/${lead.id}/history`, olga)).body.items.slice(-1);
    expect(leadEvent).toMatchObject({ type: 'LeadConverted', data: { opportunityId } });
    expect(opportunity.body.createdAt).toBe(leadEvent.at);
    expectProblem(await api.get(`/v1/opportunities/${opportunityId}`, rita), 404);
    expectProblem(await api.get('/v1/opportunities/nope', olga), 404);
  });

  it('merges into an existing company and contact, filling only their empty fields', async () => {
    const { olga } = await tenantWith(stack, 'ldm');
    const company = await registerCompany(olga, { legalName: 'FIAT Group', website: 'https://old.example.com' });
    const person = (await api.post('/v1/contacts', olga, { firstName: 'Marius', companyId: company.id })).body;
    const lead = await createLead(olga, fiatLead);
    expectProblem(await convert(olga, lead.id, { companyId: 'nope' }), 422, 'body.companyId');
    expectProblem(await convert(olga, lead.id, { companyId: company.id, contactId: 'nope' }), 422, 'body.contactId');

    const response = await convert(olga, lead.id, { companyId: company.id, contactId: person.id });
    expect(response.status, response.text).toBe(200);
    expect(response.body).toMatchObject({ companyId: company.id, contactId: person.id, createdCompany: false, createdContact: false });
    const merged = (await api.get(`/v1/companies/${company.id}`, olga)).body;
    expect(merged).toMatchObject({
      legalName: 'FIAT Group',
      website: 'https://old.example.com/',
      vatNumber: 'IT00470400011',
      emails: [{ type: 'work', address: 'mario@fiat.it' }],
      code: company.code,
      version: 2,
    });
    const contact = (await api.get(`/v1/contacts/${person.id}`, olga)).body;
    expect(contact).toMatchObject({ firstName: 'Marius', lastName: 'Rossi', position: 'CEO', companyId: company.id, version: 2 });
  });

  it('refuses a likely duplicate with 409 and the candidates, then converts when told to skip the check', async () => {
    const { olga } = await tenantWith(stack, 'ldd');
    const fiat = await registerCompany(olga, { legalName: 'F.I.A.T. S.p.A.' });
    const byMail = await registerCompany(olga, { legalName: 'Other Name Srl', emails: [{ type: 'work', address: 'mario@fiat.it' }] });
    await registerCompany(olga, { legalName: 'Fiat Ricambi Srl' });
    // All three are indexed ("fiat" also finds the e-mail domain fiat.it); only two are duplicates.
    await eventually(async () => expect((await api.get('/v1/companies?q=fiat', olga)).body.items).toHaveLength(3));

    const lead = await createLead(olga, { ...fiatLead, vatNumber: null });
    const refused = await convert(olga, lead.id, {});
    expectProblem(refused, 409);
    expect(refused.body.candidates).toEqual([
      { id: fiat.id, code: fiat.code, legalName: 'F.I.A.T. S.p.A.' },
      { id: byMail.id, code: byMail.code, legalName: 'Other Name Srl' },
    ]);
    expect((await api.get(`/v1/leads/${lead.id}`, olga)).body.converted).toBeNull();

    const response = await convert(olga, lead.id, { skipDuplicateCheck: true });
    expect(response.status, response.text).toBe(200);
    expect(response.body).toMatchObject({ createdCompany: true, createdContact: true });
    expect((await api.get(`/v1/companies/${response.body.companyId}`, olga)).body.code).toBe('C000004');
  });

  it('shows a restricted user only leads they own plus unowned ones, and hides invisible targets', async () => {
    const { olga, rita } = await tenantWith(stack, 'ldr');
    const mine = await createLead(olga, { companyName: 'Rita Own Srl', firstName: 'R', ownerId: 'rita' });
    const free = await createLead(olga, { companyName: 'Rita Free Srl', firstName: 'F' });
    const hidden = await createLead(olga, { companyName: 'Rita Hidden Srl', firstName: 'H', ownerId: 'olga' });
    const olgas = await registerCompany(olga, { legalName: 'Olga Company', responsibleUserId: 'olga' });

    await eventually(async () => expect(await companyNames(olga, '?q=rita')).toHaveLength(3));
    expect((await companyNames(rita, '?q=rita')).toSorted()).toEqual(['Rita Free Srl', 'Rita Own Srl']);
    expect((await companyNames(rita, '')).toSorted()).toEqual(['Rita Free Srl', 'Rita Own Srl']);
    expectProblem(await api.get(`/v1/leads/${hidden.id}`, rita), 404);
    expectProblem(await api.call('PATCH', `/v1/leads/${hidden.id}`, { token: rita, body: { stage: 'x' } }), 404);
    expectProblem(await convert(rita, hidden.id, {}), 404);
    expectProblem(await convert(rita, mine.id, { companyId: olgas.id }), 422, 'body.companyId');
    expect((await api.get(`/v1/leads/${free.id}`, rita)).status).toBe(200);

    const response = await convert(rita, mine.id, {});
    expect(response.status, response.text).toBe(200);
    expect((await api.get(`/v1/companies/${response.body.companyId}`, rita)).body.responsibleUserId).toBe('rita');
    expect((await api.get(`/v1/contacts/${response.body.contactId}`, rita)).status).toBe(200);
  });

  it('replays a conversion for the same Idempotency-Key and refuses the key with another request', async () => {
    const { olga } = await tenantWith(stack, 'ldi');
    const lead = await createLead(olga, fiatLead);
    const headers = { 'idempotency-key': 'convert-1' };
    const first = await convert(olga, lead.id, {}, headers);
    expect(first.status, first.text).toBe(200);
    const again = await convert(olga, lead.id, {}, headers);
    expect(again.status, again.text).toBe(200);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.body).toEqual(first.body);
    expectProblem(await convert(olga, lead.id, { skipDuplicateCheck: true }, headers), 422);
    const history = (await api.get(`/v1/leads/${lead.id}/history`, olga)).body.items.map((e: { type: string }) => e.type);
    expect(history).toEqual(['LeadCreated', 'LeadConverted']);
  });
});
