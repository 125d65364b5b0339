import { describe, expect, it } from 'vitest';
import { eventStreamFilter } from '../../../contract/tables.ts';
import { matchesAnyPattern, matchesPattern } from '../../../local/stream-filter.ts';
import type { FilterPattern } from '../../../local/stream-filter.ts';

const record = (eventName: string, kind?: string) => ({
  eventName,
  dynamodb: { Keys: { pk: { S: 'x' } }, ...(kind ? { NewImage: { kind: { S: kind }, tags: { SS: ['a', 'b'] }, n: { N: '12' } } } : {}) },
});

describe('Lambda event filtering', () => {
  const filter = eventStreamFilter as FilterPattern;

  it("keeps only inserted events with the contract's filter", () => {
    expect(matchesPattern(record('INSERT', 'event'), filter)).toBe(true);
    expect(matchesPattern(record('INSERT', 'sequence'), filter)).toBe(false);
    expect(matchesPattern(record('MODIFY', 'event'), filter)).toBe(false);
    expect(matchesPattern(record('REMOVE'), filter)).toBe(false);
  });

  it('supports the usual content rules, OR across filters, and no filter = everything', () => {
    const inserted = record('INSERT', 'event');
    expect(matchesPattern(inserted, { eventName: [{ prefix: 'INS' }] })).toBe(true);
    expect(matchesPattern(inserted, { eventName: [{ 'anything-but': ['INSERT'] }] })).toBe(false);
    expect(matchesPattern(inserted, { dynamodb: { OldImage: [{ exists: false }] } })).toBe(true);
    expect(matchesPattern(inserted, { dynamodb: { NewImage: { tags: { SS: ['b'] } } } })).toBe(true);
    expect(matchesPattern(inserted, { dynamodb: { NewImage: { n: { N: [{ numeric: ['>', 10, '<=', 12] }] } } } })).toBe(true);
    expect(matchesPattern(inserted, { dynamodb: { NewImage: { n: { N: [{ numeric: ['<', 10] }] } } } })).toBe(false);
    expect(matchesAnyPattern(record('MODIFY', 'event'), [filter, { eventName: ['MODIFY'] }])).toBe(true);
    expect(matchesAnyPattern(record('MODIFY', 'event'), null)).toBe(true);
  });
});
