import { readModelsTable } from '../../contract/tables.ts';
import type { Actor } from '../../domain/shared/actor.ts';
import type { QuoteStatus } from '../../events/sales/quote-events.ts';
import { quoteIndexKeys, quoteListProjection } from '../../projections/sales/quote-list.ts';
import type { ApplicationDependencySource } from '../ports/application-dependencies.ts';
import type { IndexQuery } from '../ports/read-models.ts';
import { decodeCursor, encodeCursor } from '../shared/cursor.ts';
import { FilterExpression } from '../shared/filter-expression.ts';

/** Which quotes a list shows, and the page asked for (`cursor`: the previous page's `nextCursor`). */
export interface QuoteListFilter {
  readonly status?: QuoteStatus | undefined;
  /** A date: the sent quotes whose `validUntil` is before it, soonest expiry first. */
  readonly expiringBefore?: string | undefined;
  /** `mine` or a user id. */
  readonly operator?: string | undefined;
  /** A company's or a lead's id. */
  readonly party?: string | undefined;
  readonly limit: number;
  readonly cursor?: string | undefined;
}

const [gsi1, gsi2, gsi3] = readModelsTable.globalSecondaryIndexes;

/**
 * Picks the index for the filters — expiringBefore: the sent quotes by `validUntil` ascending, cut
 * by a key condition; party -> gsi3; status -> gsi2; else every quote on gsi1, newest first — and
 * filters the rest on the items read. Restricted users see the quotes they make or drafted, as
 * `canSeeQuote` (domain/sales/quote.ts).
 */
export const quoteListIndexQuery = (actor: Actor, query: QuoteListFilter): Omit<IndexQuery, 'startKey'> => {
  const filter = new FilterExpression();
  let index = gsi1!;
  let partition = quoteIndexKeys.all(actor.tenant);
  let newestFirst = true;
  let sortKeyBefore: IndexQuery['sortKeyBefore'];
  if (query.expiringBefore !== undefined) {
    index = gsi2!;
    partition = quoteIndexKeys.status(actor.tenant, 'sent');
    newestFirst = false;
    // Sort keys are `<validUntil>#…`: every one that starts with an earlier date sorts before the date itself.
    sortKeyBefore = { name: index.sortKey.name, value: query.expiringBefore };
    if (query.status !== undefined) filter.compare('status', '=', query.status);
    if (query.party) filter.compare('gsi3pk', '=', quoteIndexKeys.party(actor.tenant, query.party));
  } else if (query.party) {
    index = gsi3!;
    partition = quoteIndexKeys.party(actor.tenant, query.party);
    if (query.status !== undefined) filter.compare('status', '=', query.status);
  } else if (query.status !== undefined) {
    index = gsi2!;
    partition = quoteIndexKeys.status(actor.tenant, query.status);
  }
  const operator = query.operator === 'mine' ? actor.userId : query.operator;
  if (operator !== undefined) filter.compare('operatorId', '=', operator);
  if (actor.role === 'restricted') filter.clause('(#op = :me OR #cb = :me)', { '#op': 'operatorId', '#cb': 'createdBy' }, { ':me': actor.userId });
  return {
    index: index.indexName,
    partitionKey: { name: index.partitionKey.name, value: partition },
    ...(sortKeyBefore ? { sortKeyBefore } : {}),
    ...(filter.isEmpty ? {} : { filter: filter.expression }),
    newestFirst,
    limit: query.limit,
  };
};

/**
 * The quote lists (the quote list read model; eventually consistent). A cursor edited or taken from
 * another list is a MalformedInputError naming `cursor`.
 */
export const quoteQueries = (dependencies: ApplicationDependencySource) => ({
  listQuotes: async (actor: Actor, filter: QuoteListFilter) => {
    const indexQuery = quoteListIndexQuery(actor, filter);
    const startKey = decodeCursor(filter.cursor, indexQuery.partitionKey);
    const page = await dependencies().readModels.query({ ...indexQuery, ...(startKey ? { startKey } : {}) });
    return {
      items: page.items.map((item) => ({ ...quoteListProjection.fromItem(item), version: Number(item.version) })),
      nextCursor: encodeCursor(page.lastKey),
    };
  },
});

export type QuoteQueries = ReturnType<typeof quoteQueries>;
