import { canSeeTicket } from '../../domain/support/ticket-policy.ts';
import { ticketDecider, type TicketCommand } from '../../domain/support/ticket.ts';
import type { CommentVisibility, TicketStatus } from '../../events/support/ticket-events.ts';
import type { ApplicationDependencySource } from '../ports/application-dependencies.ts';
import type { CommandContext, CommandOptions, CommandOutcome } from '../shared/command-context.ts';
import { recordCommand, type RecordResult } from '../shared/record-command.ts';
import { runCreation } from '../shared/record-creation.ts';
import { historyOf, loadAsOf } from '../shared/record-reads.ts';
import type { Actor } from '../../domain/shared/actor.ts';
import { ticketReader } from './ticket-reader.ts';
import { ticketReferenceCheck } from './ticket-references.ts';
import { ticketCreation, type OpenTicketInput } from './ticket-creation.ts';
import { assigneeFromInput, ticketView, type AssigneeInput, type TicketView } from './ticket-view.ts';

export type { OpenTicketInput } from './ticket-creation.ts';

export interface CommentTicketInput {
  readonly body: string;
  readonly visibility: CommentVisibility;
  /** Changes the status with the comment. */
  readonly status?: TicketStatus | undefined;
}

type TicketOutcome = Promise<CommandOutcome<RecordResult<TicketView>>>;

/**
 * The support context's commands and reads. Every command returns the ticket after it (or, for a
 * retry under the same idempotency key, the first result); refusals are typed errors.
 */
export const ticketService = (dependencies: ApplicationDependencySource) => {
  const run = recordCommand(dependencies, {
    aggregateType: 'ticket',
    label: 'ticket',
    decider: ticketDecider,
    canSee: canSeeTicket,
    view: ticketView,
    checkReferences: ticketReferenceCheck(dependencies),
  });
  const creation = ticketCreation(dependencies);
  const on = (context: CommandContext, ticketId: string, command: TicketCommand, options: CommandOptions): TicketOutcome =>
    run(context, ticketId, command, options);

  return {
    /** Opens a ticket under a new id, with the next ticket number; a non-pinnable creation. */
    openTicket: async (context: CommandContext, input: OpenTicketInput, options: Omit<CommandOptions, 'expectedVersion'> = {}): TicketOutcome => {
      const ticketId = dependencies().newId();
      const catalogue = await creation.prepare(context.actor.tenant);
      return runCreation(dependencies(), context, creation.plan(context.actor, catalogue, ticketId, input), options);
    },
    takeTicket: (context: CommandContext, ticketId: string, options: CommandOptions = {}) => on(context, ticketId, { type: 'TakeTicket' }, options),
    commentTicket: (context: CommandContext, ticketId: string, input: CommentTicketInput, options: CommandOptions = {}) =>
      on(
        context,
        ticketId,
        {
          type: 'CommentTicket',
          data: { commentId: dependencies().newId(), body: input.body, visibility: input.visibility, ...(input.status !== undefined ? { status: input.status } : {}) },
        },
        options,
      ),
    assignTicket: (context: CommandContext, ticketId: string, assignee: AssigneeInput, options: CommandOptions = {}) =>
      on(context, ticketId, { type: 'AssignTicket', data: { assignee: assigneeFromInput(assignee) } }, options),
    changeTicketStatus: (context: CommandContext, ticketId: string, status: TicketStatus, options: CommandOptions = {}) =>
      on(context, ticketId, { type: 'ChangeTicketStatus', data: { status } }, options),
    closeTicket: (context: CommandContext, ticketId: string, options: CommandOptions = {}) => on(context, ticketId, { type: 'CloseTicket' }, options),
    reopenTicket: (context: CommandContext, ticketId: string, reason: string | undefined, options: CommandOptions = {}) =>
      on(context, ticketId, { type: 'ReopenTicket', data: { ...(reason !== undefined ? { reason } : {}) } }, options),

    /** The ticket from its own stream (strongly consistent), as it is or as it was at `asOf`. */
    getTicket: async (actor: Actor, ticketId: string, asOf?: string): Promise<{ record: TicketView; version: number }> => {
      const { state, version } = await loadAsOf(dependencies().eventStore, actor, ticketReader, ticketId, asOf);
      return { record: ticketView(state, version), version };
    },
    ticketHistory: (actor: Actor, ticketId: string) => historyOf(dependencies().eventStore, actor, ticketReader, ticketId),
  };
};

export type TicketService = ReturnType<typeof ticketService>;
