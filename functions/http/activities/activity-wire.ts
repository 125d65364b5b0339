import type { z } from 'zod';
import type { ActivityView, CalendarItem } from '../../../contract/http/activities.ts';
import { activityDecider, remindersOf, type Activity } from '../../../domain/activities/activity.ts';
import { canSeeActivity } from '../../../domain/activities/activity-policy.ts';
import type { DomainEvent, Decider } from '../../../domain/shared/decider.ts';
import type { Assignee } from '../../../events/support/ticket-events.ts';
import type { CalendarRow } from '../../../projections/activities/activity-calendar.ts';
import type { RecordReader } from '../../../application/shared/record-reads.ts';

/** `{ userId }` / `{ groupId }` on the wire, `{ kind, … }` in the events. */
export const assigneeFromBody = (body: { userId: string } | { groupId: string }): Assignee =>
  'userId' in body ? { kind: 'user', userId: body.userId } : { kind: 'group', groupId: body.groupId };

export const assigneeView = (assignee: Assignee): { userId: string } | { groupId: string } =>
  assignee.kind === 'user' ? { userId: assignee.userId } : { groupId: assignee.groupId };

export const activityView = (activity: Activity, version: number): z.input<typeof ActivityView> => ({
  id: activity.id,
  type: activity.type,
  subject: activity.subject,
  notes: activity.notes,
  estimatedMinutes: activity.estimatedMinutes,
  related: activity.related,
  parentId: activity.parentId,
  reminderOffsets: [...activity.reminderOffsets],
  reminders: remindersOf(activity),
  start: activity.schedule.start,
  end: activity.schedule.end,
  dueOn: activity.schedule.dueOn,
  assignee: assigneeView(activity.assignee),
  status: activity.status,
  outcome: activity.outcome,
  createdBy: activity.createdBy,
  createdAt: activity.createdAt,
  updatedAt: activity.updatedAt,
  completedAt: activity.completedAt,
  copiedFrom: activity.copiedFrom,
  previousActivityId: activity.previousActivityId,
  nextActivityId: activity.nextActivityId,
  version,
});

export const calendarItemView = (row: CalendarRow): z.input<typeof CalendarItem> => ({
  id: row.id,
  type: row.type,
  subject: row.subject,
  status: row.status,
  start: row.schedule.start,
  end: row.schedule.end,
  dueOn: row.schedule.dueOn,
  allDay: row.schedule.start === null,
  assignee: assigneeView(row.assignee),
  related: row.related,
});

/** Dated to-dos first (they have no time), then by start, then by id: a stable order for overlaps. */
export const byTime = (a: CalendarRow, b: CalendarRow): number =>
  (a.schedule.start ?? '').localeCompare(b.schedule.start ?? '') || (a.schedule.dueOn ?? '').localeCompare(b.schedule.dueOn ?? '') || a.id.localeCompare(b.id);

export const activityReader: RecordReader<Activity> = {
  aggregateType: 'activity',
  decider: activityDecider as unknown as Decider<never, Activity | null, DomainEvent>,
  canSee: canSeeActivity,
  label: 'activity',
};
