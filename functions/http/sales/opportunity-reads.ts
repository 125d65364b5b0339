import { canSeeOpportunity, opportunityDecider, type Opportunity } from '../../../domain/sales/opportunity.ts';
import type { DependencySource } from '../../shared/dependencies.ts';
import { loadAsOf, type RecordReader } from '../../../application/shared/record-reads.ts';
import { etag, json } from '../responses.ts';
import type { Operations } from '../router.ts';

const opportunityReader: RecordReader<Opportunity> = {
  aggregateType: 'opportunity',
  decider: opportunityDecider as RecordReader<Opportunity>['decider'],
  canSee: canSeeOpportunity,
  label: 'opportunity',
};

/** GET /v1/opportunities/{id}: the opportunity as of now or `asOf`, with its version as ETag. */
export const opportunityReads = (dependencies: DependencySource): Pick<Operations<'salesApi'>, 'getOpportunity'> => ({
  getOpportunity: async ({ actor, params, query }) => {
    const { state, version } = await loadAsOf(dependencies().eventStore, actor, opportunityReader, params.id, query.asOf);
    return json(200, { ...state, version }, { etag: etag(version) });
  },
});
