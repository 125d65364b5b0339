import { cardQueries } from '../../../application/reports/card-queries.ts';
import type { DependencySource } from '../../shared/dependencies.ts';
import { inQuery } from '../problem-details.ts';
import { json } from '../responses.ts';
import type { Operations } from '../router.ts';

type CardOperations = Pick<Operations<'reportsApi'>, 'getCompanyCard'>;

/**
 * The client card over HTTP (application/reports/card-queries.ts). No ETag: the card is many records
 * (the company's version says nothing of its tickets'), read from eventually consistent read models.
 */
export const cardOperations = (dependencies: DependencySource): CardOperations => {
  const cards = cardQueries(dependencies);
  return {
    getCompanyCard: async ({ actor, params, query }) => {
      // What the card refuses (cursor, section) is located in the query string.
      const { card } = await inQuery(() => cards.companyCard(actor, params.id, { limit: query.limit, section: query.section, cursor: query.cursor }));
      return json(200, card);
    },
  };
};
