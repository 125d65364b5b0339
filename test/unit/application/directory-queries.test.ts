import { describe, expect, it } from 'vitest';
import { failure, memoryDependencies } from '../../support/memory-dependencies.ts';
import { companyService } from '../../../application/directory/company-service.ts';
import { directoryQueries } from '../../../application/directory/directory-queries.ts';
import { exportRecordPages } from '../../../application/directory/export-record-pages.ts';
import { ExportFilterRefused } from '../../../application/ports/export-records.ts';
import type { IndexQuery, QueryPage, ReadModels } from '../../../application/ports/read-models.ts';
import { encodeCursor } from '../../../application/shared/cursor.ts';
import { DomainError, MalformedInputError } from '../../../application/shared/errors.ts';
import type { Actor } from '../../../domain/shared/actor.ts';

/**
 * The directory's query service without HTTP: typed results, and what it refuses as typed errors whose
 * paths name its input (`cursor`, `q`, `phone`) — the edge locates them under `query.`, an export
 * under its filter.
 */
const at = '2026-03-02T09:00:00.000Z';
const olga: Actor = { tenant: 't1', userId: 'olga', role: 'standard', groups: [] };

/** Read models that answer every query with an empty last page, and remember what they were asked. */
const emptyReadModels = () => {
  const asked: IndexQuery[] = [];
  const readModels = {
    query: async (query: IndexQuery): Promise<QueryPage> => {
      asked.push(query);
      return { items: [], lastKey: undefined, consumedReadUnits: 0 };
    },
    batchGet: async () => [],
  } as unknown as ReadModels;
  return { asked, readModels };
};

const given = () => {
  const { asked, readModels } = emptyReadModels();
  const { source } = memoryDependencies(at, { readModels });
  return { asked, readModels, queries: directoryQueries(source), companies: companyService(source) };
};

const issuesOf = (error: unknown) => (error as MalformedInputError).issues.map((issue) => issue.path);

describe('directory queries (in-memory event store)', () => {
  it('lists a page by name on the tenant’s partition, with no cursor after the last page', async () => {
    const { queries, asked } = given();
    expect(await queries.listCompanies(olga, { sort: 'name', limit: 10 })).toEqual({ items: [], nextCursor: null });
    expect(asked).toHaveLength(1);
    expect(asked[0]).toMatchObject({ index: 'gsi1', newestFirst: false, limit: 10 });
    expect(asked[0]!.partitionKey.value).toContain('t1');
  });

  it('refuses a cursor of another list as malformed input naming `cursor`, before reading anything', async () => {
    const { queries, asked } = given();
    const foreign = encodeCursor({ pk: 'x', sk: 'y', gsi1pk: 't2#companies', gsi1sk: 'z' })!;
    const error = await failure(queries.listCompanies(olga, { sort: 'name', limit: 10, cursor: foreign }));
    expect(error).toBeInstanceOf(MalformedInputError);
    expect(issuesOf(error)).toEqual(['cursor']);
    expect(asked).toHaveLength(0);
  });

  it('refuses a search with no word as malformed `q`, and a phone filter that is no number as malformed `phone`', async () => {
    const { queries } = given();
    const search = await failure(queries.listLeads(olga, { sort: 'name', limit: 10, q: '-' }));
    expect(search).toBeInstanceOf(MalformedInputError);
    expect(issuesOf(search)).toEqual(['q']);
    const phone = await failure(queries.listContacts(olga, { sort: 'name', limit: 10, phone: 'abc' }));
    expect(phone).toBeInstanceOf(MalformedInputError);
    expect(issuesOf(phone)).toEqual(['phone']);
  });

  it('answers the timeline of a record the caller cannot see as not found, and refuses an edited timeline cursor', async () => {
    const { queries, companies } = given();
    const missing = await failure(queries.companyTimeline(olga, 'nope', { limit: 10 }));
    expect(missing).toBeInstanceOf(DomainError);
    expect((missing as DomainError).kind).toBe('not_found');
    const { result } = await companies.registerCompany({ actor: olga, correlationId: 'c1' }, { legalName: 'Acme Srl' });
    expect(await queries.companyTimeline(olga, result.id, { limit: 10 })).toEqual({ items: [], nextCursor: null });
    const edited = await failure(queries.companyTimeline(olga, result.id, { limit: 10, cursor: 'bm90LWpzb24' }));
    expect(edited).toBeInstanceOf(MalformedInputError);
    expect(issuesOf(edited)).toEqual(['cursor']);
  });

  it('tells an export that the list refused its filter, naming the filter’s field', async () => {
    const { readModels } = emptyReadModels();
    const error = await failure(exportRecordPages(readModels).contacts(olga, { sort: 'name', phone: 'abc', limit: 1, cursor: undefined }));
    expect(error).toBeInstanceOf(ExportFilterRefused);
    expect(error).toMatchObject({ message: 'phone is not (part of) a phone number', issues: [{ path: 'phone', message: 'not a phone number' }] });
  });
});
