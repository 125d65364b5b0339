import type { StoredEvent } from '../../events/envelope.ts';
import type { OrderEvent } from '../../events/sales/order-events.ts';
import { salesOrderDecider, type SalesOrder } from '../../domain/sales/sales-order.ts';
import type { Projection, ReadItem } from '../projection.ts';

/** One row of the order list: the order without its lines (pricing) and contact. */
export type OrderRow = Omit<SalesOrder, 'pricing' | 'contact'> & { readonly lineCount: number };

/** Newest first: by order date, then by number (the year is in the date). */
const sortKey = (row: Pick<OrderRow, 'orderDate' | 'number'>): string => `${row.orderDate}#${row.number.toString().padStart(12, '0')}`;

/**
 * Index keys of an order row (each carries the tenant, each sorts by order date then number):
 * - gsi1 `<tenant>#orders`: every order;
 * - gsi2 `<tenant>#orders#operator#<userId>`: "my orders", and what a restricted user sees;
 * - gsi3 `<tenant>#orders#party#<id>`: a party's orders (a company's or a lead's: ids are unique).
 * The date range and the quote are filters on the items read.
 */
export const orderIndexKeys = {
  all: (tenant: string) => `${tenant}#orders`,
  operator: (tenant: string, userId: string) => `${tenant}#orders#operator#${userId}`,
  party: (tenant: string, partyId: string) => `${tenant}#orders#party#${partyId}`,
};

const evolve = (row: OrderRow | null, stored: StoredEvent): OrderRow | null => {
  const event = stored as StoredEvent & OrderEvent;
  if (event.type !== 'SalesOrderCreated') return row;
  // The order as its decider folds it (an order never changes after its creation), without its lines.
  const order = salesOrderDecider.evolve(null, { ...event, actor: event.meta.actor });
  if (order === null) return row;
  const { pricing, contact: _contact, ...listed } = order;
  return { ...listed, lineCount: pricing.mode === 'lines' ? pricing.lines.length : 0 };
};

const rowFields = [
  'id',
  'reference',
  'year',
  'number',
  'orderDate',
  'quoteId',
  'quoteReference',
  'quoteRevision',
  'opportunityId',
  'party',
  'operatorId',
  'currency',
  'totals',
  'description',
  'campaign',
  'lineCount',
  'createdBy',
  'createdAt',
] as const satisfies readonly (keyof OrderRow)[];

export const orderListProjection: Projection<OrderRow> = {
  name: 'order-list',
  aggregateType: 'order',
  evolve,
  key: (tenant, id) => ({ pk: `${tenant}#order#${id}`, sk: 'list' }),
  toItem(tenant, id, row, version): ReadItem {
    const sk = sortKey(row);
    return {
      ...this.key(tenant, id),
      version,
      aggregateType: 'order',
      aggregateId: id,
      tenant,
      ...row,
      gsi1pk: orderIndexKeys.all(tenant),
      gsi1sk: sk,
      gsi2pk: orderIndexKeys.operator(tenant, row.operatorId),
      gsi2sk: sk,
      gsi3pk: orderIndexKeys.party(tenant, row.party.id),
      gsi3sk: sk,
    };
  },
  fromItem(item) {
    return Object.fromEntries(rowFields.map((field) => [field, item[field]])) as unknown as OrderRow;
  },
};
