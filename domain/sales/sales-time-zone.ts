import { localDateOf } from '../activities/local-time.ts';

/**
 * Which calendar day it is for sales dates. A quote's year (its reference `Q-<year>-…`) is the
 * drafting day's year in the acting user's time zone (their profile), so that a quote drafted in
 * Rome at 00:30 on 1 January is numbered in the new year; a user the people read model does not know
 * yet counts in the tenant's zone. A quote's validity (`validUntil`, a calendar date) ends when that
 * day is over in the tenant's zone: the zone of its default country (Italy, Poland and Hungary are all
 * on Central European time), UTC for a tenant without one or with another country.
 */
const zoneOfCountry: Record<string, string> = { IT: 'Europe/Rome', PL: 'Europe/Warsaw', HU: 'Europe/Budapest' };

export const tenantTimeZone = (country: string | null): string => (country !== null ? zoneOfCountry[country] : undefined) ?? 'UTC';

/** The calendar year of an instant in a zone. */
export const yearIn = (instant: string, timeZone: string): number => Number(localDateOf(instant, timeZone).slice(0, 4));

/** Today's date in a zone. */
export const todayIn = (instant: string, timeZone: string): string => localDateOf(instant, timeZone);
