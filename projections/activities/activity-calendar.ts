import {
  openActivityStatuses,
  type ActivityEvent,
  type ActivitySchedule,
  type ActivityStatus,
  type RelatedRecord,
} from '../../events/activities/activity-events.ts';
import type { StoredEvent } from '../../events/envelope.ts';
import type { Assignee } from '../../events/support/ticket-events.ts';
import type { Projection, ReadItem } from '../projection.ts';

/** What a calendar cell, a to-do line and a related record's activity list show. */
export interface CalendarRow {
  readonly id: string;
  readonly type: string;
  readonly subject: string;
  readonly status: ActivityStatus;
  readonly schedule: ActivitySchedule;
  readonly assignee: Assignee;
  readonly related: RelatedRecord | null;
  readonly createdBy: string;
  readonly updatedAt: string;
  /** When it was closed (done or not done); null while open. */
  readonly closedAt: string | null;
  readonly outcome: string | null;
  /** Minutes before the start to remind (the calendar feed's VALARMs); absent on items written before it existed. */
  readonly reminderOffsets?: readonly number[];
}

export const assigneeKey = (assignee: Assignee): string => (assignee.kind === 'user' ? `user:${assignee.userId}` : `group:${assignee.groupId}`);

const DAY = 24 * 60 * 60_000;

/**
 * How far before a range the calendar query starts: every activity lasting at most this long that
 * overlaps the range starts inside the widened window. Longer ones (up to the domain's 31 days) are
 * found through their continuation items, one per UTC midnight they span.
 */
export const calendarLookBehindMs = DAY;

/**
 * Index keys (all carry the tenant; sort keys order by time, timed items `t#<start ISO>#<id>`, dated
 * to-dos `d#<YYYY-MM-DD>#<id>`, so one `BETWEEN` reads exactly a range):
 * - gsi1 `<tenant>#calendar#user:<id>|group:<id>`: every activity of an assignee, any status (the calendar);
 * - gsi2 `<tenant>#todo#user:<id>|group:<id>`: only open ones (planned, in progress): the to-do list,
 *   sparse, so a done activity leaves it;
 * - gsi3 `<tenant>#activities#related#<kind>:<id>`: a record's activities (the client sheet lists
 *   them; the lead-conversion policy moves the open ones), see `relatedSortKey`.
 */
export const activityIndexKeys = {
  calendar: (tenant: string, assignee: Assignee) => `${tenant}#calendar#${assigneeKey(assignee)}`,
  todo: (tenant: string, assignee: Assignee) => `${tenant}#todo#${assigneeKey(assignee)}`,
  related: (tenant: string, related: RelatedRecord) => `${tenant}#activities#related#${related.kind}:${related.id}`,
  timed: (instant: string) => `t#${instant}`,
  dated: (date: string) => `d#${date}`,
};

export const isOpenStatus = (status: ActivityStatus): boolean => (openActivityStatuses as readonly string[]).includes(status);

/**
 * gsi3's sort key: open ones by due date, `open#<start>#<id>` or `open#<dueOn>#<id>` (a date sorts
 * before the instants of its UTC day, as on the to-do list); closed ones by when they were closed,
 * `closed#<closedAt>#<id>`, read in reverse for "newest first".
 */
export const relatedSortKey = (row: CalendarRow): string =>
  isOpenStatus(row.status) ? `open#${row.schedule.start ?? row.schedule.dueOn}#${row.id}` : `closed#${row.closedAt ?? row.updatedAt}#${row.id}`;

const timeKey = (row: CalendarRow): string =>
  row.schedule.start !== null ? `${activityIndexKeys.timed(row.schedule.start)}#${row.id}` : `${activityIndexKeys.dated(row.schedule.dueOn!)}#${row.id}`;

/** UTC midnights strictly inside a timed item that lasts longer than the look-behind. */
export const continuationInstants = (schedule: ActivitySchedule): string[] => {
  if (schedule.start === null || schedule.end === null) return [];
  const start = Date.parse(schedule.start);
  const end = Date.parse(schedule.end);
  if (end - start <= calendarLookBehindMs) return [];
  const instants: string[] = [];
  for (let midnight = Math.floor(start / DAY) * DAY + DAY; midnight < end; midnight += DAY) instants.push(new Date(midnight).toISOString());
  return instants;
};

const evolve = (row: CalendarRow | null, stored: StoredEvent): CalendarRow | null => {
  const event = stored as StoredEvent & ActivityEvent;
  if (event.type === 'ActivityScheduled') {
    if (row !== null) return row;
    const { data } = event;
    return {
      id: data.activityId,
      type: data.details.type,
      subject: data.details.subject,
      status: data.status,
      schedule: data.schedule,
      assignee: data.assignee,
      related: data.details.related,
      createdBy: event.meta.actor,
      updatedAt: event.at,
      closedAt: isOpenStatus(data.status) ? null : event.at,
      outcome: null,
      reminderOffsets: data.details.reminderOffsets,
    };
  }
  if (row === null) return null;
  const at = event.at;
  switch (event.type) {
    case 'ActivityDetailsChanged': {
      if (event.data.changes.reminderOffsets !== undefined) row = { ...row, reminderOffsets: event.data.changes.reminderOffsets };
      const { type, subject, related } = event.data.changes;
      return { ...row, ...(type !== undefined ? { type } : {}), ...(subject !== undefined ? { subject } : {}), ...(related !== undefined ? { related } : {}), updatedAt: at };
    }
    case 'ActivityRescheduled':
      return { ...row, schedule: event.data.to, updatedAt: at };
    case 'ActivityStatusChanged': {
      const { to, outcome } = event.data;
      // Closed -> closed (done <-> not done) keeps the time it left the to-do list.
      const closedAt = isOpenStatus(to) ? null : isOpenStatus(row.status) ? at : (row.closedAt ?? at);
      return { ...row, status: to, closedAt, ...(outcome !== undefined ? { outcome } : {}), updatedAt: at };
    }
    case 'ActivityReassigned':
      return { ...row, assignee: event.data.to, updatedAt: at };
    case 'ActivityRelinked':
      return { ...row, related: event.data.to, updatedAt: at };
    default:
      return row;
  }
};

/**
 * One item per activity (pk `<tenant>#activity#<id>`, sk `calendar`) in the calendar, to-do and
 * related-record indexes; plus, for an activity longer than a day, a continuation item per UTC
 * midnight it spans in the assignee's calendar, so a range that starts after the activity started
 * still finds it without reading further back than a day.
 */
export const activityCalendarProjection: Projection<CalendarRow> = {
  name: 'activity-calendar',
  aggregateType: 'activity',
  evolve,
  key: (tenant, id) => ({ pk: `${tenant}#activity#${id}`, sk: 'calendar' }),
  toItem(tenant, id, row, version): ReadItem {
    const sk = timeKey(row);
    return {
      ...this.key(tenant, id),
      version,
      aggregateType: 'activity',
      aggregateId: id,
      tenant,
      activity: row,
      gsi1pk: activityIndexKeys.calendar(tenant, row.assignee),
      gsi1sk: sk,
      ...(isOpenStatus(row.status) ? { gsi2pk: activityIndexKeys.todo(tenant, row.assignee), gsi2sk: sk } : {}),
      ...(row.related ? { gsi3pk: activityIndexKeys.related(tenant, row.related), gsi3sk: relatedSortKey(row) } : {}),
    };
  },
  // Items written before `closedAt` and `outcome` existed lack them until their next event or a rebuild.
  fromItem: (item) => {
    const row = item.activity as CalendarRow;
    return { ...row, closedAt: row.closedAt ?? null, outcome: row.outcome ?? null };
  },
  satellites: (tenant, id, row) =>
    continuationInstants(row.schedule).map((instant) => ({
      pk: `${tenant}#activity#${id}`,
      sk: `calendar-day#${assigneeKey(row.assignee)}#${instant}`,
      version: 0,
      aggregateType: 'activity',
      aggregateId: id,
      tenant,
      continuationOf: id,
      gsi1pk: activityIndexKeys.calendar(tenant, row.assignee),
      gsi1sk: `${activityIndexKeys.timed(instant)}#${id}#continued`,
    })),
};
