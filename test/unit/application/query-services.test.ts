import { describe, expect, it } from 'vitest';
import { failure, memoryDependencies, unused } from '../../support/memory-dependencies.ts';
import { calendarQueries } from '../../../application/activities/calendar-queries.ts';
import { relatedActivities } from '../../../application/activities/related-activities.ts';
import { peopleQueries } from '../../../application/administration/people-queries.ts';
import { exportQueries } from '../../../application/exports/export-queries.ts';
import { importQueries } from '../../../application/imports/import-queries.ts';
import type { ActivityIndexReads } from '../../../application/ports/activity-index.ts';
import type { JobFileReads } from '../../../application/ports/jobs.ts';
import type { IndexQuery, QueryPage, ReadModels } from '../../../application/ports/read-models.ts';
import { encodeCursor } from '../../../application/shared/cursor.ts';
import { DomainError, MalformedInputError } from '../../../application/shared/errors.ts';
import { ticketQueries } from '../../../application/support/ticket-queries.ts';
import type { PeopleDirectory } from '../../../domain/access/people.ts';
import type { Actor } from '../../../domain/shared/actor.ts';

/**
 * The query services speak no HTTP: what they refuse is a typed error naming the input field
 * (`cursor`, `users`), which the edge locates under `query.`; nothing is read for a refused input.
 */
const at = '2026-03-02T09:00:00.000Z';
const olga: Actor = { tenant: 't1', userId: 'olga', role: 'standard', groups: [] };

/** Read models that answer every query with one empty page and keep what they were asked. */
const recordingReadModels = () => {
  const asked: IndexQuery[] = [];
  const readModels = {
    ...unused<ReadModels>('readModels'),
    query: async (query: IndexQuery): Promise<QueryPage> => {
      asked.push(query);
      return { items: [], lastKey: undefined, consumedReadUnits: 0 };
    },
  } as ReadModels;
  return { asked, readModels };
};

const refusedCursor = (error: unknown) => {
  expect(error).toBeInstanceOf(MalformedInputError);
  expect((error as MalformedInputError).issues).toEqual([{ path: 'cursor', message: 'invalid cursor' }]);
};

/** A cursor of another tenant's partition: well formed, but not this list's. */
const othersCursor = (name: string, value: string, extra: Record<string, unknown>) => encodeCursor({ pk: 'x', sk: 'y', [name]: value, ...extra })!;

describe('the list queries', () => {
  it('lists tickets from the index the filter picks and refuses a cursor of another partition before reading', async () => {
    const { asked, readModels } = recordingReadModels();
    const { source } = memoryDependencies(at, { readModels });
    const tickets = ticketQueries(source);
    expect(await tickets.listTickets(olga, { view: 'open', assignee: 'me', limit: 10 })).toEqual({ items: [], nextCursor: null });
    expect(asked[0]).toMatchObject({ index: 'gsi2', limit: 10, newestFirst: true });
    expect(asked[0]!.partitionKey.value).toContain('olga');
    const cursor = othersCursor('gsi2pk', 'someone-else', { gsi2sk: 'z' });
    refusedCursor(await failure(tickets.listTickets(olga, { view: 'open', assignee: 'me', limit: 10, cursor })));
    expect(asked).toHaveLength(1);
  });

  it('refuses an edited people-list cursor as malformed input naming cursor', async () => {
    const { source } = memoryDependencies(at);
    refusedCursor(await failure(peopleQueries(source).listUsers(olga, { limit: 5, cursor: 'bm90IGpzb24' })));
    refusedCursor(await failure(peopleQueries(source).listGroups(olga, { limit: 5, cursor: 'bm90IGpzb24' })));
  });

  it('lists only the caller’s own imports for a standard user, and refuses an edited cursor', async () => {
    const { asked, readModels } = recordingReadModels();
    const { source } = memoryDependencies(at, { readModels });
    const imports = importQueries(source, { files: () => unused<JobFileReads>('files') });
    await imports.listImports(olga, { status: 'completed', limit: 3 });
    expect(asked[0]).toMatchObject({ index: 'gsi2', filter: { expression: '#status = :status', values: { ':status': 'completed' } } });
    refusedCursor(await failure(imports.listImports(olga, { limit: 3, cursor: 'bm90IGpzb24' })));
  });
});

describe('the job reads', () => {
  it('an unknown import or export is not found', async () => {
    const { source } = memoryDependencies(at);
    const files = () => unused<JobFileReads>('files');
    const notFound = (error: unknown) => expect(error).toMatchObject({ kind: 'not_found' });
    notFound(await failure(importQueries(source, { files }).getImport(olga, 'nope')));
    notFound(await failure(importQueries(source, { files }).importErrors(olga, 'nope')));
    notFound(await failure(exportQueries(source, { files }).getExport(olga, 'nope')));
  });
});

describe('the calendar queries', () => {
  const people: PeopleDirectory = {
    ...unused<PeopleDirectory>('people'),
    user: async (_tenant, userId) => (userId === 'olga' ? ({ userId, timezone: 'Europe/Rome' } as never) : undefined),
    group: async () => undefined,
  };

  it('an unknown user or group is invalid, naming users and groups; nothing is read', async () => {
    const calendars = calendarQueries(() => ({ index: unused<ActivityIndexReads>('index'), people, now: () => at }));
    const error = await failure(calendars.calendar(olga, { view: 'week', users: ['ghost'], groups: ['nobody'], groupBy: 'date' }));
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({ kind: 'invalid', message: 'users: no user ghost; groups: no group nobody' });
    expect((error as DomainError).issues).toEqual([
      { path: 'users', message: 'no user ghost' },
      { path: 'groups', message: 'no group nobody' },
    ]);
  });

  it('a restricted user may not read a colleague’s calendar (forbidden)', async () => {
    const calendars = calendarQueries(() => ({ index: unused<ActivityIndexReads>('index'), people, now: () => at }));
    const error = await failure(calendars.calendar({ ...olga, role: 'restricted' }, { view: 'day', users: ['bob'], groupBy: 'date' }));
    expect(error).toMatchObject({ kind: 'forbidden' });
  });

  it('a related-activities cursor of another state is malformed input naming cursor, refused before the record is read', async () => {
    const { eventStore } = memoryDependencies(at);
    const cursor = Buffer.from(JSON.stringify({ after: 'closed#2026-03-01T00:00:00.000Z#a1' }), 'utf8').toString('base64url');
    refusedCursor(
      await failure(relatedActivities(eventStore, unused<ActivityIndexReads>('index'), olga, { kind: 'company', id: 'acme' }, { state: 'open', limit: 5, cursor })),
    );
  });
});
