import { z } from 'zod';
import { CalendarItem } from './activities.ts';
import { BoardMessageView } from './board.ts';
import { OpportunityListItem } from './opportunities.ts';
import { QuoteListItem } from './quotes.ts';
import { TicketListItem } from './tickets.ts';

const date = z.iso.date();

export const DashboardQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(50).default(5).describe('Items per widget (each widget is a bounded list)'),
});

/** A board message as the widget shows it: the board list's message (contract/http/board.ts) without its withdrawal and pin details. */
export const BoardWidgetItem = BoardMessageView.pick({ id: true, authorId: true, body: true, mentions: true, pinned: true, postedAt: true, editedAt: true, version: true }).meta({
  id: 'BoardWidgetItem',
});

/** Every widget: a bounded list, whether the full list has more, and where the full list is. */
const widget = <T extends z.ZodType>(item: T, link: string) =>
  z.object({
    items: z.array(item),
    more: z.boolean().describe('The full list holds more than `limit` items'),
    link: z.string().describe(`The full list, e.g. \`${link}\``),
  });

export const DashboardView = z
  .object({
    timezone: z.string().describe("The caller's timezone (profile), in which `date` is today"),
    date: date.describe("Today in the caller's timezone"),
    board: widget(BoardWidgetItem, '/v1/board/messages').describe('Latest board messages, pinned first, then newest first'),
    opportunities: widget(OpportunityListItem, '/v1/opportunities?owner=mine').describe(
      'Their opportunities (owner = the caller), latest registered first (by `createdAt`), whatever their `status`',
    ),
    tickets: widget(TicketListItem.omit({ description: true }), '/v1/tickets?view=open&assignee=me').describe('Their open tickets (assigned to the caller), newest first'),
    todo: widget(CalendarItem, '/v1/todo')
      .extend({ total: z.number().int().describe("Every open activity of today (the to-do is read whole: it is one day's)") })
      .describe("Today's to-do in their timezone: their and their groups' open activities, dated to-dos first, then by time"),
    quotes: widget(
      QuoteListItem.extend({ expired: z.boolean().describe('validUntil is before today: sent and past its validity, not yet marked expired') }),
      '/v1/quotes?operator=mine&expiringBefore=<date>',
    ).describe('Their sent quotes (operator = the caller) by expiry, soonest first: those valid until the next 30 days and the expired ones, flagged'),
  })
  .meta({ id: 'Dashboard' });
