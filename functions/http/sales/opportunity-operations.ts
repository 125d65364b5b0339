import { opportunityQueries } from '../../../application/sales/opportunity-queries.ts';
import { opportunityService } from '../../../application/sales/opportunity-service.ts';
import type { DependencySource } from '../../shared/dependencies.ts';
import { commandContextOf } from '../idempotency.ts';
import { inQuery } from '../problem-details.ts';
import { commandOptionsOf, recordAnswer } from '../record-commands.ts';
import { json } from '../responses.ts';
import type { Operations } from '../router.ts';

type OpportunityOperations = Pick<
  Operations<'salesApi'>,
  | 'openOpportunity'
  | 'listOpportunities'
  | 'getOpportunitySummary'
  | 'updateOpportunity'
  | 'getOpportunityHistory'
  | 'winOpportunity'
  | 'loseOpportunity'
  | 'reopenOpportunity'
>;

const opportunityAnswer = recordAnswer((id) => `/v1/opportunities/${id}`);

/** The opportunities over HTTP (contract/http/opportunity-routes.ts): each operation calls the service and renders its result. */
export const opportunityOperations = (dependencies: DependencySource): OpportunityOperations => {
  const opportunities = opportunityService(dependencies);
  const queries = opportunityQueries(dependencies);
  const context = commandContextOf;
  const options = commandOptionsOf;

  return {
    openOpportunity: async ({ actor, body, ...request }) =>
      opportunityAnswer(await opportunities.openOpportunity(context(actor, request), body, options(actor, request, false))),
    listOpportunities: async ({ actor, query }) => json(200, await inQuery(() => queries.listOpportunities(actor, query))),
    getOpportunitySummary: async ({ actor, query }) => json(200, await inQuery(() => queries.opportunitySummary(actor, query))),
    updateOpportunity: async ({ actor, params, body, ...request }) =>
      opportunityAnswer(await opportunities.updateOpportunity(context(actor, request), params.id, body, options(actor, request))),
    getOpportunityHistory: async ({ actor, params }) => json(200, await opportunities.opportunityHistory(actor, params.id)),
    winOpportunity: async ({ actor, params, body, ...request }) =>
      opportunityAnswer(await opportunities.winOpportunity(context(actor, request), params.id, body ?? {}, options(actor, request))),
    loseOpportunity: async ({ actor, params, body, ...request }) =>
      opportunityAnswer(await opportunities.loseOpportunity(context(actor, request), params.id, body, options(actor, request))),
    reopenOpportunity: async ({ actor, params, body, ...request }) =>
      opportunityAnswer(await opportunities.reopenOpportunity(context(actor, request), params.id, body?.reason, options(actor, request))),
  };
};
