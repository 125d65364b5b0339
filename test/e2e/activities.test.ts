import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createActivitiesHandler } from '../../functions/http/activities.ts';
import { defaultTenantSettings } from '../../functions/http/activities/lookups.ts';
import { dependenciesFromEnv } from '../../functions/shared/dependencies.ts';
import { peopleOfRecordFrom } from '../../adapters/people/event-store-people.ts';
import type { HttpHandler } from '../../local/http-server.ts';
import { uniqueTenant } from '../support/dynamo.ts';
import { apiClient, eventually, expectProblem } from '../support/http-client.ts';
import { startLocalStack } from '../support/local-stack.ts';
import { peopleOfTenants } from '../support/memory-people.ts';

type Stack = Awaited<ReturnType<typeof startLocalStack>>;

/**
 * 03:30 UTC on Monday 1 November 2027 (a future date: idempotency records expire after a day): 04:30 in Rome (CET since Sunday's change), still Sunday
 * 31 October 23:30 in New York (EDT until 7 November).
 */
const now = '2027-11-01T03:30:00.000Z';
/** The clock advances a second per reading, so `asOf` tells events apart, and stays in the same days. */
let tick = 0;
const clock = () => new Date(Date.parse(now) + tick++ * 1000).toISOString();
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

/** A tenant with olga (Rome, in sales), sam (Rome, in sales), tom (New York), rita (restricted, Warsaw), ada (admin). */
const team = async () => {
  const tenant = uniqueTenant('act');
  people.add(
    tenant,
    {
      olga: { timezone: 'Europe/Rome', groups: ['sales'] },
      sam: { timezone: 'Europe/Rome', groups: ['sales'] },
      tom: { timezone: 'America/New_York' },
      rita: { timezone: 'Europe/Warsaw', role: 'restricted', groups: ['field'] },
      ada: { timezone: 'Europe/Rome', role: 'admin' },
      gone: { active: false },
    },
    { sales: ['olga', 'sam'], field: ['rita', 'sam'] },
  );
  const token = (userId: string, role: 'admin' | 'standard' | 'restricted' = 'standard', groups: string[] = []) => stack.token(userId, { tenant, role, groups });
  return {
    tenant,
    olga: await token('olga', 'standard', ['sales']),
    sam: await token('sam', 'standard', ['sales']),
    tom: await token('tom'),
    rita: await token('rita', 'restricted', ['field']),
    ada: await token('ada', 'admin'),
  };
};

const schedule = async (token: string, body: Record<string, unknown>) => {
  const response = await api.post('/v1/activities', token, { type: 'meeting', subject: 'Meeting', ...body });
  expect(response.status, response.text).toBe(201);
  return response.body as { id: string; version: number } & Record<string, unknown>;
};

const at = (start: string, end: string) => ({ start, end });

describe('activities', () => {
  it('schedules, reads, patches, reschedules, reassigns, changes status, with history and asOf', async () => {
    const { olga, tom } = await team();
    const created = await schedule(olga, { ...at('2027-11-02T09:00:00+01:00', '2027-11-02T10:00:00+01:00'), reminderOffsets: [1440, 15] });
    expect(created).toMatchObject({
      start: '2027-11-02T08:00:00.000Z',
      end: '2027-11-02T09:00:00.000Z',
      assignee: { userId: 'olga' },
      status: 'planned',
      reminderOffsets: [15, 1440],
      createdBy: 'olga',
      version: 1,
    });
    const path = `/v1/activities/${created.id}`;
    expect((await api.get(path, olga)).body).toEqual(created);

    const patched = await api.call('PATCH', path, { token: olga, body: { notes: 'agenda', subject: 'Kick-off' } });
    expect(patched.status, patched.text).toBe(200);
    expect(patched.body).toMatchObject({ notes: 'agenda', subject: 'Kick-off', version: 2 });

    const moved = await api.post(`${path}/reschedule`, olga, at('2027-11-02T11:00:00Z', '2027-11-02T12:30:00Z'), { 'if-match': '"2"' });
    expect(moved.body).toMatchObject({ start: '2027-11-02T11:00:00.000Z', end: '2027-11-02T12:30:00.000Z', version: 3 });
    expectProblem(await api.post(`${path}/reschedule`, olga, at('2027-11-02T11:00:00Z', '2027-11-02T10:00:00Z')), 422, 'body.end');
    expectProblem(await api.post(`${path}/reschedule`, olga, at('2027-11-02T11:00:00Z', '2027-11-02T12:00:00Z'), { 'if-match': '"2"' }), 412);

    expectProblem(await api.post(`${path}/status`, tom, { status: 'done' }), 403);
    expectProblem(await api.post(`${path}/assign`, olga, { userId: 'ghost' }), 422, 'body.userId');
    expectProblem(await api.post(`${path}/assign`, olga, { userId: 'gone' }), 422, 'body.userId');
    expect((await api.post(`${path}/assign`, olga, { userId: 'tom' })).body).toMatchObject({ assignee: { userId: 'tom' }, version: 4 });
    expect((await api.post(`${path}/status`, tom, { status: 'in_progress' })).body).toMatchObject({ status: 'in_progress', version: 5 });

    const history = await api.get(`${path}/history`, olga);
    expect(history.body.items.map((e: { type: string }) => e.type)).toEqual([
      'ActivityScheduled',
      'ActivityDetailsChanged',
      'ActivityRescheduled',
      'ActivityReassigned',
      'ActivityStatusChanged',
    ]);
    expect(history.body.items[2].data).toMatchObject({ from: { start: '2027-11-02T08:00:00.000Z' }, to: { start: '2027-11-02T11:00:00.000Z' } });
    const then = await api.get(`${path}?asOf=${encodeURIComponent(history.body.items[0].at)}`, olga);
    expect(then.body).toMatchObject({ subject: 'Meeting', notes: null, version: 1 });
  });

  it('refuses bad input with 4xx naming the field', async () => {
    const { olga, rita } = await team();
    expectProblem(await api.post('/v1/activities', olga, { type: 'meeting', subject: 'x', ...at('2027-11-02T10:00:00Z', '2027-11-02T09:00:00Z') }), 422, 'body.end');
    expectProblem(await api.post('/v1/activities', olga, { type: 'party', subject: 'x', dueOn: '2027-11-02' }), 422, 'body.type');
    expectProblem(await api.post('/v1/activities', olga, { type: 'call', subject: 'x', dueOn: '2027-11-02', assignee: { groupId: 'nobody' } }), 422, 'body.assignee');
    expectProblem(await api.post('/v1/activities', olga, { type: 'call', subject: 'x', dueOn: '2027-11-02', related: { kind: 'company', id: 'c-none' } }), 422, 'body.related');
    expectProblem(await api.post('/v1/activities', olga, { type: 'call', subject: 'x', dueOn: '2027-11-02', parentId: 'a-none' }), 422, 'body.parentId');
    expectProblem(await api.post('/v1/activities', olga, { type: 'call', dueOn: '2027-11-02' }), 400, 'body.subject');
    expectProblem(await api.post('/v1/activities', olga, { type: 'call', subject: 'x', dueOn: '27/10/2026' }), 400, 'body.dueOn');
    expectProblem(await api.post('/v1/activities', rita, { type: 'call', subject: 'x', dueOn: '2027-11-02', assignee: { userId: 'olga' } }), 403);
    const mine = await schedule(olga, { dueOn: '2027-11-02' });
    expectProblem(await api.get(`/v1/activities/${mine.id}`, rita), 404);
  });

  it('relates activities to known records only, and copies and completes with the next step in one commit', async () => {
    const { olga } = await team();
    const company = await api.post('/v1/companies', olga, { legalName: 'Fiat SpA' });
    expect(company.status, company.text).toBe(201);
    const related = { kind: 'company', id: company.body.id };
    const visit = await eventually(() => schedule(olga, { type: 'visit', ...at('2027-11-02T09:00:00Z', '2027-11-02T11:00:00Z'), related }));

    const copy = await api.post(`/v1/activities/${visit.id}/copy`, olga, { start: '2027-11-09T14:00:00Z' });
    expect(copy.status, copy.text).toBe(201);
    expect(copy.headers.get('location')).toBe(`/v1/activities/${copy.body.id}`);
    expect(copy.body).toMatchObject({ start: '2027-11-09T14:00:00.000Z', end: '2027-11-09T16:00:00.000Z', copiedFrom: visit.id, related, version: 1 });

    const done = await api.post(`/v1/activities/${visit.id}/complete`, olga, {
      outcome: 'order expected',
      next: { type: 'call', subject: 'Follow up', dueOn: '2027-11-08' },
    }, { 'idempotency-key': 'complete-1' });
    expect(done.status, done.text).toBe(200);
    expect(done.body).toMatchObject({ status: 'done', outcome: 'order expected', version: 2 });
    const next = await api.get(`/v1/activities/${done.body.nextActivityId}`, olga);
    expect(next.body).toMatchObject({ type: 'call', subject: 'Follow up', dueOn: '2027-11-08', related, previousActivityId: visit.id, assignee: { userId: 'olga' } });
    const again = await api.post(`/v1/activities/${visit.id}/complete`, olga, { outcome: 'order expected', next: { type: 'call', subject: 'Follow up', dueOn: '2027-11-08' } }, { 'idempotency-key': 'complete-1' });
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.body).toEqual(done.body);
    expectProblem(await api.post(`/v1/activities/${visit.id}/complete`, olga, {}), 409);
    expectProblem(await api.post(`/v1/activities/${visit.id}/complete`, olga, { next: { type: 'call', dueOn: '2027-11-08', assignee: { userId: 'ghost' } } }), 409);
    expectProblem(await api.post(`/v1/activities/${copy.body.id}/complete`, olga, { next: { dueOn: '2027-11-08', assignee: { userId: 'ghost' } } }), 422, 'body.next.assignee');
  });

  it('shows a week in the caller’s timezone across the October DST change, overlaps and long items included', async () => {
    const { olga, sam, tom, rita } = await team();
    // Week of Sunday 31 October in Rome: 25 October 00:00 CEST (24 Oct 22:00Z) to 1 November 00:00 CET (31 Oct 23:00Z).
    const late = await schedule(olga, { subject: 'late', ...at('2027-10-31T22:30:00Z', '2027-10-31T23:15:00Z') });
    const overlap = await schedule(olga, { subject: 'overlap', ...at('2027-10-31T22:00:00Z', '2027-10-31T23:00:00Z') });
    await schedule(olga, { subject: 'next week', ...at('2027-10-31T23:30:00Z', '2027-11-01T00:30:00Z') });
    const trip = await schedule(olga, { subject: 'trip', type: 'visit', ...at('2027-10-21T08:00:00Z', '2027-10-26T17:00:00Z') });
    const night = await schedule(olga, { subject: 'night', ...at('2027-10-24T21:00:00Z', '2027-10-24T23:00:00Z') });
    const todo = await schedule(olga, { subject: 'todo', type: 'task', dueOn: '2027-10-28' });
    const team_ = await schedule(olga, { subject: 'team', ...at('2027-10-27T08:00:00Z', '2027-10-27T09:00:00Z'), assignee: { groupId: 'sales' } });
    const sams = await schedule(sam, { subject: 'sam', ...at('2027-10-28T08:00:00Z', '2027-10-28T09:00:00Z') });
    await api.post(`/v1/activities/${overlap.id}/status`, olga, { status: 'not_done' });

    const week = await eventually(async () => {
      const response = await api.get('/v1/calendar?view=week&date=2027-10-31', olga);
      expect(response.status, response.text).toBe(200);
      const sunday = response.body.groups.find((g: { date: string }) => g.date === '2027-10-31').items;
      expect(sunday.map((i: { id: string }) => i.id)).toEqual([overlap.id, late.id]);
      expect(sunday[0]).toMatchObject({ status: 'not_done', allDay: false });
      return response.body;
    });
    expect(week).toMatchObject({ timezone: 'Europe/Rome', from: '2027-10-24T22:00:00.000Z', to: '2027-10-31T23:00:00.000Z' });
    const byDate = Object.fromEntries(week.groups.map((g: { date: string; items: { subject: string }[] }) => [g.date, g.items.map((i) => i.subject)]));
    expect(byDate).toEqual({
      '2027-10-25': ['trip', 'night'],
      '2027-10-26': ['trip'],
      '2027-10-27': [],
      '2027-10-28': ['todo'],
      '2027-10-29': [],
      '2027-10-30': [],
      '2027-10-31': ['overlap', 'late'],
    });
    expect(week.groups[3].items[0]).toMatchObject({ subject: 'todo', allDay: true, dueOn: '2027-10-28', start: null });

    const group = await eventually(async () => {
      const response = await api.get('/v1/calendar?view=workweek&date=2027-10-27&groups=sales&groupBy=resource', olga);
      expect(response.body.groups[0].items.map((i: { id: string }) => i.id)).toContain(sams.id);
      return response.body;
    });
    expect(group.days).toEqual(['2027-10-25', '2027-10-26', '2027-10-27', '2027-10-28', '2027-10-29']);
    expect(group.groups).toHaveLength(1);
    expect(group.groups[0].resource).toEqual({ groupId: 'sales' });
    expect(group.groups[0].items.map((i: { id: string }) => i.id).toSorted()).toEqual([trip.id, night.id, team_.id, todo.id, sams.id].toSorted());

    const busy = await api.get('/v1/calendar/freebusy?view=day&date=2027-10-31&users=olga', rita);
    expect(busy.status, busy.text).toBe(200);
    // In Rita's day (Warsaw, the same offsets as Rome): "late" only, "overlap" is not_done; no subjects.
    expect(busy.body.resources).toEqual([{ resource: { userId: 'olga' }, busy: [{ start: '2027-10-31T22:30:00.000Z', end: '2027-10-31T23:00:00.000Z' }] }]);
    expect(busy.text).not.toContain('late');

    expectProblem(await api.get('/v1/calendar?users=olga', rita), 403);
    expectProblem(await api.get('/v1/calendar?groups=sales', rita), 403);
    // Rita's own group: its activities and hers, not those its other member (Sam) keeps for himself.
    const fieldWork = await schedule(rita, { subject: 'field work', ...at('2027-10-27T08:00:00Z', '2027-10-27T09:00:00Z'), assignee: { groupId: 'field' } });
    const field = await eventually(async () => {
      const response = await api.get('/v1/calendar?view=week&date=2027-10-27&groups=field&groupBy=resource', rita);
      expect(response.status, response.text).toBe(200);
      expect(response.body.groups[0].items).toHaveLength(1);
      return response.body;
    });
    expect(field.groups[0].items[0].id).toBe(fieldWork.id);
    expectProblem(await api.get('/v1/calendar?users=ghost', tom), 422, 'query.users');
    expectProblem(await api.get('/v1/calendar?view=year', tom), 400, 'query.view');
  });

  it('lists the caller’s to-do for their own today, and a done activity leaves it', async () => {
    const { tom } = await team();
    // Tom's today is Sunday 31 October in New York, while UTC is already Monday.
    const evening = await schedule(tom, { subject: 'evening call', type: 'call', ...at('2027-10-31T22:00:00Z', '2027-10-31T22:15:00Z') });
    await schedule(tom, { subject: 'tomorrow 01:00', ...at('2027-11-01T05:00:00Z', '2027-11-01T06:00:00Z') });
    const dated = await schedule(tom, { subject: 'send offer', type: 'task', dueOn: '2027-10-31' });
    const morning = await schedule(tom, { subject: 'morning', ...at('2027-10-31T13:00:00Z', '2027-10-31T14:00:00Z') });
    await schedule(tom, { subject: 'already done', status: 'done', ...at('2027-10-31T12:00:00Z', '2027-10-31T12:30:00Z') });

    const todo = await eventually(async () => {
      const response = await api.get('/v1/todo', tom);
      expect(response.body.items).toHaveLength(3);
      return response.body;
    });
    expect(todo).toMatchObject({ timezone: 'America/New_York', date: '2027-10-31' });
    expect(todo.items.map((i: { id: string }) => i.id)).toEqual([dated.id, morning.id, evening.id]);

    await api.post(`/v1/activities/${morning.id}/complete`, tom, {});
    await eventually(async () => {
      const response = await api.get('/v1/todo', tom);
      expect(response.body.items.map((i: { id: string }) => i.id)).toEqual([dated.id, evening.id]);
    });
  });

  it('moves a converted lead’s open activities to its contact', async () => {
    const { olga } = await team();
    const lead = await api.post('/v1/leads', olga, { companyName: 'Alfa Kft.', firstName: 'Anna', lastName: 'Kovács' });
    expect(lead.status, lead.text).toBe(201);
    const onLead = { kind: 'lead', id: lead.body.id };
    const open = await eventually(() => schedule(olga, { type: 'call', subject: 'Call Anna', dueOn: '2027-11-02', related: onLead }));
    const closed = await schedule(olga, { type: 'call', subject: 'First call', dueOn: '2027-10-26', related: onLead, status: 'done' });
    await eventually(async () => {
      const response = await api.get('/v1/calendar?view=week&date=2027-11-02', olga);
      expect(response.body.groups.flatMap((g: { items: unknown[] }) => g.items)).toHaveLength(1);
    });
    const converted = await api.post(`/v1/leads/${lead.body.id}/convert`, olga, { skipDuplicateCheck: true });
    expect(converted.status, converted.text).toBe(200);
    const contact = { kind: 'contact', id: converted.body.contactId };
    await eventually(async () => expect((await api.get(`/v1/activities/${open.id}`, olga)).body.related).toEqual(contact));
    expect((await api.get(`/v1/activities/${closed.id}`, olga)).body.related).toEqual(onLead);
    const history = await api.get(`/v1/activities/${open.id}/history`, olga);
    expect(history.body.items.at(-1)).toMatchObject({ type: 'ActivityRelinked', data: { reason: 'lead_converted', leadId: lead.body.id, to: contact } });
  });

  it('moves a company-only lead’s open activities to the company it became (no contact)', async () => {
    const { olga } = await team();
    const lead = await api.post('/v1/leads', olga, { companyName: 'Near Béta Kft.' });
    expect(lead.status, lead.text).toBe(201);
    const onLead = { kind: 'lead', id: lead.body.id };
    const open = await eventually(() => schedule(olga, { type: 'call', subject: 'Call Béta', dueOn: '2027-11-03', related: onLead }));
    await eventually(async () => {
      const response = await api.get('/v1/calendar?view=week&date=2027-11-03', olga);
      expect(response.body.groups.flatMap((g: { items: { id: string }[] }) => g.items).map((i: { id: string }) => i.id)).toContain(open.id);
    });
    const converted = await api.post(`/v1/leads/${lead.body.id}/convert`, olga, { skipDuplicateCheck: true });
    expect(converted.status, converted.text).toBe(200);
    expect(converted.body.contactId).toBeNull();
    const company = { kind: 'company', id: converted.body.companyId };
    await eventually(async () => expect((await api.get(`/v1/activities/${open.id}`, olga)).body.related).toEqual(company));
  });
});
