import type { Actor } from '../../domain/shared/actor.ts';
import type { Opportunity } from '../../domain/sales/opportunity.ts';
import type { ApplicationDependencySource } from '../ports/application-dependencies.ts';
import { loadAsOf } from '../shared/record-reads.ts';
import { opportunityReader } from './opportunity-reader.ts';

/** An opportunity as answered: its state and its version. */
export type OpportunityView = Opportunity & { readonly version: number };

/**
 * The sales context's services. For now one query: the opportunity stub a lead conversion opens
 * (the directory commits it with the conversion); sales commands come with the sales context.
 */
export const opportunityService = (dependencies: ApplicationDependencySource) => ({
  /** The opportunity now, or as of `asOf`; not found when missing or not visible to the actor. */
  getOpportunity: async (actor: Actor, opportunityId: string, asOf?: string): Promise<{ record: OpportunityView; version: number }> => {
    const { state, version } = await loadAsOf(dependencies().eventStore, actor, opportunityReader, opportunityId, asOf);
    return { record: { ...state, version }, version };
  },
});
