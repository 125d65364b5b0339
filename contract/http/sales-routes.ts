import type { RouteDefinition } from '../route-definition.ts';
import { AsOfQuery, IdParam } from './common.ts';
import { OpportunityView } from './opportunities.ts';

const tag = 'Sales';

/** API.md "Sales": for now the opportunity stub a lead conversion opens (declared by contract/contexts/sales.ts). */
export const salesRoutes = [
  {
    method: 'GET',
    path: '/v1/opportunities/{id}',
    function: 'salesApi',
    operationId: 'getOpportunity',
    summary: 'An opportunity (for now: the stub a lead conversion opens)',
    tag,
    auth: 'jwt',
    params: IdParam,
    query: AsOfQuery,
    response: { status: 200, description: 'The opportunity', schema: OpportunityView },
  },
] as const satisfies readonly RouteDefinition[];
