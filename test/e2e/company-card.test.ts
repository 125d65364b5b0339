import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { created, tenantWith } from '../support/directory-fixtures.ts';
import { apiClient, eventually, expectProblem } from '../support/http-client.ts';
import { startLocalStack, type LocalStack } from '../support/local-stack.ts';

/**
 * `GET /v1/companies/{id}/card` through `npm start`'s stack: every section filled through the API and
 * carried to the card's item collection by the stream and the projector; a section paged with its
 * count; a restricted user's card holding only what they may see; another tenant's company not
 * found; bad input refused naming the field. Dates far in the future: nothing depends on today.
 */
let stack: LocalStack;
let api: ReturnType<typeof apiClient>;

beforeAll(async () => {
  stack = await startLocalStack();
  api = apiClient(stack.url);
});
afterAll(async () => stack?.stop());

interface Section {
  items: { type: string; id: string; number: string | null; title: string; status: string | null; date: string | null; amount: { amount: string; currency: string } | null; link: string | null }[];
  count: number;
  nextCursor: string | null;
}
type Card = { company: { id: string; code: string }; sections: Record<string, Section | undefined> };

const card = async (token: string, companyId: string, query = ''): Promise<Card> => {
  const response = await api.get(`/v1/companies/${companyId}/card${query}`, token);
  expect(response.status, response.text).toBe(200);
  return response.body;
};
const ok = async (response: { status: number; text: string; body: any }) => {
  expect(response.status, response.text).toBeLessThan(300);
  return response.body;
};

describe('the client card', () => {
  it('holds every section, filled through the API, in one call; a section pages with its count; a restricted user sees only theirs', async () => {
    const users = await tenantWith(stack, 'card');
    const { olga, rita } = users;
    const acme = (await created(api, '/v1/companies', olga, { legalName: 'Łódź Città Srl' })).id as string;

    const anna = (await created(api, '/v1/contacts', olga, { firstName: 'Anna', lastName: 'Żółć', companyId: acme })).id as string;
    await ok(await api.post(`/v1/contacts/${anna}/interactions`, olga, { channel: 'call', direction: 'inbound', notes: 'Asked for a visit' }));
    await ok(await api.post(`/v1/companies/${acme}/notes`, olga, { body: 'Pays within 30 days' }));
    // Activities know a company once their read model has it.
    const related = { kind: 'company', id: acme };
    const todo = await eventually(() => created(api, '/v1/activities', olga, { type: 'call', subject: 'Call back', dueOn: '2999-11-02', related }));
    const done = await eventually(() => created(api, '/v1/activities', olga, { type: 'visit', subject: 'Visit', dueOn: '2999-11-01', related }));
    await ok(await api.post(`/v1/activities/${done.id}/complete`, olga, { outcome: 'ordered' }));
    // Tickets: nobody's (1, 2, 3) and tom's (4), which rita (restricted) does not see.
    for (const subject of ['Printer', 'Scanner', 'Toner']) await created(api, '/v1/tickets', olga, { companyId: acme, subject });
    const toms = await created(api, '/v1/tickets', olga, { companyId: acme, subject: 'Server', assignee: { userId: 'tom' } });
    await created(api, '/v1/requests', olga, { companyId: acme, description: 'Please call back', requestType: 'support' });
    const fleet = await created(api, '/v1/opportunities', olga, { title: 'Fleet', parties: [{ kind: 'company', id: acme }], amount: '1200.50', currency: 'EUR' });
    const quote = await created(api, '/v1/quotes', olga, {
      party: { kind: 'company', id: acme },
      operatorId: 'olga',
      validFrom: '2999-01-10',
      validUntil: '2999-12-31',
      lines: [{ description: 'Work', quantity: '3', unitPrice: '33.33' }],
      description: 'Offer',
    });
    await ok(await api.post(`/v1/quotes/${quote.id}/send`, olga));
    await ok(await api.post(`/v1/quotes/${quote.id}/accept`, olga, {}));

    const full = await eventually(async () => {
      const read = await card(olga, acme);
      const counts = Object.fromEntries(Object.entries(read.sections).map(([name, section]) => [name, section!.count]));
      expect(counts).toEqual({ contacts: 1, todo: 1, history: 1, tickets: 4, requests: 1, opportunities: 1, quotes: 1, orders: 1, interactions: 1, notes: 1 });
      expect(read.sections.quotes!.items[0]!.status).toBe('accepted');
      return read;
    }, 30_000);
    expect(full.company).toMatchObject({ id: acme, legalName: 'Łódź Città Srl' });
    const first = (name: string) => full.sections[name]!.items[0]!;
    expect(first('contacts')).toMatchObject({ type: 'contact', id: anna, title: 'Anna Żółć', link: `/v1/contacts/${anna}` });
    expect(first('todo')).toMatchObject({ type: 'activity', id: todo.id, title: 'Call back', status: 'planned', date: '2999-11-02' });
    expect(first('history')).toMatchObject({ type: 'activity', id: done.id, status: 'done' });
    expect(full.sections.tickets!.items.map((item) => item.title)).toEqual(['Server', 'Toner', 'Scanner', 'Printer']);
    expect(first('requests')).toMatchObject({ type: 'request', title: 'Please call back', number: expect.any(String) });
    expect(first('opportunities')).toMatchObject({ title: 'Fleet', amount: { amount: '1200.50', currency: 'EUR' } });
    expect(first('quotes')).toMatchObject({ id: quote.id, number: quote.reference, amount: { currency: 'EUR' }, link: `/v1/quotes/${quote.id}` });
    expect(first('orders')).toMatchObject({ type: 'order', number: expect.stringMatching(/^SO-/), amount: first('quotes').amount });
    expect(first('interactions')).toMatchObject({ type: 'interaction', title: 'Asked for a visit', link: null });
    expect(first('notes')).toMatchObject({ type: 'note', title: 'Pays within 30 days' });

    // One section, paged: two at a time, the count every time, nothing twice.
    const seen: string[] = [];
    let page = (await card(olga, acme, '?section=tickets&limit=2')).sections;
    expect(Object.keys(page)).toEqual(['tickets']);
    for (;;) {
      const tickets = page.tickets!;
      expect(tickets.count).toBe(4);
      seen.push(...tickets.items.map((item) => item.title));
      if (!tickets.nextCursor) break;
      page = (await card(olga, acme, `?section=tickets&limit=2&cursor=${tickets.nextCursor}`)).sections;
    }
    expect(seen).toEqual(['Server', 'Toner', 'Scanner', 'Printer']);

    // rita: the unassigned tickets, the contact nobody manages, the request nobody is responsible for, the
    // company's notes; not olga's activities, nor her sales (the opportunity is olga's: its owner by
    // default), nor tom's ticket — as each record's own GET says.
    const restricted = await card(rita, acme);
    const counts = Object.fromEntries(Object.entries(restricted.sections).map(([name, section]) => [name, section!.count]));
    expect(counts).toEqual({ contacts: 1, todo: 0, history: 0, tickets: 3, requests: 1, opportunities: 0, quotes: 0, orders: 0, interactions: 1, notes: 1 });
    for (const path of [`/v1/opportunities/${fleet.id}`, `/v1/tickets/${toms.id}`, `/v1/quotes/${quote.id}`, `/v1/activities/${todo.id}`]) expectProblem(await api.get(path, rita), 404);
    expect(restricted.sections.tickets!.items.map((item) => item.title)).toEqual(['Toner', 'Scanner', 'Printer']);
    expect(JSON.stringify(restricted)).not.toContain('audience');
  });

  it('answers 404 for another tenant’s company (and an unknown one), 400 naming the field for bad input', async () => {
    const users = await tenantWith(stack, 'cardx');
    const acme = (await created(api, '/v1/companies', users.olga, { legalName: 'Acme' })).id as string;
    for (let n = 0; n < 2; n += 1) await created(api, '/v1/tickets', users.olga, { companyId: acme, subject: `T${n}` });
    const other = await tenantWith(stack, 'cardy', { colleagues: false });
    expectProblem(await api.get(`/v1/companies/${acme}/card`, other.olga), 404);
    expectProblem(await api.get('/v1/companies/no-such-company/card', users.olga), 404);

    const cursor = await eventually(async () => {
      const tickets = (await card(users.olga, acme, '?section=tickets&limit=1')).sections.tickets!;
      expect(tickets.nextCursor).not.toBeNull();
      return tickets.nextCursor!;
    });
    expectProblem(await api.get(`/v1/companies/${acme}/card?section=bogus`, users.olga), 400, 'query.section');
    expectProblem(await api.get(`/v1/companies/${acme}/card?limit=0`, users.olga), 400, 'query.limit');
    expectProblem(await api.get(`/v1/companies/${acme}/card?cursor=${cursor}`, users.olga), 400, 'query.section');
    expectProblem(await api.get(`/v1/companies/${acme}/card?section=notes&cursor=${cursor}`, users.olga), 400, 'query.cursor');
    expectProblem(await api.get(`/v1/companies/${acme}/card?section=tickets&cursor=x${cursor}`, users.olga), 400, 'query.cursor');
    // A cursor of this company's card is not one of another's.
    const beta = (await created(api, '/v1/companies', users.olga, { legalName: 'Beta' })).id as string;
    expectProblem(await api.get(`/v1/companies/${beta}/card?section=tickets&cursor=${cursor}`, users.olga), 400, 'query.cursor');
  });
});
