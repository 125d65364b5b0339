import type { Actor } from '../../domain/shared/actor.ts';
import { canSeeOpportunity, opportunityDecider, type Opportunity, type OpportunityCommand, type OpportunityInput } from '../../domain/sales/opportunity.ts';
import type { ApplicationDependencySource } from '../ports/application-dependencies.ts';
import type { CommandContext, CommandOptions, CommandOutcome } from '../shared/command-context.ts';
import { recordCommand, type RecordResult } from '../shared/record-command.ts';
import { historyOf, loadAsOf } from '../shared/record-reads.ts';
import { opportunityReader } from './opportunity-reader.ts';
import { opportunityReferenceCheck } from './opportunity-references.ts';

/** An opportunity as answered: its state and its version. */
export type OpportunityView = Opportunity & { readonly version: number };

export const opportunityView = (state: Opportunity, version: number): OpportunityView => ({ ...state, version });

export type { OpportunityInput } from '../../domain/sales/opportunity.ts';

export interface WinInput {
  readonly orderId?: string | null | undefined;
  readonly note?: string | null | undefined;
}

export interface LoseInput {
  /** From the tenant's `loss-reasons` catalogue. */
  readonly reason: string;
  readonly note?: string | null | undefined;
}

type OpportunityOutcome = Promise<CommandOutcome<RecordResult<OpportunityView>>>;

/**
 * The sales context's opportunity commands and reads. Every command returns the opportunity after it
 * (or, for a retry under the same idempotency key, the first result); refusals are typed errors.
 * Catalogues (stages, loss reasons) are the tenant's, read per command; `closedOn` is the day on the
 * acting user's calendar (their profile's timezone; UTC when the people read model does not know
 * them yet).
 */
export const opportunityService = (dependencies: ApplicationDependencySource) => {
  const run = recordCommand(dependencies, {
    aggregateType: 'opportunity',
    label: 'opportunity',
    decider: opportunityDecider,
    canSee: canSeeOpportunity,
    view: opportunityView,
    checkReferences: opportunityReferenceCheck(dependencies),
  });
  const on = (context: CommandContext, opportunityId: string, command: OpportunityCommand, options: CommandOptions): OpportunityOutcome =>
    run(context, opportunityId, command, options);
  const stages = (actor: Actor) => dependencies().settings.catalogue(actor.tenant, 'stages');
  const timeZoneOf = async (actor: Actor): Promise<string | null> => (await dependencies().people.user(actor.tenant, actor.userId))?.timezone ?? null;

  return {
    /** Opens an opportunity under a new id; a non-pinnable creation. */
    openOpportunity: async (context: CommandContext, input: OpportunityInput, options: Omit<CommandOptions, 'expectedVersion'> = {}): OpportunityOutcome => {
      const opportunityId = dependencies().newId();
      const command: OpportunityCommand = { type: 'OpenOpportunity', data: { opportunityId, input, stages: await stages(context.actor) } };
      return run(context, opportunityId, command, { ...options, create: true });
    },
    updateOpportunity: async (context: CommandContext, opportunityId: string, input: OpportunityInput, options: CommandOptions = {}) =>
      on(context, opportunityId, { type: 'UpdateOpportunity', data: { input, stages: await stages(context.actor) } }, options),
    winOpportunity: async (context: CommandContext, opportunityId: string, input: WinInput, options: CommandOptions = {}) =>
      on(
        context,
        opportunityId,
        { type: 'WinOpportunity', data: { orderId: input.orderId ?? null, note: input.note ?? null, timeZone: await timeZoneOf(context.actor) } },
        options,
      ),
    loseOpportunity: async (context: CommandContext, opportunityId: string, input: LoseInput, options: CommandOptions = {}) => {
      const [lossReasons, timeZone] = await Promise.all([dependencies().settings.catalogue(context.actor.tenant, 'loss-reasons'), timeZoneOf(context.actor)]);
      return on(context, opportunityId, { type: 'LoseOpportunity', data: { reason: input.reason, note: input.note ?? null, timeZone, lossReasons } }, options);
    },
    reopenOpportunity: (context: CommandContext, opportunityId: string, reason: string | null | undefined, options: CommandOptions = {}) =>
      on(context, opportunityId, { type: 'ReopenOpportunity', data: { reason: reason ?? null } }, options),

    /** The opportunity from its own stream (strongly consistent), as it is or as it was at `asOf`. */
    getOpportunity: async (actor: Actor, opportunityId: string, asOf?: string): Promise<{ record: OpportunityView; version: number }> => {
      const { state, version } = await loadAsOf(dependencies().eventStore, actor, opportunityReader, opportunityId, asOf);
      return { record: opportunityView(state, version), version };
    },
    opportunityHistory: (actor: Actor, opportunityId: string) => historyOf(dependencies().eventStore, actor, opportunityReader, opportunityId),
  };
};

export type OpportunityService = ReturnType<typeof opportunityService>;
