import type {
  ActivityDetails,
  ActivityEvent,
  ActivitySchedule,
  ActivityStatus,
  RelatedRecord,
} from '../../events/activities/activity-events.ts';
import { openActivityStatuses } from '../../events/activities/activity-events.ts';
import type { Origin } from '../../events/shared/origin.ts';
import type { Assignee } from '../../events/support/ticket-events.ts';
import { catalogueAccepts, type Catalogue } from '../settings/catalogues.ts';
import type { DecisionContext, Decider, Recorded } from '../shared/decider.ts';
import { conflict, forbidden, invalid, notFound } from '../shared/errors.ts';
import { canChangeActivity, canSeeActivity, mayAssignTo } from './activity-policy.ts';
import { reminderSlots, resetsReminders, type ReminderSlot } from './reminders.ts';

export interface Activity extends ActivityDetails {
  readonly id: string;
  readonly schedule: ActivitySchedule;
  readonly assignee: Assignee;
  readonly status: ActivityStatus;
  readonly outcome: string | null;
  readonly createdBy: string;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly completedAt: string | null;
  readonly copiedFrom: string | null;
  readonly previousActivityId: string | null;
  readonly nextActivityId: string | null;
  /** The customer request that generated the activity (a meeting); `null` for one scheduled directly. */
  readonly origin: Origin | null;
  /** When its reminders were last (re)set: see domain/activities/reminders.ts. */
  readonly remindFrom: string;
}

/** The reminders the activity owes, with their fire times (what the reminder job sends), earliest first. */
export const remindersOf = (activity: Activity): ReminderSlot[] =>
  reminderSlots({ status: activity.status, start: activity.schedule.start, reminderOffsets: activity.reminderOffsets, remindFrom: activity.remindFrom }).toSorted(
    (a, b) => a.fireAt.localeCompare(b.fireAt),
  );

export type ActivityState = Activity | null;

/**
 * Whether the references a command names exist, looked up by the handler (directory and ticket read
 * models, the people directory, the event log) and passed in: the decision itself reads nothing.
 * A reference the command does not name is not listed.
 */
export interface KnownReferences {
  readonly related?: boolean;
  readonly assignee?: boolean;
  readonly parent?: boolean;
}

/** The schedule as a client gives it: `start` and `end`, or `dueOn` for a to-do without a time. */
export interface ScheduleInput {
  readonly start?: string | null;
  readonly end?: string | null;
  readonly dueOn?: string | null;
}

export interface DetailsInput {
  readonly type?: string;
  readonly subject?: string;
  readonly notes?: string | null;
  readonly estimatedMinutes?: number | null;
  readonly related?: RelatedRecord | null;
  readonly parentId?: string | null;
  readonly reminderOffsets?: readonly number[];
}

export interface NewActivityInput extends DetailsInput, ScheduleInput {
  readonly activityId: string;
  readonly assignee?: Assignee;
  readonly status?: ActivityStatus;
  /** Set when another record generates the activity (a meeting fixed from a customer request). */
  readonly origin?: Origin;
}

export type ActivityCommand =
  | {
      type: 'ScheduleActivity';
      data: NewActivityInput & { readonly catalogue: Catalogue; readonly known: KnownReferences };
    }
  | { type: 'UpdateActivityDetails'; data: { readonly changes: DetailsInput; readonly catalogue: Catalogue; readonly known: KnownReferences } }
  | { type: 'RescheduleActivity'; data: ScheduleInput }
  | { type: 'ChangeActivityStatus'; data: { readonly status: ActivityStatus; readonly outcome?: string } }
  | { type: 'AssignActivity'; data: { readonly assignee: Assignee; readonly known: KnownReferences } }
  | { type: 'CopyActivity'; data: { readonly activityId: string; readonly start?: string; readonly dueOn?: string } }
  | {
      type: 'CompleteActivity';
      data: {
        readonly outcome?: string;
        /** The follow-up, scheduled in the same commit; unset fields are taken from this activity. */
        readonly next?: NewActivityInput;
        readonly catalogue: Catalogue;
        readonly known: KnownReferences;
      };
    }
  | { type: 'RelinkActivity'; data: { readonly from: RelatedRecord; readonly to: RelatedRecord; readonly reason: 'lead_converted' } };

const MINUTE = 60_000;
/** Longest calendar item: a multi-week trip fits, a typo of a year does not (see the calendar projection). */
export const maxActivityDays = 31;
const maxReminders = 10;

export const isOpen = (status: ActivityStatus): boolean => (openActivityStatuses as readonly ActivityStatus[]).includes(status);

const text = (path: string, value: string, max: number): string => {
  const trimmed = value.trim();
  if (trimmed === '') throw invalid(path, 'must not be blank');
  if (trimmed.length > max) throw invalid(path, `must be at most ${max} characters`);
  return trimmed;
};

const optionalText = (path: string, value: string | null | undefined, max: number): string | null => {
  const trimmed = value?.trim();
  if (!trimmed) return null;
  if (trimmed.length > max) throw invalid(path, `must be at most ${max} characters`);
  return trimmed;
};

const instant = (path: string, value: string): string => {
  const time = Date.parse(value);
  if (Number.isNaN(time)) throw invalid(path, 'must be an ISO 8601 time');
  return new Date(time).toISOString();
};

/** Validates and normalises a schedule: a timed item (start and end) or a dated to-do (dueOn). */
export const scheduleOf = (input: ScheduleInput, path = ''): ActivitySchedule => {
  const at = (field: string) => `${path}${field}`;
  const { start, end, dueOn } = input;
  if (dueOn) {
    if (start || end) throw invalid(at('dueOn'), 'give either start and end, or dueOn');
    if (!/^\d{4}-\d{2}-\d{2}$/.test(dueOn) || Number.isNaN(Date.parse(`${dueOn}T00:00:00Z`))) throw invalid(at('dueOn'), 'must be a date YYYY-MM-DD');
    return { start: null, end: null, dueOn };
  }
  if (!start) throw invalid(at('start'), 'give start and end, or dueOn');
  if (!end) throw invalid(at('end'), 'is required with start');
  const from = instant(at('start'), start);
  const to = instant(at('end'), end);
  if (Date.parse(to) < Date.parse(from)) throw invalid(at('end'), 'must not be before start');
  if (Date.parse(to) - Date.parse(from) > maxActivityDays * 24 * 60 * MINUTE) {
    throw invalid(at('end'), `an activity lasts at most ${maxActivityDays} days`);
  }
  return { start: from, end: to, dueOn: null };
};

const sameSchedule = (a: ActivitySchedule, b: ActivitySchedule): boolean => a.start === b.start && a.end === b.end && a.dueOn === b.dueOn;

export const sameAssignee = (a: Assignee, b: Assignee): boolean =>
  (a.kind === 'user' && b.kind === 'user' && a.userId === b.userId) || (a.kind === 'group' && b.kind === 'group' && a.groupId === b.groupId);

const sameRelated = (a: RelatedRecord | null, b: RelatedRecord | null): boolean =>
  a === b || (a !== null && b !== null && a.kind === b.kind && a.id === b.id);

const reminderOffsetsOf = (path: string, offsets: readonly number[]): number[] => {
  const unique = [...new Set(offsets)].toSorted((a, b) => a - b);
  if (unique.length > maxReminders) throw invalid(path, `at most ${maxReminders} reminders`);
  return unique;
};

const refused = (known: KnownReferences, reference: keyof KnownReferences): boolean => known[reference] === false;

/**
 * Each field given is validated; the result holds only those. References (related record, parent)
 * must be known to exist: the handler looked them up.
 */
const detailsOf = (input: DetailsInput, catalogue: Catalogue, known: KnownReferences, path = ''): Partial<ActivityDetails> => {
  const at = (field: string) => `${path}${field}`;
  const details: { -readonly [K in keyof ActivityDetails]?: ActivityDetails[K] } = {};
  if (input.type !== undefined) {
    const type = text(at('type'), input.type, 50);
    if (!catalogueAccepts(catalogue, type)) throw invalid(at('type'), `is not an active value of the tenant's ${catalogue.name} catalogue`);
    details.type = type;
  }
  if (input.subject !== undefined) details.subject = text(at('subject'), input.subject, 200);
  if (input.notes !== undefined) details.notes = optionalText(at('notes'), input.notes, 20_000);
  if (input.estimatedMinutes !== undefined) {
    const minutes = input.estimatedMinutes;
    if (minutes !== null && (!Number.isInteger(minutes) || minutes <= 0)) throw invalid(at('estimatedMinutes'), 'must be a positive number of minutes');
    details.estimatedMinutes = minutes;
  }
  if (input.related !== undefined) {
    if (input.related !== null && refused(known, 'related')) throw invalid(at('related'), `no ${input.related.kind} ${input.related.id}`);
    details.related = input.related;
  }
  if (input.parentId !== undefined) {
    if (input.parentId !== null && refused(known, 'parent')) throw invalid(at('parentId'), `no activity ${input.parentId}`);
    details.parentId = input.parentId;
  }
  if (input.reminderOffsets !== undefined) details.reminderOffsets = reminderOffsetsOf(at('reminderOffsets'), input.reminderOffsets);
  return details;
};

const assigneeFor = (actor: DecisionContext['actor'], assignee: Assignee, known: KnownReferences, path: string): Assignee => {
  if (refused(known, 'assignee')) throw invalid(path, assignee.kind === 'user' ? `no user ${assignee.userId}` : `no group ${assignee.groupId}`);
  if (!mayAssignTo(actor, assignee)) throw forbidden('restricted users plan activities only for themselves and their groups');
  return assignee;
};

/** The `ActivityScheduled` of a new activity, every field checked. */
const scheduled = (
  input: NewActivityInput,
  catalogue: Catalogue,
  known: KnownReferences,
  context: DecisionContext,
  links: { copiedFrom?: string; previousActivityId?: string },
  path = '',
): ActivityEvent => {
  if (input.type === undefined) throw invalid(`${path}type`, 'is required');
  if (input.subject === undefined) throw invalid(`${path}subject`, 'is required');
  if (input.parentId && input.parentId === input.activityId) throw invalid(`${path}parentId`, 'an activity cannot be its own parent');
  const details = detailsOf(input, catalogue, known, path);
  const assignee = assigneeFor(context.actor, input.assignee ?? { kind: 'user', userId: context.actor.userId }, known, `${path}assignee`);
  return {
    type: 'ActivityScheduled',
    data: {
      activityId: input.activityId,
      details: {
        type: details.type!,
        subject: details.subject!,
        notes: details.notes ?? null,
        estimatedMinutes: details.estimatedMinutes ?? null,
        related: details.related ?? null,
        parentId: details.parentId ?? null,
        reminderOffsets: details.reminderOffsets ?? [],
      },
      schedule: scheduleOf(input, path),
      assignee,
      status: input.status ?? 'planned',
      ...links,
      ...(input.origin ? { origin: input.origin } : {}),
    },
  };
};

/** The activity as the actor may act on it: 404 when absent or invisible, 403 when not theirs to change. */
const changeable = (state: ActivityState, context: DecisionContext): Activity => {
  if (state === null || !canSeeActivity(context.actor, state)) throw notFound('activity not found');
  if (!canChangeActivity(context.actor, state)) throw forbidden('only the assignee, the creator, managers and admins change an activity');
  return state;
};

const notClosed = (activity: Activity, action: string): void => {
  if (!isOpen(activity.status)) throw conflict(`cannot ${action} an activity that is ${activity.status}: reopen it first (status planned)`);
};

/** A copy keeps the duration: moved to `start` (timed) or to `dueOn` (a dated to-do). */
const copiedSchedule = (source: Activity, data: { start?: string; dueOn?: string }): ScheduleInput => {
  if (source.schedule.start !== null && source.schedule.end !== null) {
    if (!data.start) throw invalid('start', 'is required to copy a timed activity');
    const start = instant('start', data.start);
    const duration = Date.parse(source.schedule.end) - Date.parse(source.schedule.start);
    return { start, end: new Date(Date.parse(start) + duration).toISOString() };
  }
  if (data.dueOn) return { dueOn: data.dueOn };
  if (data.start) return { dueOn: null, start: instant('start', data.start), end: instant('start', data.start) };
  throw invalid('dueOn', 'give dueOn (or start) for the copy');
};

export const decide = (command: ActivityCommand, state: ActivityState, context: DecisionContext): ActivityEvent[] => {
  switch (command.type) {
    case 'ScheduleActivity': {
      if (state !== null) throw conflict('activity already exists');
      const { catalogue, known, ...input } = command.data;
      return [scheduled(input, catalogue, known, context, {})];
    }
    case 'UpdateActivityDetails': {
      const activity = changeable(state, context);
      const { changes: input, catalogue, known } = command.data;
      if (input.parentId && input.parentId === activity.id) throw invalid('parentId', 'an activity cannot be its own parent');
      // Unchanged references need no lookup: only what the patch really changes is checked.
      const given = detailsOf(
        {
          ...input,
          ...(input.type !== undefined && input.type.trim() === activity.type ? { type: undefined } : {}),
        },
        catalogue,
        known,
      );
      const changes: Partial<ActivityDetails> = {};
      for (const [field, value] of Object.entries(given) as [keyof ActivityDetails, unknown][]) {
        const current = activity[field];
        const same =
          field === 'related'
            ? sameRelated(current as RelatedRecord | null, value as RelatedRecord | null)
            : JSON.stringify(current) === JSON.stringify(value);
        if (!same) Object.assign(changes, { [field]: value });
      }
      if (Object.keys(changes).length === 0) return [];
      return [{ type: 'ActivityDetailsChanged', data: { activityId: activity.id, changes } }];
    }
    case 'RescheduleActivity': {
      const activity = changeable(state, context);
      notClosed(activity, 'reschedule');
      const to = scheduleOf(command.data);
      if (sameSchedule(activity.schedule, to)) return [];
      return [{ type: 'ActivityRescheduled', data: { activityId: activity.id, from: activity.schedule, to } }];
    }
    case 'ChangeActivityStatus': {
      const activity = changeable(state, context);
      const { status } = command.data;
      if (status === activity.status) return [];
      const outcome = optionalText('outcome', command.data.outcome, 2_000);
      return [
        {
          type: 'ActivityStatusChanged',
          data: { activityId: activity.id, from: activity.status, to: status, ...(outcome ? { outcome } : {}) },
        },
      ];
    }
    case 'AssignActivity': {
      const activity = changeable(state, context);
      notClosed(activity, 'reassign');
      if (sameAssignee(activity.assignee, command.data.assignee)) return [];
      const to = assigneeFor(context.actor, command.data.assignee, command.data.known, 'assignee');
      return [{ type: 'ActivityReassigned', data: { activityId: activity.id, from: activity.assignee, to } }];
    }
    case 'CopyActivity': {
      // Copying is reading the original and planning new work: whoever sees it may copy it.
      if (state === null || !canSeeActivity(context.actor, state)) throw notFound('activity not found');
      const { activityId, ...to } = command.data;
      const copy: NewActivityInput = {
        activityId,
        type: state.type,
        subject: state.subject,
        notes: state.notes,
        estimatedMinutes: state.estimatedMinutes,
        related: state.related,
        parentId: state.parentId,
        reminderOffsets: state.reminderOffsets,
        assignee: state.assignee,
        ...copiedSchedule(state, to),
      };
      // The original's type may since have been deactivated: a copy keeps it (it is the same work).
      const catalogue = { name: 'activity-types', enforced: false, entries: [] } as const;
      return [scheduled(copy, catalogue, {}, context, { copiedFrom: state.id })];
    }
    case 'CompleteActivity': {
      const activity = changeable(state, context);
      if (activity.status === 'done') throw conflict('the activity is already done');
      const outcome = optionalText('outcome', command.data.outcome, 2_000);
      const { next } = command.data;
      const done: ActivityEvent = {
        type: 'ActivityStatusChanged',
        data: {
          activityId: activity.id,
          from: activity.status,
          to: 'done',
          ...(outcome ? { outcome } : {}),
          ...(next ? { nextActivityId: next.activityId } : {}),
        },
      };
      if (!next) return [done];
      const followUp: NewActivityInput = {
        type: activity.type,
        subject: activity.subject,
        related: activity.related,
        parentId: activity.parentId,
        reminderOffsets: activity.reminderOffsets,
        assignee: activity.assignee,
        ...next,
      };
      return [done, scheduled(followUp, command.data.catalogue, command.data.known, context, { previousActivityId: activity.id }, 'next.')];
    }
    case 'RelinkActivity': {
      // A system policy (lead conversion), not a user's command: no ownership check, and a no-op
      // when the activity no longer points at the lead or is closed — which makes it idempotent.
      if (state === null) throw notFound('activity not found');
      const { from, to, reason } = command.data;
      if (!isOpen(state.status) || !sameRelated(state.related, from)) return [];
      return [
        {
          type: 'ActivityRelinked',
          data: { activityId: state.id, from: state.related, to, reason, ...(from.kind === 'lead' ? { leadId: from.id } : {}) },
        },
      ];
    }
  }
};

const touch = (activity: Activity, at: string, change: Partial<Activity>): Activity => ({ ...activity, ...change, updatedAt: at });

export const evolve = (state: ActivityState, event: Recorded<ActivityEvent>): ActivityState => {
  // A decision may also plan another activity (a copy, the next step): its events belong to that one.
  if (state !== null && event.data.activityId !== state.id) return state;
  const next = changed(state, event);
  return next !== null && next !== state && resetsReminders(state?.status ?? null, event) ? { ...next, remindFrom: event.at } : next;
};

const changed = (state: ActivityState, event: Recorded<ActivityEvent>): ActivityState => {
  if (event.type === 'ActivityScheduled') {
    if (state !== null) return state;
    const { data } = event;
    return {
      id: data.activityId,
      ...data.details,
      schedule: data.schedule,
      assignee: data.assignee,
      status: data.status,
      outcome: null,
      createdBy: event.actor,
      createdAt: event.at,
      updatedAt: event.at,
      completedAt: data.status === 'done' ? event.at : null,
      copiedFrom: data.copiedFrom ?? null,
      previousActivityId: data.previousActivityId ?? null,
      nextActivityId: null,
      origin: data.origin ?? null,
      remindFrom: event.at,
    };
  }
  if (state === null) return state;
  switch (event.type) {
    case 'ActivityDetailsChanged':
      return touch(state, event.at, event.data.changes);
    case 'ActivityRescheduled':
      return touch(state, event.at, { schedule: event.data.to });
    case 'ActivityStatusChanged': {
      const { to, outcome, nextActivityId } = event.data;
      return touch(state, event.at, {
        status: to,
        completedAt: to === 'done' ? event.at : null,
        ...(outcome !== undefined ? { outcome } : {}),
        ...(nextActivityId !== undefined ? { nextActivityId } : {}),
      });
    }
    case 'ActivityReassigned':
      return touch(state, event.at, { assignee: event.data.to });
    case 'ActivityRelinked':
      return touch(state, event.at, { related: event.data.to });
  }
};

export const activityDecider: Decider<ActivityCommand, ActivityState, ActivityEvent> = {
  initialState: null,
  decide,
  evolve,
};
