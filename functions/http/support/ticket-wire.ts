import type { z } from 'zod';
import type { AssigneeBody } from '../../../contract/http/tickets.ts';
import type { Ticket } from '../../../domain/support/ticket.ts';
import type { Assignee } from '../../../events/support/ticket-events.ts';

/** On the wire an assignee is `{ userId }` or `{ groupId }`; in events it is tagged with `kind`. */
export const assigneeFromBody = (body: z.output<typeof AssigneeBody>): Assignee =>
  'userId' in body ? { kind: 'user', userId: body.userId } : { kind: 'group', groupId: body.groupId };

export const assigneeToBody = (assignee: Assignee | null) =>
  assignee === null ? null : assignee.kind === 'user' ? { userId: assignee.userId } : { groupId: assignee.groupId };

export const ticketView = (ticket: Ticket, version: number) => ({
  ...ticket,
  assignee: assigneeToBody(ticket.assignee),
  version,
});
