import { activityDecider, type ActivityCommand, type NewActivityInput, type DetailsInput, type ScheduleInput } from '../../domain/activities/activity.ts';
import type { Catalogue } from '../../domain/settings/catalogues.ts';
import type { Actor } from '../../domain/shared/actor.ts';
import type { ActivityStatus } from '../../events/activities/activity-events.ts';
import type { Origin } from '../../events/shared/origin.ts';
import type { ApplicationDependencySource } from '../ports/application-dependencies.ts';
import { planCreation, type CreationPlanner } from '../shared/record-creation.ts';
import { lookUpReferences } from './activity-references.ts';
import { activityView, assigneeFromInput, type ActivityView, type AssigneeInput } from './activity-view.ts';

/** A new activity as callers give it (the assignee as `{ userId }` or `{ groupId }`). */
export interface ScheduleActivityInput extends DetailsInput, ScheduleInput {
  readonly assignee?: AssigneeInput | undefined;
  readonly status?: ActivityStatus | undefined;
}

export const newActivityInput = (activityId: string, input: ScheduleActivityInput, origin?: Origin): NewActivityInput => {
  const { assignee, ...rest } = input;
  return {
    activityId,
    ...(rest as Omit<NewActivityInput, 'activityId'>),
    ...(assignee ? { assignee: assigneeFromInput(assignee) } : {}),
    ...(origin ? { origin } : {}),
  };
};

/**
 * How an activity is scheduled, planned without committing (application/shared/record-creation.ts):
 * by `POST /v1/activities` and by a customer request fixing a meeting, with the same decider (type
 * from the catalogue, schedule, who a restricted user may plan for) and the same references looked up
 * (the related record visible, the assignee an active user or a group, the parent activity).
 */
export const activityCreation = (dependencies: ApplicationDependencySource) => {
  const spec = { aggregateType: 'activity', label: 'activity', decider: activityDecider, view: activityView };
  return {
    /** What a scheduling reads once, whatever its input: the tenant's `activity-types` catalogue. */
    prepare: (tenant: string): Promise<Catalogue> => dependencies().settings.catalogue(tenant, 'activity-types'),
    plan:
      (actor: Actor, catalogue: Catalogue, activityId: string, input: ScheduleActivityInput, origin?: Origin): CreationPlanner<ActivityView> =>
      (at, attempt) => {
        const activity = newActivityInput(activityId, input, origin);
        const { eventStore, peopleOfRecord } = dependencies();
        return planCreation(
          spec,
          {
            store: eventStore,
            actor,
            id: activityId,
            // The references are looked up at each attempt: what the decision checks is what the log says now.
            command: async (): Promise<ActivityCommand> => ({
              type: 'ScheduleActivity',
              data: { ...activity, catalogue, known: await lookUpReferences({ eventStore, people: peopleOfRecord }, actor, activity) },
            }),
          },
          at,
          attempt,
        );
      },
  };
};
