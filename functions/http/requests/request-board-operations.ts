import { requestQueries } from '../../../application/requests/request-queries.ts';
import type { DependencySource } from '../../shared/dependencies.ts';
import { inQuery } from '../problem-details.ts';
import { json } from '../responses.ts';
import type { Operations } from '../router.ts';

type RequestBoardOperations = Pick<Operations<'requestsApi'>, 'listRequests'>;

/** The board and the list of customer requests over HTTP (application/requests/request-queries.ts). */
export const requestBoardOperations = (dependencies: DependencySource): RequestBoardOperations => {
  const queries = requestQueries(dependencies);
  return {
    listRequests: async ({ actor, query }) => json(200, await inQuery(() => queries.listRequests(actor, query))),
  };
};
