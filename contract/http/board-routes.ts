import type { RouteDefinition } from '../route-definition.ts';

/** STUB (issue 16): the board routes (API.md "Collaboration and dashboard"), `function: 'collaborationApi'`. */
export const boardRoutes = [] as const satisfies readonly RouteDefinition[];
