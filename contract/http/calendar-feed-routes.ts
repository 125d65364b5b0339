import type { RouteDefinition } from '../route-definition.ts';

/** STUB (issue 16): the calendar-feed routes (API.md "Collaboration and dashboard"), `function: 'collaborationApi'`. */
export const calendarFeedRoutes = [] as const satisfies readonly RouteDefinition[];
