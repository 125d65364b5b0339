import type { RouteDefinition } from '../routes.ts';
import { IdParam, NoBody } from './common.ts';
import {
  ImportStarted,
  ImportTemplateParams,
  ImportTemplateQuery,
  ImportView,
  PasteImportBody,
  RevertResult,
  StartImportBody,
} from './imports.ts';

const tag = 'Imports';

/** API.md "Import, export, reports": templates and the import job (spread into contract/routes.ts). */
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
  {
    method: 'POST',
    path: '/v1/imports',
    function: 'importsApi',
    operationId: 'startImport',
    summary: 'Start an import: returns the job and a presigned URL to PUT the CSV file to',
    tag,
    auth: 'jwt',
    body: StartImportBody,
    response: { status: 201, description: 'The job, waiting for its file', schema: ImportStarted },
  },
  {
    method: 'POST',
    path: '/v1/imports/paste',
    function: 'importsApi',
    operationId: 'pasteImport',
    summary: 'Import pasted CSV text (up to 5,000 rows), run by the same job',
    tag,
    auth: 'jwt',
    body: PasteImportBody,
    response: { status: 202, description: 'The job, queued', schema: ImportView },
  },
  {
    method: 'GET',
    path: '/v1/imports/{id}',
    function: 'importsApi',
    operationId: 'getImport',
    summary: 'Status, row counts and progress of an import',
    tag,
    auth: 'jwt',
    params: IdParam,
    response: { status: 200, description: 'The job', schema: ImportView },
  },
  {
    method: 'GET',
    path: '/v1/imports/{id}/errors',
    function: 'importsApi',
    operationId: 'getImportErrors',
    summary: 'The rejected rows as CSV: original line number, original fields, reason',
    tag,
    auth: 'jwt',
    params: IdParam,
    response: { status: 200, description: 'CSV (UTF-8, the file’s delimiter)', contentType: 'text/csv' },
  },
  {
    method: 'POST',
    path: '/v1/imports/{id}/revert',
    function: 'importsApi',
    operationId: 'revertImport',
    summary: 'Remove the records the import created (updates are not reverted)',
    tag,
    auth: 'jwt',
    params: IdParam,
    body: NoBody,
    response: { status: 202, description: 'The removal is queued', schema: RevertResult },
  },
] as const satisfies readonly RouteDefinition[];
