import { describe, expect, it } from 'vitest';
import { calendarRange, localDateOf, localDatesTouched, startOfLocalDay } from '../../../domain/activities/local-time.ts';

const iso = (ms: number) => new Date(ms).toISOString();
const hours = (range: { from: string; to: string }) => (Date.parse(range.to) - Date.parse(range.from)) / 3_600_000;

describe('local days across DST changes', () => {
  it('Europe/Rome: the last Sunday of March has 23 hours, of October 25', () => {
    expect(calendarRange('day', '2026-03-29', 'Europe/Rome')).toMatchObject({
      from: '2026-03-28T23:00:00.000Z',
      to: '2026-03-29T22:00:00.000Z',
      days: ['2026-03-29'],
    });
    expect(calendarRange('day', '2026-10-25', 'Europe/Rome')).toMatchObject({
      from: '2026-10-24T22:00:00.000Z',
      to: '2026-10-25T23:00:00.000Z',
      days: ['2026-10-25'],
    });
  });

  it('Europe/Warsaw: the weeks containing the changes have 167 and 169 hours, Monday to Sunday', () => {
    const march = calendarRange('week', '2026-03-26', 'Europe/Warsaw');
    expect(march.days).toEqual(['2026-03-23', '2026-03-24', '2026-03-25', '2026-03-26', '2026-03-27', '2026-03-28', '2026-03-29']);
    expect(march.from).toBe('2026-03-22T23:00:00.000Z');
    expect(hours(march)).toBe(167);
    const october = calendarRange('week', '2026-10-25', 'Europe/Warsaw');
    expect(october.from).toBe('2026-10-18T22:00:00.000Z');
    expect(hours(october)).toBe(169);
  });

  it('the work week is Monday to Friday; a month is its days', () => {
    const workweek = calendarRange('workweek', '2026-03-29', 'Europe/Rome');
    expect(workweek.days).toEqual(['2026-03-23', '2026-03-24', '2026-03-25', '2026-03-26', '2026-03-27']);
    const month = calendarRange('month', '2026-10-15', 'Europe/Rome');
    expect(month.days).toHaveLength(31);
    expect(month).toMatchObject({ from: '2026-09-30T22:00:00.000Z', to: '2026-10-31T23:00:00.000Z' });
    expect(hours(month)).toBe(31 * 24 + 1);
  });

  it('America/New_York changes on other Sundays (8 March, 1 November 2026)', () => {
    expect(hours(calendarRange('day', '2026-03-08', 'America/New_York'))).toBe(23);
    expect(hours(calendarRange('day', '2026-03-29', 'America/New_York'))).toBe(24);
    expect(calendarRange('day', '2026-11-01', 'America/New_York')).toMatchObject({ from: '2026-11-01T04:00:00.000Z', to: '2026-11-02T05:00:00.000Z' });
  });

  it('"today" is the user\'s day, not UTC\'s', () => {
    const lateEvening = '2026-11-24T03:30:00.000Z';
    expect(localDateOf(lateEvening, 'America/New_York')).toBe('2026-11-23');
    expect(localDateOf(lateEvening, 'Europe/Rome')).toBe('2026-11-24');
    expect(localDateOf('2026-11-24T23:30:00.000Z', 'Europe/Warsaw')).toBe('2026-11-25');
  });

  it('a zone whose DST change skips midnight starts the day at its first instant', () => {
    // America/Havana springs forward at 00:00 -> 01:00 (8 March 2026).
    expect(iso(startOfLocalDay('2026-03-08', 'America/Havana'))).toBe('2026-03-08T05:00:00.000Z');
    expect(localDateOf(startOfLocalDay('2026-03-08', 'America/Havana') - 1, 'America/Havana')).toBe('2026-03-07');
  });

  it('an item touches every local day it overlaps', () => {
    const week = calendarRange('week', '2026-10-25', 'Europe/Rome');
    const overnight = { start: '2026-10-24T20:00:00.000Z', end: '2026-10-25T08:00:00.000Z', dueOn: null };
    expect(localDatesTouched(overnight, week)).toEqual(['2026-10-24', '2026-10-25']);
    // 23:30 UTC on Sunday is 00:30 Monday in Rome: the next week, not this one.
    expect(localDatesTouched({ start: '2026-10-25T23:30:00.000Z', end: '2026-10-25T23:45:00.000Z', dueOn: null }, week)).toEqual([]);
    expect(localDatesTouched({ start: null, end: null, dueOn: '2026-10-20' }, week)).toEqual(['2026-10-20']);
  });
});
