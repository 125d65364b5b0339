import type { Ticket } from '../../domain/support/ticket.ts';
import type { Assignee } from '../../events/support/ticket-events.ts';

/** An assignee as callers give and read it: `{ userId }` or `{ groupId }` (in events it is tagged with `kind`). */
export type AssigneeInput = { readonly userId: string } | { readonly groupId: string };

export const assigneeFromInput = (input: AssigneeInput): Assignee =>
  'userId' in input ? { kind: 'user', userId: input.userId } : { kind: 'group', groupId: input.groupId };

export const assigneeToInput = (assignee: Assignee | null): AssigneeInput | null =>
  assignee === null ? null : assignee.kind === 'user' ? { userId: assignee.userId } : { groupId: assignee.groupId };

/** A ticket as its readers see it, at its version. */
export const ticketView = (ticket: Ticket, version: number) => ({
  ...ticket,
  assignee: assigneeToInput(ticket.assignee),
  version,
});

export type TicketView = ReturnType<typeof ticketView>;
