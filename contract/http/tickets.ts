import { z } from 'zod';
import { ticketStatuses } from '../../events/support/ticket-events.ts';
import { Cursor, Limit, RecordId } from './common.ts';
import { OriginView } from './origin.ts';

const id = RecordId;

/** On the wire an assignee is `{ userId }` or `{ groupId }`. */
export const AssigneeBody = z
  .union([z.strictObject({ userId: id }), z.strictObject({ groupId: id })])
  .meta({ id: 'Assignee', description: 'A user (`userId`) or a group (`groupId`)' });

export const OpenTicketBody = z
  .strictObject({
    companyId: id.describe("Id of the company the ticket is about: it must exist and be visible to the caller (else 422)"),
    contactId: id.optional().describe("A contact the caller can see; when it belongs to a company, the ticket's (else 422)"),
    subject: z.string().trim().min(1).max(200),
    description: z.string().max(20_000).optional(),
    type: z.string().max(50).optional().describe('Ticket type from the catalogue; default "problem"'),
    priority: z.string().max(50).optional().describe('Priority from the catalogue; default "normal"'),
    assignee: AssigneeBody.nullable().optional(),
  })
  .meta({ id: 'OpenTicket' });

export const CommentTicketBody = z
  .strictObject({
    body: z.string().trim().min(1).max(20_000),
    visibility: z.enum(['public', 'internal']).default('public'),
    status: z.enum(ticketStatuses).optional().describe('Changes the status with the comment'),
  })
  .meta({ id: 'CommentTicket' });

export const ChangeTicketStatusBody = z.strictObject({ status: z.enum(ticketStatuses) }).meta({ id: 'ChangeTicketStatus' });

export const ReopenTicketBody = z.strictObject({ reason: z.string().max(2_000).optional() }).optional();

export const TicketListQuery = z.strictObject({
  view: z.enum(['open', 'closed']).default('open').describe('open = every ticket not closed'),
  status: z.enum(ticketStatuses).optional(),
  assignee: id.optional().describe('`me` or a user id'),
  group: id.optional(),
  company: id.optional(),
  priority: z.string().max(50).optional(),
  type: z.string().max(50).optional(),
  limit: Limit,
  cursor: Cursor,
});

const AssigneeView = z.union([z.object({ userId: z.string() }), z.object({ groupId: z.string() })]).nullable();

const time = z.iso.datetime();

export const TicketComment = z
  .object({
    id: z.string(),
    body: z.string(),
    visibility: z.enum(['public', 'internal']),
    author: z.string(),
    at: time,
  })
  .meta({ id: 'TicketComment' });

const ticketFields = {
  id: z.string(),
  number: z.number().int(),
  companyId: z.string(),
  contactId: z.string().nullable(),
  subject: z.string(),
  description: z.string().nullable(),
  type: z.string(),
  priority: z.string(),
  status: z.enum(ticketStatuses),
  assignee: AssigneeView,
  openedBy: z.string(),
  openedAt: time,
  updatedAt: time,
  closedAt: time.nullable(),
  version: z.number().int(),
};

export const TicketView = z.object({ ...ticketFields, comments: z.array(TicketComment), origin: OriginView }).meta({ id: 'Ticket' });
export const TicketListItem = z.object({ ...ticketFields, commentCount: z.number().int() }).meta({ id: 'TicketListItem' });
