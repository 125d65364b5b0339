import { z } from 'zod';
import { defineEvent, type EventDefinition, type EventOf } from '../define.ts';

const source = 'cronaca.collaboration';

/**
 * A user's secret iCalendar feeds (PRODUCT.md "Collaboration": any calendar app shows their
 * activities). One stream per user (`calendar-feeds`, id = the user id) holds all their feeds, so the
 * list is read from the log (read-your-writes) and the public route finds a feed with one stream read.
 * The secret itself is never recorded: only its SHA-256 (the secret is 256 random bits, so a fast
 * hash is enough; a slow one protects guessable passwords, not random tokens).
 */
export const CalendarFeedCreated = defineEvent({
  type: 'CalendarFeedCreated',
  version: 1,
  source,
  description: 'A user created a secret iCalendar feed of their activities (and their groups’ when `includeGroups`); `secretHash` is the base64url SHA-256 of the secret, shown once.',
  schema: z.strictObject({
    feedId: z.string(),
    ownerId: z.string(),
    name: z.string().nullable(),
    includeGroups: z.boolean(),
    secretHash: z.string().min(1),
  }),
});

export const CalendarFeedRevoked = defineEvent({
  type: 'CalendarFeedRevoked',
  version: 1,
  source,
  description: 'A user revoked one of their calendar feeds: its URL answers 404 from now on.',
  schema: z.strictObject({ feedId: z.string() }),
});

/** The calendar-feed events of the collaboration context, source `cronaca.collaboration`. */
export const calendarFeedEvents = [CalendarFeedCreated, CalendarFeedRevoked] as const satisfies readonly EventDefinition[];

export type CalendarFeedEvent = EventOf<typeof CalendarFeedCreated> | EventOf<typeof CalendarFeedRevoked>;
