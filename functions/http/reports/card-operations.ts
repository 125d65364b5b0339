import type { DependencySource } from '../../shared/dependencies.ts';
import type { Operations } from '../router.ts';

type CardOperations = Pick<Operations<'reportsApi'>, 'getCompanyCard'>;

/** The client card over HTTP (application/reports/card-queries.ts). STUB: the card work package fills it. */
export const cardOperations = (_dependencies: DependencySource): CardOperations => ({
  getCompanyCard: async () => {
    throw new Error('not implemented yet: GET /v1/companies/{id}/card');
  },
});
