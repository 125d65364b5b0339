import type { z } from 'zod';
import type { ActivityView as ActivityViewSchema, CalendarResult, FreeBusyResult, RelatedActivitiesPage, TodoResult } from '../../contract/http/activities.ts';
import { activityService } from '../../application/activities/activity-service.ts';
import type { ActivityView } from '../../application/activities/activity-view.ts';
import { calendarQueries, type CalendarQueries } from '../../application/activities/calendar-queries.ts';
import { relatedActivities, type ActivityOwnerKind, type RelatedActivitiesFilter } from '../../application/activities/related-activities.ts';
import type { ApplicationDependencySource } from '../../application/ports/application-dependencies.ts';
import type { Actor } from '../../domain/shared/actor.ts';
import { dependenciesFromEnv, type DependencySource } from '../shared/dependencies.ts';
import { logger } from '../shared/logger.ts';
import { ActivityIndex } from '../../adapters/dynamodb/activity-index.ts';
import { lookupsFrom, type ActivityLookups } from './activities/lookups.ts';
import { httpFunction } from './http-function.ts';
import { commandContextOf } from './idempotency.ts';
import { commandOptionsOf, recordAnswer } from './record-commands.ts';
import { inQuery } from './problem-details.ts';
import { etag, json } from './responses.ts';
import type { Operations } from './router.ts';
import { withBodyPaths } from './issue-paths.ts';

/** The services' views are the contract's (checked here, where the contract is known). */
const shown = (view: ActivityView): z.input<typeof ActivityViewSchema> => view;
const calendarShown = (calendar: Omit<Awaited<ReturnType<CalendarQueries['calendar']>>, 'readUnits'>): z.input<typeof CalendarResult> => calendar;
const freeBusyShown = (freeBusy: Awaited<ReturnType<CalendarQueries['freeBusy']>>): z.input<typeof FreeBusyResult> => freeBusy;
const todoShown = (todo: Omit<Awaited<ReturnType<CalendarQueries['todo']>>, 'readUnits'>): z.input<typeof TodoResult> => todo;
const relatedShown = (page: Awaited<ReturnType<typeof relatedActivities>>): z.input<typeof RelatedActivitiesPage> => page;

const activityAnswer = recordAnswer((id) => `/v1/activities/${id}`);

export const activityOperations = (dependencies: DependencySource, lookups: () => ActivityLookups = lookupsFrom(dependencies)): Operations<'activitiesApi'> => {
  // The settings and the users a command may assign to come from the lookups (tests keep them in memory).
  const applicationDependencies: ApplicationDependencySource = () => {
    const found = lookups();
    const all = dependencies();
    return { ...all, settings: found.settings, peopleOfRecord: found.assignees ?? all.peopleOfRecord };
  };
  const activities = activityService(applicationDependencies);
  const context = commandContextOf;
  const options = commandOptionsOf;
  let index: ActivityIndex | undefined;
  const activityIndex = () => (index ??= new ActivityIndex(dependencies().db, dependencies().readModels));
  const calendars = calendarQueries(() => ({ index: activityIndex(), people: lookups().people, now: dependencies().now }));
  const related = (actor: Actor, kind: ActivityOwnerKind, id: string, query: RelatedActivitiesFilter) =>
    inQuery(async () => json(200, relatedShown(await relatedActivities(dependencies().eventStore, activityIndex(), actor, { kind, id }, query))));

  return {
    scheduleActivity: async ({ actor, body, ...request }) =>
      activityAnswer(await activities.scheduleActivity(context(actor, request), body, options(actor, request, false))),
    getActivity: async ({ actor, params, query }) => {
      const { record, version } = await activities.getActivity(actor, params.id, query.asOf);
      return json(200, shown(record), { etag: etag(version) });
    },
    getActivityHistory: async ({ actor, params }) => json(200, await activities.activityHistory(actor, params.id)),
    updateActivity: async ({ actor, params, body, ...request }) =>
      activityAnswer(await activities.updateActivity(context(actor, request), params.id, body, options(actor, request))),
    rescheduleActivity: async ({ actor, params, body, ...request }) =>
      activityAnswer(await activities.rescheduleActivity(context(actor, request), params.id, body, options(actor, request))),
    changeActivityStatus: async ({ actor, params, body, ...request }) =>
      activityAnswer(await activities.changeActivityStatus(context(actor, request), params.id, body, options(actor, request))),
    // The body is the assignee, `{ userId }` or `{ groupId }`: the command's `assignee` is named as the body's field.
    assignActivity: async ({ actor, params, body, ...request }) =>
      withBodyPaths({ assignee: 'userId' in body ? 'userId' : 'groupId' }, async () =>
        activityAnswer(await activities.assignActivity(context(actor, request), params.id, body, options(actor, request))),
      ),
    copyActivity: async ({ actor, params, body, ...request }) =>
      activityAnswer(await activities.copyActivity(context(actor, request), params.id, body, options(actor, request))),
    completeActivity: async ({ actor, params, body, ...request }) =>
      activityAnswer(await activities.completeActivity(context(actor, request), params.id, body ?? {}, options(actor, request))),
    listCompanyActivities: async ({ actor, params, query }) => related(actor, 'company', params.id, query),
    listContactActivities: async ({ actor, params, query }) => related(actor, 'contact', params.id, query),
    listLeadActivities: async ({ actor, params, query }) => related(actor, 'lead', params.id, query),
    listTicketActivities: async ({ actor, params, query }) => related(actor, 'ticket', params.id, query),
    getCalendar: async ({ actor, query }) => {
      const { readUnits, ...calendar } = await inQuery(() => calendars.calendar(actor, query));
      logger.debug('calendar read', { view: query.view, readUnits });
      return json(200, calendarShown(calendar));
    },
    getFreeBusy: async ({ actor, query }) => json(200, freeBusyShown(await inQuery(() => calendars.freeBusy(actor, query)))),
    getTodo: async ({ actor }) => {
      const { readUnits, ...todo } = await calendars.todo(actor);
      logger.debug('to-do read', { readUnits });
      return json(200, todoShown(todo));
    },
  };
};

export const createActivitiesHandler = (dependencies: DependencySource = dependenciesFromEnv, lookups: () => ActivityLookups = lookupsFrom(dependencies)) =>
  httpFunction('activitiesApi', activityOperations(dependencies, lookups));

export const handler = createActivitiesHandler();
