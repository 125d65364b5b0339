import type { RouteDefinition } from '../route-definition.ts';
import { IdParam } from './common.ts';
import { ExportView, StartExportBody } from './exports.ts';

const tag = 'Exports';

/** API.md "Import, export, reports": the export job (declared by contract/contexts/imports.ts; served with imports). */
export const exportRoutes = [
  {
    method: 'POST',
    path: '/v1/exports',
    function: 'importsApi',
    operationId: 'startExport',
    summary: 'Export companies, contacts, leads, opportunities, quotes or orders (filtered as their list) to CSV, in the background',
    tag,
    auth: 'jwt',
    body: StartExportBody,
    response: { status: 202, description: 'The job, queued; a directory file has the import template’s columns, so it imports back; a sales file has its list’s columns', schema: ExportView },
  },
  {
    method: 'GET',
    path: '/v1/exports/{id}',
    function: 'importsApi',
    operationId: 'getExport',
    summary: 'Status and row count of an export; once completed, a short-lived download link',
    tag,
    auth: 'jwt',
    params: IdParam,
    response: { status: 200, description: 'The job', schema: ExportView },
  },
] as const satisfies readonly RouteDefinition[];
