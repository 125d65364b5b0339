/**
 * Wall-clock time in an IANA zone, with nothing but `Intl` (full ICU ships with Node). Instants are
 * what we store and compare; local dates and times only exist at the edges: "07:30 in Europe/Rome",
 * "the user's today". Both directions are DST-safe: a local day is 23, 24 or 25 hours long, and a
 * local time that falls in a spring-forward gap is moved forward by the gap (as calendars do).
 */

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

export interface LocalDateTime {
  /** `YYYY-MM-DD` */
  readonly date: string;
  /** `HH:MM` */
  readonly time: string;
}

const parts = (instant: number, timeZone: string): Record<string, string> =>
  Object.fromEntries(formatterFor(timeZone).formatToParts(new Date(instant)).map((p) => [p.type, p.value]));

/** The local date and time of an instant in a zone. */
export const toLocal = (instant: string | number, timeZone: string): LocalDateTime => {
  const p = parts(typeof instant === 'number' ? instant : Date.parse(instant), timeZone);
  return { date: `${p.year}-${p.month}-${p.day}`, time: `${p.hour}:${p.minute}` };
};

/** Milliseconds the zone is ahead of UTC at an instant (e.g. +7_200_000 for CEST). */
const offsetAt = (instant: number, timeZone: string): number => {
  const p = parts(instant, timeZone);
  const asUtc = Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day), Number(p.hour), Number(p.minute), Number(p.second));
  return asUtc - (instant - (instant % 1000));
};

/**
 * The instant at which the zone's clocks show `date time`. Two candidate offsets (the one before and
 * the one after a possible transition) are tried; in an autumn overlap the earlier instant wins, in a
 * spring gap the time is moved forward by the gap.
 */
export const fromLocal = (date: string, time: string, timeZone: string): number => {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const [hh, mm] = time.split(':').map(Number) as [number, number];
  const wall = Date.UTC(y, m - 1, d, hh, mm);
  const candidates = [offsetAt(wall - 86_400_000, timeZone), offsetAt(wall + 86_400_000, timeZone)].map((offset) => wall - offset);
  const exact = candidates.filter((instant) => {
    const local = toLocal(instant, timeZone);
    return local.date === date && local.time === time;
  });
  if (exact.length > 0) return Math.min(...exact);
  // In the gap: wall time minus the offset before the jump lands after the jump by the same amount.
  return Math.max(...candidates);
};

/** Adds days to a `YYYY-MM-DD` date (calendar arithmetic, no zone involved). */
export const addDays = (date: string, days: number): string => {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
};

/** The instants `[start, end)` of a local day: 23, 24 or 25 hours. */
export const localDayBounds = (date: string, timeZone: string): { start: number; end: number } => ({
  start: fromLocal(date, '00:00', timeZone),
  end: fromLocal(addDays(date, 1), '00:00', timeZone),
});
