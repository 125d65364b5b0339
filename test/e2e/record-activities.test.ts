import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createActivitiesHandler } from '../../functions/http/activities.ts';
import { defaultTenantSettings } from '../../functions/http/activities/lookups.ts';
import { peopleOfRecordFrom } from '../../adapters/people/event-store-people.ts';
import { dependenciesFromEnv } from '../../functions/shared/dependencies.ts';
import type { HttpHandler } from '../../local/http-server.ts';
import { uniqueTenant } from '../support/dynamo.ts';
import { apiClient, eventually, expectProblem } from '../support/http-client.ts';
import { startLocalStack } from '../support/local-stack.ts';
import { peopleOfTenants } from '../support/memory-people.ts';

type Stack = Awaited<ReturnType<typeof startLocalStack>>;

/**
 * The activities' clock: 1 November 2027 03:30 UTC, a second per reading (fixed, never today). In New
 * York the clocks go back on Sunday 7 November (EDT -> EST).
 */
let tick = 0;
const clock = () => new Date(Date.parse('2027-11-01T03:30:00.000Z') + tick++ * 1000).toISOString();
const people = peopleOfTenants();
let stack: Stack;
let api: ReturnType<typeof apiClient>;

beforeAll(async () => {
  const handler = createActivitiesHandler(
    () => ({ ...dependenciesFromEnv(), now: clock }),
    // Assignees are checked against the same in-memory people (by default: the users' own streams).
    () => ({ people: people.directory, settings: defaultTenantSettings, assignees: peopleOfRecordFrom(people.directory) }),
  );
  stack = await startLocalStack({ handlers: { activitiesApi: handler as unknown as HttpHandler } });
  api = apiClient(stack.url);
});
afterAll(async () => stack?.stop());

/** olga (standard), tom (New York), rita (restricted, in the field group). */
const team = async () => {
  const tenant = uniqueTenant('ra');
  people.add(tenant, { olga: {}, tom: { timezone: 'America/New_York' }, rita: { role: 'restricted', groups: ['field'] } }, { field: ['rita'] });
  return {
    olga: await stack.token('olga', { tenant, role: 'standard', groups: [] }),
    tom: await stack.token('tom', { tenant, role: 'standard', groups: [] }),
    rita: await stack.token('rita', { tenant, role: 'restricted', groups: ['field'] }),
  };
};

const create = async (token: string, path: string, body: Record<string, unknown>) => {
  const response = await api.post(path, token, body);
  expect(response.status, response.text).toBe(201);
  return response.body as { id: string } & Record<string, unknown>;
};

/** Schedules once the related record is known to the activities (its read model may lag). */
const schedule = (token: string, body: Record<string, unknown>) =>
  eventually(() => create(token, '/v1/activities', { type: 'call', subject: 'Call', ...body }));

interface Item {
  id: string;
  subject: string;
  status: string;
  closedAt: string | null;
  outcome: string | null;
}

const list = async (token: string, path: string): Promise<{ items: Item[]; nextCursor: string | null }> => {
  const response = await api.get(path, token);
  expect(response.status, response.text).toBe(200);
  return response.body;
};
const subjects = async (token: string, path: string) => (await list(token, path)).items.map((i) => i.subject);

interface Entry {
  kind: string;
  event: string;
  source: { type: string; id: string };
  summary: Record<string, unknown>;
}
const timeline = async (token: string, path: string): Promise<Entry[]> => {
  const response = await api.get(`${path}/timeline`, token);
  expect(response.status, response.text).toBe(200);
  return response.body.items;
};

describe("a record's activities", () => {
  it('a completed activity is on the company timeline and in its done list; open ones by due date, done ones newest first, paged', async () => {
    const { olga } = await team();
    const acme = await create(olga, '/v1/companies', { legalName: 'Acme SpA' });
    const related = { kind: 'company', id: acme.id };
    const visit = await schedule(olga, { subject: 'visit', type: 'visit', start: '2027-11-03T09:00:00Z', end: '2027-11-03T10:00:00Z', related });
    await schedule(olga, { subject: 'offer', dueOn: '2027-11-02', related });
    await schedule(olga, { subject: 'call back', start: '2027-11-02T15:00:00Z', end: '2027-11-02T15:30:00Z', related });
    const early = await schedule(olga, { subject: 'early', start: '2027-11-01T08:00:00Z', end: '2027-11-01T08:30:00Z', related });
    const old = await schedule(olga, { subject: 'old', dueOn: '2027-10-20', related });

    const done = await api.post(`/v1/activities/${visit.id}/complete`, olga, { outcome: 'order expected' });
    expect(done.status, done.text).toBe(200);
    expect((await api.post(`/v1/activities/${old.id}/status`, olga, { status: 'not_done' })).status).toBe(200);
    expect((await api.post(`/v1/activities/${early.id}/complete`, olga, {})).status).toBe(200);

    const company = `/v1/companies/${acme.id}`;
    await eventually(async () => {
      const completed = (await timeline(olga, company)).find((e) => e.event === 'ActivityStatusChanged' && e.summary.activityId === visit.id);
      expect(completed).toMatchObject({
        kind: 'activity',
        source: { type: 'activity', id: visit.id },
        summary: { action: 'completed', subject: 'visit', type: 'visit', from: 'planned', to: 'done', outcome: 'order expected' },
      });
    });
    const entries = await timeline(olga, company);
    expect(entries.filter((e) => e.summary.activityId === visit.id).map((e) => e.summary.action)).toEqual(['completed', 'scheduled']);

    await eventually(async () => expect(await subjects(olga, `${company}/activities?state=done`)).toEqual(['early', 'old', 'visit']));
    const history = await list(olga, `${company}/activities?state=done`);
    expect(history.items[2]).toMatchObject({ id: visit.id, status: 'done', outcome: 'order expected', closedAt: done.body.completedAt });
    // Open is the default: by due date, a dated to-do before the timed ones of its day.
    expect(await subjects(olga, `${company}/activities`)).toEqual(['offer', 'call back']);

    const first = await list(olga, `${company}/activities?state=done&limit=2`);
    expect(first.items.map((i) => i.subject)).toEqual(['early', 'old']);
    const second = await list(olga, `${company}/activities?state=done&limit=2&cursor=${first.nextCursor}`);
    expect(second.items.map((i) => i.subject)).toEqual(['visit']);
    expect(second.nextCursor).toBeNull();
    expectProblem(await api.get(`${company}/activities?state=open&cursor=${first.nextCursor}`, olga), 400, 'query.cursor');
    expectProblem(await api.get(`${company}/activities?cursor=bm9wZQ`, olga), 400, 'query.cursor');
    const forged = Buffer.from(JSON.stringify({ after: 'open#2027-11-02' })).toString('base64url');
    expectProblem(await api.get(`${company}/activities?cursor=${forged}`, olga), 400, 'query.cursor');
    expectProblem(await api.get(`${company}/activities?state=all`, olga), 400, 'query.state');
    // A well-formed position that is no item's still reads from there: everything closed before 2028.
    const shaped = Buffer.from(JSON.stringify({ after: 'closed#2028-01-01T00:00:00.000Z#zz' })).toString('base64url');
    expect((await list(olga, `${company}/activities?state=done&cursor=${shaped}`)).items.map((i) => i.subject)).toEqual(['early', 'old', 'visit']);
  });

  it("shows a restricted user only their own activities, and is a 404 for a record they cannot see or another tenant's", async () => {
    const { olga, rita } = await team();
    const other = await team();
    const open = await create(olga, '/v1/companies', { legalName: 'Open Srl' });
    const olgas = await create(olga, '/v1/companies', { legalName: 'Olga Srl', responsibleUserId: 'olga' });
    const related = { kind: 'company', id: open.id };
    await schedule(olga, { subject: 'olga’s', dueOn: '2027-11-02', related });
    await schedule(rita, { subject: 'rita’s', dueOn: '2027-11-03', related });
    await schedule(olga, { subject: 'for the field', dueOn: '2027-11-04', related, assignee: { groupId: 'field' } });
    for (let i = 0; i < 4; i += 1) await schedule(olga, { subject: `more ${i}`, dueOn: '2027-11-05', related });

    const path = `/v1/companies/${open.id}/activities`;
    await eventually(async () => expect(await subjects(olga, path)).toHaveLength(7));
    expect(await subjects(rita, path)).toEqual(['rita’s', 'for the field']);
    // A restricted page is filled from what she may see, past the ones she may not.
    const page = await list(rita, `${path}?limit=1`);
    expect(page.items.map((i) => i.subject)).toEqual(['rita’s']);
    expect((await list(rita, `${path}?limit=1&cursor=${page.nextCursor}`)).items.map((i) => i.subject)).toEqual(['for the field']);

    // The company's timeline shows her the same: the entries of activities that were hers.
    const scheduledOn = async (token: string) =>
      (await timeline(token, `/v1/companies/${open.id}`)).filter((e) => e.kind === 'activity').map((e) => e.summary.subject);
    await eventually(async () => expect(await scheduledOn(olga)).toHaveLength(7));
    expect((await scheduledOn(rita)).toSorted()).toEqual(['for the field', 'rita’s']);
    const entries = await api.get(`/v1/companies/${open.id}/timeline?limit=1`, rita);
    expect(entries.body.items.map((e: Entry) => e.summary.subject ?? e.event)).toEqual(['for the field']);

    expectProblem(await api.get(`/v1/companies/${olgas.id}/activities`, rita), 404);
    expectProblem(await api.get(path, other.olga), 404);
    expectProblem(await api.get('/v1/companies/nope/activities', olga), 404);
  });

  it('lists the activities of a contact, a lead and a ticket; a converted lead’s open activities move to its contact', async () => {
    const { olga } = await team();
    const acme = await create(olga, '/v1/companies', { legalName: 'Acme SpA' });
    const anna = await create(olga, '/v1/contacts', { firstName: 'Anna', lastName: 'Rossi', companyId: acme.id });
    const ticket = await create(olga, '/v1/tickets', { companyId: acme.id, subject: 'Printer jammed' });
    const lead = await create(olga, '/v1/leads', { companyName: 'Beta Kft.', firstName: 'Béla', lastName: 'Kovács' });

    await schedule(olga, { subject: 'call Anna', dueOn: '2027-11-02', related: { kind: 'contact', id: anna.id } });
    await schedule(olga, { subject: 'fix printer', dueOn: '2027-11-02', related: { kind: 'ticket', id: ticket.id } });
    const demo = await schedule(olga, { subject: 'demo', dueOn: '2027-11-03', related: { kind: 'lead', id: lead.id } });
    await eventually(async () => expect(await subjects(olga, `/v1/contacts/${anna.id}/activities`)).toEqual(['call Anna']));
    await eventually(async () => expect(await subjects(olga, `/v1/tickets/${ticket.id}/activities`)).toEqual(['fix printer']));
    await eventually(async () => expect(await subjects(olga, `/v1/leads/${lead.id}/activities`)).toEqual(['demo']));
    expectProblem(await api.get('/v1/tickets/nope/activities', olga), 404);

    const converted = await api.post(`/v1/leads/${lead.id}/convert`, olga, { skipDuplicateCheck: true });
    expect(converted.status, converted.text).toBe(200);
    const contact = `/v1/contacts/${converted.body.contactId}`;
    await eventually(async () => expect(await subjects(olga, `${contact}/activities`)).toEqual(['demo']));
    expect(await subjects(olga, `/v1/leads/${lead.id}/activities`)).toEqual([]);
    // Its later events reach the contact's timeline; the relink is on it once (the lead's timeline is
    // merged in). The relink policy runs on the real clock, the activities here on a fixed one: no order.
    expect((await api.post(`/v1/activities/${demo.id}/complete`, olga, {})).status).toBe(200);
    await eventually(async () => {
      const actions = (await timeline(olga, contact)).filter((e) => e.summary.activityId === demo.id).map((e) => e.summary.action);
      expect(actions.toSorted()).toEqual(['completed', 'relinked', 'scheduled']);
    });
  });

  it('shows the reminders with their UTC fire times, across the clock change, and none once done', async () => {
    const { tom } = await team();
    // Monday 8 November 09:00 in New York (EST, 14:00Z); the clocks went back on Sunday 7 November.
    const meeting = await create(tom, '/v1/activities', {
      type: 'meeting',
      subject: 'Quarterly review',
      start: '2027-11-08T09:00:00-05:00',
      end: '2027-11-08T10:00:00-05:00',
      reminderOffsets: [15, 1440, 2880, 14_400],
    });
    // 2 days before is Saturday 10:00 EDT: the offset is a duration, so 14:00Z; 10 days before had
    // already passed when it was scheduled (1 November), so it is never sent and not listed.
    const reminders = [
      { offsetMinutes: 2880, fireAt: '2027-11-06T14:00:00.000Z' },
      { offsetMinutes: 1440, fireAt: '2027-11-07T14:00:00.000Z' },
      { offsetMinutes: 15, fireAt: '2027-11-08T13:45:00.000Z' },
    ];
    expect(meeting.reminders).toEqual(reminders);
    expect((await api.get(`/v1/activities/${meeting.id}`, tom)).body.reminders).toEqual(reminders);

    const todo = await create(tom, '/v1/activities', { type: 'task', subject: 'Send offer', dueOn: '2027-11-08', reminderOffsets: [60] });
    expect(todo.reminders).toEqual([]);
    const done = await api.post(`/v1/activities/${meeting.id}/complete`, tom, {});
    expect(done.body).toMatchObject({ status: 'done', reminderOffsets: [15, 1440, 2880, 14_400], reminders: [] });
  });
});
