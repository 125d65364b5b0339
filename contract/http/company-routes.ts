import type { RouteDefinition } from '../route-definition.ts';
import { AsOfQuery, History, IdParam, page } from './common.ts';
import { BulkResult, CompanyBulkBody, CompanyListItem, CompanyListQuery, CompanyView, RegisterCompanyBody, UpdateCompanyBody } from './companies.ts';
import { AddNoteBody } from './contacts.ts';

const tag = 'Directory';

/** API.md "Directory": companies (composed into contract/http/directory-routes.ts). */
export const companyRoutes = [
  {
    method: 'POST',
    path: '/v1/companies',
    function: 'directoryApi',
    operationId: 'registerCompany',
    summary: 'Register a company (CompanyRegistered); it gets the next code, C000001…',
    tag,
    auth: 'jwt',
    body: RegisterCompanyBody,
    response: { status: 201, description: 'The company', schema: CompanyView },
    concurrency: true,
  },
  {
    method: 'GET',
    path: '/v1/companies',
    function: 'directoryApi',
    operationId: 'listCompanies',
    summary: 'Search and list companies, filtered, by name or by last change',
    tag,
    auth: 'jwt',
    query: CompanyListQuery,
    response: { status: 200, description: 'A page of companies', schema: page(CompanyListItem) },
  },
  {
    method: 'GET',
    path: '/v1/companies/{id}',
    function: 'directoryApi',
    operationId: 'getCompany',
    summary: 'A company, now or as it was at `asOf`',
    tag,
    auth: 'jwt',
    params: IdParam,
    query: AsOfQuery,
    response: { status: 200, description: 'The company', schema: CompanyView },
    concurrency: true,
  },
  {
    method: 'PATCH',
    path: '/v1/companies/{id}',
    function: 'directoryApi',
    operationId: 'updateCompany',
    summary: 'Change fields of a company; the code never changes',
    tag,
    auth: 'jwt',
    params: IdParam,
    body: UpdateCompanyBody,
    response: { status: 200, description: 'The company after the change', schema: CompanyView },
    concurrency: true,
  },
  {
    method: 'POST',
    path: '/v1/companies/bulk',
    function: 'directoryApi',
    operationId: 'bulkUpdateCompanies',
    summary: 'Apply one change (status, kind, tag, responsible, manager) to up to 100 companies; per-record results',
    tag,
    auth: 'jwt',
    body: CompanyBulkBody,
    response: { status: 200, description: 'What happened to each company', schema: BulkResult },
  },
  {
    method: 'GET',
    path: '/v1/companies/{id}/history',
    function: 'directoryApi',
    operationId: 'getCompanyHistory',
    summary: 'Every event of a company with actor and time',
    tag,
    auth: 'jwt',
    params: IdParam,
    response: { status: 200, description: 'The events, oldest first', schema: History },
  },
] as const satisfies readonly RouteDefinition[];

/** Notes on a company; a separate list only to keep the route table (and OpenAPI document) in its historical order. */
export const companyNoteRoutes = [
  {
    method: 'POST',
    path: '/v1/companies/{id}/notes',
    function: 'directoryApi',
    operationId: 'addCompanyNote',
    summary: 'Leave a note on the company (CompanyNoteAdded)',
    tag,
    auth: 'jwt',
    params: IdParam,
    body: AddNoteBody,
    response: { status: 200, description: 'The company after the command', schema: CompanyView },
    concurrency: true,
  },
] as const satisfies readonly RouteDefinition[];
