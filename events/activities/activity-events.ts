import { z } from 'zod';
import { defineEvent, type EventOf } from '../define.ts';
import { Assignee } from '../shared/assignee.ts';
import { Origin } from '../shared/origin.ts';

const source = 'cronaca.activities';

/**
 * The activities context's events (Near "Calendario Attività", MiniCRM to-dos, Tustena agenda).
 * Times are ISO 8601 instants in UTC; a to-do without a time of day carries `dueOn` (a calendar date
 * in the assignee's timezone) instead of `start`/`end`.
 */

export const activityStatuses = ['planned', 'in_progress', 'done', 'not_done'] as const;
export const ActivityStatus = z.enum(activityStatuses);
export type ActivityStatus = z.infer<typeof ActivityStatus>;

/** Open activities are on the to-do list and have reminders; closed ones are history. */
export const openActivityStatuses = ['planned', 'in_progress'] as const satisfies readonly ActivityStatus[];

export const relatedKinds = ['company', 'lead', 'contact', 'opportunity', 'ticket'] as const;
export const RelatedRecord = z.strictObject({ kind: z.enum(relatedKinds), id: z.string().min(1) });
export type RelatedRecord = z.infer<typeof RelatedRecord>;

/** ISO 8601 UTC instant, e.g. `2026-11-24T09:00:00.000Z`. */
const Instant = z.iso.datetime();
/** Calendar date `YYYY-MM-DD`. */
const LocalDate = z.iso.date();

/** Minutes before `start` at which the assignee is reminded (15 = a quarter of an hour, 1440 = a day). */
export const ReminderOffsets = z.array(z.number().int().min(0).max(60 * 24 * 31));

export const ActivitySchedule = z.strictObject({
  start: Instant.nullable(),
  end: Instant.nullable(),
  dueOn: LocalDate.nullable(),
});
export type ActivitySchedule = z.infer<typeof ActivitySchedule>;

/** The descriptive fields `ActivityDetailsChanged` may change (times, status and assignee have their own events). */
export const ActivityDetails = z.strictObject({
  type: z.string().min(1).describe('From the tenant catalogue `activity-types`'),
  subject: z.string().min(1),
  notes: z.string().nullable(),
  estimatedMinutes: z.number().int().positive().nullable(),
  related: RelatedRecord.nullable(),
  parentId: z.string().nullable().describe('Parent activity (hierarchies and dependencies, Tustena)'),
  reminderOffsets: ReminderOffsets,
});
export type ActivityDetails = z.infer<typeof ActivityDetails>;

const ActivityScheduledV1 = z.strictObject({
  activityId: z.string(),
  details: ActivityDetails,
  schedule: ActivitySchedule,
  assignee: Assignee,
  status: ActivityStatus,
  copiedFrom: z.string().optional(),
  previousActivityId: z.string().optional(),
});

export const ActivityScheduled = defineEvent({
  type: 'ActivityScheduled',
  version: 2,
  source,
  description:
    'An activity was scheduled (or a to-do created). `copiedFrom` marks a copy to a new start; `previousActivityId` the next step planned when completing another; `origin` the customer request that generated it (a meeting).',
  schema: ActivityScheduledV1.extend({ origin: Origin.optional() }),
  // v1 had no origin: every v1 activity was scheduled directly, which v2 says by leaving it out.
  previous: [{ version: 1, schema: ActivityScheduledV1, upcast: (data) => data }],
});

export const ActivityDetailsChanged = defineEvent({
  type: 'ActivityDetailsChanged',
  version: 1,
  source,
  description: 'Descriptive fields of an activity changed: each carries its new value.',
  schema: z.strictObject({ activityId: z.string(), changes: ActivityDetails.partial() }),
});

export const ActivityRescheduled = defineEvent({
  type: 'ActivityRescheduled',
  version: 1,
  source,
  description: 'An activity was moved or resized: the old and the new times.',
  schema: z.strictObject({ activityId: z.string(), from: ActivitySchedule, to: ActivitySchedule }),
});

export const ActivityStatusChanged = defineEvent({
  type: 'ActivityStatusChanged',
  version: 1,
  source,
  description:
    'The status of an activity changed. `done`/`not_done` close it (it leaves the to-do list, its reminders are cancelled); `nextActivityId` is the follow-up planned in the same commit.',
  schema: z.strictObject({
    activityId: z.string(),
    from: ActivityStatus,
    to: ActivityStatus,
    outcome: z.string().optional(),
    nextActivityId: z.string().optional(),
  }),
});

export const ActivityReassigned = defineEvent({
  type: 'ActivityReassigned',
  version: 1,
  source,
  description: 'An activity was reassigned to another user or group.',
  schema: z.strictObject({ activityId: z.string(), from: Assignee, to: Assignee }),
});

export const ActivityRelinked = defineEvent({
  type: 'ActivityRelinked',
  version: 1,
  source,
  description:
    "An activity's related record was replaced by the system, e.g. a converted lead's open activities now relate to the company or contact it produced.",
  schema: z.strictObject({
    activityId: z.string(),
    from: RelatedRecord.nullable(),
    to: RelatedRecord,
    reason: z.enum(['lead_converted']),
    leadId: z.string().optional(),
  }),
});

export const activityEvents = [
  ActivityScheduled,
  ActivityDetailsChanged,
  ActivityRescheduled,
  ActivityStatusChanged,
  ActivityReassigned,
  ActivityRelinked,
] as const;

export type ActivityEvent = EventOf<(typeof activityEvents)[number]>;
