/**
 * A VTIMEZONE (RFC 5545 §3.6.5) for an IANA zone, from the platform's own zone data (Intl): one
 * observance per offset change in the years asked for, each starting at the local wall time of the
 * change under the offset it leaves — so a calendar app converts TZID times exactly as Intl does,
 * also on the days clocks change. The offset before the first change is an observance from 1970.
 */
const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

// Building an Intl.DateTimeFormat costs far more than using one, and a VTIMEZONE probes ~800 instants:
// one formatter per zone for the life of the process (zones are a few hundred names at most).
const formatters = new Map<string, Intl.DateTimeFormat>();
const formatterOf = (timeZone: string): Intl.DateTimeFormat => {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' });
    formatters.set(timeZone, formatter);
  }
  return formatter;
};

const offsetMinutes = (instant: number, timeZone: string): number => {
  const name = formatterOf(timeZone).formatToParts(instant).find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
  const match = /GMT([+-])(\d{2}):(\d{2})/.exec(name);
  return match ? (match[1] === '-' ? -1 : 1) * (Number(match[2]) * 60 + Number(match[3])) : 0;
};

const offsetText = (minutes: number): string => {
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}${String(abs % 60).padStart(2, '0')}`;
};

/** `YYYYMMDDTHHMMSS` of an instant seen with a fixed offset. */
const wallTime = (instant: number, offset: number): string => new Date(instant + offset * MINUTE).toISOString().replace(/[-:]/g, '').slice(0, 15);

export interface OffsetChange {
  /** The first instant (ms) under the new offset. */
  readonly at: number;
  readonly from: number;
  readonly to: number;
}

/** Every offset change of the zone in [from, to) (ms), to the minute. */
export const offsetChanges = (timeZone: string, from: number, to: number): OffsetChange[] => {
  const changes: OffsetChange[] = [];
  let previous = offsetMinutes(from, timeZone);
  for (let day = from + DAY; day < to + DAY; day += DAY) {
    const current = offsetMinutes(day, timeZone);
    if (current === previous) continue;
    let low = day - DAY;
    let high = day;
    while (high - low > MINUTE) {
      const middle = low + Math.floor((high - low) / 2 / MINUTE) * MINUTE;
      if (offsetMinutes(middle, timeZone) === previous) low = middle;
      else high = middle;
    }
    changes.push({ at: high, from: previous, to: current });
    previous = current;
  }
  return changes;
};

/** The VTIMEZONE text, made afresh (see `vtimezone`). */
const buildVtimezone = (timeZone: string, fromYear: number, toYear: number): string => {
  const from = Date.UTC(fromYear, 0, 1);
  const changes = offsetChanges(timeZone, from, Date.UTC(toYear + 1, 0, 1));
  const initial = offsetMinutes(from, timeZone);
  const observance = (kind: 'STANDARD' | 'DAYLIGHT', start: string, offsetFrom: number, offsetTo: number) => [
    `BEGIN:${kind}`,
    `DTSTART:${start}`,
    `TZOFFSETFROM:${offsetText(offsetFrom)}`,
    `TZOFFSETTO:${offsetText(offsetTo)}`,
    `END:${kind}`,
  ];
  // Daylight time is the larger of the offsets a change moves between.
  const first = changes[0];
  const initialKind = first && first.to < first.from ? 'DAYLIGHT' : 'STANDARD';
  return [
    'BEGIN:VTIMEZONE',
    `TZID:${timeZone}`,
    ...observance(initialKind, '19700101T000000', initial, initial),
    ...changes.flatMap((change) => observance(change.to > change.from ? 'DAYLIGHT' : 'STANDARD', wallTime(change.at, change.from), change.from, change.to)),
    'END:VTIMEZONE',
  ].join('\r\n');
};

/**
 * The texts already made, by zone and years: every feed of a zone asks for the same two years, so a
 * warm function makes each once. Bounded (oldest out first) because zones come from user profiles.
 */
const texts = new Map<string, string>();
export const vtimezoneCacheSize = 64;

/** The VTIMEZONE text (CRLF lines, no trailing newline) covering `fromYear` to `toYear` inclusive. */
export const vtimezone = (timeZone: string, fromYear: number, toYear: number): string => {
  const key = `${timeZone}\n${fromYear}\n${toYear}`;
  const cached = texts.get(key);
  if (cached !== undefined) return cached;
  const text = buildVtimezone(timeZone, fromYear, toYear);
  if (texts.size >= vtimezoneCacheSize) texts.delete(texts.keys().next().value!);
  texts.set(key, text);
  return text;
};
