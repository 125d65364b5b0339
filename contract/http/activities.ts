import { z } from 'zod';
import { RecordId } from './common.ts';
import { activityStatuses, relatedKinds } from '../../events/activities/activity-events.ts';
import { Cursor, Limit, page } from './common.ts';
import { OriginView } from './origin.ts';
import { AssigneeBody } from './tickets.ts';

const id = RecordId;
const instant = z.iso.datetime({ offset: true });
const date = z.iso.date();
const Related = z
  .strictObject({ kind: z.enum(relatedKinds), id })
  .meta({ id: 'RelatedRecord', description: 'The company, lead, contact, opportunity or ticket the activity is about' });
const ReminderOffsets = z
  .array(z.number().int().min(0).max(60 * 24 * 31))
  .max(10)
  .describe('Minutes before the start at which the assignee is reminded, e.g. [15, 1440]');

const detailFields = {
  type: z.string().trim().min(1).max(50).describe("From the tenant's activity-types catalogue (appointment, meeting, call, …)"),
  subject: z.string().max(200),
  notes: z.string().max(20_000).nullable().optional(),
  estimatedMinutes: z.number().int().positive().max(60 * 24 * 31).nullable().optional(),
  related: Related.nullable().optional(),
  parentId: id.nullable().optional().describe('Parent activity (hierarchies and dependencies)'),
  reminderOffsets: ReminderOffsets.optional(),
};

const scheduleFields = {
  start: instant.optional().describe('With `end`: a calendar item'),
  end: instant.optional(),
  dueOn: date.optional().describe("Instead of start/end: a to-do for that day (the assignee's calendar date)"),
};

const newActivityFields = {
  ...detailFields,
  ...scheduleFields,
  assignee: AssigneeBody.optional().describe('Default: the caller'),
  status: z.enum(activityStatuses).optional().describe('Default planned'),
};

export const ScheduleActivityBody = z.strictObject(newActivityFields).meta({
  id: 'ScheduleActivity',
  description: 'A calendar item (`start`, `end`) or a to-do (`dueOn`); `end` before `start`, an unknown related record, assignee or parent -> 422',
});

export const UpdateActivityBody = z
  .strictObject({ ...detailFields, type: detailFields.type.optional(), subject: detailFields.subject.optional() })
  .refine((body) => Object.keys(body).length > 0, { message: 'give at least one field to change' })
  .meta({ id: 'UpdateActivity', description: 'Descriptive fields; `null` clears. Times, status and assignee have their own commands.' });

export const RescheduleActivityBody = z
  .strictObject(scheduleFields)
  .meta({ id: 'RescheduleActivity', description: 'Move or resize: `{ start, end }`, or `{ dueOn }` for a to-do' });

export const ChangeActivityStatusBody = z
  .strictObject({ status: z.enum(activityStatuses), outcome: z.string().max(2_000).optional() })
  .meta({ id: 'ChangeActivityStatus' });

export const CopyActivityBody = z
  .strictObject({ start: instant.optional().describe('New start; the copy keeps the duration'), dueOn: date.optional().describe('For a to-do') })
  .meta({ id: 'CopyActivity' });

export const CompleteActivityBody = z
  .strictObject({
    outcome: z.string().max(2_000).optional(),
    next: z
      .strictObject({ ...newActivityFields, type: detailFields.type.optional(), subject: detailFields.subject.optional() })
      .optional()
      .describe('The follow-up, scheduled in the same commit; type, subject, related record, assignee and reminders default to this activity’s'),
  })
  .optional()
  .meta({ id: 'CompleteActivity' });

const AssigneeView = z.union([z.object({ userId: z.string() }), z.object({ groupId: z.string() })]);
const RelatedView = z.object({ kind: z.enum(relatedKinds), id: z.string() });
const time = z.iso.datetime();

export const ActivityView = z
  .object({
    id: z.string(),
    type: z.string(),
    subject: z.string(),
    notes: z.string().nullable(),
    estimatedMinutes: z.number().int().nullable(),
    related: RelatedView.nullable(),
    parentId: z.string().nullable(),
    reminderOffsets: z.array(z.number().int()),
    reminders: z
      .array(
        z.object({
          offsetMinutes: z.number().int(),
          fireAt: time.describe('UTC instant: the start minus the offset (a duration, so across a clock change the local time differs)'),
        }),
      )
      .describe(
        'The reminders the assignee is sent, earliest first: only for an open activity with a start time, and only those whose fire time was still ahead when they were set (scheduled, moved, reassigned, offsets changed, reopened). A past `fireAt` has been sent.',
      ),
    start: time.nullable(),
    end: time.nullable(),
    dueOn: date.nullable(),
    assignee: AssigneeView,
    status: z.enum(activityStatuses),
    outcome: z.string().nullable(),
    createdBy: z.string(),
    createdAt: time,
    updatedAt: time,
    completedAt: time.nullable(),
    copiedFrom: z.string().nullable(),
    previousActivityId: z.string().nullable(),
    nextActivityId: z.string().nullable(),
    origin: OriginView,
    version: z.number().int(),
  })
  .meta({ id: 'Activity' });

/** `users=a,b` -> ['a', 'b']. */
const idList = z
  .string()
  .max(2_000)
  .transform((value) => [...new Set(value.split(',').map((part) => part.trim()).filter(Boolean))])
  .pipe(z.array(id).max(50));

const rangeFields = {
  view: z.enum(['day', 'workweek', 'week', 'month']).default('week').describe('workweek = Monday to Friday; weeks start on Monday'),
  date: date.optional().describe("A date in the range; default today in the caller's timezone"),
  users: idList.optional().describe('Comma-separated user ids; default the caller (when no groups are given)'),
  groups: idList.optional().describe("Comma-separated group ids: each shows its own and its members' activities"),
};

export const CalendarQuery = z.strictObject({
  ...rangeFields,
  groupBy: z.enum(['date', 'resource']).default('date'),
});

export const FreeBusyQuery = z.strictObject(rangeFields);

export const CalendarItem = z
  .object({
    id: z.string(),
    type: z.string(),
    subject: z.string(),
    status: z.enum(activityStatuses),
    start: time.nullable(),
    end: time.nullable(),
    dueOn: date.nullable(),
    allDay: z.boolean().describe('A to-do with a date and no time'),
    assignee: AssigneeView,
    related: RelatedView.nullable(),
  })
  .meta({ id: 'CalendarItem' });

const rangeView = {
  timezone: z.string(),
  from: time.describe('First instant of the range'),
  to: time.describe('First instant after the range'),
  days: z.array(date),
};

export const CalendarResult = z
  .object({
    ...rangeView,
    view: z.enum(['day', 'workweek', 'week', 'month']),
    groupBy: z.enum(['date', 'resource']),
    groups: z.array(
      z.object({
        date: date.optional(),
        resource: AssigneeView.optional(),
        items: z.array(CalendarItem).describe('By start; overlapping items are all listed'),
      }),
    ),
  })
  .meta({ id: 'Calendar' });

export const FreeBusyResult = z
  .object({
    ...rangeView,
    resources: z.array(
      z.object({
        resource: AssigneeView,
        busy: z.array(z.object({ start: time, end: time })).describe('Merged busy intervals (no subjects)'),
      }),
    ),
  })
  .meta({ id: 'FreeBusy' });

export const TodoResult = z
  .object({
    timezone: z.string(),
    date: date.describe("Today in the caller's timezone"),
    items: z.array(CalendarItem).describe('Open activities due today: dated to-dos first, then by time'),
  })
  .meta({ id: 'Todo' });

export const RelatedActivitiesQuery = z.strictObject({
  state: z
    .enum(['open', 'done'])
    .default('open')
    .describe('open: planned and in progress, by due date (start, or the date of a to-do; a dated to-do before the timed ones of that UTC day). done: closed ones (done and not done), the most recently closed first'),
  limit: Limit,
  cursor: Cursor,
});

export const RelatedActivityItem = CalendarItem.extend({
  closedAt: time.nullable().describe('When it was marked done or not done; null while open'),
  outcome: z.string().nullable(),
}).meta({ id: 'RelatedActivity' });

export const RelatedActivitiesPage = page(RelatedActivityItem).meta({ id: 'RelatedActivities', description: "A record's activities the caller may see (restricted users: their own)" });
