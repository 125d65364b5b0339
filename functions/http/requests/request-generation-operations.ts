import type { DependencySource } from '../../shared/dependencies.ts';
import type { Operations } from '../router.ts';

type RequestGenerationOperations = Pick<Operations<'requestsApi'>, 'generateFromRequest'>;

/** Generating a ticket, a quote or a meeting from a request over HTTP. (Being built: issue 14, helper "generate".) */
export const requestGenerationOperations = (_dependencies: DependencySource): RequestGenerationOperations => ({
  generateFromRequest: async () => {
    throw new Error('not built yet');
  },
});
