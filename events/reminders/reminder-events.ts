import { z } from 'zod';
import { defineEvent, type EventOf } from '../define.ts';

const source = 'cronaca.reminders';

/**
 * What the reminder job delivered. Each delivery is its own one-event stream (`reminder/<key>`,
 * `daily-digest/<key>`): the event's version slot (1) can be taken once only, so the log itself is
 * the record that a (tenant, activity, user, offset, fire time) reminder — or a (tenant, user, day)
 * digest — was dealt with, whatever runs overlap.
 *
 * `delivery`:
 * - `sent`: the mailer accepted the message and this run recorded it;
 * - `unconfirmed`: a run claimed the delivery and died before recording it (it may or may not have
 *   sent). A later run found the stale claim and recorded this instead of sending again: at most one
 *   e-mail, never two (see docs/reminders.md).
 */
export const Delivery = z.enum(['sent', 'unconfirmed']);
export type Delivery = z.infer<typeof Delivery>;

const Instant = z.iso.datetime();

export const ReminderSent = defineEvent({
  type: 'ReminderSent',
  version: 1,
  source,
  description: "A reminder of an activity was e-mailed to one user (a group assignee's members each get their own).",
  schema: z.strictObject({
    activityId: z.string(),
    userId: z.string(),
    offsetMinutes: z.number().int().min(0),
    fireAt: Instant,
    activityStart: Instant,
    delivery: Delivery,
    /** The RFC 5322 Message-ID, derived from the delivery key (the same on every attempt). */
    messageId: z.string(),
  }),
});

export const DailyDigestSent = defineEvent({
  type: 'DailyDigestSent',
  version: 1,
  source,
  description: "The 07:30 digest of a user's day was e-mailed (one per user and local date).",
  schema: z.strictObject({
    userId: z.string(),
    date: z.iso.date().describe("The user's local date"),
    timeZone: z.string(),
    activityIds: z.array(z.string()),
    delivery: Delivery,
    messageId: z.string(),
  }),
});

export const reminderEvents = [ReminderSent, DailyDigestSent] as const;

export type ReminderEvent = EventOf<(typeof reminderEvents)[number]>;
