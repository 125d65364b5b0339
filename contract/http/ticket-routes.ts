import type { RouteDefinition } from '../route-definition.ts';
import { recordCommandRoute } from './record-command-route.ts';
import { AsOfQuery, History, IdParam, NoBody, page } from './common.ts';
import {
  AssigneeBody,
  ChangeTicketStatusBody,
  CommentTicketBody,
  OpenTicketBody,
  ReopenTicketBody,
  TicketListItem,
  TicketListQuery,
  TicketView,
} from './tickets.ts';

const tag = 'Support';

/** A command on one ticket: POST /v1/tickets/{id}/<action>, answering with the ticket. */
const ticketCommand = recordCommandRoute({ collection: '/v1/tickets', function: 'supportApi', tag, name: 'ticket', view: TicketView });

/** API.md "Support": tickets (declared by its context module, contract/contexts/). */
export const ticketRoutes = [
  {
    method: 'POST',
    path: '/v1/tickets',
    function: 'supportApi',
    operationId: 'openTicket',
    summary: 'Open a ticket (TicketOpened); it gets the next per-tenant number',
    tag,
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
    tag,
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
    tag,
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
    tag,
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
] as const satisfies readonly RouteDefinition[];
