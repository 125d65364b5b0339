import type { DependencySource } from '../../shared/dependencies.ts';
import type { Operations } from '../router.ts';

type RequestBoardOperations = Pick<Operations<'requestsApi'>, 'listRequests'>;

/** The board and the list of customer requests over HTTP. (Being built: issue 14, helper "board".) */
export const requestBoardOperations = (_dependencies: DependencySource): RequestBoardOperations => ({
  listRequests: async () => {
    throw new Error('not built yet');
  },
});
