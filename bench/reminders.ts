/**
 * `npm run bench:reminders`: the reminder job's time and capacity as the number of activities grows,
 * in ONE run against one DynamoDB Local, to show that its cost follows the due reminders only:
 *
 *   1. 20k activities (BENCH_REMINDER_SMALL) + 10k due reminders → run the job;
 *   2. grow to 200k activities (BENCH_REMINDER_ACTIVITIES) over 50 users + 10k new due → run again;
 *   3. the same 200k + 1k due → run again (a tenth of the due reminders: a tenth of the cost).
 *
 * Activities are written as the projection writes them (`activityRemindersProjection`: the row and
 * its reminder satellites) with BatchWriteItem; the job is the real one (`runReminderJob`) with a
 * memory mailer, on a metered client, so every read and write it makes is counted. Users are in
 * Europe/Rome and the runs are at 15:00 UTC, so no digest is due: the figures are the reminders'.
 */
import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { EventStore } from '../adapters/dynamodb/event-store.ts';
import { MemoryMailer } from '../adapters/mail/memory-mailer.ts';
import { MemoryPeopleDirectory } from '../adapters/people/memory-people-directory.ts';
import type { UserProfile } from '../domain/access/people.ts';
import { runReminderJob } from '../functions/scheduled/reminders/run-reminder-job.ts';
import { activityRemindersProjection, type ActivityReminderRow } from '../projections/activities/activity-reminders.ts';
import type { ReadItem } from '../projections/projection.ts';
import { startBenchEnvironment } from './environment.ts';
import { envInt, fmtNum, runConcurrently } from './stats.ts';

const tenant = 'bench-reminders';
const userCount = 50;
const small = envInt('BENCH_REMINDER_SMALL', 20_000);
const large = envInt('BENCH_REMINDER_ACTIVITIES', 200_000);
const due = envInt('BENCH_REMINDER_DUE', 10_000);
const minute = 60_000;

const users: UserProfile[] = Array.from({ length: userCount }, (_, i) => ({
  tenant,
  userId: `user-${i}`,
  name: `User ${i}`,
  email: `user-${i}@bench.example`,
  timezone: 'Europe/Rome',
  locale: (['it', 'en', 'pl', 'hu'] as const)[i % 4]!,
  role: 'standard',
  groups: [],
  active: true,
}));

const row = (id: string, start: string, user: number): ActivityReminderRow => ({
  id,
  type: 'call',
  subject: `Activity ${id}`,
  related: { kind: 'company', id: `co-${user}` },
  status: 'planned',
  start,
  end: null,
  dueOn: null,
  assignee: { kind: 'user', userId: `user-${user % userCount}` },
  reminderOffsets: [15],
  remindFrom: '2027-01-01T00:00:00.000Z',
});

const itemsOf = (r: ActivityReminderRow): ReadItem[] => [
  activityRemindersProjection.toItem(tenant, r.id, r, 1),
  ...activityRemindersProjection.satellites!(tenant, r.id, r),
];

const main = async () => {
  const env = await startBenchEnvironment();
  try {
    const write = async (rows: (i: number) => ActivityReminderRow, count: number) => {
      const perBatch = 12; // 2 items per activity: 24 of BatchWriteItem's 25
      await runConcurrently(Math.ceil(count / perBatch), 8, async (b) => {
        let pending: Record<string, unknown>[] | undefined = [];
        for (let i = b * perBatch; i < Math.min(count, (b + 1) * perBatch); i += 1) pending.push(...itemsOf(rows(i)).map((Item) => ({ PutRequest: { Item } })));
        while (pending && pending.length) {
          const result = await env.db.send(new BatchWriteCommand({ RequestItems: { [env.tables.readModels]: pending as never } }));
          pending = result.UnprocessedItems?.[env.tables.readModels] as Record<string, unknown>[] | undefined;
        }
      });
    };
    // Background activities: starts spread over 2028 (never in a run's window), round-robin over users.
    const yearStart = Date.parse('2028-01-01T00:00:00.000Z');
    const background = (offset: number) => (i: number) =>
      row(`bg-${offset + i}`, new Date(yearStart + ((offset + i) * 2_521 * minute) % (360 * 24 * 60 * minute)).toISOString(), offset + i);
    // Due reminders of a run at `now`: fire times spread over the 100 minutes before it.
    const dueAt = (now: string, label: string, count: number) => (i: number) =>
      row(`due-${label}-${i}`, new Date(Date.parse(now) - 100 * minute + Math.floor((i * 100 * minute) / count) + 15 * minute).toISOString(), i);

    const people = new MemoryPeopleDirectory({ users });
    const eventStore = new EventStore(env.meteredDb, env.tables.events);
    const run = async (now: string) => {
      const mailer = new MemoryMailer();
      env.meter.take();
      const started = performance.now();
      const report = await runReminderJob({
        db: env.meteredDb,
        eventsTable: env.tables.events,
        readModelsTable: env.tables.readModels,
        eventStore,
        people,
        mailer,
        now: () => now,
      });
      const seconds = (performance.now() - started) / 1000;
      const capacity = env.meter.take();
      if (mailer.attempts !== report.reminders.due) throw new Error(`sent ${mailer.attempts} of ${report.reminders.due} due reminders`);
      return { report, seconds, capacity };
    };

    const rows: string[][] = [];
    const stage = async (activities: number, dueCount: number, now: string, label: string) => {
      const { report, seconds, capacity } = await run(now);
      const rcu = capacity.pricedReadUnits;
      const wcu = capacity.pricedWriteUnits;
      rows.push([
        String(activities),
        String(dueCount),
        String(report.reminders.sent),
        `${fmtNum(seconds, 1)} s`,
        fmtNum(rcu, 0),
        fmtNum(wcu, 0),
        fmtNum((rcu + wcu) / Math.max(1, report.reminders.sent), 2),
        String(capacity.requests),
      ]);
      console.error(`[bench] ${label}: ${report.reminders.sent} sent in ${seconds.toFixed(1)} s, ${rcu.toFixed(0)} RCU, ${wcu.toFixed(0)} WCU`);
    };

    let t = performance.now();
    await write(background(0), small);
    await write(dueAt('2027-06-15T15:00:00.000Z', 'a', due), due);
    console.error(`[bench] seeded ${small} + ${due} due activities in ${((performance.now() - t) / 1000).toFixed(1)} s`);
    await stage(small + due, due, '2027-06-15T15:00:00.000Z', `${small} activities`);

    t = performance.now();
    await write(background(small), large - small - due);
    await write(dueAt('2027-06-16T15:00:00.000Z', 'b', due), due);
    console.error(`[bench] grew to ${large + due} activities in ${((performance.now() - t) / 1000).toFixed(1)} s`);
    await stage(large + due, due, '2027-06-16T15:00:00.000Z', `${large} activities`);

    const tenth = Math.max(1, Math.floor(due / 10));
    await write(dueAt('2027-06-17T15:00:00.000Z', 'c', tenth), tenth);
    await stage(large + due + tenth, tenth, '2027-06-17T15:00:00.000Z', `${large} activities, ${tenth} due`);

    // A run with nothing due, over the largest table: what every idle 5-minute tick costs.
    await stage(large + due + tenth, 0, '2027-06-18T15:00:00.000Z', 'idle');

    const header = ['activities', 'due', 'sent', 'job time', 'RCU', 'WCU', 'units per reminder', 'requests'];
    console.log(`| ${header.join(' | ')} |\n|${header.map(() => '---').join('|')}|`);
    for (const r of rows) console.log(`| ${r.join(' | ')} |`);
    const [a, b, c] = rows.map((r) => Number(r[4]) + Number(r[5]));
    console.log(`\nCapacity, ${large} vs ${small + due} activities at ${due} due: ${fmtNum(b! / a!, 2)}× (target ≈ 1: flat in the total)`);
    console.log(`Capacity, ${tenth} vs ${due} due over ${large} activities: ${fmtNum(c! / b!, 3)}× (target ≈ ${fmtNum(tenth / due, 2)}: follows the due)`);
  } finally {
    await env.stop();
  }
};

await main();
