import type { RouteDefinition } from '../route-definition.ts';

/** API.md "Integration": webhook endpoints, their deliveries (admin only). Built by wp17-endpoints. */
export const webhookRoutes = [] as const satisfies readonly RouteDefinition[];
