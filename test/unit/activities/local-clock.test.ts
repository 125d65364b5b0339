import { describe, expect, it } from 'vitest';
import { addDays, fromLocal, rangeOfDays, toLocal } from '../../../domain/activities/local-time.ts';

const iso = (ms: number) => new Date(ms).toISOString();

describe('local time of an instant, and the instant of a local time', () => {
  it('reads local date and time of an instant, either side of the change', () => {
    expect(toLocal('2026-03-29T00:59:00Z', 'Europe/Rome')).toEqual({ date: '2026-03-29', time: '01:59' });
    expect(toLocal('2026-03-29T01:00:00Z', 'Europe/Rome')).toEqual({ date: '2026-03-29', time: '03:00' });
    expect(toLocal('2026-10-25T00:30:00Z', 'Europe/Warsaw')).toEqual({ date: '2026-10-25', time: '02:30' });
    expect(toLocal('2026-10-25T01:30:00Z', 'Europe/Warsaw')).toEqual({ date: '2026-10-25', time: '02:30' });
    expect(toLocal('2026-03-29T03:59:00Z', 'America/New_York')).toEqual({ date: '2026-03-28', time: '23:59' });
  });

  it('finds the instant of a local time; an ambiguous autumn time is the earlier, a spring gap moves forward', () => {
    expect(iso(fromLocal('2026-03-29', '07:30', 'Europe/Rome'))).toBe('2026-03-29T05:30:00.000Z');
    expect(iso(fromLocal('2026-03-28', '07:30', 'Europe/Rome'))).toBe('2026-03-28T06:30:00.000Z');
    expect(iso(fromLocal('2026-10-25', '02:30', 'Europe/Rome'))).toBe('2026-10-25T00:30:00.000Z');
    expect(iso(fromLocal('2026-03-29', '02:30', 'Europe/Rome'))).toBe('2026-03-29T01:30:00.000Z'); // shown as 03:30
    expect(iso(fromLocal('2026-03-08', '02:30', 'America/New_York'))).toBe('2026-03-08T07:30:00.000Z');
    expect(iso(fromLocal('2026-11-01', '07:30', 'America/New_York'))).toBe('2026-11-01T12:30:00.000Z');
    expect(iso(fromLocal('2026-06-01', '00:00', 'UTC'))).toBe('2026-06-01T00:00:00.000Z');
  });

  it('a local day is 23, 24 or 25 hours long', () => {
    const hours = (date: string, zone: string) => {
      const { from, to } = rangeOfDays(date, 1, zone);
      return (Date.parse(to) - Date.parse(from)) / 3_600_000;
    };
    expect(hours('2026-03-29', 'Europe/Rome')).toBe(23);
    expect(hours('2026-10-25', 'Europe/Warsaw')).toBe(25);
    expect(hours('2026-03-29', 'America/New_York')).toBe(24);
    expect(hours('2026-11-01', 'America/New_York')).toBe(25);
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2028-03-01', -1)).toBe('2028-02-29');
  });
});
