import { contexts } from './contexts.ts';
import type { FunctionName } from './functions.ts';
import type { RouteDefinition as ContextRouteDefinition } from './route-definition.ts';

export type { HttpMethod } from './route-definition.ts';

/** A route of the table: served by one of the functions of `functions.ts`. */
export type RouteDefinition = ContextRouteDefinition & { readonly function: FunctionName };

/** Every route, with the literal types its context declared (the union of all contexts' routes). */
export type Route = (typeof contexts)[number]['routes'][number];

/**
 * The route table: every route of the HTTP API, as the context modules (`contract/contexts/`)
 * declare them, in the order of the list of contexts (the OpenAPI document lists paths in it). Each
 * element keeps its literal types, from which the router derives the operations each function serves.
 */
export const routes: readonly Route[] = contexts.flatMap((context): readonly Route[] => context.routes);

export const routeKey = (route: Pick<RouteDefinition, 'method' | 'path'>): string => `${route.method} ${route.path}`;
