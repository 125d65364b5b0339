import { randomUUID } from 'node:crypto';
import { EventStore } from '../adapters/dynamodb/event-store.ts';
import { systemClock } from '../adapters/clock.ts';
import type { Actor } from '../domain/shared/actor.ts';
import { ticketDecider, type TicketCommand, type TicketState } from '../domain/support/ticket.ts';
import { canSeeTicket } from '../domain/support/ticket-policy.ts';
import { json, etag } from '../functions/http/responses.ts';
import { ticketView } from '../application/support/ticket-view.ts';
import { runCommand, type CommandOutcome } from '../application/shared/command-runner.ts';

/**
 * The ticket commands exactly as functions/http/support.ts runs them (runCommand + ticket decider +
 * the same response rendering), minus the HTTP/middy layer: load -> decide -> commit.
 */
export const benchActor = (tenant: string, userId = 'bench-operator'): Actor => ({ tenant, userId, role: 'admin', groups: [] });

const respond =
  (ticketId: string, created: boolean) =>
  ({ state, version }: { state: TicketState; version: number }) => {
    if (state === null) throw new Error('ticket not found');
    const headers: Record<string, string> = { etag: etag(version) };
    if (created) headers.location = `/v1/tickets/${ticketId}`;
    return json(created ? 201 : 200, ticketView(state, version), headers);
  };

export const openTicket = (store: EventStore, actor: Actor, ticketId = randomUUID()): Promise<CommandOutcome<unknown>> =>
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

export const commentTicket = (store: EventStore, actor: Actor, ticketId: string): Promise<CommandOutcome<unknown>> =>
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
