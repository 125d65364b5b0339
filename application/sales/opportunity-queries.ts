import { readModelsTable } from '../../contract/tables.ts';
import type { Actor } from '../../domain/shared/actor.ts';
import { summarise, type OpportunitySummary, type SummaryRow } from '../../domain/sales/opportunity-summary.ts';
import { opportunityIndexKeys, opportunityListProjection, type OpportunityRow, type OpportunityStatusKey } from '../../projections/sales/opportunity-list.ts';
import type { ApplicationDependencySource } from '../ports/application-dependencies.ts';
import type { IndexQuery, ReadModels } from '../ports/read-models.ts';
import { decodeCursor, encodeCursor } from '../shared/cursor.ts';
import { FilterExpression } from '../shared/filter-expression.ts';

/** Which opportunities a list shows, and the page asked for (`cursor`: the previous page's `nextCursor`). */
export interface OpportunityListFilter {
  readonly status?: OpportunityStatusKey | undefined;
  readonly stage?: string | undefined;
  /** `mine` or a user id. */
  readonly owner?: string | undefined;
  /** A company or lead id among the parties. */
  readonly party?: string | undefined;
  /** Inclusive bounds on the expected close date; undated opportunities fall outside any bound. */
  readonly expectedCloseFrom?: string | undefined;
  readonly expectedCloseTo?: string | undefined;
  readonly limit: number;
  readonly cursor?: string | undefined;
}

export interface SummaryFilter {
  /** Inclusive bounds on `closedOn` for the won/lost totals. */
  readonly from?: string | undefined;
  readonly to?: string | undefined;
}

const [gsi1, gsi2, gsi3] = readModelsTable.globalSecondaryIndexes;

/** Restricted users see their own opportunities and unassigned ones (domain/sales/opportunity.ts canSeeOpportunity). */
const restrictTo = (filter: FilterExpression, actor: Actor): void => {
  filter.clause('(#ow = :me OR #as = :false)', { '#ow': 'ownerId', '#as': 'assigned' }, { ':me': actor.userId, ':false': false });
};

/**
 * Picks the most selective index (owner -> gsi3, status -> gsi2, else every opportunity on gsi1; all
 * sorted by expected close, earliest first) and filters the rest on the rows read.
 */
export const opportunityListIndexQuery = (actor: Actor, query: OpportunityListFilter): Omit<IndexQuery, 'startKey'> => {
  const filter = new FilterExpression();
  const owner = query.owner === 'mine' ? actor.userId : query.owner;
  let index = gsi1!;
  let partition = opportunityIndexKeys.all(actor.tenant);
  if (owner !== undefined) {
    index = gsi3!;
    partition = opportunityIndexKeys.owner(actor.tenant, owner);
    if (query.status) filter.compare('status', '=', query.status);
  } else if (query.status) {
    index = gsi2!;
    partition = opportunityIndexKeys.status(actor.tenant, query.status);
  }
  if (query.stage) filter.compare('stage', '=', query.stage);
  if (query.party) filter.compare('partyIds', 'contains', query.party);
  if (query.expectedCloseFrom) filter.compare('expectedCloseDate', '>=', query.expectedCloseFrom);
  if (query.expectedCloseTo) filter.compare('expectedCloseDate', '<=', query.expectedCloseTo);
  if (actor.role === 'restricted') restrictTo(filter, actor);
  const expression = filter.expression;
  return {
    index: index.indexName,
    partitionKey: { name: index.partitionKey.name, value: partition },
    ...(expression ? { filter: expression } : {}),
    newestFirst: false,
    limit: query.limit,
  };
};

/** Every row of one index partition, page after page (the summary needs them all). */
const allRows = async function* (readModels: ReadModels, query: Omit<IndexQuery, 'startKey' | 'limit'>): AsyncGenerator<OpportunityRow> {
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await readModels.query({ ...query, limit: 1_000, ...(startKey ? { startKey } : {}) });
    for (const item of page.items) yield opportunityListProjection.fromItem(item);
    startKey = page.lastKey;
  } while (startKey);
};

const partitionOf = (n: 1 | 2 | 3, value: string) => {
  const index = readModelsTable.globalSecondaryIndexes[n - 1]!;
  return { index: index.indexName, partitionKey: { name: index.partitionKey.name, value } };
};

/**
 * The opportunity lists and the revenue summary (the opportunity list read model; eventually
 * consistent). A cursor edited or taken from another list is a MalformedInputError naming `cursor`.
 */
export const opportunityQueries = (dependencies: ApplicationDependencySource) => ({
  listOpportunities: async (actor: Actor, filter: OpportunityListFilter) => {
    const indexQuery = opportunityListIndexQuery(actor, filter);
    const startKey = decodeCursor(filter.cursor, indexQuery.partitionKey);
    const page = await dependencies().readModels.query({ ...indexQuery, ...(startKey ? { startKey } : {}) });
    return {
      items: page.items.map((item) => ({ ...opportunityListProjection.fromItem(item), version: Number(item.version) })),
      nextCursor: encodeCursor(page.lastKey),
    };
  },

  /**
   * The summary over the open opportunities and those won or lost in the period. A restricted user's
   * covers only the opportunities they own (their pipeline, not the unassigned ones they may see).
   * The open pipeline is read from the status partitions; won/lost rows are filtered on `closedOn`.
   */
  opportunitySummary: async (actor: Actor, filter: SummaryFilter): Promise<OpportunitySummary> => {
    const { readModels } = dependencies();
    const period = { from: filter.from ?? null, to: filter.to ?? null };
    const closedIn = new FilterExpression();
    if (period.from) closedIn.compare('closedOn', '>=', period.from);
    if (period.to) closedIn.compare('closedOn', '<=', period.to);
    const closedFilter = closedIn.expression;
    const rows: SummaryRow[] = [];
    const collect = async (query: Omit<IndexQuery, 'startKey' | 'limit'>) => {
      for await (const row of allRows(readModels, query)) rows.push(row);
    };
    if (actor.role === 'restricted') {
      await collect({ ...partitionOf(3, opportunityIndexKeys.owner(actor.tenant, actor.userId)), newestFirst: false });
    } else {
      await Promise.all([
        collect({ ...partitionOf(2, opportunityIndexKeys.status(actor.tenant, 'open')), newestFirst: false }),
        ...(['won', 'lost'] as const).map((status) =>
          collect({ ...partitionOf(2, opportunityIndexKeys.status(actor.tenant, status)), ...(closedFilter ? { filter: closedFilter } : {}), newestFirst: false }),
        ),
      ]);
    }
    return summarise(rows, period);
  },
});

export type OpportunityQueries = ReturnType<typeof opportunityQueries>;
