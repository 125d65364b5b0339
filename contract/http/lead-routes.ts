import type { RouteDefinition } from '../route-definition.ts';
import { AsOfQuery, History, IdParam, page } from './common.ts';
import { BulkResult } from './companies.ts';
import { AddNoteBody } from './contacts.ts';
import {
  ConvertLeadBody,
  CreateLeadBody,
  LeadBulkBody,
  LeadConversionResult,
  LeadListItem,
  LeadListQuery,
  LeadView,
  UpdateLeadBody,
} from './leads.ts';

const tag = 'Directory';

/** API.md "Directory": leads and their conversion (composed into contract/http/directory-routes.ts). */
export const leadRoutes = [
  {
    method: 'POST',
    path: '/v1/leads',
    function: 'directoryApi',
    operationId: 'createLead',
    summary: 'Create a lead (LeadCreated): a prospect company and person in one record',
    tag,
    auth: 'jwt',
    body: CreateLeadBody,
    response: { status: 201, description: 'The lead', schema: LeadView },
    concurrency: true,
  },
  {
    method: 'GET',
    path: '/v1/leads',
    function: 'directoryApi',
    operationId: 'listLeads',
    summary: 'Search and list leads, filtered, by company name or by last change',
    tag,
    auth: 'jwt',
    query: LeadListQuery,
    response: { status: 200, description: 'A page of leads', schema: page(LeadListItem) },
  },
  {
    method: 'GET',
    path: '/v1/leads/{id}',
    function: 'directoryApi',
    operationId: 'getLead',
    summary: 'A lead, now or as it was at `asOf`',
    tag,
    auth: 'jwt',
    params: IdParam,
    query: AsOfQuery,
    response: { status: 200, description: 'The lead', schema: LeadView },
    concurrency: true,
  },
  {
    method: 'PATCH',
    path: '/v1/leads/{id}',
    function: 'directoryApi',
    operationId: 'updateLead',
    summary: 'Change fields, owner or stage of an open lead',
    tag,
    auth: 'jwt',
    params: IdParam,
    body: UpdateLeadBody,
    response: { status: 200, description: 'The lead after the change', schema: LeadView },
    concurrency: true,
  },
  {
    method: 'GET',
    path: '/v1/leads/{id}/history',
    function: 'directoryApi',
    operationId: 'getLeadHistory',
    summary: 'Every event of a lead with actor and time',
    tag,
    auth: 'jwt',
    params: IdParam,
    response: { status: 200, description: 'The events, oldest first', schema: History },
  },
  {
    method: 'POST',
    path: '/v1/leads/{id}/convert',
    function: 'directoryApi',
    operationId: 'convertLead',
    summary:
      'Convert a lead (LeadConverted) into a new client company and contact, or merge it into existing ones, in one commit; a lead that names no person becomes a company alone (`contactId` null); possible duplicates are a 409 with `candidates` unless skipped',
    tag,
    auth: 'jwt',
    params: IdParam,
    body: ConvertLeadBody,
    response: { status: 200, description: 'The converted lead and what it produced', schema: LeadConversionResult },
    concurrency: true,
  },
] as const satisfies readonly RouteDefinition[];

/** Notes on a lead and bulk changes; a separate list only to keep the route table (and OpenAPI document) in its historical order. */
export const leadNoteAndBulkRoutes = [
  {
    method: 'POST',
    path: '/v1/leads/{id}/notes',
    function: 'directoryApi',
    operationId: 'addLeadNote',
    summary: 'Leave a note on the lead (LeadNoteAdded); converted leads take notes too',
    tag,
    auth: 'jwt',
    params: IdParam,
    body: AddNoteBody,
    response: { status: 200, description: 'The lead after the command', schema: LeadView },
    concurrency: true,
  },
  {
    method: 'POST',
    path: '/v1/leads/bulk',
    function: 'directoryApi',
    operationId: 'bulkUpdateLeads',
    summary: 'Apply one change (stage, tag, owner) to up to 100 leads; per-record results',
    tag,
    auth: 'jwt',
    body: LeadBulkBody,
    response: { status: 200, description: 'What happened to each lead', schema: BulkResult },
  },
] as const satisfies readonly RouteDefinition[];
