/**
 * `npm run bench:activities`: calendar weeks and to-do lists over 200k activities of 50 users, in ONE
 * run against one DynamoDB Local, measured at 20k and then at 200k activities (BENCH_ACTIVITY_STAGES).
 *
 * Activities are written as the calendar projection writes them — `activityCalendarProjection.toItem`
 * and its continuation items, with BatchWriteItem — not through the command path: 200k commits and
 * their projection would take the run past an hour on DynamoDB Local and measure the write side,
 * which `npm run bench` already does. The reads are the real query code (`readCalendar`, `readTodo`).
 *
 * Each user has one activity every ~4.4 h (30 min to 2 h long, 1 in 10 a dated to-do, 1 in 100 a
 * 2–4 day trip, 1 in 20 for their team, a third done), so a stage of n activities per user
 * covers n × 4.4 h: the 200k stage spans two years at the same density as the 20k stage's ten weeks.
 * A query whose cost follows the range, not the user's history, reads the same at both stages.
 */
import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { ReadModelStore } from '../adapters/dynamodb/read-model-store.ts';
import type { PeopleDirectory, UserProfile } from '../domain/access/people.ts';
import { addDays, localDateOf } from '../domain/activities/local-time.ts';
import type { Actor } from '../domain/shared/actor.ts';
import { ActivityIndex } from '../adapters/dynamodb/activity-index.ts';
import { readCalendar, readTodo } from '../application/activities/calendar-queries.ts';
import { activityCalendarProjection, type CalendarRow } from '../projections/activities/activity-calendar.ts';
import type { ReadItem } from '../projections/projection.ts';
import { startBenchEnvironment } from './environment.ts';
import { envInt, fmtMs, fmtNum, percentile, runConcurrently } from './stats.ts';

const tenant = 'bench-activities';
const users = 50;
const stages = (process.env['BENCH_ACTIVITY_STAGES'] ?? '20000,200000').split(',').map(Number);
const queries = envInt('BENCH_QUERIES', 200);
const zones = ['Europe/Rome', 'Europe/Warsaw', 'Europe/Budapest', 'America/New_York', 'Europe/London'];
const origin = Date.UTC(2026, 0, 1, 7);
const HOUR = 3_600_000;
const spacing = 4.4 * HOUR;
const now = Date.UTC(2027, 0, 1);

const userId = (u: number) => `user-${u}`;
const teamOf = (u: number) => `team-${u % 5}`;
const profile = (u: number): UserProfile => ({
  tenant,
  userId: userId(u),
  name: userId(u),
  email: `${userId(u)}@example.test`,
  timezone: zones[u % zones.length]!,
  locale: 'it',
  role: 'standard',
  groups: [teamOf(u)],
  active: true,
});
const people: PeopleDirectory = {
  user: async (_t, id) => (id.startsWith('user-') ? profile(Number(id.slice(5))) : undefined),
  group: async (_t, id) =>
    id.startsWith('team-') ? { tenant, groupId: id, name: id, members: Array.from({ length: users }, (_, u) => u).filter((u) => teamOf(u) === id).map(userId) } : undefined,
  users: async () => Array.from({ length: users }, (_, u) => profile(u)),
  tenants: async () => [tenant],
};
const actorOf = (u: number): Actor => ({ tenant, userId: userId(u), role: 'standard', groups: [teamOf(u)] });

/** The i-th activity of user u: reproducible, no randomness. */
const activityAt = (u: number, i: number): CalendarRow => {
  const start = origin + i * spacing + ((u * 37 + i * 11) % 60) * 60_000;
  const kind = (u * 7 + i) % 100;
  const long = kind === 0;
  const dated = kind % 10 === 5;
  const minutes = long ? (2 + (i % 3)) * 24 * 60 : 30 + ((u + i) % 4) * 30;
  return {
    id: `a-${u}-${i}`,
    type: dated ? 'task' : 'meeting',
    subject: `Activity ${i} of ${userId(u)}`,
    status: i % 3 === 0 ? 'done' : i % 3 === 1 ? 'planned' : 'in_progress',
    schedule: dated
      ? { start: null, end: null, dueOn: localDateOf(start, profile(u).timezone) }
      : { start: new Date(start).toISOString(), end: new Date(start + minutes * 60_000).toISOString(), dueOn: null },
    assignee: kind % 20 === 3 ? { kind: 'group', groupId: teamOf(u) } : { kind: 'user', userId: userId(u) },
    related: i % 4 === 0 ? { kind: 'company', id: `co-${i % 500}` } : null,
    createdBy: userId(u),
    updatedAt: new Date(origin).toISOString(),
    closedAt: i % 3 === 0 ? new Date(origin).toISOString() : null,
    outcome: null,
  };
};

const main = async () => {
  const env = await startBenchEnvironment();
  try {
    const readModels = new ReadModelStore(env.db, env.tables.readModels);
    const metered = new ReadModelStore(env.meteredDb, env.tables.readModels);
    const index = new ActivityIndex(env.db, readModels);
    const meteredIndex = new ActivityIndex(env.meteredDb, metered);
    const write = async (items: ReadItem[]) => {
      for (let start = 0; start < items.length; start += 25) {
        let pending: Record<string, unknown>[] | undefined = items.slice(start, start + 25).map((Item) => ({ PutRequest: { Item } }));
        while (pending && pending.length) {
          const result = await env.db.send(new BatchWriteCommand({ RequestItems: { [env.tables.readModels]: pending as never } }));
          pending = result.UnprocessedItems?.[env.tables.readModels] as Record<string, unknown>[] | undefined;
        }
      }
    };
    const rows: string[][] = [];
    let perUserSeeded = 0;
    for (const total of stages) {
      const perUser = total / users;
      const started = performance.now();
      let written = 0;
      await runConcurrently(Math.ceil((perUser - perUserSeeded) / 100) * users, 8, async (b) => {
        const u = b % users;
        const from = perUserSeeded + Math.floor(b / users) * 100;
        const items: ReadItem[] = [];
        for (let i = from; i < Math.min(perUser, from + 100); i += 1) {
          const row = activityAt(u, i);
          items.push(activityCalendarProjection.toItem(tenant, row.id, row, 1), ...activityCalendarProjection.satellites!(tenant, row.id, row));
        }
        written += items.length;
        await write(items);
      });
      console.error(`[bench] ${total} activities (${written} items written in ${((performance.now() - started) / 1000).toFixed(1)} s)`);
      perUserSeeded = perUser;

      // Dates inside the stage's span (its last week excluded), spread over users and weeks.
      const spanDays = Math.max(1, Math.floor((perUser * spacing) / (24 * HOUR)) - 7);
      const dateFor = (k: number) => addDays('2026-01-01', (k * 7919) % spanDays);
      const userFor = (k: number) => (k * 31) % users;
      const measured: [string, (k: number, idx: ActivityIndex) => Promise<unknown>][] = [
        ['calendar week, one user', (k, idx) => readCalendar(idx, people, actorOf(userFor(k)), { view: 'week', date: dateFor(k), groupBy: 'date' }, new Date(now).toISOString())],
        ['calendar month, one user', (k, idx) => readCalendar(idx, people, actorOf(userFor(k)), { view: 'month', date: dateFor(k), groupBy: 'date' }, new Date(now).toISOString())],
        [
          'calendar week, a team of 10 (11 calendars)',
          (k, idx) => readCalendar(idx, people, actorOf(userFor(k)), { view: 'week', date: dateFor(k), groups: [teamOf(userFor(k))], groupBy: 'resource' }, new Date(now).toISOString()),
        ],
        // "now" moves through the span, so each to-do list is a day with activities.
        ['to-do (today, user + team)', (k, idx) => readTodo(idx, people, actorOf(userFor(k)), `${dateFor(k)}T12:00:00.000Z`)],
      ];
      for (const [kind, query] of measured) {
        const { latencies } = await runConcurrently(queries, 1, async (k) => {
          await query(k, index);
        });
        env.meter.take();
        let itemsShown = 0;
        for (let k = 0; k < 20; k += 1) {
          const result = (await query(k, meteredIndex)) as { groups?: { items: unknown[] }[]; items?: unknown[] };
          itemsShown += result.items?.length ?? new Set(result.groups!.flatMap((g) => g.items.map((i) => (i as { id: string }).id))).size;
        }
        const capacity = env.meter.take();
        rows.push([String(total), String(perUser), kind, fmtMs(percentile(latencies, 50)), fmtMs(percentile(latencies, 99)), fmtNum(capacity.pricedReadUnits / 20, 1), fmtNum(itemsShown / 20, 1)]);
      }
    }
    const header = ['activities', 'per user', 'query', 'p50', 'p99', 'RCU per query', 'activities shown'];
    console.log(`| ${header.join(' | ')} |\n|${header.map(() => '---').join('|')}|`);
    for (const row of rows) console.log(`| ${row.join(' | ')} |`);
  } finally {
    await env.stop();
  }
};

await main();
