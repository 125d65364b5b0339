import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localJobQueue } from '../../adapters/queue/job-queue.ts';
import { startLocalImports, type LocalImports } from '../../local/imports.ts';
import { startLocalS3, type LocalS3 } from '../../local/s3.ts';
import { created } from '../support/directory-fixtures.ts';
import { uniqueTenant } from '../support/dynamo.ts';
import { apiClient, eventually, expectProblem } from '../support/http-client.ts';
import { startLocalStack, type LocalStack } from '../support/local-stack.ts';

/**
 * Read your writes: a record or a user created a moment ago can be referred to at once. The stack runs
 * WITHOUT stream consumers, so no read model ever sees what these tests write (the lag is certain, not
 * a race): every reference check, duplicate check and import match must read the log or a strongly
 * consistent lookup to pass. Unknown users — and another tenant's — are refused naming the field.
 */
let s3: LocalS3;
let stack: LocalStack;
let imports: LocalImports;
let api: ReturnType<typeof apiClient>;

beforeAll(async () => {
  s3 = await startLocalS3();
  process.env['AWS_ENDPOINT_URL_S3'] = s3.endpoint;
  stack = await startLocalStack({ consumers: [] });
  api = apiClient(stack.url);
  imports = await startLocalImports(s3);
});
afterAll(async () => {
  imports?.stop();
  await stack?.stop();
  await s3?.stop();
});

const team = async () => {
  const tenant = uniqueTenant('ryw');
  const other = uniqueTenant('ryw-other');
  return {
    tenant,
    ada: await stack.token('ada', { tenant, role: 'admin', groups: [] }),
    olga: await stack.token('olga', { tenant, role: 'standard', groups: [] }),
    rita: await stack.token('rita', { tenant, role: 'restricted', groups: [] }),
    otherAdmin: await stack.token('ada', { tenant: other, role: 'admin', groups: [] }),
  };
};

// An address signs in to one tenant only (one user pool): each registration gets its own.
let registrations = 0;
const registerUser = async (admin: string, name: string): Promise<string> => {
  registrations += 1;
  const email = `${name.toLowerCase()}.${registrations}@example.test`;
  const user = await created(api, '/v1/users', admin, { name, email, timezone: 'Europe/Rome', locale: 'it', role: 'standard' });
  return user.id as string;
};

const companyIds = async (token: string) => ((await api.get('/v1/companies?limit=100', token)).body.items as { id: string }[]).map((c) => c.id);

describe('references to records written a moment before', () => {
  it('an activity, a contact and a ticket refer to a company registered just before', async () => {
    const { olga } = await team();
    const company = await created(api, '/v1/companies', olga, { legalName: 'Appena Nata Srl' });
    // Nothing is projected: the list does not know the company, and never will in this stack.
    expect(await companyIds(olga)).not.toContain(company.id);

    const activity = await api.post('/v1/activities', olga, { type: 'call', subject: 'Benvenuto', dueOn: '2027-11-02', related: { kind: 'company', id: company.id } });
    expect(activity.status, activity.text).toBe(201);
    const contact = await created(api, '/v1/contacts', olga, { firstName: 'Anna', lastName: 'Nuova', companyId: company.id });
    const ticket = await api.post('/v1/tickets', olga, { companyId: company.id, contactId: contact.id, subject: 'Primo ticket' });
    expect(ticket.status, ticket.text).toBe(201);
    const onContact = await api.post('/v1/activities', olga, { type: 'call', subject: 'Richiamare', dueOn: '2027-11-03', related: { kind: 'contact', id: contact.id } });
    expect(onContact.status, onContact.text).toBe(201);
    const onTicket = await api.post('/v1/activities', olga, { type: 'call', subject: 'Seguire', dueOn: '2027-11-03', related: { kind: 'ticket', id: ticket.body.id } });
    expect(onTicket.status, onTicket.text).toBe(201);
  });

  it('assigns a user and a group registered just before', async () => {
    const { ada, olga } = await team();
    const nora = await registerUser(ada, 'Nora');
    const group = await created(api, '/v1/groups', ada, { name: 'Assistenza' });
    const company = await created(api, '/v1/companies', olga, { legalName: 'Per Nora Srl', responsibleUserId: nora, accountManagers: [nora] });
    expect(company).toMatchObject({ responsibleUserId: nora, accountManagers: [nora] });

    const activity = await api.post('/v1/activities', olga, { type: 'call', subject: 'Per Nora', dueOn: '2027-11-02', assignee: { userId: nora } });
    expect(activity.status, activity.text).toBe(201);
    const forGroup = await api.post('/v1/activities', olga, { type: 'call', subject: 'Per il gruppo', dueOn: '2027-11-02', assignee: { groupId: group.id } });
    expect(forGroup.status, forGroup.text).toBe(201);
    const ticket = await api.post('/v1/tickets', olga, { companyId: company.id, subject: 'Per Nora', assignee: { userId: nora } });
    expect(ticket.status, ticket.text).toBe(201);
    const reassigned = await api.post(`/v1/tickets/${ticket.body.id}/assign`, olga, { groupId: group.id });
    expect(reassigned.status, reassigned.text).toBe(200);
    expect(reassigned.body.assignee).toEqual({ groupId: group.id });
  });
});

describe('references that do not exist', () => {
  it('refuses a ticket for an unknown, invisible or unrelated company, contact or assignee, naming the field', async () => {
    const { olga, rita } = await team();
    expectProblem(await api.post('/v1/tickets', olga, { companyId: 'C000001', subject: 'Nessuna azienda' }), 422, 'body.companyId');
    const hidden = await created(api, '/v1/companies', olga, { legalName: 'Di Olga Srl', responsibleUserId: 'olga' });
    expectProblem(await api.post('/v1/tickets', rita, { companyId: hidden.id, subject: 'Non la vedo' }), 422, 'body.companyId');

    const company = await created(api, '/v1/companies', olga, { legalName: 'Azienda Uno' });
    const elsewhere = await created(api, '/v1/companies', olga, { legalName: 'Azienda Due' });
    const contact = await created(api, '/v1/contacts', olga, { firstName: 'Piero', companyId: elsewhere.id });
    expectProblem(await api.post('/v1/tickets', olga, { companyId: company.id, contactId: contact.id, subject: 'Contatto altrui' }), 422, 'body.contactId');
    expectProblem(await api.post('/v1/tickets', olga, { companyId: company.id, contactId: 'nobody', subject: 'Nessun contatto' }), 422, 'body.contactId');
    expectProblem(await api.post('/v1/tickets', olga, { companyId: company.id, subject: 'Nessuno', assignee: { userId: 'ghost' } }), 422, 'body.assignee.userId');

    const ticket = await api.post('/v1/tickets', olga, { companyId: company.id, subject: 'Valido' });
    expect(ticket.status, ticket.text).toBe(201);
    expectProblem(await api.post(`/v1/tickets/${ticket.body.id}/assign`, olga, { userId: 'ghost' }), 422, 'body.userId');
    expectProblem(await api.post(`/v1/tickets/${ticket.body.id}/assign`, olga, { groupId: 'ghosts' }), 422, 'body.groupId');
    // The actor takes it without being looked up: the token proves them.
    expect((await api.post(`/v1/tickets/${ticket.body.id}/take`, olga)).status).toBe(200);
  });

  it("refuses unknown users, deactivated users and another tenant's users on companies, contacts and leads", async () => {
    const { ada, olga, otherAdmin } = await team();
    const stranger = await registerUser(otherAdmin, 'Straniero');
    for (const id of ['ghost', stranger]) {
      expectProblem(await api.post('/v1/companies', olga, { legalName: 'X Srl', responsibleUserId: id }), 422, 'body.responsibleUserId');
      expectProblem(await api.post('/v1/companies', olga, { legalName: 'X Srl', accountManagers: ['olga', id] }), 422, 'body.accountManagers');
      expectProblem(await api.post('/v1/contacts', olga, { firstName: 'X', accountManagers: [id] }), 422, 'body.accountManagers');
      expectProblem(await api.post('/v1/leads', olga, { companyName: 'X', ownerId: id }), 422, 'body.ownerId');
    }
    expect(await companyIds(olga)).toEqual([]);

    const nora = await registerUser(ada, 'Nora');
    const company = await created(api, '/v1/companies', olga, { legalName: 'Di Nora Srl', responsibleUserId: nora });
    const contact = await created(api, '/v1/contacts', olga, { firstName: 'Y' });
    const lead = await created(api, '/v1/leads', olga, { companyName: 'Y' });
    expectProblem(await api.call('PATCH', `/v1/companies/${company.id}`, { token: olga, body: { accountManagers: { add: ['ghost'] } } }), 422, 'body.accountManagers');
    expectProblem(await api.call('PATCH', `/v1/contacts/${contact.id}`, { token: olga, body: { accountManagers: [stranger] } }), 422, 'body.accountManagers');
    expectProblem(await api.call('PATCH', `/v1/leads/${lead.id}`, { token: olga, body: { ownerId: 'ghost' } }), 422, 'body.ownerId');
    const bulk = await api.post('/v1/companies/bulk', olga, { ids: [company.id], action: { type: 'addManager', userId: 'ghost' } });
    expect(bulk.body).toMatchObject({ succeeded: 0, failed: 1, results: [{ id: company.id, ok: false, error: { status: 422 } }] });

    // A user deactivated since keeps the records they hold; they are given no new ones.
    expect((await api.call('PATCH', `/v1/users/${nora}`, { token: ada, body: { active: false } })).status).toBe(200);
    const kept = await api.call('PATCH', `/v1/companies/${company.id}`, { token: olga, body: { tags: ['vip'] } });
    expect(kept.status, kept.text).toBe(200);
    expect(kept.body.responsibleUserId).toBe(nora);
    expectProblem(await api.post('/v1/leads', olga, { companyName: 'Z', ownerId: nora }), 422, 'body.ownerId');
  });
});

describe('duplicates and matches by value, at once', () => {
  it('a conversion finds a same-name company registered just before', async () => {
    const { olga } = await team();
    const company = await created(api, '/v1/companies', olga, { legalName: 'Gemelli Costruzioni S.r.l.' });
    const lead = await created(api, '/v1/leads', olga, { companyName: 'Gemelli Costruzioni Srl', firstName: 'Gino' });
    const refused = await api.post(`/v1/leads/${lead.id}/convert`, olga, {});
    expectProblem(refused, 409);
    expect(refused.body.candidates).toEqual([{ id: company.id, code: company.code, legalName: 'Gemelli Costruzioni S.r.l.' }]);

    // The company the conversion creates is found by the next one at once, by e-mail this time.
    const converted = await api.post(`/v1/leads/${lead.id}/convert`, olga, { skipDuplicateCheck: true });
    expect(converted.status, converted.text).toBe(200);
    const byEmail = await created(api, '/v1/leads', olga, { companyName: 'Altro Nome', firstName: 'Ada', emails: [{ type: 'work', address: 'info@altro.it' }] });
    const withEmail = await created(api, '/v1/companies', olga, { legalName: 'Nome Diverso', emails: [{ type: 'work', address: 'INFO@altro.it' }] });
    const again = await api.post(`/v1/leads/${byEmail.id}/convert`, olga, {});
    expectProblem(again, 409);
    expect(again.body.candidates.map((c: { id: string }) => c.id)).toEqual([withEmail.id]);
  });

  const settled = async (token: string, id: string) =>
    eventually(async () => {
      await localJobQueue.drain();
      const response = await api.get(`/v1/imports/${id}`, token);
      expect(['completed', 'failed', 'cancelled', 'reverted']).toContain(response.body.status);
      return response.body;
    }, 30_000);

  it('an import matches a contact created just before: upsert updates it, create refuses its e-mail', async () => {
    const { olga } = await team();
    const mario = await created(api, '/v1/contacts', olga, { firstName: 'Mario', lastName: 'Rossi', emails: [{ type: 'work', address: 'mario@rossi.it' }] });

    const upsert = await api.post('/v1/imports/paste', olga, { kind: 'contacts', mode: 'upsert', matchOn: 'email', text: 'firstName;lastName;email;position\nMario;Rossi;Mario@Rossi.it;Titolare\n' });
    expect(upsert.status, upsert.text).toBe(202);
    expect(await settled(olga, upsert.body.id)).toMatchObject({ status: 'completed', rows: { updated: 1, created: 0 } });
    expect((await api.get(`/v1/contacts/${mario.id}`, olga)).body.position).toBe('Titolare');

    const create = await api.post('/v1/imports/paste', olga, { kind: 'contacts', matchOn: 'email', text: 'firstName;lastName;email\nAltro;Mario;mario@rossi.it\n' });
    expect(await settled(olga, create.body.id)).toMatchObject({ status: 'completed', rows: { created: 0, rejected: 1 } });
  });
});
