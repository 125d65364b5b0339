import { ticketDecider } from '../../domain/support/ticket.ts';
import { ticketCatalogueOf } from '../../domain/support/ticket-catalogue.ts';
import { canSeeTicket } from '../../domain/support/ticket-policy.ts';
import { dependenciesFromEnv, type DependencySource } from '../shared/dependencies.ts';
import { EventStorePeople } from '../../adapters/people/event-store-people.ts';
import { httpFunction } from './http-function.ts';
import { ticketReferenceCheck } from './support/ticket-references.ts';
import { recordCommands } from './record-commands.ts';
import { historyOf, loadAsOf } from './record-reads.ts';
import { etag, json } from './responses.ts';
import type { Operations } from './router.ts';
import { listTickets } from './support/ticket-list-query.ts';
import { ticketReader } from './support/ticket-reads.ts';
import { assigneeFromBody, ticketView } from './support/ticket-wire.ts';

const aggregateType = 'ticket';
const ticketSequence = 'ticket';

export const supportOperations = (dependencies: DependencySource): Operations<'supportApi'> => {
  const command = recordCommands(dependencies, {
    aggregateType,
    label: 'ticket',
    decider: ticketDecider,
    canSee: canSeeTicket,
    view: ticketView,
    location: (id) => `/v1/tickets/${id}`,
    sequence: ticketSequence,
    checkReferences: ticketReferenceCheck(() => ({ eventStore: dependencies().eventStore, people: new EventStorePeople(dependencies().eventStore) })),
  });

  return {
    openTicket: async ({ actor, body, ...request }) => {
      const { newId, settings } = dependencies();
      const ticketId = newId();
      const [types, priorities] = await Promise.all([
        settings.catalogue(actor.tenant, 'ticket-types'),
        settings.catalogue(actor.tenant, 'ticket-priorities'),
      ]);
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
            catalogue: ticketCatalogueOf(types, priorities),
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
