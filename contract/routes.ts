import type { z } from 'zod';
import type { FunctionName } from './functions.ts';
import { AsOfQuery, Health, History, IdParam, NoBody, page } from './http/common.ts';
import {
  AssigneeBody,
  ChangeTicketStatusBody,
  CommentTicketBody,
  OpenTicketBody,
  ReopenTicketBody,
  TicketListItem,
  TicketListQuery,
  TicketView,
} from './http/tickets.ts';
import { RebuildResult } from './http/admin.ts';
import {
  BulkResult,
  CompanyBulkBody,
  CompanyListItem,
  CompanyListQuery,
  CompanyView,
  RegisterCompanyBody,
  UpdateCompanyBody,
} from './http/companies.ts';
import {
  AddNoteBody,
  ContactBulkBody,
  ContactListItem,
  ContactListQuery,
  ContactView,
  CreateContactBody,
  LogInteractionBody,
  UpdateContactBody,
} from './http/contacts.ts';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface RouteDefinition {
  readonly method: HttpMethod;
  /** API Gateway path template, e.g. `/v1/tickets/{id}/take`. */
  readonly path: string;
  readonly function: FunctionName;
  readonly operationId: string;
  readonly summary: string;
  readonly tag: string;
  /** `jwt`: behind the authorizer; `none`: public (health, OpenAPI, docs). */
  readonly auth: 'jwt' | 'none';
  readonly params?: z.ZodType;
  readonly query?: z.ZodType;
  readonly body?: z.ZodType;
  readonly response: {
    readonly status: number;
    readonly description: string;
    readonly schema?: z.ZodType;
    readonly contentType?: string;
  };
  /** Commands answer with the record's version as `ETag` and honour `If-Match`. */
  readonly concurrency?: boolean;
}

/** A command on one ticket: POST /v1/tickets/{id}/<action>, answering with the ticket. */
const ticketCommand = <const Id extends string, const Body extends z.ZodType>(
  operationId: Id,
  action: string,
  summary: string,
  body: Body,
) =>
  ({
    method: 'POST',
    path: `/v1/tickets/{id}/${action}`,
    function: 'supportApi',
    operationId,
    summary,
    tag: 'Support',
    auth: 'jwt',
    params: IdParam,
    body,
    response: { status: 200, description: 'The ticket after the command', schema: TicketView },
    concurrency: true,
  }) as const satisfies RouteDefinition;

export const routes = [
  // Support: tickets
  {
    method: 'POST',
    path: '/v1/tickets',
    function: 'supportApi',
    operationId: 'openTicket',
    summary: 'Open a ticket (TicketOpened); it gets the next per-tenant number',
    tag: 'Support',
    auth: 'jwt',
    body: OpenTicketBody,
    response: { status: 201, description: 'The ticket', schema: TicketView },
    concurrency: true,
  },
  {
    method: 'GET',
    path: '/v1/tickets',
    function: 'supportApi',
    operationId: 'listTickets',
    summary: 'List open or closed tickets, filtered, newest first',
    tag: 'Support',
    auth: 'jwt',
    query: TicketListQuery,
    response: { status: 200, description: 'A page of tickets', schema: page(TicketListItem) },
  },
  {
    method: 'GET',
    path: '/v1/tickets/{id}',
    function: 'supportApi',
    operationId: 'getTicket',
    summary: 'A ticket, now or as it was at `asOf`',
    tag: 'Support',
    auth: 'jwt',
    params: IdParam,
    query: AsOfQuery,
    response: { status: 200, description: 'The ticket', schema: TicketView },
    concurrency: true,
  },
  {
    method: 'GET',
    path: '/v1/tickets/{id}/history',
    function: 'supportApi',
    operationId: 'getTicketHistory',
    summary: 'Every event of a ticket with actor and time',
    tag: 'Support',
    auth: 'jwt',
    params: IdParam,
    response: { status: 200, description: 'The events, oldest first', schema: History },
  },
  ticketCommand('takeTicket', 'take', 'Take an open ticket in charge (TicketTaken)', NoBody),
  ticketCommand('commentTicket', 'comments', 'Comment publicly or internally, optionally changing the status', CommentTicketBody),
  ticketCommand('assignTicket', 'assign', 'Reassign to a user or a group', AssigneeBody),
  ticketCommand('changeTicketStatus', 'status', 'Change the status', ChangeTicketStatusBody),
  ticketCommand('closeTicket', 'close', 'Close the ticket', NoBody),
  ticketCommand('reopenTicket', 'reopen', 'Reopen a closed ticket', ReopenTicketBody),
  // Directory: companies
  {
    method: 'POST',
    path: '/v1/companies',
    function: 'directoryApi',
    operationId: 'registerCompany',
    summary: 'Register a company (CompanyRegistered); it gets the next code, C000001…',
    tag: 'Directory',
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
    tag: 'Directory',
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
    tag: 'Directory',
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
    tag: 'Directory',
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
    tag: 'Directory',
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
    tag: 'Directory',
    auth: 'jwt',
    params: IdParam,
    response: { status: 200, description: 'The events, oldest first', schema: History },
  },
  // Directory: contacts
  {
    method: 'POST',
    path: '/v1/contacts',
    function: 'directoryApi',
    operationId: 'createContact',
    summary: 'Create a contact (ContactCreated), optionally linked to one company',
    tag: 'Directory',
    auth: 'jwt',
    body: CreateContactBody,
    response: { status: 201, description: 'The contact', schema: ContactView },
    concurrency: true,
  },
  {
    method: 'GET',
    path: '/v1/contacts',
    function: 'directoryApi',
    operationId: 'listContacts',
    summary: 'Search and list contacts, filtered, by name or by last change',
    tag: 'Directory',
    auth: 'jwt',
    query: ContactListQuery,
    response: { status: 200, description: 'A page of contacts', schema: page(ContactListItem) },
  },
  {
    method: 'GET',
    path: '/v1/contacts/{id}',
    function: 'directoryApi',
    operationId: 'getContact',
    summary: 'A contact, now or as it was at `asOf`, with its latest interactions and notes',
    tag: 'Directory',
    auth: 'jwt',
    params: IdParam,
    query: AsOfQuery,
    response: { status: 200, description: 'The contact', schema: ContactView },
    concurrency: true,
  },
  {
    method: 'PATCH',
    path: '/v1/contacts/{id}',
    function: 'directoryApi',
    operationId: 'updateContact',
    summary: 'Change fields of a contact, link it to a company (replacing any other) or unlink it',
    tag: 'Directory',
    auth: 'jwt',
    params: IdParam,
    body: UpdateContactBody,
    response: { status: 200, description: 'The contact after the change', schema: ContactView },
    concurrency: true,
  },
  {
    method: 'GET',
    path: '/v1/contacts/{id}/history',
    function: 'directoryApi',
    operationId: 'getContactHistory',
    summary: 'Every event of a contact with actor and time',
    tag: 'Directory',
    auth: 'jwt',
    params: IdParam,
    response: { status: 200, description: 'The events, oldest first', schema: History },
  },
  {
    method: 'POST',
    path: '/v1/contacts/{id}/interactions',
    function: 'directoryApi',
    operationId: 'logContactInteraction',
    summary: 'Log a call, e-mail, SMS or fax with the contact (ContactInteractionLogged)',
    tag: 'Directory',
    auth: 'jwt',
    params: IdParam,
    body: LogInteractionBody,
    response: { status: 200, description: 'The contact after the command', schema: ContactView },
    concurrency: true,
  },
  {
    method: 'POST',
    path: '/v1/contacts/{id}/notes',
    function: 'directoryApi',
    operationId: 'addContactNote',
    summary: 'Leave a note on the contact (ContactNoteAdded)',
    tag: 'Directory',
    auth: 'jwt',
    params: IdParam,
    body: AddNoteBody,
    response: { status: 200, description: 'The contact after the command', schema: ContactView },
    concurrency: true,
  },
  {
    method: 'POST',
    path: '/v1/contacts/bulk',
    function: 'directoryApi',
    operationId: 'bulkUpdateContacts',
    summary: 'Apply one change (stage, tag, manager) to up to 100 contacts; per-record results',
    tag: 'Directory',
    auth: 'jwt',
    body: ContactBulkBody,
    response: { status: 200, description: 'What happened to each contact', schema: BulkResult },
  },
  // Administration
  {
    method: 'POST',
    path: '/v1/admin/projections/rebuild',
    function: 'adminApi',
    operationId: 'rebuildProjections',
    summary: "Rebuild the caller's tenant read models from the events table (admin only)",
    tag: 'Administration',
    auth: 'jwt',
    body: NoBody,
    response: { status: 200, description: 'What was rebuilt', schema: RebuildResult },
  },
  // Meta
  {
    method: 'GET',
    path: '/health',
    function: 'metaApi',
    operationId: 'health',
    summary: 'Liveness',
    tag: 'Meta',
    auth: 'none',
    response: { status: 200, description: 'OK', schema: Health },
  },
  {
    method: 'GET',
    path: '/openapi.json',
    function: 'metaApi',
    operationId: 'openapi',
    summary: 'This OpenAPI 3.1 document',
    tag: 'Meta',
    auth: 'none',
    response: { status: 200, description: 'OpenAPI 3.1 document' },
  },
  {
    method: 'GET',
    path: '/docs',
    function: 'metaApi',
    operationId: 'docs',
    summary: 'Readable API documentation',
    tag: 'Meta',
    auth: 'none',
    response: { status: 200, description: 'HTML page', contentType: 'text/html' },
  },
] as const satisfies readonly RouteDefinition[];

export const routeKey = (route: Pick<RouteDefinition, 'method' | 'path'>): string => `${route.method} ${route.path}`;
