import { readModelsTable } from '../../contract/tables.ts';
import type { Actor } from '../../domain/shared/actor.ts';
import { orderIndexKeys, orderListProjection } from '../../projections/sales/order-list.ts';
import type { ApplicationDependencySource } from '../ports/application-dependencies.ts';
import type { IndexQuery } from '../ports/read-models.ts';
import { decodeCursor, encodeCursor } from '../shared/cursor.ts';
import { FilterExpression } from '../shared/filter-expression.ts';
import { loadAsOf, historyOf } from '../shared/record-reads.ts';
import { orderReader } from './order-reader.ts';

/** Which orders a list shows, and the page asked for (`cursor`: the previous page's `nextCursor`). */
export interface OrderListFilter {
  /** A company's or a lead's id. */
  readonly party?: string | undefined;
  /** Order dates from/to, inclusive (`YYYY-MM-DD`). */
  readonly from?: string | undefined;
  readonly to?: string | undefined;
  readonly quote?: string | undefined;
  /** `mine` or a user id. */
  readonly operator?: string | undefined;
  readonly limit: number;
  readonly cursor?: string | undefined;
}

const [gsi1, gsi2, gsi3] = readModelsTable.globalSecondaryIndexes;

/** Each request of a filtered list reads at least this many rows, so a rare value still fills a page. */
const filteredReadAhead = 100;

/**
 * Picks the index for the filters: the operator's (gsi2) when the caller asks for one or is
 * restricted (they see only the orders they operate — domain/sales/sales-order.ts's `canSeeOrder`),
 * else the party's (gsi3), else every order (gsi1); the other filters apply to the items read.
 */
export const orderListIndexQuery = (actor: Actor, query: OrderListFilter): Omit<IndexQuery, 'startKey'> => {
  const filter = new FilterExpression();
  const asked = query.operator === 'mine' ? actor.userId : query.operator;
  const operator = actor.role === 'restricted' ? actor.userId : asked;
  // A restricted user asking for someone else's orders sees none of them: an impossible filter, not an error.
  if (actor.role === 'restricted' && asked !== undefined && asked !== actor.userId) filter.compare('operatorId', '=', asked);

  let index = gsi1!;
  let partition = orderIndexKeys.all(actor.tenant);
  if (operator !== undefined) {
    index = gsi2!;
    partition = orderIndexKeys.operator(actor.tenant, operator);
  } else if (query.party !== undefined) {
    index = gsi3!;
    partition = orderIndexKeys.party(actor.tenant, query.party);
  }
  if (query.party !== undefined && index !== gsi3) {
    filter.clause('#party.#partyId = :party', { '#party': 'party', '#partyId': 'id' }, { ':party': query.party });
  }
  if (query.from !== undefined) filter.compare('orderDate', '>=', query.from);
  if (query.to !== undefined) filter.compare('orderDate', '<=', query.to);
  if (query.quote !== undefined) filter.compare('quoteId', '=', query.quote);

  return {
    index: index.indexName,
    partitionKey: { name: index.partitionKey.name, value: partition },
    ...(!filter.isEmpty
      ? {
          filter: filter.expression,
          readAhead: {
            rows: filteredReadAhead,
            keyOf: (item: Record<string, unknown>) => ({
              [readModelsTable.partitionKey.name]: item[readModelsTable.partitionKey.name],
              [readModelsTable.sortKey.name]: item[readModelsTable.sortKey.name],
              [index.partitionKey.name]: item[index.partitionKey.name],
              [index.sortKey.name]: item[index.sortKey.name],
            }),
          },
        }
      : {}),
    newestFirst: true,
    limit: query.limit,
  };
};

/**
 * Sales orders: the list (the order list read model, eventually consistent) and one order from its
 * own stream (strongly consistent: an order is readable the moment its acceptance answered), as it
 * is or as it was at `asOf`, and its history.
 */
export const orderQueries = (dependencies: ApplicationDependencySource) => ({
  listOrders: async (actor: Actor, filter: OrderListFilter) => {
    const indexQuery = orderListIndexQuery(actor, filter);
    const startKey = decodeCursor(filter.cursor, indexQuery.partitionKey);
    const page = await dependencies().readModels.query({ ...indexQuery, ...(startKey ? { startKey } : {}) });
    return {
      items: page.items.map((item) => ({ ...orderListProjection.fromItem(item), version: Number(item.version) })),
      nextCursor: encodeCursor(page.lastKey),
    };
  },
  getOrder: async (actor: Actor, orderId: string, asOf?: string) => {
    const { state, version } = await loadAsOf(dependencies().eventStore, actor, orderReader, orderId, asOf);
    return { record: { ...state, version }, version };
  },
  orderHistory: (actor: Actor, orderId: string) => historyOf(dependencies().eventStore, actor, orderReader, orderId),
});

export type OrderQueries = ReturnType<typeof orderQueries>;
