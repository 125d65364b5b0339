import type { RouteDefinition } from '../route-definition.ts';

/** API.md "Integration": API clients (admin only). Built by wp17-apiclients. */
export const apiClientRoutes = [] as const satisfies readonly RouteDefinition[];
