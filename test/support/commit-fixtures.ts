import { randomUUID } from 'node:crypto';
import type { Commit, NewEvent } from '../../application/ports/event-store.ts';

/** The fixed time the event-store tests commit at (never the day the suite runs). */
export const commitAt = '2026-11-23T10:00:00.000Z';

/** A ticket's first event, as the event store takes it. */
export const opened = (ticketId: string, number = 1): NewEvent => ({
  type: 'TicketOpened',
  data: { ticketId, number, companyId: 'c-1', subject: 'Printer', type: 'problem', priority: 'normal', assignee: null },
});

export const commented = (ticketId: string, commentId: string): NewEvent => ({
  type: 'TicketCommented',
  data: { ticketId, commentId, body: 'hello', visibility: 'public' },
});

/** A commit by olga at `commitAt`, each with a command id of its own. */
export const commit = (tenant: string, streams: Commit['streams'], extra: Partial<Commit> = {}): Commit => ({
  tenant,
  at: commitAt,
  meta: { actor: 'olga', commandId: randomUUID(), correlationId: 'corr' },
  streams,
  ...extra,
});
