import { locales, type Locale } from './people.ts';
import { invalid } from '../shared/errors.ts';

/**
 * The rules of a person's or a group's profile, shared by the user and group deciders. Each returns
 * the value as it is stored, or refuses naming the field (a 422).
 */

export const nameOf = (path: string, value: string, max = 200): string => {
  const trimmed = value.trim().replace(/\s+/g, ' ');
  if (trimmed === '') throw invalid(path, 'must not be blank');
  if (trimmed.length > max) throw invalid(path, `must be at most ${max} characters`);
  return trimmed;
};

// Deliberately plain: one @, no blanks, a dotted domain. Deliverability is the mail provider's job.
const emailPattern = /^[^\s@]+@[^\s@]+\.[^\s@.]+$/;

/** Lower-cased: addresses are unique per tenant regardless of case. */
export const emailOf = (path: string, value: string): string => {
  const email = value.trim().toLowerCase();
  if (email.length > 254 || !emailPattern.test(email)) throw invalid(path, 'must be an e-mail address such as name@example.com');
  return email;
};

/**
 * An IANA zone (`Europe/Rome`), kept as the user named it: `Asia/Kolkata` stays `Asia/Kolkata` and
 * `US/Pacific` stays `US/Pacific`, though the runtime's ICU data calls them `Asia/Calcutta` and
 * `America/Los_Angeles` — people and mails show the name the user chose, and every zone of the tz
 * database resolves the same either way. Only the letter case is repaired, where the runtime knows
 * the zone under the same name (`europe/rome` -> `Europe/Rome`). The runtime's tz database decides
 * what exists: pure, no I/O. Offsets such as `+01:00` are refused: they ignore daylight saving, so
 * reminders would drift twice a year.
 */
export const timezoneOf = (path: string, value: string): string => {
  const zone = value.trim();
  const refuse = () => invalid(path, 'must be an IANA time zone such as Europe/Rome');
  if (zone === '' || /^[+-]/.test(zone)) throw refuse();
  let known: string;
  try {
    known = new Intl.DateTimeFormat('en-US', { timeZone: zone }).resolvedOptions().timeZone;
  } catch {
    throw refuse();
  }
  return known.toLowerCase() === zone.toLowerCase() ? known : zone;
};

export const localeOf = (path: string, value: string): Locale => {
  if (!(locales as readonly string[]).includes(value)) throw invalid(path, `must be one of ${locales.join(', ')}`);
  return value as Locale;
};
