import ical from 'node-ical';
import { describe, expect, it } from 'vitest';
import { feedIcs } from '../../../adapters/ical/feed-ics.ts';
import { offsetChanges } from '../../../adapters/ical/vtimezone.ts';
import type { FeedCalendar } from '../../../application/collaboration/calendar-feed-service.ts';
import type { CalendarRow } from '../../../projections/activities/activity-calendar.ts';

const row = (id: string, start: string | null, end: string | null, change: Partial<CalendarRow> = {}): CalendarRow => ({
  id,
  type: 'meeting',
  subject: `Visit ${id}`,
  status: 'planned',
  schedule: { start, end, dueOn: null },
  assignee: { kind: 'user', userId: 'anna' },
  related: null,
  createdBy: 'anna',
  updatedAt: '2026-01-05T08:00:00.000Z',
  closedAt: null,
  outcome: null,
  reminderOffsets: [15],
  ...change,
});

const calendarOf = (timezone: string, rows: CalendarRow[]): FeedCalendar => ({
  feed: { id: 'f1', name: 'Phone', includeGroups: false, createdAt: '2026-01-01T00:00:00.000Z' },
  ownerName: 'Anna',
  timezone,
  rows,
  lastModified: '2026-01-05T08:00:00.000Z',
});

const parsed = (text: string) => Object.values(ical.sync.parseICS(text)).filter((c) => c?.type === 'VEVENT') as ical.VEvent[];

/** EU clocks change on 2026-03-29 01:00Z and 2026-10-25 01:00Z: 10:00 local is 09:00Z before, 08:00Z in summer. */
const dstRows = [
  row('before-spring', '2026-03-28T09:00:00.000Z', '2026-03-28T10:00:00.000Z'),
  row('after-spring', '2026-03-29T08:00:00.000Z', '2026-03-29T09:00:00.000Z'),
  row('before-autumn', '2026-10-24T08:00:00.000Z', '2026-10-24T09:00:00.000Z'),
  row('after-autumn', '2026-10-25T09:00:00.000Z', '2026-10-25T10:00:00.000Z'),
  // Across the spring change itself: 01:30 -> 03:30 local is one hour.
  row('across', '2026-03-29T00:30:00.000Z', '2026-03-29T01:30:00.000Z'),
];

describe.each(['Europe/Rome', 'Europe/Warsaw'])('the feed in %s', (zone) => {
  const text = feedIcs(calendarOf(zone, dstRows), { fromYear: 2026, toYear: 2027 });

  it('writes local wall times with the TZID, 10:00 on both sides of both changes', () => {
    for (const day of ['20260328', '20260329', '20261024', '20261025']) expect(text).toContain(`DTSTART;TZID=${zone}:${day}T100000`);
    expect(text).toContain(`DTSTART;TZID=${zone}:20260329T013000`);
    expect(text).toContain(`DTEND;TZID=${zone}:20260329T033000`);
  });

  it('has a VTIMEZONE whose changes are the platform’s', () => {
    expect(text).toContain(`TZID:${zone}`);
    expect(text).toMatch(/BEGIN:DAYLIGHT\r\nDTSTART:20260329T020000\r\nTZOFFSETFROM:\+0100\r\nTZOFFSETTO:\+0200/);
    expect(text).toMatch(/BEGIN:STANDARD\r\nDTSTART:20261025T030000\r\nTZOFFSETFROM:\+0200\r\nTZOFFSETTO:\+0100/);
  });

  it('parses back (node-ical) to the same instants', () => {
    const events = new Map(parsed(text).map((e) => [String(e.uid), e]));
    for (const r of dstRows) {
      const event = events.get(`${r.id}@cronaca`)!;
      expect(event.start.toISOString(), r.id).toBe(r.schedule.start);
      expect(event.end!.toISOString(), r.id).toBe(r.schedule.end);
      expect(event.summary).toBe(r.subject);
    }
  });
});

describe('statuses, reminders and to-dos', () => {
  const text = feedIcs(
    calendarOf('Europe/Rome', [
      row('open', '2026-05-04T07:00:00.000Z', '2026-05-04T08:00:00.000Z', { reminderOffsets: [15, 1440] }),
      row('missed', '2026-05-05T07:00:00.000Z', '2026-05-05T08:00:00.000Z', { status: 'not_done' }),
      row('done', '2026-05-06T07:00:00.000Z', '2026-05-06T08:00:00.000Z', { status: 'done' }),
      row('todo', null, null, { schedule: { start: null, end: null, dueOn: '2026-05-07' }, reminderOffsets: [15, 60] }),
    ]),
    { fromYear: 2026, toYear: 2026 },
  );
  const events = new Map(parsed(text).map((e) => [String(e.uid), e]));

  it('marks not-done activities cancelled and the others confirmed', () => {
    expect(events.get('missed@cronaca')!.status).toBe('CANCELLED');
    expect(events.get('done@cronaca')!.status).toBe('CONFIRMED');
    expect(events.get('open@cronaca')!.status).toBe('CONFIRMED');
  });

  it('reminds open activities only (VALARM per offset), closed ones not', () => {
    const blocks = text.split('BEGIN:VEVENT').slice(1);
    const of = (uid: string) => blocks.find((b) => b.includes(`UID:${uid}@cronaca`))!;
    expect(of('open')).toContain('TRIGGER:-PT15M');
    expect(of('open')).toContain('TRIGGER:-P1D');
    expect(of('open').match(/BEGIN:VALARM/g)).toHaveLength(2);
    expect(of('done')).not.toContain('VALARM');
    expect(of('missed')).not.toContain('VALARM');
  });

  it('gives an all-day to-do no VALARM, even with reminder offsets (a to-do without a time has no reminders)', () => {
    const blocks = text.split('BEGIN:VEVENT').slice(1);
    const todo = blocks.find((b) => b.includes('UID:todo@cronaca'))!;
    expect(todo).toContain('DTSTART;VALUE=DATE:20260507');
    expect(todo).not.toContain('VALARM');
  });

  it('writes a dated to-do as an all-day event on its day', () => {
    expect(text).toContain('DTSTART;VALUE=DATE:20260507');
    expect(events.get('todo@cronaca')!.datetype).toBe('date');
  });

  it('writes the same bytes for the same data (a stable ETag)', () => {
    expect(feedIcs(calendarOf('Europe/Rome', dstRows), { fromYear: 2026, toYear: 2026 })).toBe(feedIcs(calendarOf('Europe/Rome', dstRows), { fromYear: 2026, toYear: 2026 }));
  });
});

describe('offset changes', () => {
  it('finds none in UTC and two a year in Warsaw', () => {
    expect(offsetChanges('UTC', Date.UTC(2026, 0, 1), Date.UTC(2027, 0, 1))).toEqual([]);
    expect(offsetChanges('Europe/Warsaw', Date.UTC(2026, 0, 1), Date.UTC(2027, 0, 1)).map((c) => new Date(c.at).toISOString())).toEqual([
      '2026-03-29T01:00:00.000Z',
      '2026-10-25T01:00:00.000Z',
    ]);
  });
});

describe('stamps', () => {
  it('writes DTSTAMP and LAST-MODIFIED in UTC', () => {
    const text = feedIcs(calendarOf('Europe/Warsaw', dstRows.slice(0, 1)), { fromYear: 2026, toYear: 2026 });
    expect(text).toContain('DTSTAMP:20260105T080000Z\r\n');
    expect(text).toContain('LAST-MODIFIED:20260105T080000Z\r\n');
  });
});
