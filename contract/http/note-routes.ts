import type { RouteDefinition } from '../route-definition.ts';

/** STUB (issue 16): the note routes (API.md "Collaboration and dashboard"), `function: 'collaborationApi'`. */
export const noteRoutes = [] as const satisfies readonly RouteDefinition[];
