import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { Actor } from '../../domain/shared/actor.ts';
import { notFound } from '../../domain/shared/errors.ts';
import { ticketDecider, type TicketCommand, type TicketState } from '../../domain/support/ticket.ts';
import { canSeeTicket } from '../../domain/support/ticket-policy.ts';
import { dependenciesFromEnv, type DependencySource } from '../shared/dependencies.ts';
import { badRequest } from '../shared/problem.ts';
import { runCommand } from '../shared/run-command.ts';
import { httpFunction } from './http-function.ts';
import { fromOutcome, idempotencyOf } from './idempotency.ts';
import { etag, json, parseIfMatch } from './responses.ts';
import type { Operations, RequestInfo } from './router.ts';
import { listTickets } from './support/ticket-list-query.ts';
import { historyOf, loadAsOf } from './record-reads.ts';
import { ticketReader } from './support/ticket-reads.ts';
import { assigneeFromBody, ticketView } from './support/ticket-wire.ts';

const aggregateType = 'ticket';
const ticketSequence = 'ticket';

const expectedVersionOf = (request: RequestInfo): number | undefined => {
  const expected = parseIfMatch(request.headers['if-match']);
  if (expected === 'invalid') throw badRequest('If-Match must be an ETag such as "3"', [{ path: 'header.if-match', message: 'invalid' }]);
  return expected;
};

export const supportOperations = (dependencies: DependencySource): Operations<'supportApi'> => {
  /** Runs one ticket command for the caller and answers with the ticket after it. */
  const command = async (
    actor: Actor,
    request: RequestInfo,
    ticketId: string,
    ticketCommand: TicketCommand | ((number: number) => TicketCommand),
    created = false,
  ): Promise<APIGatewayProxyStructuredResultV2> => {
    const { eventStore, newId, now } = dependencies();
    const outcome = await runCommand({
      store: eventStore,
      decider: ticketDecider,
      actor,
      aggregateType,
      aggregateId: ticketId,
      command: ticketCommand,
      ...(created
        ? { sequence: ticketSequence }
        : { visible: (state: TicketState) => state !== null && canSeeTicket(actor, state), expectedVersion: expectedVersionOf(request) }),
      idempotency: idempotencyOf(actor, request),
      meta: { commandId: newId(), correlationId: request.correlationId, requestId: request.requestId },
      now,
      respond: ({ state, version }) => {
        if (state === null) throw notFound('ticket not found');
        const headers: Record<string, string> = { etag: etag(version) };
        if (created) headers.location = `/v1/tickets/${ticketId}`;
        return json(created ? 201 : 200, ticketView(state, version), headers);
      },
    });
    return fromOutcome(outcome);
  };

  return {
    openTicket: async ({ actor, body, ...request }) => {
      const ticketId = dependencies().newId();
      return command(
        actor,
        request,
        ticketId,
        (number) => ({
          type: 'OpenTicket',
          data: {
            ticketId,
            number,
            companyId: body.companyId,
            contactId: body.contactId,
            subject: body.subject,
            description: body.description,
            ticketType: body.type,
            priority: body.priority,
            assignee: body.assignee ? assigneeFromBody(body.assignee) : null,
          },
        }),
        true,
      );
    },
    listTickets: async ({ actor, query }) => json(200, await listTickets(dependencies().readModels, actor, query)),
    getTicket: async ({ actor, params, query }) => {
      const { state, version } = await loadAsOf(dependencies().eventStore, actor, ticketReader, params.id, query.asOf);
      return json(200, ticketView(state, version), { etag: etag(version) });
    },
    getTicketHistory: async ({ actor, params }) => json(200, await historyOf(dependencies().eventStore, actor, ticketReader, params.id)),
    takeTicket: ({ actor, params, ...request }) => command(actor, request, params.id, { type: 'TakeTicket' }),
    commentTicket: ({ actor, params, body, ...request }) =>
      command(actor, request, params.id, {
        type: 'CommentTicket',
        data: { commentId: dependencies().newId(), body: body.body, visibility: body.visibility, status: body.status },
      }),
    assignTicket: ({ actor, params, body, ...request }) =>
      command(actor, request, params.id, { type: 'AssignTicket', data: { assignee: assigneeFromBody(body) } }),
    changeTicketStatus: ({ actor, params, body, ...request }) =>
      command(actor, request, params.id, { type: 'ChangeTicketStatus', data: { status: body.status } }),
    closeTicket: ({ actor, params, ...request }) => command(actor, request, params.id, { type: 'CloseTicket' }),
    reopenTicket: ({ actor, params, body, ...request }) =>
      command(actor, request, params.id, { type: 'ReopenTicket', data: { reason: body?.reason } }),
  };
};

export const createSupportHandler = (dependencies: DependencySource = dependenciesFromEnv) =>
  httpFunction('supportApi', supportOperations(dependencies));

export const handler = createSupportHandler();
