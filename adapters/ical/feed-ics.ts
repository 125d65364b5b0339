import ical, { ICalAlarmType, ICalCalendarMethod, ICalEventStatus, ICalEventTransparency } from 'ical-generator';
import { Temporal } from 'temporal-polyfill';
import { hasReminders } from '../../domain/activities/reminders.ts';
import type { FeedCalendar } from '../../application/collaboration/calendar-feed-service.ts';
import type { CalendarRow } from '../../projections/activities/activity-calendar.ts';
import { vtimezone } from './vtimezone.ts';

/**
 * Writes a feed as iCalendar (RFC 5545) with ical-generator, a maintained writer that folds lines,
 * escapes text and orders properties for us. Times are Temporal ZonedDateTimes in the owner's zone
 * (the polyfill until Node ships Temporal), which ical-generator writes as `TZID=<zone>:<local time>`;
 * a VTIMEZONE for the window's years comes from the platform's zone data (./vtimezone.ts).
 * DTSTAMP is the activity's last change, so the same data writes the same bytes (a stable ETag).
 */
const statusOf = (row: CalendarRow): ICalEventStatus => (row.status === 'not_done' ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED);

const zoned = (instant: string, timeZone: string) => Temporal.Instant.from(instant).toZonedDateTimeISO(timeZone);

export interface FeedIcsOptions {
  /** The years the VTIMEZONE covers (the feed's window). */
  readonly fromYear: number;
  readonly toYear: number;
  /** Host-less product id and UID domain. */
  readonly domain?: string;
}

export const feedIcs = (calendar: FeedCalendar, options: FeedIcsOptions): string => {
  const { timezone } = calendar;
  const domain = options.domain ?? 'cronaca';
  const utc = timezone === 'UTC';
  const cal = ical({
    name: calendar.feed.name ? `Cronaca — ${calendar.feed.name}` : `Cronaca — ${calendar.ownerName}`,
    prodId: { company: 'Cronaca', product: 'calendar-feed', language: 'EN' },
    method: ICalCalendarMethod.PUBLISH,
    ttl: 15 * 60,
    ...(utc ? {} : { timezone: { name: timezone, generator: (zone: string) => vtimezone(zone, options.fromYear, options.toYear) } }),
  });
  for (const row of calendar.rows) {
    // The app's own rule (domain/activities/reminders.ts): open and timed, so no alarm on an all-day to-do.
    // Every offset is written, also past ones: a calendar app does not fire an alarm already past.
    const reminders = hasReminders({ status: row.status, start: row.schedule.start }) ? [...new Set(row.reminderOffsets ?? [])] : [];
    const timed = row.schedule.start !== null && row.schedule.end !== null;
    const event = cal.createEvent({
      id: `${row.id}@${domain}`,
      summary: row.subject,
      description: `${row.type} · ${row.status}${row.outcome ? ` · ${row.outcome}` : ''}`,
      status: statusOf(row),
      transparency: row.status === 'not_done' ? ICalEventTransparency.TRANSPARENT : ICalEventTransparency.OPAQUE,
      stamp: zoned(row.updatedAt, 'UTC'),
      lastModified: zoned(row.updatedAt, 'UTC'),
      ...(timed
        ? { start: zoned(row.schedule.start!, timezone), end: zoned(row.schedule.end!, timezone), ...(utc ? {} : { timezone }) }
        : { start: Temporal.PlainDate.from(row.schedule.dueOn!), end: Temporal.PlainDate.from(row.schedule.dueOn!).add({ days: 1 }), allDay: true }),
    });
    for (const minutes of reminders) event.createAlarm({ type: ICalAlarmType.display, trigger: minutes * 60, description: row.subject });
  }
  // With a calendar zone, ical-generator writes every bare time without `Z`; DTSTAMP and LAST-MODIFIED
  // must be UTC (RFC 5545 §3.8.7.2-3): they are given as UTC times above, so marking them is exact.
  return cal.toString().replace(/^(DTSTAMP|LAST-MODIFIED):(\d{8}T\d{6})\r$/gm, '$1:$2Z\r');
};
