import { z } from 'zod';
import { RecordId } from './common.ts';

/** POST /v1/calendar/feeds: a new secret iCalendar feed of the caller's activities. */
export const CreateCalendarFeedBody = z
  .strictObject({
    name: z.string().trim().min(1).max(100).nullable().optional().describe('A label for the caller (e.g. "Phone")'),
    includeGroups: z.boolean().optional().describe('Also the activities assigned to the caller’s groups (default false)'),
  })
  .meta({ id: 'CreateCalendarFeedBody' });

export const CalendarFeedView = z
  .object({
    id: z.string(),
    name: z.string().nullable(),
    includeGroups: z.boolean(),
    createdAt: z.iso.datetime(),
  })
  .meta({ id: 'CalendarFeed' });

export const CreatedCalendarFeed = CalendarFeedView.extend({
  url: z
    .string()
    .describe('The secret .ics URL (path from the API root), shown once: the log keeps only its hash (a retry under the same Idempotency-Key within a day gets it again)'),
}).meta({ id: 'CreatedCalendarFeed' });

export const CalendarFeedList = z.object({ items: z.array(CalendarFeedView) }).meta({ id: 'CalendarFeedList' });

/** The public .ics route: the feed id and its secret (tenant and owner base64url, then 256 random bits). */
export const CalendarFeedIcsParams = z.strictObject({
  id: RecordId,
  secret: z.string().max(600).describe('The secret given when the feed was created'),
});
