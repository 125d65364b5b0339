import { dependenciesFromEnv, type DependencySource } from '../shared/dependencies.ts';
import { httpFunction } from './http-function.ts';
import type { Operations } from './router.ts';
import { opportunityReads } from './sales/opportunity-reads.ts';

/** The sales context's HTTP API (contract/contexts/sales.ts): for now, reading an opportunity. */
export const salesOperations = (dependencies: DependencySource): Operations<'salesApi'> => ({
  ...opportunityReads(dependencies),
});

export const createSalesHandler = (dependencies: DependencySource = dependenciesFromEnv) => httpFunction('salesApi', salesOperations(dependencies));

export const handler = createSalesHandler();
