import type { RouteDefinition } from '../route-definition.ts';
import { CalendarFeedIcsParams, CalendarFeedList, CreateCalendarFeedBody, CreatedCalendarFeed } from './calendar-feeds.ts';
import { IdParam } from './common.ts';

const tag = 'CalendarFeeds';

/** API.md "Activities": `POST|GET /v1/calendar/feeds`, `DELETE /v1/calendar/feeds/{id}`, and the secret .ics URL itself (no bearer token). */
export const calendarFeedRoutes = [
  {
    method: 'POST',
    path: '/v1/calendar/feeds',
    function: 'collaborationApi',
    operationId: 'createCalendarFeed',
    summary: 'Create a secret iCalendar feed of your activities (CalendarFeedCreated); the URL is shown once',
    tag,
    auth: 'jwt',
    body: CreateCalendarFeedBody,
    response: { status: 201, description: 'The feed and its secret URL', schema: CreatedCalendarFeed },
  },
  {
    method: 'GET',
    path: '/v1/calendar/feeds',
    function: 'collaborationApi',
    operationId: 'listCalendarFeeds',
    summary: 'Your live calendar feeds (without their secrets)',
    tag,
    auth: 'jwt',
    response: { status: 200, description: 'The feeds, oldest first', schema: CalendarFeedList },
  },
  {
    method: 'DELETE',
    path: '/v1/calendar/feeds/{id}',
    function: 'collaborationApi',
    operationId: 'revokeCalendarFeed',
    summary: 'Revoke one of your calendar feeds (CalendarFeedRevoked): its URL answers 404 afterwards',
    tag,
    auth: 'jwt',
    params: IdParam,
    response: { status: 204, description: 'Revoked (also when it already was)' },
  },
  {
    method: 'GET',
    path: '/v1/calendar/feeds/{id}/{secret}',
    function: 'collaborationApi',
    operationId: 'getCalendarFeedIcs',
    summary: 'The feed as iCalendar (RFC 5545), for calendar apps: no bearer token, the secret is in the URL; any wrong id or secret is 404',
    tag,
    auth: 'none',
    params: CalendarFeedIcsParams,
    response: { status: 200, description: 'iCalendar', contentType: 'text/calendar' },
  },
] as const satisfies readonly RouteDefinition[];
