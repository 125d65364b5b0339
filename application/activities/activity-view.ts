import { remindersOf, type Activity } from '../../domain/activities/activity.ts';
import type { Assignee } from '../../events/support/ticket-events.ts';

/** An assignee as callers give and read it: `{ userId }` or `{ groupId }` (in events it is tagged with `kind`). */
export type AssigneeInput = { readonly userId: string } | { readonly groupId: string };

export const assigneeFromInput = (input: AssigneeInput): Assignee =>
  'userId' in input ? { kind: 'user', userId: input.userId } : { kind: 'group', groupId: input.groupId };

export const assigneeView = (assignee: Assignee): { userId: string } | { groupId: string } =>
  assignee.kind === 'user' ? { userId: assignee.userId } : { groupId: assignee.groupId };

/** An activity as its readers see it, at its version (the HTTP contract's `ActivityView`). */
export const activityView = (activity: Activity, version: number) => ({
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
  origin: activity.origin,
  version,
});

export type ActivityView = ReturnType<typeof activityView>;
