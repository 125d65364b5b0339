import { dependenciesFromEnv, type DependencySource } from '../shared/dependencies.ts';
import { httpFunction } from './http-function.ts';
import { requestBoardOperations } from './requests/request-board-operations.ts';
import { requestGenerationOperations } from './requests/request-generation-operations.ts';
import { requestOperations } from './requests/request-operations.ts';
import type { Operations } from './router.ts';

/** The customer-requests context over HTTP (contract/contexts/requests.ts): each operation calls the service and renders its result. */
export const requestsOperations = (dependencies: DependencySource): Operations<'requestsApi'> => ({
  ...requestOperations(dependencies),
  ...requestBoardOperations(dependencies),
  ...requestGenerationOperations(dependencies),
});

export const createRequestsHandler = (dependencies: DependencySource = dependenciesFromEnv) => httpFunction('requestsApi', requestsOperations(dependencies));

export const handler = createRequestsHandler();
