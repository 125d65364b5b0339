import type { RouteDefinition } from '../route-definition.ts';
import { IdParam } from './common.ts';
import { CompanyCardQuery, CompanyCardView, CompanyHistoryReport, ReportView, RequestCompanyReportBody, RequestQuotePdfBody } from './reports.ts';

const cardTag = 'ClientCard';
const reportTag = 'Reports';

/** API.md "Directory" (the card, a company's reports), "Sales" (a quote's PDF) and "Import, export, reports". */
export const reportRoutes = [
  {
    method: 'GET',
    path: '/v1/companies/{id}/card',
    function: 'reportsApi',
    operationId: 'getCompanyCard',
    summary: 'The client card: the company with its contacts, to-do and done activities, tickets, requests, opportunities, quotes, orders, interactions and notes, each section paged with its count, in one call',
    tag: cardTag,
    auth: 'jwt',
    params: IdParam,
    query: CompanyCardQuery,
    response: { status: 200, description: 'The card, as the caller may see it', schema: CompanyCardView },
  },
  {
    method: 'POST',
    path: '/v1/companies/{id}/reports',
    function: 'reportsApi',
    operationId: 'requestCompanyReport',
    summary: "Ask for the client's full history as a PDF, JSON or CSV report, rendered in the background",
    tag: reportTag,
    auth: 'jwt',
    params: IdParam,
    body: RequestCompanyReportBody,
    response: { status: 202, description: 'The report job, queued (`Location`: `/v1/reports/{id}`); a JSON file follows the `CompanyHistoryReport` schema', schema: ReportView },
    publishes: [CompanyHistoryReport],
  },
  {
    method: 'POST',
    path: '/v1/quotes/{id}/pdf',
    function: 'reportsApi',
    operationId: 'requestQuotePdf',
    summary: 'Render a quote as the PDF document sent to the customer, in the background',
    tag: reportTag,
    auth: 'jwt',
    params: IdParam,
    body: RequestQuotePdfBody,
    response: { status: 202, description: 'The report job, queued (`Location`: `/v1/reports/{id}`)', schema: ReportView },
  },
  {
    method: 'GET',
    path: '/v1/reports/{id}',
    function: 'reportsApi',
    operationId: 'getReport',
    summary: 'Status of a report; once completed, a short-lived download link',
    tag: reportTag,
    auth: 'jwt',
    params: IdParam,
    response: { status: 200, description: 'The report job', schema: ReportView },
  },
] as const satisfies readonly RouteDefinition[];
