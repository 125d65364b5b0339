import { z } from 'zod';
import { Assignee } from '../shared/assignee.ts';
import { defineEvent, type EventOf } from '../define.ts';
import { Origin } from '../shared/origin.ts';

const source = 'cronaca.support';

export const ticketStatuses = ['open', 'in_progress', 'waiting_reply', 'closed'] as const;
export const TicketStatus = z.enum(ticketStatuses);
export type TicketStatus = z.infer<typeof TicketStatus>;

export { Assignee } from '../shared/assignee.ts';

export const CommentVisibility = z.enum(['public', 'internal']);
export type CommentVisibility = z.infer<typeof CommentVisibility>;

const TicketOpenedV1 = z.strictObject({
  ticketId: z.string(),
  number: z.number().int().positive(),
  /** Company id as given: the directory context validates it once it exists (see docs/seams.md). */
  companyId: z.string(),
  contactId: z.string().optional(),
  subject: z.string(),
  description: z.string().optional(),
  type: z.string(),
  priority: z.string(),
  assignee: Assignee.nullable(),
});

export const TicketOpened = defineEvent({
  type: 'TicketOpened',
  version: 2,
  source,
  description:
    'A support ticket was opened; it carries the per-tenant ticket number assigned in the same commit, and `origin` when a customer request generated it.',
  schema: TicketOpenedV1.extend({ origin: Origin.optional() }),
  // v1 had no origin: every v1 ticket was opened directly, which v2 says by leaving it out.
  previous: [{ version: 1, schema: TicketOpenedV1, upcast: (data) => data }],
});

export const TicketTaken = defineEvent({
  type: 'TicketTaken',
  version: 1,
  source,
  description: 'An operator took an open ticket in charge: it is now in progress and assigned to them.',
  schema: z.strictObject({
    ticketId: z.string(),
    takenBy: z.string(),
    previousAssignee: Assignee.nullable(),
  }),
});

export const TicketCommented = defineEvent({
  type: 'TicketCommented',
  version: 1,
  source,
  description: 'A public or internal comment was added to a ticket.',
  schema: z.strictObject({
    ticketId: z.string(),
    commentId: z.string(),
    body: z.string(),
    visibility: CommentVisibility,
  }),
});

export const TicketAssigned = defineEvent({
  type: 'TicketAssigned',
  version: 1,
  source,
  description: 'A ticket was (re)assigned to a user or a group.',
  schema: z.strictObject({
    ticketId: z.string(),
    from: Assignee.nullable(),
    to: Assignee,
  }),
});

export const TicketStatusChanged = defineEvent({
  type: 'TicketStatusChanged',
  version: 1,
  source,
  description: 'The status of a ticket changed between open, in_progress and waiting_reply.',
  schema: z.strictObject({
    ticketId: z.string(),
    from: TicketStatus,
    to: TicketStatus.exclude(['closed']),
    /** The comment that carried the change, when it was made with a comment. */
    commentId: z.string().optional(),
  }),
});

export const TicketClosed = defineEvent({
  type: 'TicketClosed',
  version: 1,
  source,
  description: 'A ticket was closed.',
  schema: z.strictObject({
    ticketId: z.string(),
    from: TicketStatus.exclude(['closed']),
    commentId: z.string().optional(),
  }),
});

export const TicketReopened = defineEvent({
  type: 'TicketReopened',
  version: 1,
  source,
  description: 'A closed ticket was reopened; it goes back to open.',
  schema: z.strictObject({
    ticketId: z.string(),
    reason: z.string().optional(),
  }),
});

export const ticketEvents = [
  TicketOpened,
  TicketTaken,
  TicketCommented,
  TicketAssigned,
  TicketStatusChanged,
  TicketClosed,
  TicketReopened,
] as const;

export type TicketEvent = EventOf<(typeof ticketEvents)[number]>;
