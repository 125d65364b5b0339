import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { created, tenantWith } from '../support/directory-fixtures.ts';
import { apiClient, eventually, expectProblem } from '../support/http-client.ts';
import { startLocalStack } from '../support/local-stack.ts';

type Stack = Awaited<ReturnType<typeof startLocalStack>>;

let stack: Stack;
let api: ReturnType<typeof apiClient>;

beforeAll(async () => {
  stack = await startLocalStack();
  api = apiClient(stack.url);
});
afterAll(async () => stack?.stop());

interface Entry {
  kind: string;
  event: string;
  source: { type: string; id: string };
  actor: string;
  at: string;
  summary: Record<string, unknown>;
}

const timeline = async (token: string, path: string): Promise<Entry[]> => {
  const response = await api.get(`${path}/timeline`, token);
  expect(response.status, response.text).toBe(200);
  return response.body.items;
};

/** A compact view of entries: event type and the note body or interaction notes. */
const brief = (entries: Entry[]) => entries.map((e) => `${e.event}${e.summary.body ? `:${e.summary.body}` : ''}`);

describe('timelines', () => {
  it("shows a contact's interactions and notes on its company while it belongs to it, newest first", async () => {
    const { olga } = await tenantWith(stack, 'tl');
    const acme = await created(api, '/v1/companies', olga, { legalName: 'Acme' });
    const anna = await created(api, '/v1/contacts', olga, { firstName: 'Anna', companyId: acme.id });
    const call = await api.post(`/v1/contacts/${anna.id}/interactions`, olga, { channel: 'call', direction: 'outbound', outcome: 'no answer' });
    expect(call.status, call.text).toBe(200);
    expect((await api.post(`/v1/contacts/${anna.id}/notes`, olga, { body: 'prefers e-mail' })).status).toBe(200);
    expect((await api.post(`/v1/companies/${acme.id}/notes`, olga, { body: 'wants a quote' })).status).toBe(200);

    const company = `/v1/companies/${acme.id}`;
    await eventually(async () =>
      expect(brief(await timeline(olga, company))).toEqual([
        'CompanyNoteAdded:wants a quote',
        'ContactNoteAdded:prefers e-mail',
        'ContactInteractionLogged',
        'ContactCreated',
        'CompanyRegistered',
      ]),
    );
    const entries = await timeline(olga, company);
    expect(entries[2]).toMatchObject({
      kind: 'interaction',
      source: { type: 'contact', id: anna.id },
      actor: 'olga',
      summary: { channel: 'call', direction: 'outbound', outcome: 'no answer' },
    });
    expect(entries.map((e) => e.at)).toEqual(entries.map((e) => e.at).toSorted().reverse());

    // Unlinked: the unlink shows on the company, later events of the contact no longer do.
    const unlinked = await api.call('PATCH', `/v1/contacts/${anna.id}`, { token: olga, body: { companyId: null } });
    expect(unlinked.status, unlinked.text).toBe(200);
    expect((await api.post(`/v1/contacts/${anna.id}/notes`, olga, { body: 'moved on' })).status).toBe(200);
    await eventually(async () => expect(brief(await timeline(olga, `/v1/contacts/${anna.id}`))[0]).toBe('ContactNoteAdded:moved on'));
    expect(brief(await timeline(olga, company))).toEqual([
      'ContactUnlinkedFromCompany',
      'CompanyNoteAdded:wants a quote',
      'ContactNoteAdded:prefers e-mail',
      'ContactInteractionLogged',
      'ContactCreated',
      'CompanyRegistered',
    ]);
  });

  it("shows a converted lead's history, before and after the conversion, on the company and contact it produced", async () => {
    const { olga } = await tenantWith(stack, 'tlc');
    const lead = await created(api, '/v1/leads', olga, { companyName: 'Beta Srl', lastName: 'Rossi' });
    expect((await api.post(`/v1/leads/${lead.id}/notes`, olga, { body: 'met at the fair' })).status).toBe(200);
    const converted = await api.post(`/v1/leads/${lead.id}/convert`, olga, {});
    expect(converted.status, converted.text).toBe(200);
    const { companyId, contactId } = converted.body;
    expect((await api.post(`/v1/leads/${lead.id}/notes`, olga, { body: 'signed' })).status).toBe(200);

    const expected = ['LeadNoteAdded:signed', 'LeadConverted', 'LeadNoteAdded:met at the fair', 'LeadCreated'];
    await eventually(async () => expect(brief(await timeline(olga, `/v1/leads/${lead.id}`))).toEqual(expected));
    await eventually(async () => {
      const company = brief(await timeline(olga, `/v1/companies/${companyId}`));
      for (const entry of [...expected, 'CompanyRegistered', 'ContactCreated']) expect(company).toContain(entry);
      expect(company.indexOf('LeadNoteAdded:signed')).toBe(0);
    });
    await eventually(async () => {
      const contact = brief(await timeline(olga, `/v1/contacts/${contactId}`));
      for (const entry of [...expected, 'ContactCreated']) expect(contact).toContain(entry);
      expect(contact).not.toContain('CompanyRegistered');
    });
  });

  it('pages newest first with a cursor, each entry once', async () => {
    const { olga } = await tenantWith(stack, 'tlp');
    const acme = await created(api, '/v1/companies', olga, { legalName: 'Acme' });
    for (let i = 1; i <= 6; i += 1) expect((await api.post(`/v1/companies/${acme.id}/notes`, olga, { body: `note ${i}` })).status).toBe(200);
    await eventually(async () => expect(await timeline(olga, `/v1/companies/${acme.id}`)).toHaveLength(7));

    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const response: { status: number; text: string; body: { items: Entry[]; nextCursor: string | null } } = await api.get(`/v1/companies/${acme.id}/timeline?limit=3${cursor ? `&cursor=${cursor}` : ''}`, olga);
      expect(response.status, response.text).toBe(200);
      seen.push(...brief(response.body.items));
      cursor = response.body.nextCursor;
      pages += 1;
    } while (cursor && pages < 10);
    expect(seen).toEqual(['note 6', 'note 5', 'note 4', 'note 3', 'note 2', 'note 1'].map((n) => `CompanyNoteAdded:${n}`).concat('CompanyRegistered'));
    expectProblem(await api.get(`/v1/companies/${acme.id}/timeline?cursor=bm9wZQ`, olga), 400, 'query.cursor');
  });

  it('is a 404 for a record the caller cannot see, or of another tenant', async () => {
    const { olga, rita } = await tenantWith(stack, 'tlv');
    const other = await tenantWith(stack, 'tlx');
    const acme = await created(api, '/v1/companies', olga, { legalName: 'Acme', responsibleUserId: 'olga' });
    const lead = await created(api, '/v1/leads', olga, { companyName: 'Beta', ownerId: 'olga' });
    expectProblem(await api.get(`/v1/companies/${acme.id}/timeline`, rita), 404);
    expectProblem(await api.get(`/v1/leads/${lead.id}/timeline`, rita), 404);
    expectProblem(await api.get(`/v1/companies/${acme.id}/timeline`, other.olga), 404);
    expectProblem(await api.get(`/v1/contacts/nope/timeline`, olga), 404);
  });
});
