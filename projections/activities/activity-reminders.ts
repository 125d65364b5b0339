import type { StoredEvent } from '../../events/envelope.ts';
import type { ActivityEvent, ActivityStatus, RelatedRecord } from '../../events/activities/activity-events.ts';
import type { Assignee } from '../../events/support/ticket-events.ts';
import type { Projection, ReadItem } from '../projection.ts';
import { reminderSlots, resetsReminders, type ReminderSlot } from '../../domain/activities/reminders.ts';
import { assigneeKey } from './activity-calendar.ts';

/**
 * The reminders' read model, owned by the reminders context (it does not wait for the calendar's):
 * - the main item `<tenant>#activity#<id>` / `reminders`: what a reminder shows (not indexed: the
 *   daily digest reads the calendar's read model, projections/activities/activity-calendar.ts);
 * - one satellite per reminder offset of an open, timed activity: `reminder#<offset>#<fireAt>#<assignee>`,
 *   indexed by fire time in the sparse `remindersDue` index until the job has delivered it.
 *
 * A group assignee is one satellite, expanded to the group's members when it fires: the fire time
 * (start − offset) is the same instant for everyone, membership is read as of the moment it fires,
 * and the projection stays a pure function of the activity's events (rebuild = live).
 */
export interface ActivityReminderRow {
  readonly id: string;
  readonly type: string;
  readonly subject: string;
  readonly related: RelatedRecord | null;
  readonly status: ActivityStatus;
  readonly start: string | null;
  readonly end: string | null;
  readonly dueOn: string | null;
  readonly assignee: Assignee;
  readonly reminderOffsets: readonly number[];
  /**
   * When the reminders were last (re)set: scheduling, moving, reassigning, changing offsets,
   * reopening. A fire time already past at that moment is never sent (no "1 day before" e-mail for
   * a meeting booked an hour ahead, no late burst after a reassignment).
   */
  readonly remindFrom: string;
}

export { fireTime, reminderSlots, type ReminderSlot } from '../../domain/activities/reminders.ts';

/** One partition per hour of fire time: a job run reads the few hours of its look-back window. */
export const dueBucket = (fireAt: string): string => `reminders-due#${fireAt.slice(0, 13)}`;
export const dueSortKey = (fireAt: string, tenant: string, activityId: string, offsetMinutes: number): string =>
  `${fireAt}#${tenant}#${activityId}#${offsetMinutes}`;

const evolve = (row: ActivityReminderRow | null, stored: StoredEvent): ActivityReminderRow | null => {
  const event = stored as StoredEvent & ActivityEvent;
  const next = changed(row, event);
  if (next === null) return null;
  return resetsReminders(row?.status ?? null, event) ? { ...next, remindFrom: event.at } : next;
};

/** The row after `event`, `remindFrom` aside (domain/activities/reminders.ts decides when it moves). */
const changed = (row: ActivityReminderRow | null, event: StoredEvent & ActivityEvent): ActivityReminderRow | null => {
  if (event.type === 'ActivityScheduled') {
    const { data } = event;
    return {
      id: data.activityId,
      type: data.details.type,
      subject: data.details.subject,
      related: data.details.related,
      status: data.status,
      start: data.schedule.start,
      end: data.schedule.end,
      dueOn: data.schedule.dueOn,
      assignee: data.assignee,
      reminderOffsets: data.details.reminderOffsets,
      remindFrom: event.at,
    };
  }
  if (row === null) return null;
  switch (event.type) {
    case 'ActivityDetailsChanged': {
      const { changes } = event.data;
      return {
        ...row,
        ...(changes.type === undefined ? {} : { type: changes.type }),
        ...(changes.subject === undefined ? {} : { subject: changes.subject }),
        ...(changes.related === undefined ? {} : { related: changes.related }),
        ...(changes.reminderOffsets === undefined ? {} : { reminderOffsets: changes.reminderOffsets }),
      };
    }
    case 'ActivityRescheduled': {
      const { start, end, dueOn } = event.data.to;
      return { ...row, start, end, dueOn };
    }
    case 'ActivityStatusChanged':
      return { ...row, status: event.data.to };
    case 'ActivityReassigned':
      return { ...row, assignee: event.data.to };
    case 'ActivityRelinked':
      return { ...row, related: event.data.to };
    default:
      return row;
  }
};

const rowFields = [
  'id',
  'type',
  'subject',
  'related',
  'status',
  'start',
  'end',
  'dueOn',
  'assignee',
  'reminderOffsets',
  'remindFrom',
] as const satisfies readonly (keyof ActivityReminderRow)[];

const key = (tenant: string, id: string) => ({ pk: `${tenant}#activity#${id}`, sk: 'reminders' });

/** The satellite of one reminder slot; its sort key changes whenever the slot or its recipient does. */
export const reminderItemKey = (tenant: string, id: string, slot: ReminderSlot, assignee: Assignee) => ({
  pk: key(tenant, id).pk,
  sk: `reminder#${slot.offsetMinutes}#${slot.fireAt}#${assigneeKey(assignee)}`,
});

export const activityRemindersProjection: Projection<ActivityReminderRow> = {
  name: 'activity-reminders',
  aggregateType: 'activity',
  evolve,
  key,
  toItem(tenant, id, row, version): ReadItem {
    return { ...key(tenant, id), version, aggregateType: 'activity', aggregateId: id, tenant, ...row };
  },
  fromItem(item) {
    return Object.fromEntries(rowFields.map((field) => [field, item[field]])) as unknown as ActivityReminderRow;
  },
  satellites(tenant, id, row) {
    return reminderSlots(row).map((slot) => ({
      ...reminderItemKey(tenant, id, slot, row.assignee),
      version: 0,
      aggregateType: 'activity',
      aggregateId: id,
      tenant,
      activityId: id,
      offsetMinutes: slot.offsetMinutes,
      fireAt: slot.fireAt,
      assignee: row.assignee,
      dueBucket: dueBucket(slot.fireAt),
      dueAt: dueSortKey(slot.fireAt, tenant, id, slot.offsetMinutes),
    }));
  },
};
