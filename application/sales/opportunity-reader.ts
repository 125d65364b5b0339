import { canSeeOpportunity, opportunityDecider, type Opportunity } from '../../domain/sales/opportunity.ts';
import type { RecordReader } from '../shared/record-reads.ts';

/** How an opportunity is loaded and who may see it (its owner's visibility rules). */
export const opportunityReader: RecordReader<Opportunity> = {
  aggregateType: 'opportunity',
  decider: opportunityDecider as RecordReader<Opportunity>['decider'],
  canSee: canSeeOpportunity,
  label: 'opportunity',
};
