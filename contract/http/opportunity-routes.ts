import type { RouteDefinition } from '../route-definition.ts';
import { recordCommandRoute } from './record-command-route.ts';
import { AsOfQuery, History, IdParam, page } from './common.ts';
import {
  LoseOpportunityBody,
  OpenOpportunityBody,
  OpportunityListItem,
  OpportunityListQuery,
  OpportunitySummaryQuery,
  OpportunitySummaryView,
  OpportunityView,
  ReopenOpportunityBody,
  UpdateOpportunityBody,
  WinOpportunityBody,
} from './opportunities.ts';

const tag = 'Sales';

/** A command on one opportunity: POST /v1/opportunities/{id}/<action>, answering with the opportunity. */
const opportunityCommand = recordCommandRoute({ collection: '/v1/opportunities', function: 'salesApi', tag, name: 'opportunity', view: OpportunityView });

/** API.md "Sales": opportunities (declared by contract/contexts/sales.ts). */
export const opportunityRoutes = [
  {
    method: 'POST',
    path: '/v1/opportunities',
    function: 'salesApi',
    operationId: 'openOpportunity',
    summary: 'Open an opportunity (OpportunityCreated)',
    tag,
    auth: 'jwt',
    body: OpenOpportunityBody,
    response: { status: 201, description: 'The opportunity', schema: OpportunityView },
    concurrency: true,
  },
  {
    method: 'GET',
    path: '/v1/opportunities',
    function: 'salesApi',
    operationId: 'listOpportunities',
    summary: 'List opportunities by status, stage, owner, party and expected close, earliest expected close first',
    tag,
    auth: 'jwt',
    query: OpportunityListQuery,
    response: { status: 200, description: 'A page of opportunities', schema: page(OpportunityListItem) },
  },
  {
    method: 'GET',
    path: '/v1/opportunities/summary',
    function: 'salesApi',
    operationId: 'getOpportunitySummary',
    summary: 'Revenue summary per currency: open and weighted amounts by stage, owner and month; won/lost in a period',
    tag,
    auth: 'jwt',
    query: OpportunitySummaryQuery,
    response: { status: 200, description: 'The summary', schema: OpportunitySummaryView },
  },
  {
    method: 'GET',
    path: '/v1/opportunities/{id}',
    function: 'salesApi',
    operationId: 'getOpportunity',
    summary: 'An opportunity, now or as of `asOf`',
    tag,
    auth: 'jwt',
    params: IdParam,
    query: AsOfQuery,
    response: { status: 200, description: 'The opportunity', schema: OpportunityView },
  },
  {
    method: 'PATCH',
    path: '/v1/opportunities/{id}',
    function: 'salesApi',
    operationId: 'updateOpportunity',
    summary: 'Change fields of an open opportunity (OpportunityUpdated)',
    tag,
    auth: 'jwt',
    params: IdParam,
    body: UpdateOpportunityBody,
    response: { status: 200, description: 'The opportunity after the change', schema: OpportunityView },
    concurrency: true,
  },
  {
    method: 'GET',
    path: '/v1/opportunities/{id}/history',
    function: 'salesApi',
    operationId: 'getOpportunityHistory',
    summary: 'Every event of an opportunity with actor and time',
    tag,
    auth: 'jwt',
    params: IdParam,
    response: { status: 200, description: 'The events, oldest first', schema: History },
  },
  opportunityCommand('winOpportunity', 'won', 'Mark an open opportunity won, with the order or a note (OpportunityWon)', WinOpportunityBody),
  opportunityCommand('loseOpportunity', 'lost', 'Mark an open opportunity lost, with a reason (OpportunityLost)', LoseOpportunityBody),
  opportunityCommand('reopenOpportunity', 'reopen', 'Reopen a won or lost opportunity (OpportunityReopened)', ReopenOpportunityBody),
] as const satisfies readonly RouteDefinition[];
