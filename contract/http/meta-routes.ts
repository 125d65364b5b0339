import type { RouteDefinition } from '../route-definition.ts';
import { Health } from './common.ts';

const tag = 'Meta';

/** Health, the OpenAPI document and the docs page: public (declared by its context module, contract/contexts/). */
export const metaRoutes = [
  {
    method: 'GET',
    path: '/health',
    function: 'metaApi',
    operationId: 'health',
    summary: 'Liveness',
    tag,
    auth: 'none',
    response: { status: 200, description: 'OK', schema: Health },
  },
  {
    method: 'GET',
    path: '/openapi.json',
    function: 'metaApi',
    operationId: 'openapi',
    summary: 'This OpenAPI 3.1 document',
    tag,
    auth: 'none',
    response: { status: 200, description: 'OpenAPI 3.1 document' },
  },
  {
    method: 'GET',
    path: '/docs',
    function: 'metaApi',
    operationId: 'docs',
    summary: 'Readable API documentation',
    tag,
    auth: 'none',
    response: { status: 200, description: 'HTML page', contentType: 'text/html' },
  },
] as const satisfies readonly RouteDefinition[];
