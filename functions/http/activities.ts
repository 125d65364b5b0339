import type { z } from 'zod';
import type { ScheduleActivityBody } from '../../contract/http/activities.ts';
import type { NewActivityInput } from '../../domain/activities/activity.ts';
import type { Actor } from '../../domain/shared/actor.ts';
import { dependenciesFromEnv, type DependencySource } from '../shared/dependencies.ts';
import { logger } from '../shared/logger.ts';
import { EventStorePeople } from '../../adapters/people/event-store-people.ts';
import { ActivityIndex } from '../../adapters/dynamodb/activity-index.ts';
import { runActivityCommand } from './activities/activity-commands.ts';
import { activityReader, activityView, assigneeFromBody } from './activities/activity-wire.ts';
import { readCalendar, readFreeBusy, readTodo } from './activities/calendar-reads.ts';
import { lookupsFrom, type ActivityLookups } from './activities/lookups.ts';
import { lookUpReferences } from './activities/references.ts';
import { relatedActivities } from './activities/related-activities.ts';
import { httpFunction } from './http-function.ts';
import { historyOf, loadAsOf } from '../../application/shared/record-reads.ts';
import { etag, json } from './responses.ts';
import type { Operations } from './router.ts';
import { withBodyPaths } from './issue-paths.ts';

type NewActivityBody = Partial<z.output<typeof ScheduleActivityBody>>;

const newActivityInput = (activityId: string, body: NewActivityBody): NewActivityInput => {
  const { assignee, ...rest } = body;
  return { activityId, ...rest, ...(assignee ? { assignee: assigneeFromBody(assignee) } : {}) };
};

export const activityOperations = (dependencies: DependencySource, lookups: () => ActivityLookups = lookupsFrom(dependencies)): Operations<'activitiesApi'> => {
  const sources = (actor: Actor) => {
    const { eventStore } = dependencies();
    return { sources: { eventStore, people: lookups().assignees ?? new EventStorePeople(eventStore) }, tenant: actor.tenant };
  };
  const catalogueOf = (actor: Actor) => lookups().settings.catalogue(actor.tenant, 'activity-types');
  let index: ActivityIndex | undefined;
  const activityIndex = () => (index ??= new ActivityIndex(dependencies().db, dependencies().readModels));

  return {
    scheduleActivity: async ({ actor, body, ...request }) => {
      const activityId = dependencies().newId();
      const input = newActivityInput(activityId, body);
      return runActivityCommand(dependencies, actor, request, {
        activityId,
        creates: true,
        command: async () => {
          const [catalogue, known] = await Promise.all([catalogueOf(actor), lookUpReferences(sources(actor).sources, actor, input)]);
          return { type: 'ScheduleActivity', data: { ...input, catalogue, known } };
        },
      });
    },
    getActivity: async ({ actor, params, query }) => {
      const { state, version } = await loadAsOf(dependencies().eventStore, actor, activityReader, params.id, query.asOf);
      return json(200, activityView(state, version), { etag: etag(version) });
    },
    getActivityHistory: async ({ actor, params }) => json(200, await historyOf(dependencies().eventStore, actor, activityReader, params.id)),
    updateActivity: ({ actor, params, body, ...request }) =>
      runActivityCommand(dependencies, actor, request, {
        activityId: params.id,
        command: async (state) => {
          // Only references the patch changes are looked up.
          const related = body.related !== undefined && JSON.stringify(body.related) !== JSON.stringify(state?.related ?? null) ? body.related : undefined;
          const parentId = body.parentId !== undefined && body.parentId !== state?.parentId ? body.parentId : undefined;
          const [catalogue, known] = await Promise.all([catalogueOf(actor), lookUpReferences(sources(actor).sources, actor, { related, parentId })]);
          return { type: 'UpdateActivityDetails', data: { changes: body, catalogue, known } };
        },
      }),
    rescheduleActivity: ({ actor, params, body, ...request }) =>
      runActivityCommand(dependencies, actor, request, {
        activityId: params.id,
        command: async () => ({ type: 'RescheduleActivity', data: body }),
      }),
    changeActivityStatus: ({ actor, params, body, ...request }) =>
      runActivityCommand(dependencies, actor, request, {
        activityId: params.id,
        command: async () => ({ type: 'ChangeActivityStatus', data: body }),
      }),
    assignActivity: ({ actor, params, body, ...request }) => {
      const assignee = assigneeFromBody(body);
      // The body is the assignee: `{ userId }` or `{ groupId }`.
      return withBodyPaths({ assignee: 'userId' in body ? 'userId' : 'groupId' }, () =>
        runActivityCommand(dependencies, actor, request, {
          activityId: params.id,
          command: async () => ({ type: 'AssignActivity', data: { assignee, known: await lookUpReferences(sources(actor).sources, actor, { assignee }) } }),
        }),
      );
    },
    copyActivity: ({ actor, params, body, ...request }) => {
      const copyId = dependencies().newId();
      return runActivityCommand(dependencies, actor, request, {
        activityId: params.id,
        answerWith: copyId,
        command: async () => ({ type: 'CopyActivity', data: { activityId: copyId, ...body } }),
      });
    },
    completeActivity: ({ actor, params, body, ...request }) => {
      const next = body?.next ? newActivityInput(dependencies().newId(), body.next) : undefined;
      return runActivityCommand(dependencies, actor, request, {
        activityId: params.id,
        command: async () => {
          const [catalogue, known] = await Promise.all([catalogueOf(actor), next ? lookUpReferences(sources(actor).sources, actor, next) : {}]);
          return { type: 'CompleteActivity', data: { ...(body?.outcome ? { outcome: body.outcome } : {}), ...(next ? { next } : {}), catalogue, known } };
        },
      });
    },
    listCompanyActivities: async ({ actor, params, query }) =>
      json(200, await relatedActivities(dependencies().eventStore, activityIndex(), actor, { kind: 'company', id: params.id }, query)),
    listContactActivities: async ({ actor, params, query }) =>
      json(200, await relatedActivities(dependencies().eventStore, activityIndex(), actor, { kind: 'contact', id: params.id }, query)),
    listLeadActivities: async ({ actor, params, query }) =>
      json(200, await relatedActivities(dependencies().eventStore, activityIndex(), actor, { kind: 'lead', id: params.id }, query)),
    listTicketActivities: async ({ actor, params, query }) =>
      json(200, await relatedActivities(dependencies().eventStore, activityIndex(), actor, { kind: 'ticket', id: params.id }, query)),
    getCalendar: async ({ actor, query }) => {
      const { readUnits, ...calendar } = await readCalendar(activityIndex(), lookups().people, actor, query, dependencies().now());
      logger.debug('calendar read', { view: query.view, readUnits });
      return json(200, calendar);
    },
    getFreeBusy: async ({ actor, query }) => json(200, await readFreeBusy(activityIndex(), lookups().people, actor, query, dependencies().now())),
    getTodo: async ({ actor }) => {
      const { readUnits, ...todo } = await readTodo(activityIndex(), lookups().people, actor, dependencies().now());
      logger.debug('to-do read', { readUnits });
      return json(200, todo);
    },
  };
};

export const createActivitiesHandler = (dependencies: DependencySource = dependenciesFromEnv, lookups: () => ActivityLookups = lookupsFrom(dependencies)) =>
  httpFunction('activitiesApi', activityOperations(dependencies, lookups));

export const handler = createActivitiesHandler();
