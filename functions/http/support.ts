import { ticketQueries } from '../../application/support/ticket-queries.ts';
import { ticketService } from '../../application/support/ticket-service.ts';
import { dependenciesFromEnv, type DependencySource } from '../shared/dependencies.ts';
import { httpFunction } from './http-function.ts';
import { commandContextOf } from './idempotency.ts';
import { commandOptionsOf, recordAnswer } from './record-commands.ts';
import { etag, json } from './responses.ts';
import { inQuery } from './problem-details.ts';
import type { Operations } from './router.ts';

const ticketAnswer = recordAnswer((id) => `/v1/tickets/${id}`);

/** The support context over HTTP: each operation calls the ticket service and renders its result. */
export const supportOperations = (dependencies: DependencySource): Operations<'supportApi'> => {
  const tickets = ticketService(dependencies);
  const lists = ticketQueries(dependencies);
  const context = commandContextOf;
  const options = commandOptionsOf;

  return {
    openTicket: async ({ actor, body, ...request }) =>
      ticketAnswer(await tickets.openTicket(context(actor, request), body, options(actor, request, false))),
    listTickets: async ({ actor, query }) => json(200, await inQuery(() => lists.listTickets(actor, query))),
    getTicket: async ({ actor, params, query }) => {
      const { record, version } = await tickets.getTicket(actor, params.id, query.asOf);
      return json(200, record, { etag: etag(version) });
    },
    getTicketHistory: async ({ actor, params }) => json(200, await tickets.ticketHistory(actor, params.id)),
    takeTicket: async ({ actor, params, ...request }) => ticketAnswer(await tickets.takeTicket(context(actor, request), params.id, options(actor, request))),
    commentTicket: async ({ actor, params, body, ...request }) =>
      ticketAnswer(await tickets.commentTicket(context(actor, request), params.id, body, options(actor, request))),
    assignTicket: async ({ actor, params, body, ...request }) =>
      ticketAnswer(await tickets.assignTicket(context(actor, request), params.id, body, options(actor, request))),
    changeTicketStatus: async ({ actor, params, body, ...request }) =>
      ticketAnswer(await tickets.changeTicketStatus(context(actor, request), params.id, body.status, options(actor, request))),
    closeTicket: async ({ actor, params, ...request }) => ticketAnswer(await tickets.closeTicket(context(actor, request), params.id, options(actor, request))),
    reopenTicket: async ({ actor, params, body, ...request }) =>
      ticketAnswer(await tickets.reopenTicket(context(actor, request), params.id, body?.reason, options(actor, request))),
  };
};

export const createSupportHandler = (dependencies: DependencySource = dependenciesFromEnv) =>
  httpFunction('supportApi', supportOperations(dependencies));

export const handler = createSupportHandler();
