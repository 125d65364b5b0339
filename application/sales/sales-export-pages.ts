import type { OpportunityRow } from '../../projections/sales/opportunity-list.ts';
import type { OrderRow } from '../../projections/sales/order-list.ts';
import type { QuoteRow } from '../../projections/sales/quote-list.ts';
import { pageOf } from '../directory/export-record-pages.ts';
import type { ApplicationDependencySource } from '../ports/application-dependencies.ts';
import type { ExportRecordPagesOf } from '../ports/export-records.ts';
import { opportunityQueries, type OpportunityListFilter } from './opportunity-queries.ts';
import { orderQueries, type OrderListFilter } from './order-queries.ts';
import { quoteQueries, type QuoteListFilter } from './quote-queries.ts';

/**
 * The sales lists as the pages an export reads (`POST /v1/exports` with kind `opportunities`,
 * `quotes`, `orders`): each kind's own list query — its filters, its order and its visibility for a
 * restricted user, exactly — a page at a time. The records are the list rows; the columns are
 * import/mapping/sales-record-to-row.ts's (its record shapes are what these rows hold).
 */

const opportunityRecord = (row: OpportunityRow) => ({
  id: row.id,
  title: row.title,
  parties: row.parties,
  stage: row.stage,
  status: row.status,
  amount: row.amount,
  currency: row.currency,
  probability: row.probability,
  expectedCloseDate: row.expectedCloseDate,
  ownerId: row.ownerId,
  campaign: row.campaign,
  closedOn: row.closedOn,
  lossReason: row.lossReason,
  createdAt: row.createdAt,
});

const quoteRecord = (row: QuoteRow) => ({
  id: row.id,
  reference: row.reference,
  revision: row.revision,
  status: row.status,
  party: row.party,
  operatorId: row.operatorId,
  validFrom: row.validFrom,
  validUntil: row.validUntil,
  currency: row.currency,
  totals: row.totals,
  probability: row.probability,
  description: row.description,
  opportunityId: row.opportunityId,
  orderId: row.orderId,
  createdAt: row.createdAt,
});

const orderRecord = (row: OrderRow) => ({
  id: row.id,
  reference: row.reference,
  orderDate: row.orderDate,
  quoteReference: row.quoteReference,
  quoteRevision: row.quoteRevision,
  party: row.party,
  operatorId: row.operatorId,
  currency: row.currency,
  totals: row.totals,
  description: row.description,
  opportunityId: row.opportunityId,
  campaign: row.campaign,
});

export const salesExportPages = (dependencies: ApplicationDependencySource): ExportRecordPagesOf<'opportunities' | 'quotes' | 'orders'> => {
  const opportunities = opportunityQueries(dependencies);
  const quotes = quoteQueries(dependencies);
  const orders = orderQueries(dependencies);
  return {
    opportunities: pageOf<OpportunityListFilter>(async (actor, query) => {
      const page = await opportunities.listOpportunities(actor, query);
      return { items: page.items.map((row) => ({ record: opportunityRecord(row) })), nextCursor: page.nextCursor };
    }),
    quotes: pageOf<QuoteListFilter>(async (actor, query) => {
      const page = await quotes.listQuotes(actor, query);
      return { items: page.items.map((row) => ({ record: quoteRecord(row) })), nextCursor: page.nextCursor };
    }),
    orders: pageOf<OrderListFilter>(async (actor, query) => {
      const page = await orders.listOrders(actor, query);
      return { items: page.items.map((row) => ({ record: orderRecord(row) })), nextCursor: page.nextCursor };
    }),
  };
};
