import type { RouteDefinition } from '../route-definition.ts';
import { recordCommandRoute } from './record-command-route.ts';
import { AsOfQuery, History, IdParam, NoBody, page } from './common.ts';
import {
  DraftQuoteBody,
  EditQuoteBody,
  PutSalesDefaultsBody,
  QuoteListItem,
  QuoteListQuery,
  QuoteView,
  RejectQuoteBody,
  SalesDefaultsView,
  SendQuoteBody,
} from './quotes.ts';

const tag = 'Sales';

/** A command on one quote: POST /v1/quotes/{id}/<action>, answering with the quote. */
const quoteCommand = recordCommandRoute({ collection: '/v1/quotes', function: 'salesApi', tag, name: 'quote', view: QuoteView });

/** API.md "Sales": quotes (accepting one is the orders' routes), and the tenant's sales defaults. */
export const quoteRoutes = [
  {
    method: 'POST',
    path: '/v1/quotes',
    function: 'salesApi',
    operationId: 'draftQuote',
    summary: 'Draft a quote (QuoteDrafted): reference Q-<year>-<n> from the tenant\'s gapless sequence of the year',
    tag,
    auth: 'jwt',
    body: DraftQuoteBody,
    response: { status: 201, description: 'The quote', schema: QuoteView },
    concurrency: true,
  },
  {
    method: 'GET',
    path: '/v1/quotes',
    function: 'salesApi',
    operationId: 'listQuotes',
    summary: 'List quotes by status, operator, party; `expiringBefore` lists sent quotes by expiry',
    tag,
    auth: 'jwt',
    query: QuoteListQuery,
    response: { status: 200, description: 'A page of quotes', schema: page(QuoteListItem) },
  },
  {
    method: 'GET',
    path: '/v1/quotes/{id}',
    function: 'salesApi',
    operationId: 'getQuote',
    summary: 'A quote with its earlier revisions, now or as it was at `asOf`',
    tag,
    auth: 'jwt',
    params: IdParam,
    query: AsOfQuery,
    response: { status: 200, description: 'The quote', schema: QuoteView },
    concurrency: true,
  },
  {
    method: 'PATCH',
    path: '/v1/quotes/{id}',
    function: 'salesApi',
    operationId: 'editQuote',
    summary: 'Change a draft quote (QuoteEdited); a sent one is frozen (409): revise it',
    tag,
    auth: 'jwt',
    params: IdParam,
    body: EditQuoteBody,
    response: { status: 200, description: 'The quote after the change', schema: QuoteView },
    concurrency: true,
  },
  {
    method: 'GET',
    path: '/v1/quotes/{id}/history',
    function: 'salesApi',
    operationId: 'getQuoteHistory',
    summary: 'Every event of a quote (every revision) with actor and time',
    tag,
    auth: 'jwt',
    params: IdParam,
    response: { status: 200, description: 'The events, oldest first', schema: History },
  },
  quoteCommand('sendQuote', 'send', 'Send a draft quote (QuoteSent): its content is frozen', SendQuoteBody),
  quoteCommand('rejectQuote', 'reject', 'Record that the party rejected a sent quote (QuoteRejected)', RejectQuoteBody),
  quoteCommand('reviseQuote', 'revise', 'Bring a sent, rejected or expired quote back to draft as revision n+1 (QuoteRevised)', NoBody),
  {
    method: 'GET',
    path: '/v1/settings/sales',
    function: 'salesApi',
    operationId: 'getSalesDefaults',
    summary: "The tenant's sales defaults: VAT rate and currency of quotes (following the default country until set)",
    tag,
    auth: 'jwt',
    response: { status: 200, description: 'The defaults', schema: SalesDefaultsView },
    concurrency: true,
  },
  {
    method: 'PUT',
    path: '/v1/settings/sales',
    function: 'salesApi',
    operationId: 'setSalesDefaults',
    summary: 'Set the sales defaults (SalesDefaultsSet; admin only); null follows the default country',
    tag,
    auth: 'jwt',
    body: PutSalesDefaultsBody,
    response: { status: 200, description: 'The defaults as set', schema: SalesDefaultsView },
    concurrency: true,
  },
] as const satisfies readonly RouteDefinition[];
