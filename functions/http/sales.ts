import { opportunityService } from '../../application/sales/opportunity-service.ts';
import { dependenciesFromEnv, type DependencySource } from '../shared/dependencies.ts';
import { httpFunction } from './http-function.ts';
import { etag, json } from './responses.ts';
import type { Operations } from './router.ts';
import { opportunityOperations } from './sales/opportunity-operations.ts';
import { quoteOperations } from './sales/quote-operations.ts';
import { orderOperations } from './sales/order-operations.ts';

/** The sales context over HTTP (contract/contexts/sales.ts): each operation calls the service and renders its result. */
export const salesOperations = (dependencies: DependencySource): Operations<'salesApi'> => {
  const opportunities = opportunityService(dependencies);
  return {
    ...quoteOperations(dependencies),
    getOpportunity: async ({ actor, params, query }) => {
      const { record, version } = await opportunities.getOpportunity(actor, params.id, query.asOf);
      return json(200, record, { etag: etag(version) });
    },
    ...opportunityOperations(dependencies),
    ...orderOperations(dependencies),
  };
};

export const createSalesHandler = (dependencies: DependencySource = dependenciesFromEnv) => httpFunction('salesApi', salesOperations(dependencies));

export const handler = createSalesHandler();
