import { describe, expect, it } from 'vitest';
import { localTableNames } from '../../../adapters/dynamodb/client.ts';
import { MemoryMailer } from '../../../adapters/mail/memory-mailer.ts';
import { MemoryPeopleDirectory } from '../../../adapters/people/memory-people-directory.ts';
import { runReminderJob } from '../../../functions/scheduled/reminders/run-reminder-job.ts';
import { Projector } from '../../../projections/projector.ts';
import { activityHistory, person } from '../../support/activity-fixtures.ts';
import { testDependencies, uniqueTenant } from '../../support/dynamo.ts';

const deps = testDependencies();
const { db, eventStore, readModels } = deps;
const projector = new Projector(readModels, eventStore);

const setup = (timezone: string, locale: 'it' | 'en' | 'pl' | 'hu') => {
  const tenant = uniqueTenant('dst');
  const people = new MemoryPeopleDirectory({
    users: [person(tenant, 'ugo', { timezone, locale, groups: ['team'] }), person(tenant, 'zoe', { timezone: 'UTC', locale: 'en' })],
    groups: [{ tenant, groupId: 'team', name: 'Team', members: ['ugo'] }],
  });
  const mailer = new MemoryMailer();
  const run = (now: string) =>
    runReminderJob({
      db,
      eventsTable: localTableNames.events,
      readModelsTable: localTableNames.readModels,
      eventStore,
      people,
      mailer,
      now: () => now,
    });
  return { tenant, mailer, run, history: activityHistory(eventStore, projector, tenant) };
};

const ugo = { kind: 'user', userId: 'ugo' } as const;
const minutes = (instant: string, delta: number) => new Date(Date.parse(instant) + delta * 60_000).toISOString();

/**
 * Each case: a zone, a date around a clock change, and — written out by hand, not computed by the code
 * under test — the UTC instants of 07:30 that day and of the day's first and last local minute.
 */
const cases = [
  // Europe: the last Sunday of March is 23 hours long, of October 25 hours.
  { zone: 'Europe/Rome', locale: 'it', date: '2026-03-29', digestAt: '2026-03-29T05:30:00.000Z', dayStart: '2026-03-28T23:00:00.000Z', dayEnd: '2026-03-29T22:00:00.000Z' },
  { zone: 'Europe/Rome', locale: 'it', date: '2026-10-25', digestAt: '2026-10-25T06:30:00.000Z', dayStart: '2026-10-24T22:00:00.000Z', dayEnd: '2026-10-25T23:00:00.000Z' },
  { zone: 'Europe/Warsaw', locale: 'pl', date: '2026-03-29', digestAt: '2026-03-29T05:30:00.000Z', dayStart: '2026-03-28T23:00:00.000Z', dayEnd: '2026-03-29T22:00:00.000Z' },
  { zone: 'Europe/Warsaw', locale: 'pl', date: '2026-10-25', digestAt: '2026-10-25T06:30:00.000Z', dayStart: '2026-10-24T22:00:00.000Z', dayEnd: '2026-10-25T23:00:00.000Z' },
  // New York on the European change days (already/still on EDT), and on its own change days.
  { zone: 'America/New_York', locale: 'en', date: '2026-03-29', digestAt: '2026-03-29T11:30:00.000Z', dayStart: '2026-03-29T04:00:00.000Z', dayEnd: '2026-03-30T04:00:00.000Z' },
  { zone: 'America/New_York', locale: 'en', date: '2026-10-25', digestAt: '2026-10-25T11:30:00.000Z', dayStart: '2026-10-25T04:00:00.000Z', dayEnd: '2026-10-26T04:00:00.000Z' },
  { zone: 'America/New_York', locale: 'en', date: '2026-03-08', digestAt: '2026-03-08T11:30:00.000Z', dayStart: '2026-03-08T05:00:00.000Z', dayEnd: '2026-03-09T04:00:00.000Z' },
  { zone: 'America/New_York', locale: 'en', date: '2026-11-01', digestAt: '2026-11-01T12:30:00.000Z', dayStart: '2026-11-01T04:00:00.000Z', dayEnd: '2026-11-02T05:00:00.000Z' },
] as const;

describe('daily digest at 07:30 local time, across clock changes', () => {
  it.each(cases)('$zone on $date: at $digestAt, once, with exactly that local day', async ({ zone, locale, date, digestAt, dayStart, dayEnd }) => {
    const { tenant, mailer, run, history } = setup(zone, locale);
    const at = minutes(dayStart, -3 * 24 * 60);
    const first = await history.schedule({ at, start: dayStart, assignee: ugo, offsets: [], subject: 'First minute' });
    const last = await history.schedule({ at, start: minutes(dayEnd, -1), assignee: ugo, offsets: [], subject: 'Last minute' });
    const group = await history.schedule({ at, start: minutes(digestAt, 90), assignee: { kind: 'group', groupId: 'team' }, offsets: [], subject: 'Team' });
    const todo = await history.schedule({ at, start: null, dueOn: date, assignee: ugo, offsets: [], subject: 'To-do' });
    // Ends as the day begins: not on it (the calendar's overlap rule).
    await history.schedule({ at, start: minutes(dayStart, -30), end: dayStart, assignee: ugo, offsets: [], subject: 'Day before' });
    // Began two days earlier and runs on: found through the calendar's continuation items.
    const trip = await history.schedule({ at, start: minutes(dayStart, -2 * 24 * 60 - 7), end: minutes(dayEnd, 60), assignee: ugo, offsets: [], subject: 'Trip' });
    await history.schedule({ at, start: dayEnd, assignee: ugo, offsets: [], subject: 'Day after' });
    await history.schedule({ at, start: null, dueOn: '2026-01-01', assignee: ugo, offsets: [], subject: 'Other to-do' });
    const closed = await history.schedule({ at, start: minutes(digestAt, 60), assignee: ugo, offsets: [], subject: 'Closed' });
    await history.changeStatus(closed, minutes(at, 1), 'planned', 'not_done');

    expect((await run(minutes(digestAt, -1))).digests.sent).toBe(0);
    const report = await run(minutes(digestAt, 1));
    expect(report.digests.sent).toBe(1);
    expect(mailer.sent).toHaveLength(1);
    const [mail] = mailer.sent;
    for (const subject of ['First minute', 'Last minute', 'Team', 'To-do', 'Trip']) expect(mail!.text).toContain(subject);
    for (const subject of ['Day before', 'Day after', 'Other to-do', 'Closed']) expect(mail!.text).not.toContain(subject);
    expect(mail!.text).toContain('00:00');
    expect(mail!.text).toContain('23:59');

    const { events } = await eventStore.load(tenant, 'daily-digest', `ugo|${date}`);
    expect(events).toHaveLength(1);
    expect(events[0]!.data).toMatchObject({ userId: 'ugo', date, timeZone: zone, delivery: 'sent', activityIds: [first, last, group, todo, trip].sort() });

    expect((await run(minutes(digestAt, 6))).digests).toMatchObject({ recorded: 1, sent: 0 });
    expect(mailer.attempts).toBe(1);
  });
});

describe('daily digest edge cases', () => {
  it('an empty day sends and records nothing; a later activity that day still gets its digest within the window', async () => {
    const { tenant, mailer, run, history } = setup('Europe/Rome', 'it');
    const empty = await run('2026-06-10T05:31:00.000Z'); // 07:31 in Rome
    expect(empty.digests).toMatchObject({ due: 1, skipped: 1, sent: 0 }); // ugo only: for zoe (UTC) it is 05:31
    expect((await eventStore.load(tenant, 'daily-digest', 'ugo|2026-06-10')).events).toEqual([]);
    await history.schedule({ at: '2026-06-10T05:40:00.000Z', start: '2026-06-10T12:00:00.000Z', assignee: ugo, offsets: [], subject: 'Pranzo' });
    await run('2026-06-10T05:45:00.000Z');
    expect(mailer.sent.map((m) => m.subject)).toEqual(['Le tue attività di mercoledì 10 giugno 2026']);
    expect(mailer.sent[0]!.text).toContain('14:00  Pranzo');
  });
});

describe('reminder fire times across clock changes', () => {
  it('an offset is a duration: "1 day before" a Sunday 09:00 after the spring change fires at 08:00 on Saturday, and the mail says 09:00', async () => {
    const { mailer, run, history } = setup('Europe/Rome', 'it');
    // Sunday 29 March 2026, 09:00 CEST = 07:00Z; 1440 minutes earlier is Saturday 07:00Z = 08:00 CET.
    await history.schedule({ at: '2026-03-20T10:00:00.000Z', start: '2026-03-29T07:00:00.000Z', assignee: ugo, offsets: [1440], subject: 'Domenica' });
    expect((await run('2026-03-28T06:59:00.000Z')).reminders.due).toBe(0);
    const report = await run('2026-03-28T07:01:00.000Z');
    expect(report.reminders.sent).toBe(1);
    expect(mailer.sent[0]!.text).toMatch(/domenica 29 marzo 2026.*09:00/);
  });

  it('in the autumn, the day before a Sunday 09:00 CET is Saturday 10:00 CEST; Warsaw and New York read their own clocks', async () => {
    const rome = setup('Europe/Rome', 'it');
    // Sunday 25 October 2026, 09:00 CET = 08:00Z; a day earlier is 08:00Z = 10:00 CEST.
    await rome.history.schedule({ at: '2026-10-01T10:00:00.000Z', start: '2026-10-25T08:00:00.000Z', assignee: ugo, offsets: [1440, 15], subject: 'Autunno' });
    expect((await rome.run('2026-10-24T08:01:00.000Z')).reminders.sent).toBe(1);
    expect((await rome.run('2026-10-25T07:46:00.000Z')).reminders.sent).toBe(1);
    // (08:46 in Rome is also in the digest window: the digest goes out alongside.)
    expect(rome.mailer.sent.map((m) => m.subject).filter((s) => s.startsWith('Promemoria'))).toEqual(['Promemoria: Autunno (25 ott 2026, 09:00)', 'Promemoria: Autunno (25 ott 2026, 09:00)']);

    const warsaw = setup('Europe/Warsaw', 'pl');
    await warsaw.history.schedule({ at: '2026-10-01T10:00:00.000Z', start: '2026-10-25T12:00:00.000Z', assignee: ugo, offsets: [30], subject: 'Jesień' });
    await warsaw.run('2026-10-25T11:31:00.000Z');
    expect(warsaw.mailer.sent[0]!.text).toContain('13:00');

    const newYork = setup('America/New_York', 'en');
    await newYork.history.schedule({ at: '2026-10-01T10:00:00.000Z', start: '2026-10-25T13:00:00.000Z', assignee: ugo, offsets: [60], subject: 'Fall' });
    await newYork.run('2026-10-25T12:01:00.000Z');
    expect(newYork.mailer.sent[0]!.text).toContain('09:00');
  });
});
