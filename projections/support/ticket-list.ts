import type { StoredEvent } from '../../events/envelope.ts';
import type { Ticket } from '../../domain/support/ticket.ts';
import type { Assignee, TicketEvent, TicketStatus } from '../../events/support/ticket-events.ts';
import type { Projection, ReadItem } from '../projection.ts';

/**
 * One row of the ticket lists (open, closed, mine): the ticket without its description and comments,
 * with their count instead.
 */
export type TicketRow = Omit<Ticket, 'description' | 'comments' | 'origin'> & { readonly commentCount: number };

export type TicketView = 'open' | 'closed';
export const viewOf = (status: TicketStatus): TicketView => (status === 'closed' ? 'closed' : 'open');

/** Zero-padded so that the string sort key orders by number; newest first = descending. */
const sortKey = (number: number): string => number.toString().padStart(12, '0');

const assigneeKey = (assignee: Assignee): string =>
  assignee.kind === 'user' ? `user:${assignee.userId}` : `group:${assignee.groupId}`;

/**
 * Index keys of a ticket row (all carry the tenant and the view):
 * - gsi1 `<tenant>#tickets#<view>`: every open or closed ticket;
 * - gsi2 `<tenant>#tickets#<view>#assignee#user:<id>|group:<id>`: "my tickets", a group's tickets;
 * - gsi3 `<tenant>#tickets#<view>#company#<id>`: a company's tickets.
 * Each sorts by ticket number.
 */
export const ticketIndexKeys = {
  all: (tenant: string, view: TicketView) => `${tenant}#tickets#${view}`,
  assignee: (tenant: string, view: TicketView, assignee: Assignee) => `${tenant}#tickets#${view}#assignee#${assigneeKey(assignee)}`,
  company: (tenant: string, view: TicketView, companyId: string) => `${tenant}#tickets#${view}#company#${companyId}`,
};

const evolve = (row: TicketRow | null, stored: StoredEvent): TicketRow | null => {
  const event = stored as StoredEvent & TicketEvent;
  if (event.type === 'TicketOpened') {
    const { data } = event;
    return {
      id: data.ticketId,
      number: data.number,
      companyId: data.companyId,
      contactId: data.contactId ?? null,
      subject: data.subject,
      type: data.type,
      priority: data.priority,
      status: 'open',
      assignee: data.assignee,
      openedBy: event.meta.actor,
      openedAt: event.at,
      updatedAt: event.at,
      closedAt: null,
      commentCount: 0,
    };
  }
  if (row === null) return null;
  const at = event.at;
  switch (event.type) {
    case 'TicketTaken':
      return { ...row, status: 'in_progress', assignee: { kind: 'user', userId: event.data.takenBy }, updatedAt: at };
    case 'TicketCommented':
      return { ...row, commentCount: row.commentCount + 1, updatedAt: at };
    case 'TicketAssigned':
      return { ...row, assignee: event.data.to, updatedAt: at };
    case 'TicketStatusChanged':
      return { ...row, status: event.data.to, updatedAt: at };
    case 'TicketClosed':
      return { ...row, status: 'closed', closedAt: at, updatedAt: at };
    case 'TicketReopened':
      return { ...row, status: 'open', closedAt: null, updatedAt: at };
    default:
      return row;
  }
};

const rowFields = [
  'id',
  'number',
  'companyId',
  'contactId',
  'subject',
  'type',
  'priority',
  'status',
  'assignee',
  'openedBy',
  'openedAt',
  'updatedAt',
  'closedAt',
  'commentCount',
] as const satisfies readonly (keyof TicketRow)[];

export const ticketListProjection: Projection<TicketRow> = {
  name: 'ticket-list',
  aggregateType: 'ticket',
  evolve,
  key: (tenant, id) => ({ pk: `${tenant}#ticket#${id}`, sk: 'list' }),
  toItem(tenant, id, row, version): ReadItem {
    const view = viewOf(row.status);
    const sk = sortKey(row.number);
    return {
      ...this.key(tenant, id),
      version,
      aggregateType: 'ticket',
      aggregateId: id,
      tenant,
      ...row,
      // Flat copies of the assignee for filter expressions (restricted visibility, assignee filters).
      ...(row.assignee?.kind === 'user' ? { assigneeUser: row.assignee.userId } : {}),
      ...(row.assignee?.kind === 'group' ? { assigneeGroup: row.assignee.groupId } : {}),
      gsi1pk: ticketIndexKeys.all(tenant, view),
      gsi1sk: sk,
      ...(row.assignee ? { gsi2pk: ticketIndexKeys.assignee(tenant, view, row.assignee), gsi2sk: sk } : {}),
      gsi3pk: ticketIndexKeys.company(tenant, view, row.companyId),
      gsi3sk: sk,
    };
  },
  fromItem(item) {
    return Object.fromEntries(rowFields.map((field) => [field, item[field]])) as unknown as TicketRow;
  },
};
