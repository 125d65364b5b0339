import type { EventStore } from '../../../adapters/dynamodb/event-store.ts';
import type { Actor } from '../../../domain/shared/actor.ts';
import { notFound } from '../../../domain/shared/errors.ts';
import { ticketDecider, type Ticket } from '../../../domain/support/ticket.ts';
import { canSeeTicket } from '../../../domain/support/ticket-policy.ts';
import type { TicketEvent } from '../../../events/support/ticket-events.ts';
import { recorded } from '../../shared/recorded.ts';

/**
 * A ticket's own reads come from its event stream (strongly consistent), not from the lists' read
 * model. Access is decided on the ticket as it is now; `asOf` then shows it as it was.
 */
const loadVisible = async (store: EventStore, actor: Actor, ticketId: string) => {
  const { events } = await store.load(actor.tenant, 'ticket', ticketId);
  const now = events.reduce((s, e) => ticketDecider.evolve(s, recorded<TicketEvent>(e)), ticketDecider.initialState);
  if (now === null || !canSeeTicket(actor, now)) throw notFound('ticket not found');
  return { events, now };
};

export const loadAsOf = async (
  store: EventStore,
  actor: Actor,
  ticketId: string,
  asOf: string | undefined,
): Promise<{ state: Ticket; version: number }> => {
  const { events, now } = await loadVisible(store, actor, ticketId);
  if (asOf === undefined) return { state: now, version: events.at(-1)?.version ?? 0 };
  const until = Date.parse(asOf);
  const past = events.filter((e) => Date.parse(e.at) <= until);
  const state = past.reduce((s, e) => ticketDecider.evolve(s, recorded<TicketEvent>(e)), ticketDecider.initialState);
  if (state === null) throw notFound(`ticket did not exist at ${asOf}`);
  return { state, version: past.at(-1)?.version ?? 0 };
};

export const historyOf = async (store: EventStore, actor: Actor, ticketId: string) => {
  const { events } = await loadVisible(store, actor, ticketId);
  return { items: events.map((e) => ({ type: e.type, version: e.version, at: e.at, actor: e.meta.actor, data: e.data })) };
};
