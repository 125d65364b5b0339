import type { RouteDefinition } from '../route-definition.ts';
import { recordCommandRoute } from './record-command-route.ts';
import {
  ActivityView,
  CalendarQuery,
  CalendarResult,
  ChangeActivityStatusBody,
  CompleteActivityBody,
  CopyActivityBody,
  FreeBusyQuery,
  FreeBusyResult,
  RelatedActivitiesPage,
  RelatedActivitiesQuery,
  RescheduleActivityBody,
  ScheduleActivityBody,
  TodoResult,
  UpdateActivityBody,
} from './activities.ts';
import { AsOfQuery, History, IdParam } from './common.ts';
import { AssigneeBody } from './tickets.ts';

const tag = 'Activities';

/** A command on one activity: POST /v1/activities/{id}/<action>, answering with the activity. */
const activityCommand = recordCommandRoute({ collection: '/v1/activities', function: 'activitiesApi', tag, name: 'activity', view: ActivityView });

/**
 * GET /v1/<records>/{id}/activities: a record's activities (the client sheet's to-dos and history).
 * Served by the activities function, which owns the index; the record's own visibility applies.
 */
const recordActivities = <const Id extends string>(operationId: Id, records: string, label: string) =>
  ({
    method: 'GET',
    path: `/v1/${records}/{id}/activities`,
    function: 'activitiesApi',
    operationId,
    summary: `The ${label}'s activities: open ones by due date, or done ones newest first`,
    tag,
    auth: 'jwt',
    params: IdParam,
    query: RelatedActivitiesQuery,
    response: { status: 200, description: `The activities the caller may see; an unknown or invisible ${label} -> 404`, schema: RelatedActivitiesPage },
  }) as const satisfies RouteDefinition;

/** API.md "Activities": activities, calendar, free/busy and to-do (declared by its context module, contract/contexts/). */
export const activityRoutes = [
  {
    method: 'POST',
    path: '/v1/activities',
    function: 'activitiesApi',
    operationId: 'scheduleActivity',
    summary: 'Schedule an activity or a to-do (ActivityScheduled)',
    tag,
    auth: 'jwt',
    body: ScheduleActivityBody,
    response: { status: 201, description: 'The activity', schema: ActivityView },
    concurrency: true,
  },
  {
    method: 'GET',
    path: '/v1/activities/{id}',
    function: 'activitiesApi',
    operationId: 'getActivity',
    summary: 'An activity, now or as it was at `asOf`',
    tag,
    auth: 'jwt',
    params: IdParam,
    query: AsOfQuery,
    response: { status: 200, description: 'The activity', schema: ActivityView },
    concurrency: true,
  },
  {
    method: 'PATCH',
    path: '/v1/activities/{id}',
    function: 'activitiesApi',
    operationId: 'updateActivity',
    summary: 'Change descriptive fields (ActivityDetailsChanged)',
    tag,
    auth: 'jwt',
    params: IdParam,
    body: UpdateActivityBody,
    response: { status: 200, description: 'The activity', schema: ActivityView },
    concurrency: true,
  },
  {
    method: 'GET',
    path: '/v1/activities/{id}/history',
    function: 'activitiesApi',
    operationId: 'getActivityHistory',
    summary: 'Every event of an activity with actor and time',
    tag,
    auth: 'jwt',
    params: IdParam,
    response: { status: 200, description: 'The events, oldest first', schema: History },
  },
  activityCommand('rescheduleActivity', 'reschedule', 'Move or resize (ActivityRescheduled with the old and new times)', RescheduleActivityBody),
  activityCommand('changeActivityStatus', 'status', 'Change the status (planned, in_progress, done, not_done)', ChangeActivityStatusBody),
  activityCommand('assignActivity', 'assign', 'Reassign to a user or a group', AssigneeBody),
  {
    ...activityCommand('copyActivity', 'copy', 'Copy to a new start: a new activity keeping the duration, linked to the original', CopyActivityBody),
    response: { status: 201, description: 'The copy', schema: ActivityView },
  },
  activityCommand('completeActivity', 'complete', 'Mark done, optionally planning the next activity in the same commit', CompleteActivityBody),
  recordActivities('listCompanyActivities', 'companies', 'company'),
  recordActivities('listContactActivities', 'contacts', 'contact'),
  recordActivities('listLeadActivities', 'leads', 'lead'),
  recordActivities('listTicketActivities', 'tickets', 'ticket'),
  {
    method: 'GET',
    path: '/v1/calendar',
    function: 'activitiesApi',
    operationId: 'getCalendar',
    summary: "Day, work week, week or month in the caller's timezone, for users and groups, by date or by resource",
    tag,
    auth: 'jwt',
    query: CalendarQuery,
    response: { status: 200, description: 'The calendar', schema: CalendarResult },
  },
  {
    method: 'GET',
    path: '/v1/calendar/freebusy',
    function: 'activitiesApi',
    operationId: 'getFreeBusy',
    summary: "Colleagues' busy intervals, without subjects",
    tag,
    auth: 'jwt',
    query: FreeBusyQuery,
    response: { status: 200, description: 'Busy intervals per resource', schema: FreeBusyResult },
  },
  {
    method: 'GET',
    path: '/v1/todo',
    function: 'activitiesApi',
    operationId: 'getTodo',
    summary: "The caller's open activities due today in the caller's timezone, by time",
    tag,
    auth: 'jwt',
    response: { status: 200, description: 'Today’s to-do list', schema: TodoResult },
  },
] as const satisfies readonly RouteDefinition[];
