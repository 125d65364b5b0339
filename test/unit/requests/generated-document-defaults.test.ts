import { describe, expect, it } from 'vitest';
import { addDays } from '../../../domain/activities/local-time.ts';
import { subjectFrom, subjectMax } from '../../../domain/requests/generated-document-defaults.ts';

describe('what a generated document takes from its request', () => {
  it('a subject is the first line of the description, blanks collapsed, kept whole when short', () => {
    expect(subjectFrom('  Please   call back\nabout the invoice')).toBe('Please call back');
  });

  it('a long first line is cut at a word boundary before the limit, with an ellipsis; one overlong word where it must', () => {
    const long = `${'word '.repeat(30)}end`;
    const subject = subjectFrom(long);
    expect(subject.length).toBeLessThanOrEqual(subjectMax);
    expect(subject.endsWith('word…')).toBe(true);
    const word = 'x'.repeat(200);
    expect(subjectFrom(word)).toBe(`${'x'.repeat(subjectMax - 1)}…`);
  });

  it('adds calendar days across month, year and leap-day boundaries', () => {
    expect(addDays('2027-01-01', 30)).toBe('2027-01-31');
    expect(addDays('2026-12-15', 30)).toBe('2027-01-14');
    expect(addDays('2028-02-15', 30)).toBe('2028-03-16');
  });
});
