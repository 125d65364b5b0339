import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { localTableNames } from '../../../adapters/dynamodb/client.ts';
import type { EventStore } from '../../../adapters/dynamodb/event-store.ts';
import type { Mailer } from '../../../adapters/mail/mailer.ts';
import { MemoryMailer } from '../../../adapters/mail/memory-mailer.ts';
import { MemoryPeopleDirectory } from '../../../adapters/people/memory-people-directory.ts';
import { runReminderJob } from '../../../functions/scheduled/reminders/run-reminder-job.ts';
import { Projector } from '../../../projections/projector.ts';
import { ticketListProjection } from '../../../projections/support/ticket-list.ts';
import { activityHistory, person } from '../../support/activity-fixtures.ts';
import { testDependencies, uniqueTenant } from '../../support/dynamo.ts';

const deps = testDependencies();
const { db, eventStore, readModels } = deps;
const projector = new Projector(readModels, eventStore);

/**
 * The job reads one due index shared by every tenant: each test works on its own calendar day (and
 * its own tenant), so tests never see each other's reminders.
 */
const setup = () => {
  const tenant = uniqueTenant('rem');
  const people = new MemoryPeopleDirectory({
    users: [
      person(tenant, 'anna'),
      person(tenant, 'bela', { locale: 'hu', timezone: 'Europe/Budapest', groups: ['sales'] }),
      person(tenant, 'cora', { locale: 'pl', timezone: 'Europe/Warsaw', groups: ['sales'] }),
      person(tenant, 'dan', { locale: 'en', timezone: 'America/New_York', groups: ['sales'], active: false }),
    ],
    groups: [{ tenant, groupId: 'sales', name: 'Sales', members: ['bela', 'cora', 'dan'] }],
  });
  const mailer = new MemoryMailer();
  const run = (now: string, overrides: { mailer?: Mailer; store?: Pick<EventStore, 'commit'>; runId?: string; mayStart?: () => boolean } = {}) =>
    runReminderJob({
      db,
      eventsTable: localTableNames.events,
      readModelsTable: localTableNames.readModels,
      eventStore: overrides.store ?? eventStore,
      people,
      mailer: overrides.mailer ?? mailer,
      now: () => now,
      ...(overrides.runId ? { runId: overrides.runId } : {}),
      ...(overrides.mayStart === undefined ? {} : { mayStart: overrides.mayStart }),
    });
  return { tenant, people, mailer, run, history: activityHistory(eventStore, projector, tenant) };
};

const reminderEvents = async (tenant: string, activityId: string, userId: string, offset: number, fireAt: string) => {
  const key = [activityId, userId, offset, fireAt].map((p) => encodeURIComponent(String(p))).join('|');
  return (await eventStore.load(tenant, 'reminder', key)).events;
};

const anna = { kind: 'user', userId: 'anna' } as const;

describe('reminder job on DynamoDB Local', () => {
  it('e-mails a reminder once its fire time (start − offset) has come, records it and drops it from the due index', async () => {
    const { tenant, mailer, run, history } = setup();
    const id = await history.schedule({ at: '2031-01-06T08:00:00.000Z', start: '2031-01-06T10:00:00.000Z', assignee: anna, offsets: [15, 60] });

    const early = await run('2031-01-06T08:59:00.000Z');
    expect(early.reminders.due).toBe(0);
    expect(mailer.attempts).toBe(0);

    const first = await run('2031-01-06T09:01:00.000Z');
    expect(first.reminders).toMatchObject({ due: 1, sent: 1 });
    expect(mailer.sent).toHaveLength(1);
    expect(mailer.sent[0]!.to).toEqual({ name: 'Anna', address: 'anna@example.com' });
    expect(mailer.sent[0]!.subject).toContain('Promemoria: Riunione');
    expect(mailer.sent[0]!.text).toContain('11:00'); // 10:00Z is 11:00 in Rome in January

    const events = await reminderEvents(tenant, id, 'anna', 60, '2031-01-06T09:00:00.000Z');
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      type: 'ReminderSent',
      version: 1,
      data: { activityId: id, userId: 'anna', offsetMinutes: 60, delivery: 'sent', activityStart: '2031-01-06T10:00:00.000Z' },
    });

    // Delivered entries leave the index: the next run does not even read them.
    const again = await run('2031-01-06T09:06:00.000Z');
    expect(again.reminders.due).toBe(0);
    const quarter = await run('2031-01-06T09:46:00.000Z');
    expect(quarter.reminders).toMatchObject({ due: 1, sent: 1 });
    expect(mailer.attempts).toBe(2);
  });

  it("a group assignee's reminder goes to each active member, each recorded on its own", async () => {
    const { tenant, mailer, run, history } = setup();
    const id = await history.schedule({ at: '2031-01-07T08:00:00.000Z', start: '2031-01-07T10:00:00.000Z', assignee: { kind: 'group', groupId: 'sales' } });
    const report = await run('2031-01-07T09:50:00.000Z');
    expect(report.reminders).toMatchObject({ due: 1, sent: 2 });
    expect(mailer.sent.map((m) => m.to.address).sort()).toEqual(['bela@example.com', 'cora@example.com']);
    expect(mailer.sent.find((m) => m.to.address === 'bela@example.com')!.subject).toMatch(/^Emlékeztető: /);
    expect(mailer.sent.find((m) => m.to.address === 'cora@example.com')!.subject).toMatch(/^Przypomnienie: /);
    expect(await reminderEvents(tenant, id, 'bela', 15, '2031-01-07T09:45:00.000Z')).toHaveLength(1);
    expect(await reminderEvents(tenant, id, 'cora', 15, '2031-01-07T09:45:00.000Z')).toHaveLength(1);
    expect(await reminderEvents(tenant, id, 'dan', 15, '2031-01-07T09:45:00.000Z')).toHaveLength(0);
  });

  it('recomputes on reschedule, reassignment, offset changes and status changes; done cancels', async () => {
    const { tenant, mailer, run, history } = setup();
    const schedule = (start: string) => ({ start, end: null, dueOn: null });
    const moved = await history.schedule({ at: '2031-01-08T07:00:00.000Z', start: '2031-01-08T10:00:00.000Z', assignee: anna });
    await history.reschedule(moved, '2031-01-08T07:10:00.000Z', schedule('2031-01-08T10:00:00.000Z'), schedule('2031-01-08T12:00:00.000Z'));
    const reassigned = await history.schedule({ at: '2031-01-08T07:00:00.000Z', start: '2031-01-08T10:00:00.000Z', assignee: anna, subject: 'Passata' });
    await history.reassign(reassigned, '2031-01-08T07:20:00.000Z', anna, { kind: 'user', userId: 'cora' });
    const done = await history.schedule({ at: '2031-01-08T07:00:00.000Z', start: '2031-01-08T10:00:00.000Z', assignee: anna, subject: 'Fatta' });
    await history.changeStatus(done, '2031-01-08T07:30:00.000Z', 'planned', 'done');
    const offsets = await history.schedule({ at: '2031-01-08T07:00:00.000Z', start: '2031-01-08T10:00:00.000Z', assignee: anna, subject: 'Offsets' });
    await history.changeDetails(offsets, '2031-01-08T07:40:00.000Z', { reminderOffsets: [30] });

    const atTen = await run('2031-01-08T09:50:00.000Z');
    // The moved one is not due yet; the reassigned one goes to Cora; the done one is gone; offsets 15 → 30.
    expect(mailer.sent.map((m) => `${m.to.address} ${m.subject.split(' (')[0]}`).sort()).toEqual([
      'anna@example.com Promemoria: Offsets',
      'cora@example.com Przypomnienie: Passata',
    ]);
    expect(atTen.reminders.sent).toBe(2);

    // The projector replaced the moved activity's satellite: one slot, at the new fire time.
    const { Items: slots } = await db.send(
      new QueryCommand({
        TableName: localTableNames.readModels,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :reminder)',
        ExpressionAttributeValues: { ':pk': `${tenant}#activity#${moved}`, ':reminder': 'reminder#' },
      }),
    );
    expect(slots!.map((item) => item.sk)).toEqual(['reminder#15#2031-01-08T11:45:00.000Z#user:anna']);

    await run('2031-01-08T11:46:00.000Z');
    expect(mailer.sent.at(-1)!.text).toContain('13:00'); // the moved start, in Rome

    // Reopening re-arms only the reminders still ahead of the reopening.
    await history.changeStatus(done, '2031-01-08T11:50:00.000Z', 'done', 'planned');
    await history.reschedule(done, '2031-01-08T11:51:00.000Z', schedule('2031-01-08T10:00:00.000Z'), schedule('2031-01-08T14:00:00.000Z'));
    await run('2031-01-08T13:46:00.000Z');
    expect(mailer.sent.at(-1)!.subject).toContain('Fatta');
    expect(mailer.attempts).toBe(4);
  });

  it('two runs at once: every reminder is e-mailed exactly once', async () => {
    const { tenant, mailer, run, history } = setup();
    const ids: string[] = [];
    for (let i = 0; i < 30; i += 1) {
      ids.push(
        await history.schedule({
          at: '2031-01-09T07:00:00.000Z',
          start: `2031-01-09T10:${String(i).padStart(2, '0')}:00.000Z`,
          assignee: i % 3 === 0 ? { kind: 'group', groupId: 'sales' } : anna,
          subject: `Attività ${i}`,
        }),
      );
    }
    const now = '2031-01-09T10:30:00.000Z';
    const [a, b] = await Promise.all([run(now, { runId: 'run-a' }), run(now, { runId: 'run-b' })]);
    const deliveries = 20 + 10 * 2; // anna's 20, and 10 group activities for bela and cora
    expect(mailer.attempts).toBe(deliveries);
    expect(new Set(mailer.sent.map((m) => m.id)).size).toBe(deliveries);
    expect(a.reminders.sent + b.reminders.sent).toBe(deliveries);
    for (const [i, id] of ids.entries()) {
      const fireAt = new Date(Date.parse(`2031-01-09T10:${String(i).padStart(2, '0')}:00.000Z`) - 15 * 60_000).toISOString();
      const users = i % 3 === 0 ? ['bela', 'cora'] : ['anna'];
      for (const user of users) expect(await reminderEvents(tenant, id, user, 15, fireAt)).toHaveLength(1);
    }
    // A group entry whose members the two runs split (each saw the other's claim `in-flight`) stays in
    // the due index for the next run, which finds every delivery recorded, sends nothing and drops it.
    const third = await run('2031-01-09T10:31:00.000Z');
    expect(third.reminders.sent).toBe(0);
    expect(third.reminders.due).toBe(third.reminders.recorded / 2);
    expect(mailer.attempts).toBe(deliveries);
    const fourth = await run('2031-01-09T10:32:00.000Z');
    expect(fourth.reminders.due).toBe(0);
  });

  it('a crash between sending and recording: the retry finds the claim and does not send again', async () => {
    const { tenant, mailer, run, history } = setup();
    const id = await history.schedule({ at: '2031-01-10T07:00:00.000Z', start: '2031-01-10T10:00:00.000Z', assignee: anna });
    // Fault injection: the run sends, then every attempt to record fails (the process "dies" there).
    const crashing: Pick<EventStore, 'commit'> = {
      commit: async () => {
        throw new Error('simulated crash before the record');
      },
    };
    const crashed = await run('2031-01-10T09:46:00.000Z', { store: crashing, runId: 'crashed' });
    expect(crashed.reminders['sent-unrecorded']).toBe(1);
    expect(mailer.attempts).toBe(1);

    // Within the lease the claim may still be live: another run leaves it alone.
    const soon = await run('2031-01-10T09:50:00.000Z');
    expect(soon.reminders).toMatchObject({ due: 1, 'in-flight': 1, sent: 0 });
    // After the lease: recorded as unconfirmed, not sent again.
    const later = await run('2031-01-10T10:05:00.000Z');
    expect(later.reminders).toMatchObject({ due: 1, unconfirmed: 1, sent: 0 });
    expect(mailer.attempts).toBe(1);
    const events = await reminderEvents(tenant, id, 'anna', 15, '2031-01-10T09:45:00.000Z');
    expect(events.map((e) => (e.data as { delivery: string }).delivery)).toEqual(['unconfirmed']);
    expect((await run('2031-01-10T10:06:00.000Z')).reminders.due).toBe(0);
  });

  it('a refused send releases the claim: the next run sends it', async () => {
    const { mailer, run, history } = setup();
    await history.schedule({ at: '2031-01-11T07:00:00.000Z', start: '2031-01-11T10:00:00.000Z', assignee: anna });
    const refusing: Mailer = {
      send: async () => {
        throw new Error('throttled');
      },
    };
    const failed = await run('2031-01-11T09:46:00.000Z', { mailer: refusing });
    expect(failed.reminders).toMatchObject({ due: 1, failed: 1 });
    const retried = await run('2031-01-11T09:51:00.000Z');
    expect(retried.reminders).toMatchObject({ due: 1, sent: 1 });
    expect(mailer.attempts).toBe(1);
  });

  it('never sends a fire time that had already passed when the reminder was set, nor one older than the look-back', async () => {
    const { mailer, run, history } = setup();
    // Booked at 09:50 for 10:00 with a one-day reminder: that reminder is never owed.
    await history.schedule({ at: '2031-01-12T09:50:00.000Z', start: '2031-01-12T10:00:00.000Z', assignee: anna, offsets: [1440] });
    // A reminder that fell due while the job was down for longer than the window is dropped.
    await history.schedule({ at: '2031-01-12T01:00:00.000Z', start: '2031-01-12T06:15:00.000Z', assignee: anna, offsets: [15] });
    const report = await run('2031-01-12T09:55:00.000Z');
    expect(report.reminders.due).toBe(0);
    expect(mailer.attempts).toBe(0);
  });

  it('names the related record from its read model, or shows its id when there is none', async () => {
    const { tenant, mailer, run, history } = setup();
    await readModels.put(
      ticketListProjection.toItem(tenant, 'tk-1', {
        id: 'tk-1',
        number: 42,
        companyId: 'c-1',
        contactId: null,
        subject: 'Stampante guasta',
        type: 'incident',
        priority: 'high',
        status: 'open',
        assignee: null,
        openedBy: 'olga',
        openedAt: '2031-01-14T07:00:00.000Z',
        updatedAt: '2031-01-14T07:00:00.000Z',
        closedAt: null,
        commentCount: 0,
      }, 1),
    );
    await history.schedule({ at: '2031-01-14T07:00:00.000Z', start: '2031-01-14T10:00:00.000Z', assignee: anna, related: { kind: 'ticket', id: 'tk-1' } });
    await history.schedule({ at: '2031-01-14T07:00:00.000Z', start: '2031-01-14T10:01:00.000Z', assignee: anna, related: { kind: 'company', id: 'c-unknown' } });
    await run('2031-01-14T09:47:00.000Z');
    const texts = mailer.sent.map((m) => m.text);
    expect(texts.some((text) => text.includes('Relativa a: Ticket: #42 Stampante guasta'))).toBe(true);
    expect(texts.some((text) => text.includes('Relativa a: Azienda: c-unknown'))).toBe(true);
  });

  it('a run near its deadline starts no new delivery; the next run takes the rest', async () => {
    const { mailer, run, history } = setup();
    await history.schedule({ at: '2031-01-15T07:00:00.000Z', start: '2031-01-15T10:00:00.000Z', assignee: anna });
    await history.schedule({ at: '2031-01-15T07:00:00.000Z', start: '2031-01-15T10:01:00.000Z', assignee: anna });
    const late = await run('2031-01-15T09:47:00.000Z', { mayStart: () => false });
    expect(late.reminders).toMatchObject({ due: 2, deferred: 2, sent: 0 });
    expect(mailer.attempts).toBe(0);
    const next = await run('2031-01-15T09:52:00.000Z');
    expect(next.reminders).toMatchObject({ due: 2, deferred: 0, sent: 2 });
  });

  it('keeps the satellite item after delivery, out of the due index', async () => {
    const { tenant, run, history } = setup();
    const id = await history.schedule({ at: '2031-01-13T07:00:00.000Z', start: '2031-01-13T10:00:00.000Z', assignee: anna });
    await run('2031-01-13T09:46:00.000Z');
    const { Item } = await db.send(
      new GetCommand({
        TableName: localTableNames.readModels,
        Key: { pk: `${tenant}#activity#${id}`, sk: 'reminder#15#2031-01-13T09:45:00.000Z#user:anna' },
      }),
    );
    expect(Item).toMatchObject({ fireAt: '2031-01-13T09:45:00.000Z' });
    expect(Item).not.toHaveProperty('dueBucket');
  });
});
