/**
 * Calendar days in a user's timezone, with the platform's IANA data (Intl): a local day is not always
 * 24 hours (23 on the last Sunday of March in Europe, 25 on the last Sunday of October), so ranges are
 * computed from local midnights, never by adding 24 h to an instant.
 */

export type CalendarView = 'day' | 'workweek' | 'week' | 'month';

/** `YYYY-MM-DD`. */
export type LocalDate = string;

const formatters = new Map<string, Intl.DateTimeFormat>();
const formatterFor = (timeZone: string): Intl.DateTimeFormat => {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
};

/** Whether the platform knows this IANA zone. */
export const isTimeZone = (timeZone: string): boolean => {
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
};

/** The wall-clock fields at an instant in a zone. */
const wallClock = (epochMs: number, timeZone: string) => {
  const parts = Object.fromEntries(formatterFor(timeZone).formatToParts(new Date(epochMs)).map((p) => [p.type, p.value]));
  return { year: +parts.year!, month: +parts.month!, day: +parts.day!, hour: +parts.hour!, minute: +parts.minute!, second: +parts.second! };
};

/** Local time minus UTC at an instant, in ms (+1 h in Rome in winter, +2 h in summer). */
const offsetAt = (epochMs: number, timeZone: string): number => {
  const w = wallClock(epochMs, timeZone);
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  return asUtc - Math.floor(epochMs / 1000) * 1000;
};

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** The local date of an instant in a zone. */
export const localDateOf = (instant: string | number, timeZone: string): LocalDate => {
  const w = wallClock(typeof instant === 'number' ? instant : Date.parse(instant), timeZone);
  return `${pad(w.year, 4)}-${pad(w.month)}-${pad(w.day)}`;
};

const partsOf = (date: LocalDate) => {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  return { year, month, day };
};

/** Pure calendar arithmetic on dates (no zone involved). */
export const addDays = (date: LocalDate, days: number): LocalDate => {
  const { year, month, day } = partsOf(date);
  return new Date(Date.UTC(year, month - 1, day + days)).toISOString().slice(0, 10);
};

/** 1 = Monday … 7 = Sunday. */
export const isoWeekday = (date: LocalDate): number => {
  const { year, month, day } = partsOf(date);
  return ((new Date(Date.UTC(year, month - 1, day)).getUTCDay() + 6) % 7) + 1;
};

/**
 * The instant a local date starts in a zone: its midnight, or, where a DST change skips midnight
 * (some zones switch at 00:00), the first instant of that date.
 */
export const startOfLocalDay = (date: LocalDate, timeZone: string): number => {
  const { year, month, day } = partsOf(date);
  const wall = Date.UTC(year, month - 1, day);
  // Two passes settle the offset in force at the result, even when the guess is on the other side of a change.
  let instant = wall - offsetAt(wall, timeZone);
  instant = wall - offsetAt(instant, timeZone);
  if (localDateOf(instant, timeZone) < date) {
    // Midnight does not exist that day: step forward to the first minute that is on the date.
    while (localDateOf(instant, timeZone) < date) instant += 15 * 60_000;
  }
  return instant;
};

/** The local date and `HH:MM` time of an instant in a zone. */
export const toLocal = (instant: string | number, timeZone: string): { readonly date: LocalDate; readonly time: string } => {
  const w = wallClock(typeof instant === 'number' ? instant : Date.parse(instant), timeZone);
  return { date: `${pad(w.year, 4)}-${pad(w.month)}-${pad(w.day)}`, time: `${pad(w.hour)}:${pad(w.minute)}` };
};

/**
 * The instant (epoch ms) at which the zone's clocks show `date time` (`HH:MM`). Two candidate
 * offsets (the one before and the one after a possible transition) are tried; in an autumn overlap
 * the earlier instant wins, in a spring gap the time is moved forward by the gap (as calendars do).
 */
export const fromLocal = (date: LocalDate, time: string, timeZone: string): number => {
  const { year, month, day } = partsOf(date);
  const [hh, mm] = time.split(':').map(Number) as [number, number];
  const wall = Date.UTC(year, month - 1, day, hh, mm);
  const candidates = [offsetAt(wall - 86_400_000, timeZone), offsetAt(wall + 86_400_000, timeZone)].map((offset) => wall - offset);
  const exact = candidates.filter((instant) => {
    const local = toLocal(instant, timeZone);
    return local.date === date && local.time === time;
  });
  if (exact.length > 0) return Math.min(...exact);
  // In the gap: wall time minus the offset before the jump lands after the jump by the same amount.
  return Math.max(...candidates);
};

export interface LocalRange {
  /** First instant of the range (inclusive), ISO UTC. */
  readonly from: string;
  /** First instant after the range (exclusive), ISO UTC. */
  readonly to: string;
  /** The local dates the range covers, in order. */
  readonly days: readonly LocalDate[];
  /** Epoch ms each day starts at, and the end of the last one (days + 1 entries). */
  readonly boundaries: readonly number[];
}

/** The local dates `[first, first + count)` as instants in a zone. */
export const rangeOfDays = (first: LocalDate, count: number, timeZone: string): LocalRange => {
  const days = Array.from({ length: count }, (_, i) => addDays(first, i));
  const boundaries = [...days, addDays(first, count)].map((day) => startOfLocalDay(day, timeZone));
  return { from: new Date(boundaries[0]!).toISOString(), to: new Date(boundaries.at(-1)!).toISOString(), days, boundaries };
};

/**
 * The range a calendar view shows around a date, in the zone: the day; Monday to Friday (work week)
 * or to Sunday (week) of the ISO week containing it; or its month.
 */
export const calendarRange = (view: CalendarView, date: LocalDate, timeZone: string): LocalRange => {
  switch (view) {
    case 'day':
      return rangeOfDays(date, 1, timeZone);
    case 'workweek':
      return rangeOfDays(addDays(date, 1 - isoWeekday(date)), 5, timeZone);
    case 'week':
      return rangeOfDays(addDays(date, 1 - isoWeekday(date)), 7, timeZone);
    case 'month': {
      const { year, month } = partsOf(date);
      const first = `${pad(year, 4)}-${pad(month)}-01`;
      const length = new Date(Date.UTC(year, month, 0)).getUTCDate();
      return rangeOfDays(first, length, timeZone);
    }
  }
};

/** The local dates an item touches within a range: a timed item each day it overlaps, a dated one its day. */
export const localDatesTouched = (item: { start: string | null; end: string | null; dueOn: string | null }, range: LocalRange): LocalDate[] => {
  if (item.dueOn !== null) return range.days.includes(item.dueOn) ? [item.dueOn] : [];
  const start = Date.parse(item.start!);
  const end = Date.parse(item.end!);
  const { boundaries } = range;
  return range.days.filter((_, i) => {
    const dayStart = boundaries[i]!;
    const dayEnd = boundaries[i + 1]!;
    return start < dayEnd && (end > dayStart || (start === end && start >= dayStart));
  });
};
