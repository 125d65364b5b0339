import { z } from 'zod';
import { Cursor, Limit } from './common.ts';

export const TimelineQuery = z.strictObject({ limit: Limit, cursor: Cursor });

/** One entry of a record's timeline: generic, so activities (and later tickets) add entries of their own. */
export const TimelineEntryView = z
  .object({
    kind: z
      .string()
      .describe('created, changed, note, interaction, linked, unlinked, converted, removed, activity (summary.action: scheduled, changed, rescheduled, completed, not_done, reopened, status, reassigned, relinked), opportunity, quote, order, request (summary.action: registered, edited, responsible, status, document, closed, reopened)…'),
    event: z.string().describe('The event type behind the entry'),
    source: z.object({ type: z.string(), id: z.string() }).describe('The record the event happened on: this one or one linked to it'),
    actor: z.string(),
    at: z.iso.datetime(),
    summary: z.record(z.string(), z.unknown()).describe('What the card shows: a note body, an interaction, the fields that changed…'),
  })
  .meta({ id: 'TimelineEntry' });
