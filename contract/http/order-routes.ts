import type { RouteDefinition } from '../route-definition.ts';
import { AsOfQuery, History, IdParam, page } from './common.ts';
import { AcceptQuoteBody, OrderListItem, OrderListQuery, OrderView, QuoteAcceptanceView } from './orders.ts';

const tag = 'Sales';

/**
 * API.md "Sales": accepting a quote, and the sales orders it creates (declared by contract/contexts/sales.ts).
 * The acceptance is a command on the quote: 200 with the quote's version as `ETag` (`If-Match` pins
 * the quote), the body naming the order it created (`order.id`, `order.reference`; read it at
 * `/v1/orders/{id}`) — not a 201, whose `Location`/`ETag` would describe the order, not the quote.
 */
export const orderRoutes = [
  {
    method: 'POST',
    path: '/v1/quotes/{id}/accept',
    function: 'salesApi',
    operationId: 'acceptQuote',
    summary: 'Accept a sent quote (QuoteAccepted): in one commit it is locked, a sales order is created and its opportunity won',
    tag,
    auth: 'jwt',
    params: IdParam,
    body: AcceptQuoteBody,
    response: { status: 200, description: 'The quote after its acceptance, and the order it created', schema: QuoteAcceptanceView },
    concurrency: true,
  },
  {
    method: 'GET',
    path: '/v1/orders',
    function: 'salesApi',
    operationId: 'listOrders',
    summary: 'List sales orders by party, order date, quote or operator, newest first',
    tag,
    auth: 'jwt',
    query: OrderListQuery,
    response: { status: 200, description: 'A page of sales orders', schema: page(OrderListItem) },
  },
  {
    method: 'GET',
    path: '/v1/orders/{id}',
    function: 'salesApi',
    operationId: 'getOrder',
    summary: 'A sales order, now or as it was at `asOf`',
    tag,
    auth: 'jwt',
    params: IdParam,
    query: AsOfQuery,
    response: { status: 200, description: 'The sales order', schema: OrderView },
    concurrency: true,
  },
  {
    method: 'GET',
    path: '/v1/orders/{id}/history',
    function: 'salesApi',
    operationId: 'getOrderHistory',
    summary: 'Every event of a sales order with actor and time',
    tag,
    auth: 'jwt',
    params: IdParam,
    response: { status: 200, description: 'The events, oldest first', schema: History },
  },
] as const satisfies readonly RouteDefinition[];
