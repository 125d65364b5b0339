import {
  openActivityStatuses,
  type ActivityEvent,
  type ActivityStatus,
} from '../../events/activities/activity-events.ts';

/**
 * When an activity's reminders fire: one pure rule shared by the activity itself (its view lists
 * them) and the reminders' read model (projections/activities/activity-reminders.ts, which the job
 * delivers from), so what a client shows is what is sent.
 */

/** The fire time of one offset: the start minus a duration, an absolute instant the same in every timezone. */
export const fireTime = (start: string, offsetMinutes: number): string =>
  new Date(Date.parse(start) - offsetMinutes * 60_000).toISOString();

export interface ReminderSlot {
  readonly offsetMinutes: number;
  /** UTC instant. */
  readonly fireAt: string;
}

export interface ReminderSchedule {
  readonly status: ActivityStatus;
  /** `null` for a to-do with a date and no time: it has no reminders. */
  readonly start: string | null;
  readonly reminderOffsets: readonly number[];
  /**
   * When the reminders were last (re)set (see `resetsReminders`). A fire time already past at that
   * moment is never sent: no "1 day before" e-mail for a meeting booked an hour ahead, no late burst
   * after a reassignment.
   */
  readonly remindFrom: string;
}

const isOpen = (status: ActivityStatus): boolean => (openActivityStatuses as readonly ActivityStatus[]).includes(status);

/** Whether an activity has reminders at all: open and timed (a to-do with a date and no time has none). */
export const hasReminders = (activity: Pick<ReminderSchedule, 'status' | 'start'>): boolean => isOpen(activity.status) && activity.start !== null;

/** The reminders an activity owes: open, timed, each fire time after `remindFrom`; in the order of the offsets. */
export const reminderSlots = (activity: ReminderSchedule): ReminderSlot[] => {
  const { start } = activity;
  if (!hasReminders(activity) || start === null) return [];
  return [...new Set(activity.reminderOffsets)]
    .map((offsetMinutes) => ({ offsetMinutes, fireAt: fireTime(start, offsetMinutes) }))
    .filter((slot) => Date.parse(slot.fireAt) > Date.parse(activity.remindFrom));
};

/**
 * Whether `event` (re)sets the reminders, so `remindFrom` becomes its time: scheduling, moving,
 * reassigning, changing the offsets, reopening a closed activity.
 */
export const resetsReminders = (statusBefore: ActivityStatus | null, event: ActivityEvent): boolean => {
  switch (event.type) {
    case 'ActivityScheduled':
    case 'ActivityRescheduled':
    case 'ActivityReassigned':
      return true;
    case 'ActivityDetailsChanged':
      return event.data.changes.reminderOffsets !== undefined;
    case 'ActivityStatusChanged':
      return statusBefore !== null && !isOpen(statusBefore) && isOpen(event.data.to);
    case 'ActivityRelinked':
      return false;
  }
};
