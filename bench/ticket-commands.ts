import { randomUUID } from 'node:crypto';
import { EventStore } from '../adapters/dynamodb/event-store.ts';
import { systemClock } from '../adapters/clock.ts';
import type { Actor } from '../domain/shared/actor.ts';
import { ticketDecider, type TicketCommand, type TicketState } from '../domain/support/ticket.ts';
import { canSeeTicket } from '../domain/support/ticket-policy.ts';
import { ticketView, type TicketView } from '../application/support/ticket-view.ts';
import type { RecordResult } from '../application/shared/record-command.ts';
import { runCommand, type CommandOutcome } from '../application/shared/command-runner.ts';

/**
 * The ticket commands as application/support/ticket-service.ts runs them (runCommand + ticket decider,
 * the same neutral result), minus the service's reference and catalogue look-ups — the bench measures
 * load -> decide -> commit, on a company that need not exist.
 */
export const benchActor = (tenant: string, userId = 'bench-operator'): Actor => ({ tenant, userId, role: 'admin', groups: [] });

const respond =
  (ticketId: string, created: boolean) =>
  ({ state, version }: { state: TicketState; version: number }): RecordResult<TicketView> => {
    if (state === null) throw new Error('ticket not found');
    return { id: ticketId, version, created, record: ticketView(state, version) };
  };

export const openTicket = (store: EventStore, actor: Actor, ticketId = randomUUID()): Promise<CommandOutcome<RecordResult<TicketView>>> =>
  runCommand({
    store,
    decider: ticketDecider,
    actor,
    aggregateType: 'ticket',
    aggregateId: ticketId,
    command: (number: number): TicketCommand => ({
      type: 'OpenTicket',
      data: { ticketId, number, companyId: 'company-1', subject: 'The printer on the second floor does not print' },
    }),
    sequence: 'ticket',
    meta: { commandId: randomUUID(), correlationId: randomUUID() },
    now: systemClock,
    result: respond(ticketId, true),
  });

export const commentTicket = (store: EventStore, actor: Actor, ticketId: string): Promise<CommandOutcome<RecordResult<TicketView>>> =>
  runCommand({
    store,
    decider: ticketDecider,
    actor,
    aggregateType: 'ticket',
    aggregateId: ticketId,
    command: { type: 'CommentTicket', data: { commentId: randomUUID(), body: 'Tried again after a restart: same error.', visibility: 'public' } },
    visible: (state: TicketState) => state !== null && canSeeTicket(actor, state),
    meta: { commandId: randomUUID(), correlationId: randomUUID() },
    now: systemClock,
    result: respond(ticketId, false),
  });

/** An EventStore that counts the commits it was asked for and the ones that failed (conflicts). */
export class CountingEventStore extends EventStore {
  commits = 0;
  failures = 0;
  loads = 0;

  override async load(tenant: string, aggregateType: string, aggregateId: string) {
    this.loads += 1;
    return super.load(tenant, aggregateType, aggregateId);
  }

  override async commit(commit: Parameters<EventStore['commit']>[0]): Promise<void> {
    this.commits += 1;
    try {
      await super.commit(commit);
    } catch (error) {
      this.failures += 1;
      throw error;
    }
  }
}
