import { readModelsTable } from '../../contract/tables.ts';
import { addDays, startOfLocalDay } from '../../domain/activities/local-time.ts';
import type { Actor } from '../../domain/shared/actor.ts';
import { requestIndexKeys, requestListProjection } from '../../projections/requests/request-list.ts';
import type { ApplicationDependencySource } from '../ports/application-dependencies.ts';
import type { IndexQuery } from '../ports/read-models.ts';
import { decodeCursor, encodeCursor } from '../shared/cursor.ts';
import { MalformedInputError } from '../shared/errors.ts';
import { FilterExpression } from '../shared/filter-expression.ts';

/** The filters the board and the list share (contract/http/requests.ts `RequestListQuery`). */
export interface RequestFilter {
  readonly type?: string | undefined;
  /** `me`, `none` (nobody responsible yet) or a user id. */
  readonly responsible?: string | undefined;
  readonly company?: string | undefined;
  /** Registered on or after / on or before these days (`YYYY-MM-DD`) in the caller's timezone. */
  readonly createdFrom?: string | undefined;
  readonly createdTo?: string | undefined;
}

export interface RequestBoardQuery extends RequestFilter {
  /** Only this column (its next page with `cursor`). */
  readonly status?: string | undefined;
  /** Cards per column. */
  readonly limit: number;
  readonly cursor?: string | undefined;
}

export interface RequestListFilter extends RequestFilter {
  readonly status?: string | undefined;
  /** `true`: only closed requests; `false`: only open ones. */
  readonly closed?: 'true' | 'false' | boolean | undefined;
  readonly limit: number;
  readonly cursor?: string | undefined;
}

/** The query string as the route parses it: `view` picks the board or the list. */
export type RequestsQuery = RequestBoardQuery & RequestListFilter & { readonly view: 'board' | 'list' };

const [gsi1, gsi2, gsi3] = readModelsTable.globalSecondaryIndexes;

/** Each request of a filtered list reads at least this many rows, so a rare value still fills a page. */
const filteredReadAhead = 100;

/** The instants a created range covers, from the days in the caller's timezone. */
export interface CreatedRange {
  readonly from?: string;
  /** Exclusive: the start of the day after `createdTo`. */
  readonly before?: string;
}

/**
 * The conditions every board column and list page checks on the rows it reads: the filters, and what
 * a restricted user may see — the requests they are responsible for, registered, or that nobody is
 * responsible for yet (domain/requests/request-policy.ts `canSeeRequest`, as a filter expression).
 */
export const requestFilterExpression = (actor: Actor, filter: RequestFilter, created: CreatedRange): FilterExpression => {
  const expression = new FilterExpression();
  if (filter.type !== undefined) expression.compare('requestType', '=', filter.type);
  if (filter.responsible === 'none') expression.clause('attribute_type(#none, :null)', { '#none': 'responsibleId' }, { ':null': 'NULL' });
  else if (filter.responsible !== undefined) expression.compare('responsibleId', '=', filter.responsible === 'me' ? actor.userId : filter.responsible);
  if (created.from !== undefined) expression.compare('registeredAt', '>=', created.from);
  if (created.before !== undefined) expression.clause('#createdBefore < :createdBefore', { '#createdBefore': 'registeredAt' }, { ':createdBefore': created.before });
  if (actor.role === 'restricted') {
    expression.clause(
      '(attribute_type(#seeResp, :seeNull) OR #seeResp = :seeMe OR #seeReg = :seeMe)',
      { '#seeResp': 'responsibleId', '#seeReg': 'registeredBy' },
      { ':seeNull': 'NULL', ':seeMe': actor.userId },
    );
  }
  return expression;
};

const readAheadOn = (index: (typeof readModelsTable.globalSecondaryIndexes)[number]): NonNullable<IndexQuery['readAhead']> => ({
  rows: filteredReadAhead,
  keyOf: (item) => ({
    [readModelsTable.partitionKey.name]: item[readModelsTable.partitionKey.name],
    [readModelsTable.sortKey.name]: item[readModelsTable.sortKey.name],
    [index.partitionKey.name]: item[index.partitionKey.name],
    [index.sortKey.name]: item[index.sortKey.name],
  }),
});

/** One board column: the open requests of `status` by rank, top first, with the filters. */
export const boardColumnQuery = (actor: Actor, status: string, filter: FilterExpression, limit: number): Omit<IndexQuery, 'startKey'> => ({
  index: gsi1!.indexName,
  partitionKey: { name: gsi1!.partitionKey.name, value: requestIndexKeys.column(actor.tenant, status) },
  ...(filter.isEmpty ? {} : { filter: filter.expression, readAhead: readAheadOn(gsi1!) }),
  newestFirst: false,
  limit,
});

/**
 * A list page: a company's requests (gsi3) or every request (gsi2), newest first, with the filters,
 * the status and whether closed.
 */
export const requestListIndexQuery = (actor: Actor, query: RequestListFilter, created: CreatedRange): Omit<IndexQuery, 'startKey'> => {
  const filter = requestFilterExpression(actor, { ...query, company: undefined }, created);
  if (query.status !== undefined) filter.compare('status', '=', query.status);
  const closed = query.closed === undefined ? undefined : query.closed === true || query.closed === 'true';
  if (closed !== undefined) filter.compare('closed', '=', closed);
  const index = query.company !== undefined ? gsi3! : gsi2!;
  const partition = query.company !== undefined ? requestIndexKeys.company(actor.tenant, query.company) : requestIndexKeys.all(actor.tenant);
  return {
    index: index.indexName,
    partitionKey: { name: index.partitionKey.name, value: partition },
    ...(filter.isEmpty ? {} : { filter: filter.expression, readAhead: readAheadOn(index) }),
    newestFirst: true,
    limit: query.limit,
  };
};

const listItemOf = (item: Record<string, unknown>) => ({ ...requestListProjection.fromItem(item), version: Number(item.version) });
export type RequestListItem = ReturnType<typeof listItemOf>;

export interface BoardColumn {
  readonly status: string;
  readonly active: boolean;
  readonly count: number;
  readonly items: RequestListItem[];
  readonly nextCursor: string | null;
}

export interface RequestBoard {
  readonly columns: BoardColumn[];
}

export interface RequestPage {
  readonly items: RequestListItem[];
  readonly nextCursor: string | null;
}

/**
 * The board and the list of customer requests (the request list read model; eventually consistent).
 * The board's columns are the tenant's `request-statuses` in catalogue order — every active status,
 * empty or not — then the deactivated ones that still hold open requests the caller sees; each with
 * its count (under the filters and the caller's visibility) and its first `limit` cards by rank. A
 * column is one page Query, plus a `Select: COUNT` Query when it does not fit in the page.
 * `status` with `cursor` pages one column. A cursor edited or taken from another list or column is a
 * MalformedInputError naming `cursor`.
 */
export const requestQueries = (dependencies: ApplicationDependencySource) => {
  /** The created range in instants: the caller's timezone from their profile (UTC when unknown). */
  const createdRangeOf = async (actor: Actor, filter: RequestFilter): Promise<CreatedRange> => {
    if (filter.createdFrom === undefined && filter.createdTo === undefined) return {};
    const zone = (await dependencies().people.user(actor.tenant, actor.userId).catch(() => undefined))?.timezone ?? 'UTC';
    const instant = (ms: number) => new Date(ms).toISOString();
    return {
      ...(filter.createdFrom !== undefined ? { from: instant(startOfLocalDay(filter.createdFrom, zone)) } : {}),
      ...(filter.createdTo !== undefined ? { before: instant(startOfLocalDay(addDays(filter.createdTo, 1), zone)) } : {}),
    };
  };

  const column = async (actor: Actor, status: string, active: boolean, filter: FilterExpression, limit: number, cursor?: string): Promise<BoardColumn> => {
    const { readModels } = dependencies();
    const query = boardColumnQuery(actor, status, filter, limit);
    const startKey = decodeCursor(cursor, query.partitionKey);
    const page = await readModels.query({ ...query, ...(startKey ? { startKey } : {}) });
    // A first page that holds the whole column is its count; otherwise the column is counted (every row read again).
    const count = startKey === undefined && page.lastKey === undefined ? page.items.length : await readModels.count(query);
    return { status, active, count, items: page.items.map(listItemOf), nextCursor: encodeCursor(page.lastKey) };
  };

  const board = async (actor: Actor, query: RequestBoardQuery): Promise<RequestBoard> => {
    if (query.cursor !== undefined && query.status === undefined) {
      throw new MalformedInputError('a board cursor pages one column: give its status too', [{ path: 'cursor', message: 'needs status' }]);
    }
    const [catalogue, created] = await Promise.all([dependencies().settings.catalogue(actor.tenant, 'request-statuses'), createdRangeOf(actor, query)]);
    const base = requestFilterExpression(actor, query, created);
    if (query.company !== undefined) base.compare('companyId', '=', query.company);
    if (query.status !== undefined) {
      const active = catalogue.entries.some((entry) => entry.active && entry.value === query.status);
      return { columns: [await column(actor, query.status, active, base, query.limit, query.cursor)] };
    }
    const entries = catalogue.entries;
    const columns = await Promise.all(entries.map((entry) => column(actor, entry.value, entry.active, base, query.limit)));
    // Active statuses first (catalogue order), then the deactivated ones still holding open requests.
    return { columns: [...columns.filter((c) => c.active), ...columns.filter((c) => !c.active && c.count > 0)] };
  };

  const list = async (actor: Actor, query: RequestListFilter): Promise<RequestPage> => {
    const indexQuery = requestListIndexQuery(actor, query, await createdRangeOf(actor, query));
    const startKey = decodeCursor(query.cursor, indexQuery.partitionKey);
    const page = await dependencies().readModels.query({ ...indexQuery, ...(startKey ? { startKey } : {}) });
    return { items: page.items.map(listItemOf), nextCursor: encodeCursor(page.lastKey) };
  };

  return {
    board,
    list,
    /** `GET /v1/requests`: the board (default) or the list. */
    listRequests: (actor: Actor, query: RequestsQuery): Promise<RequestPage | RequestBoard> => (query.view === 'list' ? list(actor, query) : board(actor, query)),
  };
};

export type RequestQueries = ReturnType<typeof requestQueries>;
