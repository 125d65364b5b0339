import type { RouteDefinition } from '../routes.ts';
import { ImportTemplateParams, ImportTemplateQuery } from './imports.ts';

const tag = 'Imports';

/** API.md "Import, export, reports": imports (spread into contract/routes.ts). */
export const importRoutes = [
  {
    method: 'GET',
    path: '/v1/imports/templates/{kind}',
    function: 'importsApi',
    operationId: 'getImportTemplate',
    summary: 'A CSV template for an import: the header row in your language and one example row',
    tag,
    auth: 'jwt',
    params: ImportTemplateParams,
    query: ImportTemplateQuery,
    response: {
      status: 200,
      description: 'UTF-8 with BOM; `;`-separated for it, pl and hu (what their spreadsheets expect), `,` for en',
      contentType: 'text/csv',
    },
  },
] as const satisfies readonly RouteDefinition[];
