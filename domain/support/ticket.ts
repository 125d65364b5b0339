import type { Assignee, CommentVisibility, TicketEvent, TicketStatus } from '../../events/support/ticket-events.ts';
import type { Origin } from '../../events/shared/origin.ts';
import type { DecisionContext, Decider, Recorded } from '../shared/decider.ts';
import { conflict, invalid, notFound } from '../shared/errors.ts';
import { defaultTicketCatalogue, type TicketCatalogue } from './ticket-catalogue.ts';
import { canSeeTicket } from './ticket-policy.ts';

export interface TicketComment {
  readonly id: string;
  readonly body: string;
  readonly visibility: CommentVisibility;
  readonly author: string;
  readonly at: string;
}

export interface Ticket {
  readonly id: string;
  readonly number: number;
  readonly companyId: string;
  readonly contactId: string | null;
  readonly subject: string;
  readonly description: string | null;
  readonly type: string;
  readonly priority: string;
  readonly status: TicketStatus;
  readonly assignee: Assignee | null;
  readonly openedBy: string;
  readonly openedAt: string;
  readonly updatedAt: string;
  readonly closedAt: string | null;
  readonly comments: readonly TicketComment[];
  /** The customer request that generated the ticket; `null` for a ticket opened directly. */
  readonly origin: Origin | null;
}

/** `null` until the ticket is opened. */
export type TicketState = Ticket | null;

export type TicketCommand =
  | {
      type: 'OpenTicket';
      data: {
        ticketId: string;
        number: number;
        companyId: string;
        contactId?: string;
        subject: string;
        description?: string;
        ticketType?: string;
        priority?: string;
        assignee?: Assignee | null;
        catalogue?: TicketCatalogue;
        /** Set when another record generates the ticket (a customer request). */
        origin?: Origin;
      };
    }
  | { type: 'TakeTicket' }
  | { type: 'CommentTicket'; data: { commentId: string; body: string; visibility: CommentVisibility; status?: TicketStatus } }
  | { type: 'AssignTicket'; data: { assignee: Assignee } }
  | { type: 'ChangeTicketStatus'; data: { status: TicketStatus; commentId?: string } }
  | { type: 'CloseTicket' }
  | { type: 'ReopenTicket'; data?: { reason?: string } };

const sameAssignee = (a: Assignee | null, b: Assignee | null): boolean =>
  a === b ||
  (a !== null &&
    b !== null &&
    ((a.kind === 'user' && b.kind === 'user' && a.userId === b.userId) ||
      (a.kind === 'group' && b.kind === 'group' && a.groupId === b.groupId)));

const required = (path: string, value: string, max: number): string => {
  const trimmed = value.trim();
  if (trimmed === '') throw invalid(path, 'must not be blank');
  if (trimmed.length > max) throw invalid(path, `must be at most ${max} characters`);
  return trimmed;
};

const optional = (path: string, value: string | undefined, max: number): string | undefined => {
  const trimmed = value?.trim();
  if (!trimmed) return undefined;
  if (trimmed.length > max) throw invalid(path, `must be at most ${max} characters`);
  return trimmed;
};

const oneOf = (path: string, value: string, allowed: readonly string[]): string => {
  if (!allowed.includes(value)) throw invalid(path, `must be one of ${allowed.join(', ')}`);
  return value;
};

/** The ticket as the actor may act on it: refuses with 404 when absent or invisible to them. */
const existing = (state: TicketState, context: DecisionContext): Ticket => {
  if (state === null || !canSeeTicket(context.actor, state)) throw notFound('ticket not found');
  return state;
};

const notClosed = (ticket: Ticket, action: string): void => {
  if (ticket.status === 'closed') throw conflict(`cannot ${action} a closed ticket: reopen it first`);
};

/**
 * Status transitions other than take/close/reopen. Moving to in_progress or waiting_reply needs an
 * operator: a ticket nobody personally holds must be taken first.
 */
const changeStatus = (ticket: Ticket, to: TicketStatus, commentId: string | undefined): TicketEvent[] => {
  const from = ticket.status;
  if (from === 'closed') throw conflict('cannot change the status of a closed ticket: reopen it first');
  if (to === from) return [];
  const base = { ticketId: ticket.id, ...(commentId ? { commentId } : {}) };
  if (to === 'closed') return [{ type: 'TicketClosed', data: { ...base, from } }];
  if (to !== 'open' && ticket.assignee?.kind !== 'user') {
    throw conflict(`a ticket must be taken by an operator before it can be ${to}`);
  }
  return [{ type: 'TicketStatusChanged', data: { ...base, from, to } }];
};

export const decide = (command: TicketCommand, state: TicketState, context: DecisionContext): TicketEvent[] => {
  switch (command.type) {
    case 'OpenTicket': {
      if (state !== null) throw conflict('ticket already exists');
      const { data } = command;
      const catalogue = data.catalogue ?? defaultTicketCatalogue;
      const description = optional('description', data.description, 20_000);
      const contactId = optional('contactId', data.contactId, 100);
      return [
        {
          type: 'TicketOpened',
          data: {
            ticketId: data.ticketId,
            number: data.number,
            companyId: required('companyId', data.companyId, 100),
            ...(contactId ? { contactId } : {}),
            subject: required('subject', data.subject, 200),
            ...(description ? { description } : {}),
            type: oneOf('type', data.ticketType ?? catalogue.defaultType, catalogue.types),
            priority: oneOf('priority', data.priority ?? catalogue.defaultPriority, catalogue.priorities),
            assignee: data.assignee ?? null,
            ...(data.origin ? { origin: data.origin } : {}),
          },
        },
      ];
    }
    case 'TakeTicket': {
      const ticket = existing(state, context);
      notClosed(ticket, 'take');
      const me = context.actor.userId;
      if (ticket.status !== 'open') {
        if (ticket.assignee?.kind === 'user' && ticket.assignee.userId === me) return [];
        throw conflict(`ticket is already ${ticket.status}: reassign it instead of taking it`);
      }
      return [{ type: 'TicketTaken', data: { ticketId: ticket.id, takenBy: me, previousAssignee: ticket.assignee } }];
    }
    case 'CommentTicket': {
      const ticket = existing(state, context);
      notClosed(ticket, 'comment on');
      const { commentId, visibility, status } = command.data;
      const commented: TicketEvent = {
        type: 'TicketCommented',
        data: { ticketId: ticket.id, commentId, body: required('body', command.data.body, 20_000), visibility },
      };
      return status === undefined ? [commented] : [commented, ...changeStatus(ticket, status, commentId)];
    }
    case 'AssignTicket': {
      const ticket = existing(state, context);
      notClosed(ticket, 'reassign');
      const to = command.data.assignee;
      if (sameAssignee(ticket.assignee, to)) return [];
      const assigned: TicketEvent = { type: 'TicketAssigned', data: { ticketId: ticket.id, from: ticket.assignee, to } };
      // Handing a ticket in work to a group puts it back in that group's queue: nobody holds it any
      // more, so it is open again and a member takes it.
      if (to.kind === 'group' && ticket.status !== 'open') {
        return [assigned, { type: 'TicketStatusChanged', data: { ticketId: ticket.id, from: ticket.status, to: 'open' } }];
      }
      return [assigned];
    }
    case 'ChangeTicketStatus': {
      const ticket = existing(state, context);
      return changeStatus(ticket, command.data.status, command.data.commentId);
    }
    case 'CloseTicket': {
      const ticket = existing(state, context);
      const from = ticket.status;
      if (from === 'closed') throw conflict('ticket is already closed');
      return [{ type: 'TicketClosed', data: { ticketId: ticket.id, from } }];
    }
    case 'ReopenTicket': {
      const ticket = existing(state, context);
      if (ticket.status !== 'closed') throw conflict(`only a closed ticket can be reopened; this one is ${ticket.status}`);
      const reason = optional('reason', command.data?.reason, 2_000);
      return [{ type: 'TicketReopened', data: { ticketId: ticket.id, ...(reason ? { reason } : {}) } }];
    }
  }
};

const touch = (ticket: Ticket, at: string, change: Partial<Ticket>): Ticket => ({ ...ticket, ...change, updatedAt: at });

export const evolve = (state: TicketState, event: Recorded<TicketEvent>): TicketState => {
  if (event.type === 'TicketOpened') {
    const { data } = event;
    return {
      id: data.ticketId,
      number: data.number,
      companyId: data.companyId,
      contactId: data.contactId ?? null,
      subject: data.subject,
      description: data.description ?? null,
      type: data.type,
      priority: data.priority,
      status: 'open',
      assignee: data.assignee,
      openedBy: event.actor,
      openedAt: event.at,
      updatedAt: event.at,
      closedAt: null,
      comments: [],
      origin: data.origin ?? null,
    };
  }
  // Later events of a ticket that was never opened cannot be in a valid log; ignore rather than crash.
  if (state === null) return state;
  switch (event.type) {
    case 'TicketTaken':
      return touch(state, event.at, { status: 'in_progress', assignee: { kind: 'user', userId: event.data.takenBy } });
    case 'TicketCommented': {
      const { commentId, body, visibility } = event.data;
      const comment = { id: commentId, body, visibility, author: event.actor, at: event.at };
      return touch(state, event.at, { comments: [...state.comments, comment] });
    }
    case 'TicketAssigned':
      return touch(state, event.at, { assignee: event.data.to });
    case 'TicketStatusChanged':
      return touch(state, event.at, { status: event.data.to });
    case 'TicketClosed':
      return touch(state, event.at, { status: 'closed', closedAt: event.at });
    case 'TicketReopened':
      return touch(state, event.at, { status: 'open', closedAt: null });
  }
};

export const ticketDecider: Decider<TicketCommand, TicketState, TicketEvent> = {
  initialState: null,
  decide,
  evolve,
};
