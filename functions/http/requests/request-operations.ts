import type { DependencySource } from '../../shared/dependencies.ts';
import type { Operations } from '../router.ts';

type RequestOperations = Pick<
  Operations<'requestsApi'>,
  'registerRequest' | 'getRequest' | 'editRequest' | 'getRequestHistory' | 'assignRequestResponsible' | 'moveRequest' | 'closeRequest' | 'reopenRequest'
>;

/** Registering, reading and changing one customer request over HTTP. (Being built: issue 14, helper "core".) */
export const requestOperations = (_dependencies: DependencySource): RequestOperations => {
  const pending = async (): Promise<never> => {
    throw new Error('not built yet');
  };
  return {
    registerRequest: pending,
    getRequest: pending,
    editRequest: pending,
    getRequestHistory: pending,
    assignRequestResponsible: pending,
    moveRequest: pending,
    closeRequest: pending,
    reopenRequest: pending,
  };
};
