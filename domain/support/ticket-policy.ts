import type { Actor } from '../shared/actor.ts';
import type { Assignee } from '../../events/shared/assignee.ts';

/** What the policy needs to know about a ticket (not the aggregate's own type: no import circle). */
export interface TicketOwnership {
  readonly assignee: Assignee | null;
  readonly openedBy: string;
}

/**
 * Restricted users see only tickets assigned to them or to one of their groups, the ones they opened,
 * and unassigned ones. Every other role sees every ticket of its tenant.
 */
export const canSeeTicket = (actor: Actor, ticket: TicketOwnership): boolean => {
  if (actor.role !== 'restricted') return true;
  const { assignee } = ticket;
  if (assignee === null || ticket.openedBy === actor.userId) return true;
  return assignee.kind === 'user' ? assignee.userId === actor.userId : actor.groups.includes(assignee.groupId);
};
