import type { CalendarRow } from '../../projections/activities/activity-calendar.ts';
import { assigneeView } from './activity-view.ts';

/** A calendar, free/busy or related-activities item, from the calendar read model's row (the HTTP contract's `CalendarItem`). */
export const calendarItemView = (row: CalendarRow) => ({
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

export type CalendarItemView = ReturnType<typeof calendarItemView>;

/** Dated to-dos first (they have no time), then by start, then by id: a stable order for overlaps. */
export const byTime = (a: CalendarRow, b: CalendarRow): number =>
  (a.schedule.start ?? '').localeCompare(b.schedule.start ?? '') || (a.schedule.dueOn ?? '').localeCompare(b.schedule.dueOn ?? '') || a.id.localeCompare(b.id);
