import { canSeeActivity, mayReadCalendarOf } from '../../domain/activities/activity-policy.ts';
import { calendarRange, localDateOf, localDatesTouched, rangeOfDays, type CalendarView, type LocalRange } from '../../domain/activities/local-time.ts';
import type { PeopleDirectory } from '../../domain/access/people.ts';
import type { Actor } from '../../domain/shared/actor.ts';
import type { Assignee } from '../../events/support/ticket-events.ts';
import { assigneeKey, type CalendarRow } from '../../projections/activities/activity-calendar.ts';
import { indexRangeOf, type ActivityIndexReads } from '../ports/activity-index.ts';
import { forbidden, invalidFields, type FieldIssue } from '../shared/errors.ts';
import { assigneeView } from './activity-view.ts';
import { byTime, calendarItemView } from './calendar-item.ts';

/** Whose calendars, over which days: a view around `date` (default today in the caller's timezone). */
export interface RangeFilter {
  readonly view: CalendarView;
  readonly date?: string | undefined;
  /** User ids (`me`: the caller); default the caller when no groups are given. */
  readonly users?: readonly string[] | undefined;
  /** Group ids: each shows its own and its members' activities. */
  readonly groups?: readonly string[] | undefined;
}

export interface CalendarFilter extends RangeFilter {
  readonly groupBy: 'date' | 'resource';
}

/** The caller's timezone from their profile; a user administration does not know yet reads in UTC. */
export const timezoneOf = async (people: PeopleDirectory, actor: Actor): Promise<string> =>
  (await people.user(actor.tenant, actor.userId))?.timezone ?? 'UTC';

/** A requested resource and the calendars it shows: a user its own; a group its own and its members'. */
interface Resource {
  readonly resource: Assignee;
  readonly calendars: readonly Assignee[];
}

/**
 * The users and groups a calendar shows (default: the caller), checked: a restricted user reads only
 * their own and their groups' (forbidden), an unknown user or group is invalid, naming `users` or `groups`.
 */
const resourcesOf = async (people: PeopleDirectory, actor: Actor, query: RangeFilter): Promise<Resource[]> => {
  const users = query.users ?? (query.groups?.length ? [] : [actor.userId]);
  const groups = query.groups ?? [];
  const requested: Assignee[] = [
    ...users.map((userId): Assignee => ({ kind: 'user', userId: userId === 'me' ? actor.userId : userId })),
    ...groups.map((groupId): Assignee => ({ kind: 'group', groupId })),
  ];
  for (const resource of requested) {
    if (!mayReadCalendarOf(actor, resource)) throw forbidden('restricted users read only their own and their groups’ calendars');
  }
  const issues: FieldIssue[] = [];
  const resources = await Promise.all(
    requested.map(async (resource): Promise<Resource> => {
      if (resource.kind === 'user') {
        if (resource.userId !== actor.userId && !(await people.user(actor.tenant, resource.userId))) issues.push({ path: 'users', message: `no user ${resource.userId}` });
        return { resource, calendars: [resource] };
      }
      const group = await people.group(actor.tenant, resource.groupId);
      if (!group) issues.push({ path: 'groups', message: `no group ${resource.groupId}` });
      return { resource, calendars: [resource, ...(group?.members ?? []).map((userId): Assignee => ({ kind: 'user', userId }))] };
    }),
  );
  if (issues.length > 0) throw invalidFields(issues);
  return resources;
};

/**
 * Reads each calendar once (a user asked for directly and as a group member is read once). `visible`
 * drops what the reader may not see: a restricted user's own group shows its members' activities
 * only where they are hers too.
 */
const readCalendars = async (
  index: ActivityIndexReads,
  tenant: string,
  resources: readonly Resource[],
  range: LocalRange,
  visible: (row: CalendarRow) => boolean = () => true,
) => {
  const calendars = new Map<string, Assignee>();
  for (const { calendars: own } of resources) for (const calendar of own) calendars.set(assigneeKey(calendar), calendar);
  const rows = new Map<string, CalendarRow[]>();
  let readUnits = 0;
  await Promise.all(
    [...calendars].map(async ([key, calendar]) => {
      const read = await index.calendar(tenant, calendar, indexRangeOf(range));
      rows.set(key, read.rows);
      readUnits += read.readUnits;
    }),
  );
  const rowsOf = (resource: Resource): CalendarRow[] => {
    const unique = new Map<string, CalendarRow>();
    for (const calendar of resource.calendars) for (const row of rows.get(assigneeKey(calendar)) ?? []) if (visible(row)) unique.set(row.id, row);
    return [...unique.values()].toSorted(byTime);
  };
  return { rowsOf, readUnits };
};

const rangeFor = (query: RangeFilter, timezone: string, now: string): LocalRange =>
  calendarRange(query.view, query.date ?? localDateOf(now, timezone), timezone);

/** A calendar by day or by resource, and the read capacity it took (for the logs). */
export const readCalendar = async (index: ActivityIndexReads, people: PeopleDirectory, actor: Actor, query: CalendarFilter, now: string) => {
  const timezone = await timezoneOf(people, actor);
  const range = rangeFor(query, timezone, now);
  const resources = await resourcesOf(people, actor, query);
  const { rowsOf, readUnits } = await readCalendars(index, actor.tenant, resources, range, (row) => canSeeActivity(actor, row));
  const header = { timezone, from: range.from, to: range.to, days: [...range.days], view: query.view, groupBy: query.groupBy };
  if (query.groupBy === 'resource') {
    return {
      ...header,
      groups: resources.map((r) => ({ resource: assigneeView(r.resource), items: rowsOf(r).map(calendarItemView) })),
      readUnits,
    };
  }
  const all = new Map<string, CalendarRow>();
  for (const resource of resources) for (const row of rowsOf(resource)) all.set(row.id, row);
  const sorted = [...all.values()].toSorted(byTime);
  const touched = new Map(sorted.map((row) => [row.id, new Set(localDatesTouched(row.schedule, range))]));
  return {
    ...header,
    groups: range.days.map((date) => ({ date, items: sorted.filter((row) => touched.get(row.id)!.has(date)).map(calendarItemView) })),
    readUnits,
  };
};

/** Busy intervals (planned, in progress or done; not not_done), clipped to the range and merged. */
const busyOf = (rows: readonly CalendarRow[], range: LocalRange) => {
  const from = Date.parse(range.from);
  const to = Date.parse(range.to);
  const intervals = rows
    .filter((row) => row.schedule.start !== null && row.status !== 'not_done')
    .map((row) => [Math.max(from, Date.parse(row.schedule.start!)), Math.min(to, Date.parse(row.schedule.end!))] as [number, number])
    .filter(([start, end]) => end > start)
    .toSorted((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const [start, end] of intervals) {
    const last = merged.at(-1);
    if (last && start <= last[1]) last[1] = Math.max(last[1], end);
    else merged.push([start, end]);
  }
  return merged.map(([start, end]) => ({ start: new Date(start).toISOString(), end: new Date(end).toISOString() }));
};

export const readFreeBusy = async (index: ActivityIndexReads, people: PeopleDirectory, actor: Actor, query: RangeFilter, now: string) => {
  const timezone = await timezoneOf(people, actor);
  const range = rangeFor(query, timezone, now);
  // Free/busy shows no subjects: any colleague's, whatever the caller's role.
  const resources = await resourcesOf(people, { ...actor, role: actor.role === 'restricted' ? 'standard' : actor.role }, query);
  const { rowsOf } = await readCalendars(index, actor.tenant, resources, range);
  return {
    timezone,
    from: range.from,
    to: range.to,
    days: [...range.days],
    resources: resources.map((r) => ({ resource: assigneeView(r.resource), busy: busyOf(rowsOf(r), range) })),
  };
};

/** Today in the caller's timezone: their open activities and their groups', dated ones first, then by time. */
export const readTodo = async (index: ActivityIndexReads, people: PeopleDirectory, actor: Actor, now: string) => {
  const timezone = await timezoneOf(people, actor);
  const today = localDateOf(now, timezone);
  const range = indexRangeOf(rangeOfDays(today, 1, timezone));
  const assignees: Assignee[] = [{ kind: 'user', userId: actor.userId }, ...actor.groups.map((groupId): Assignee => ({ kind: 'group', groupId }))];
  const reads = await Promise.all(assignees.map((assignee) => index.todo(actor.tenant, assignee, range)));
  const rows = new Map<string, CalendarRow>();
  for (const read of reads) for (const row of read.rows) rows.set(row.id, row);
  return {
    timezone,
    date: today,
    items: [...rows.values()].toSorted(byTime).map(calendarItemView),
    readUnits: reads.reduce((sum, read) => sum + read.readUnits, 0),
  };
};

/** What the calendar queries read: the activity indexes, the people read model (timezones, groups), the clock. */
export interface CalendarReadDependencies {
  readonly index: ActivityIndexReads;
  readonly people: PeopleDirectory;
  readonly now: () => string;
}

/** The calendar reads a caller asks for (each with the read capacity it took, for the logs). */
export const calendarQueries = (dependencies: () => CalendarReadDependencies) => ({
  calendar: (actor: Actor, filter: CalendarFilter) => {
    const { index, people, now } = dependencies();
    return readCalendar(index, people, actor, filter, now());
  },
  freeBusy: (actor: Actor, filter: RangeFilter) => {
    const { index, people, now } = dependencies();
    return readFreeBusy(index, people, actor, filter, now());
  },
  todo: (actor: Actor) => {
    const { index, people, now } = dependencies();
    return readTodo(index, people, actor, now());
  },
});

export type CalendarQueries = ReturnType<typeof calendarQueries>;
