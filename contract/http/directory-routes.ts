import type { RouteDefinition } from '../route-definition.ts';
import { IdParam, page } from './common.ts';
import { companyNoteRoutes, companyRoutes } from './company-routes.ts';
import { contactAvatarRoutes, contactRoutes } from './contact-routes.ts';
import { leadNoteAndBulkRoutes, leadRoutes } from './lead-routes.ts';
import { TimelineEntryView, TimelineQuery } from './timeline.ts';

const tag = 'Directory';

/**
 * API.md "Directory": companies, contacts and leads (declared by its context module, contract/contexts/), in the order the
 * route table always had — the OpenAPI document lists paths in that order, so it stays unchanged.
 */
export const directoryRoutes = [
  ...companyRoutes,
  ...contactRoutes,
  ...leadRoutes,
  ...companyNoteRoutes,
  ...leadNoteAndBulkRoutes,
  ...contactAvatarRoutes,
] as const satisfies readonly RouteDefinition[];

/** API.md "Directory": the timelines of companies, contacts and leads (declared by contract/contexts/directory.ts). */
export const directoryTimelineRoutes = [
  {
    method: 'GET',
    path: '/v1/companies/{id}/timeline',
    function: 'directoryApi',
    operationId: 'getCompanyTimeline',
    summary: 'The company timeline, newest first: its events and of its contacts while they belong to it, and of the lead it was converted from',
    tag,
    auth: 'jwt',
    params: IdParam,
    query: TimelineQuery,
    response: { status: 200, description: 'Timeline entries, newest first', schema: page(TimelineEntryView) },
  },
  {
    method: 'GET',
    path: '/v1/contacts/{id}/timeline',
    function: 'directoryApi',
    operationId: 'getContactTimeline',
    summary: 'The contact timeline, newest first: its events and of the lead it was converted from',
    tag,
    auth: 'jwt',
    params: IdParam,
    query: TimelineQuery,
    response: { status: 200, description: 'Timeline entries, newest first', schema: page(TimelineEntryView) },
  },
  {
    method: 'GET',
    path: '/v1/leads/{id}/timeline',
    function: 'directoryApi',
    operationId: 'getLeadTimeline',
    summary: 'The lead timeline, newest first: its events',
    tag,
    auth: 'jwt',
    params: IdParam,
    query: TimelineQuery,
    response: { status: 200, description: 'Timeline entries, newest first', schema: page(TimelineEntryView) },
  },
] as const satisfies readonly RouteDefinition[];
