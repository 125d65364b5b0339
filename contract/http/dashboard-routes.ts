import type { RouteDefinition } from '../route-definition.ts';
import { DashboardQuery, DashboardView } from './dashboard.ts';

/** API.md "Collaboration and dashboard": the caller's five widgets in one call. */
export const dashboardRoutes = [
  {
    method: 'GET',
    path: '/v1/dashboard',
    function: 'collaborationApi',
    operationId: 'getDashboard',
    summary: "The caller's widgets in one call: latest board messages, their open opportunities, their open tickets, today's to-do, their quotes by expiry",
    tag: 'Dashboard',
    auth: 'jwt',
    query: DashboardQuery,
    response: { status: 200, description: 'The widgets, each a bounded list with a link to the full list', schema: DashboardView },
  },
] as const satisfies readonly RouteDefinition[];
