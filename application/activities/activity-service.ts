import type { ActivityStatus, RelatedRecord } from '../../events/activities/activity-events.ts';
import type { ActivityState, DetailsInput, NewActivityInput, ScheduleInput } from '../../domain/activities/activity.ts';
import type { Actor } from '../../domain/shared/actor.ts';
import type { ApplicationDependencySource } from '../ports/application-dependencies.ts';
import type { CommandContext, CommandOptions } from '../shared/command-context.ts';
import { historyOf, loadAsOf } from '../shared/record-reads.ts';
import { runActivityDecision, type ActivityDecision, type ActivityOutcome } from './activity-decision.ts';
import { activityReader } from './activity-reader.ts';
import { lookUpReferences } from './activity-references.ts';
import { activityView, assigneeFromInput, type ActivityView, type AssigneeInput } from './activity-view.ts';
import { activityCreation, newActivityInput, type ScheduleActivityInput } from './activity-creation.ts';
import { runCreation } from '../shared/record-creation.ts';

export type { ScheduleActivityInput } from './activity-creation.ts';

export interface ChangeActivityStatusInput {
  readonly status: ActivityStatus;
  readonly outcome?: string | undefined;
}

export interface CopyActivityInput {
  readonly start?: string | undefined;
  readonly dueOn?: string | undefined;
}

export interface CompleteActivityInput {
  readonly outcome?: string | undefined;
  /** The follow-up, scheduled in the same commit; unset fields are taken from the completed activity. */
  readonly next?: ScheduleActivityInput | undefined;
}

/** Only a reference the patch changes is looked up. */
const changedRelated = (changes: DetailsInput, state: ActivityState): RelatedRecord | null | undefined =>
  changes.related !== undefined && JSON.stringify(changes.related) !== JSON.stringify(state?.related ?? null) ? changes.related : undefined;

/**
 * The activities context's commands and reads. Every command returns the activity it shows (the
 * addressed one; a copy shows the copy) after it — or, for a retry under the same idempotency key, the
 * first result; refusals are typed errors. A decision may write several activities at once (a
 * completion that plans the next step), see `runActivityDecision`.
 */
export const activityService = (dependencies: ApplicationDependencySource) => {
  const run = (context: CommandContext, decision: ActivityDecision, options: CommandOptions): Promise<ActivityOutcome> =>
    runActivityDecision(dependencies(), context, decision, options);
  const creation = activityCreation(dependencies);
  const catalogueOf = (actor: Actor) => dependencies().settings.catalogue(actor.tenant, 'activity-types');
  const references = (actor: Actor, named: Parameters<typeof lookUpReferences>[2]) => {
    const { eventStore, peopleOfRecord } = dependencies();
    return lookUpReferences({ eventStore, people: peopleOfRecord }, actor, named);
  };

  return {
    /** Schedules an activity under a new id; a non-pinnable creation. */
    scheduleActivity: async (context: CommandContext, input: ScheduleActivityInput, options: Omit<CommandOptions, 'expectedVersion'> = {}) => {
      const activityId = dependencies().newId();
      const catalogue = await creation.prepare(context.actor.tenant);
      return runCreation(dependencies(), context, creation.plan(context.actor, catalogue, activityId, input), options);
    },
    updateActivity: (context: CommandContext, activityId: string, changes: DetailsInput, options: CommandOptions = {}) =>
      run(
        context,
        {
          activityId,
          command: async (state) => {
            const related = changedRelated(changes, state);
            const parentId = changes.parentId !== undefined && changes.parentId !== state?.parentId ? changes.parentId : undefined;
            const [catalogue, known] = await Promise.all([catalogueOf(context.actor), references(context.actor, { related, parentId })]);
            return { type: 'UpdateActivityDetails', data: { changes, catalogue, known } };
          },
        },
        options,
      ),
    rescheduleActivity: (context: CommandContext, activityId: string, schedule: ScheduleInput, options: CommandOptions = {}) =>
      run(context, { activityId, command: async () => ({ type: 'RescheduleActivity', data: schedule }) }, options),
    changeActivityStatus: (context: CommandContext, activityId: string, input: ChangeActivityStatusInput, options: CommandOptions = {}) =>
      run(
        context,
        {
          activityId,
          command: async () => ({ type: 'ChangeActivityStatus', data: { status: input.status, ...(input.outcome !== undefined ? { outcome: input.outcome } : {}) } }),
        },
        options,
      ),
    /** Issue paths name the command's `assignee`. */
    assignActivity: (context: CommandContext, activityId: string, input: AssigneeInput, options: CommandOptions = {}) => {
      const assignee = assigneeFromInput(input);
      return run(
        context,
        { activityId, command: async () => ({ type: 'AssignActivity', data: { assignee, known: await references(context.actor, { assignee }) } }) },
        options,
      );
    },
    /** Copies an activity under a new id: the result is the copy (created). */
    copyActivity: (context: CommandContext, activityId: string, input: CopyActivityInput, options: CommandOptions = {}) => {
      const copyId = dependencies().newId();
      const data = { activityId: copyId, ...(input.start !== undefined ? { start: input.start } : {}), ...(input.dueOn !== undefined ? { dueOn: input.dueOn } : {}) };
      return run(context, { activityId, shows: copyId, command: async () => ({ type: 'CopyActivity', data }) }, options);
    },
    /** Completes an activity, and schedules its follow-up (`next`) in the same commit. */
    completeActivity: (context: CommandContext, activityId: string, input: CompleteActivityInput = {}, options: CommandOptions = {}) => {
      const next = input.next ? newActivityInput(dependencies().newId(), input.next) : undefined;
      return run(
        context,
        {
          activityId,
          command: async () => {
            const [catalogue, known] = await Promise.all([catalogueOf(context.actor), next ? references(context.actor, next) : {}]);
            return { type: 'CompleteActivity', data: { ...(input.outcome ? { outcome: input.outcome } : {}), ...(next ? { next } : {}), catalogue, known } };
          },
        },
        options,
      );
    },
    /**
     * Moves an open activity from a converted lead to what it became (a system policy: the decider
     * checks no ownership, and relinks only an activity still pointing at the lead — idempotent).
     */
    relinkActivity: (context: CommandContext, activityId: string, from: RelatedRecord, to: RelatedRecord) =>
      run(context, { activityId, command: async () => ({ type: 'RelinkActivity', data: { from, to, reason: 'lead_converted' } }) }, {}),

    /** The activity from its own stream (strongly consistent), as it is or as it was at `asOf`. */
    getActivity: async (actor: Actor, activityId: string, asOf?: string): Promise<{ record: ActivityView; version: number }> => {
      const { state, version } = await loadAsOf(dependencies().eventStore, actor, activityReader, activityId, asOf);
      return { record: activityView(state, version), version };
    },
    activityHistory: (actor: Actor, activityId: string) => historyOf(dependencies().eventStore, actor, activityReader, activityId),
  };
};

export type ActivityService = ReturnType<typeof activityService>;
