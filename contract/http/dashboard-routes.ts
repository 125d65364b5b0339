import type { RouteDefinition } from '../route-definition.ts';

/** STUB (issue 16): the dashboard routes (API.md "Collaboration and dashboard"), `function: 'collaborationApi'`. */
export const dashboardRoutes = [] as const satisfies readonly RouteDefinition[];
