export type { HttpMethod, RouteDefinition } from './route-definition.ts';
import type { RouteDefinition } from './route-definition.ts';
import { activityRoutes } from './http/activity-routes.ts';
import { adminRoutes } from './http/admin-routes.ts';
import { directoryRoutes, directoryTimelineRoutes } from './http/directory-routes.ts';
import { exportRoutes } from './http/export-routes.ts';
import { importRoutes } from './http/import-routes.ts';
import { metaRoutes } from './http/meta-routes.ts';
import { salesRoutes } from './http/sales-routes.ts';
import { ticketRoutes } from './http/ticket-routes.ts';

/**
 * The route table: every route of the HTTP API, declared per context in contract/http/*-routes.ts.
 * The order is the historical one (the OpenAPI document lists paths in it); `as const` spreads keep
 * each route's literal types, from which the router derives the operations each function must serve.
 */
export const routes = [
  ...ticketRoutes,
  ...directoryRoutes,
  ...salesRoutes,
  ...directoryTimelineRoutes,
  ...adminRoutes,
  ...metaRoutes,
  ...activityRoutes,
  ...importRoutes,
  ...exportRoutes,
] as const satisfies readonly RouteDefinition[];

export const routeKey = (route: Pick<RouteDefinition, 'method' | 'path'>): string => `${route.method} ${route.path}`;
