import type { RouteDefinition } from '../route-definition.ts';
import { AsOfQuery, History, IdParam } from './common.ts';
import { recordCommandRoute } from './record-command-route.ts';
import {
  AssignResponsibleBody,
  CloseRequestBody,
  EditRequestBody,
  GenerateDocumentBody,
  GenerateDocumentResult,
  MoveRequestBody,
  RegisterRequestBody,
  ReopenRequestBody,
  RequestBoardView,
  RequestListPage,
  RequestListQuery,
  RequestView,
} from './requests.ts';

const tag = 'Requests';

/** A command on one request: POST /v1/requests/{id}/<action>, answering with the request. */
const requestCommand = recordCommandRoute({ collection: '/v1/requests', function: 'requestsApi', tag, name: 'request', view: RequestView });

/** API.md "Support": customer requests. */
export const requestRoutes = [
  {
    method: 'POST',
    path: '/v1/requests',
    function: 'requestsApi',
    operationId: 'registerRequest',
    summary: 'Register a customer request (RequestRegistered), numbered from the tenant\'s gapless sequence',
    tag,
    auth: 'jwt',
    body: RegisterRequestBody,
    response: { status: 201, description: 'The request', schema: RequestView },
    concurrency: true,
  },
  {
    method: 'GET',
    path: '/v1/requests',
    function: 'requestsApi',
    operationId: 'listRequests',
    summary: 'The board (open requests, one column per status in catalogue order) or the list (every request, newest first)',
    tag,
    auth: 'jwt',
    query: RequestListQuery,
    response: { status: 200, description: 'view=board: the board; view=list: a page of requests', schema: RequestBoardView.or(RequestListPage) },
  },
  {
    method: 'GET',
    path: '/v1/requests/{id}',
    function: 'requestsApi',
    operationId: 'getRequest',
    summary: 'A request with the documents generated from it, now or as it was at `asOf`',
    tag,
    auth: 'jwt',
    params: IdParam,
    query: AsOfQuery,
    response: { status: 200, description: 'The request', schema: RequestView },
    concurrency: true,
  },
  {
    method: 'PATCH',
    path: '/v1/requests/{id}',
    function: 'requestsApi',
    operationId: 'editRequest',
    summary: "Change a request's details (RequestEdited); a closed request refuses (409)",
    tag,
    auth: 'jwt',
    params: IdParam,
    body: EditRequestBody,
    response: { status: 200, description: 'The request after the change', schema: RequestView },
    concurrency: true,
  },
  {
    method: 'GET',
    path: '/v1/requests/{id}/history',
    function: 'requestsApi',
    operationId: 'getRequestHistory',
    summary: 'Every event of a request with actor and time',
    tag,
    auth: 'jwt',
    params: IdParam,
    response: { status: 200, description: 'The events, oldest first', schema: History },
  },
  requestCommand('assignRequestResponsible', 'responsible', 'Set or change the responsible (RequestResponsibleAssigned)', AssignResponsibleBody),
  requestCommand(
    'moveRequest',
    'status',
    'Move the card to a status, at a place in its column (RequestStatusChanged, RequestReordered); needs a responsible',
    MoveRequestBody,
  ),
  {
    method: 'POST',
    path: '/v1/requests/{id}/generate',
    function: 'requestsApi',
    operationId: 'generateFromRequest',
    summary:
      'Generate a ticket, a quote or a meeting from the request, linked both ways, in ONE commit (RequestDocumentGenerated; `close` also closes the request). Irreversible; needs a responsible',
    tag,
    auth: 'jwt',
    params: IdParam,
    body: GenerateDocumentBody,
    response: { status: 201, description: 'The request after it and the document created (Location: the document)', schema: GenerateDocumentResult },
    concurrency: true,
  },
  requestCommand('closeRequest', 'close', 'Close the request (RequestClosed) with an optional outcome; needs a responsible', CloseRequestBody),
  requestCommand('reopenRequest', 'reopen', 'Reopen a closed request (RequestReopened; managers and admins)', ReopenRequestBody),
] as const satisfies readonly RouteDefinition[];
