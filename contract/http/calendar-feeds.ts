import { z } from 'zod';

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
    .url()
    .describe(
      'The secret .ics URL, absolute, on the host the request reached (https; http on a loopback host), shown once: the log keeps only its hash (a retry under the same Idempotency-Key within a day gets it again)',
    ),
  webcalUrl: z.string().describe('The same URL as webcal://, which opens the subscription dialog of most calendar apps'),
}).meta({ id: 'CreatedCalendarFeed' });

export const CalendarFeedList = z.object({ items: z.array(CalendarFeedView) }).meta({ id: 'CalendarFeedList' });

/**
 * The public .ics route: the feed id and its secret (tenant and owner base64url, then 256 random bits).
 * Any strings: every wrong URL, malformed ones included, is the service's one 404 (a 400 naming the
 * field would tell a malformed URL from a wrong one). The service bounds what it reads; API Gateway the URL.
 */
export const CalendarFeedIcsParams = z.strictObject({
  id: z.string().describe('The feed id'),
  secret: z.string().describe('The secret given when the feed was created'),
});
