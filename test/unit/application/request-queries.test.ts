import { describe, expect, it } from 'vitest';
import { failure, memoryDependencies, unused } from '../../support/memory-dependencies.ts';
import type { IndexQuery, QueryPage, ReadModels } from '../../../application/ports/read-models.ts';
import { requestQueries } from '../../../application/requests/request-queries.ts';
import { MalformedInputError } from '../../../application/shared/errors.ts';
import type { PeopleDirectory } from '../../../domain/access/people.ts';
import type { Actor } from '../../../domain/shared/actor.ts';

/**
 * What the board and the list ask of the read models (DynamoDB Local runs them for real in
 * test/integration/requests/request-board.test.ts): the index and partition per view, the filters —
 * the created range from days in the caller's timezone, restricted visibility — and when a column is
 * counted.
 */
const at = '2026-03-10T09:00:00.000Z';
const olga: Actor = { tenant: 't1', userId: 'olga', role: 'standard', groups: [] };
const rita: Actor = { tenant: 't1', userId: 'rita', role: 'restricted', groups: [] };

/** Read models that answer every query with the page given (empty by default) and keep what they were asked. */
const recordingReadModels = (page: Partial<QueryPage> = {}) => {
  const asked: IndexQuery[] = [];
  const counted: IndexQuery[] = [];
  const readModels = {
    ...unused<ReadModels>('readModels'),
    query: async (query: IndexQuery): Promise<QueryPage> => {
      asked.push(query);
      return { items: [], lastKey: undefined, consumedReadUnits: 0, ...page };
    },
    count: async (query: IndexQuery): Promise<number> => {
      counted.push(query);
      return 120;
    },
  } as ReadModels;
  return { asked, counted, readModels };
};

const inRome = { user: async () => ({ timezone: 'Europe/Rome' }) } as unknown as PeopleDirectory;

describe('the request queries', () => {
  it('lists from the tenant index, or the company index, newest first; the created range is in the caller’s timezone', async () => {
    const { asked, readModels } = recordingReadModels();
    const { source } = memoryDependencies(at, { readModels, people: inRome });
    const queries = requestQueries(source);
    await queries.list(olga, { limit: 10, createdFrom: '2026-03-02', createdTo: '2026-03-02', closed: 'false' });
    expect(asked[0]).toMatchObject({ index: 'gsi2', partitionKey: { value: 't1#requests' }, newestFirst: true, limit: 10 });
    // Midnight in Rome is 23:00 UTC the day before (CET, UTC+1).
    expect(Object.values(asked[0]!.filter!.values)).toEqual(['2026-03-01T23:00:00.000Z', '2026-03-02T23:00:00.000Z', false]);
    await queries.list(olga, { limit: 10, company: 'acme' });
    expect(asked[1]).toMatchObject({ index: 'gsi3', partitionKey: { value: 't1#requests#company#acme' } });
    expect(asked[1]!.filter).toBeUndefined();
  });

  it('asks for a restricted user only what they see: their own and the unassigned requests', async () => {
    const { asked, readModels } = recordingReadModels();
    const { source } = memoryDependencies(at, { readModels });
    await requestQueries(source).list(rita, { limit: 10 });
    expect(asked[0]!.filter!.expression).toContain('attribute_type(#seeResp, :seeNull) OR #seeResp = :seeMe OR #seeReg = :seeMe');
    expect(asked[0]!.filter!.values).toMatchObject({ ':seeNull': 'NULL', ':seeMe': 'rita' });
  });

  it('reads one page per column in catalogue order, and counts a column only when it does not fit in its page', async () => {
    const whole = recordingReadModels();
    const board = await requestQueries(memoryDependencies(at, { readModels: whole.readModels }).source).board(olga, { limit: 5 });
    expect(whole.asked.map((q) => q.partitionKey.value)).toEqual(['t1#requests#board#new', 't1#requests#board#in_progress', 't1#requests#board#completed']);
    expect(whole.asked.every((q) => q.index === 'gsi1' && !q.newestFirst)).toBe(true);
    expect(whole.counted).toEqual([]);
    expect(board.columns.map((c) => [c.status, c.count])).toEqual([['new', 0], ['in_progress', 0], ['completed', 0]]);

    const more = recordingReadModels({ lastKey: { pk: 'p', sk: 's', gsi1pk: 't1#requests#board#new', gsi1sk: 'x' } });
    const counted = await requestQueries(memoryDependencies(at, { readModels: more.readModels }).source).board(olga, { limit: 5, status: 'new' });
    expect(counted.columns).toEqual([{ status: 'new', active: true, count: 120, items: [], nextCursor: expect.any(String) }]);
    expect(more.counted).toHaveLength(1);
  });

  it('refuses a board cursor without its column’s status, before reading anything', async () => {
    const { asked, readModels } = recordingReadModels();
    const error = await failure(requestQueries(memoryDependencies(at, { readModels }).source).board(olga, { limit: 5, cursor: 'abc' }));
    expect(error).toBeInstanceOf(MalformedInputError);
    expect((error as MalformedInputError).issues).toEqual([{ path: 'cursor', message: 'needs status' }]);
    expect(asked).toEqual([]);
  });
});
