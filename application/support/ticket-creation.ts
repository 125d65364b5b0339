import { ticketCatalogueOf, type TicketCatalogue } from '../../domain/support/ticket-catalogue.ts';
import { ticketDecider, type TicketCommand } from '../../domain/support/ticket.ts';
import type { Actor } from '../../domain/shared/actor.ts';
import type { Origin } from '../../events/shared/origin.ts';
import type { ApplicationDependencySource } from '../ports/application-dependencies.ts';
import { planCreation, type CreationPlanner } from '../shared/record-creation.ts';
import { ticketReferenceCheck } from './ticket-references.ts';
import { assigneeFromInput, ticketView, type AssigneeInput, type TicketView } from './ticket-view.ts';

/** The per-tenant counter behind ticket numbers (gapless: advanced in the commit that opens the ticket). */
export const ticketSequence = 'ticket';

export interface OpenTicketInput {
  readonly companyId: string;
  readonly contactId?: string | undefined;
  readonly subject: string;
  readonly description?: string | undefined;
  /** From the tenant's `ticket-types` catalogue; its default when absent. */
  readonly type?: string | undefined;
  /** From the tenant's `ticket-priorities` catalogue; its default when absent. */
  readonly priority?: string | undefined;
  readonly assignee?: AssigneeInput | null | undefined;
  /** The record that generates the ticket (a customer request); absent when opened directly. */
  readonly origin?: Origin | undefined;
}

/**
 * How a ticket is opened, planned without committing (application/shared/record-creation.ts): by
 * `POST /v1/tickets` and by a customer request generating one, with the same decider and the same
 * reference checks (company and contact visible, the assignee an active user or a group).
 */
export const ticketCreation = (dependencies: ApplicationDependencySource) => {
  const spec = {
    aggregateType: 'ticket',
    label: 'ticket',
    decider: ticketDecider,
    view: ticketView,
    checkReferences: ticketReferenceCheck(dependencies),
  };
  return {
    /** What an opening reads once, whatever its input: the tenant's ticket catalogues. */
    prepare: async (tenant: string): Promise<TicketCatalogue> => {
      const { settings } = dependencies();
      const [types, priorities] = await Promise.all([settings.catalogue(tenant, 'ticket-types'), settings.catalogue(tenant, 'ticket-priorities')]);
      return ticketCatalogueOf(types, priorities);
    },
    /** Plans the opening of ticket `ticketId` with the next ticket number. */
    plan:
      (actor: Actor, catalogue: TicketCatalogue, ticketId: string, input: OpenTicketInput): CreationPlanner<TicketView> =>
      (at, attempt) =>
        planCreation(
          spec,
          {
            store: dependencies().eventStore,
            actor,
            id: ticketId,
            sequence: ticketSequence,
            command: (number): TicketCommand => ({
              type: 'OpenTicket',
              data: {
                ticketId,
                number,
                companyId: input.companyId,
                ...(input.contactId !== undefined ? { contactId: input.contactId } : {}),
                subject: input.subject,
                ...(input.description !== undefined ? { description: input.description } : {}),
                ...(input.type !== undefined ? { ticketType: input.type } : {}),
                ...(input.priority !== undefined ? { priority: input.priority } : {}),
                assignee: input.assignee ? assigneeFromInput(input.assignee) : null,
                catalogue,
                ...(input.origin ? { origin: input.origin } : {}),
              },
            }),
          },
          at,
          attempt,
        ),
  };
};
