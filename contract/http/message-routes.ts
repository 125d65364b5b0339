import type { RouteDefinition } from '../route-definition.ts';

/** STUB (issue 16): the message routes (API.md "Collaboration and dashboard"), `function: 'collaborationApi'`. */
export const messageRoutes = [] as const satisfies readonly RouteDefinition[];
