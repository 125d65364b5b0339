import { z } from 'zod';
import { defineEvent, type EventOf } from '../define.ts';

const source = 'cronaca.collaboration';

/**
 * Direct messages (Tustena's "Messaggi", PRODUCT.md "Collaboration"): one stream per message
 * (aggregate `message`). A message goes to one user or to a group; a group message is ONE message
 * whose recipient list is the group's members resolved on the log at send time, and each recipient
 * reads it on their own (`MessageRead` per recipient). The system sends messages too (`from` =
 * `system`): the collaboration notifier, one per source event — the message id derives from the
 * source event's id, so a redelivered event finds the stream already written and changes nothing.
 */

/** The sender of the system's own messages (never a user id: user ids are token subjects). */
export const systemSender = 'system';

export const MessageAddressee = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('user'), userId: z.string().min(1) }),
  z.strictObject({ kind: z.literal('group'), groupId: z.string().min(1) }),
]);
export type MessageAddressee = z.infer<typeof MessageAddressee>;

/** Why the system sent a message: the event that caused it and the record it is about. */
export const MessageCause = z.strictObject({
  eventId: z.string().min(1),
  eventType: z.string().min(1),
  record: z.strictObject({ type: z.string().min(1), id: z.string().min(1) }),
  /** Who did what the message tells (the assigner, the one who accepted, the author who mentioned). */
  by: z.string().min(1),
});
export type MessageCause = z.infer<typeof MessageCause>;

export const MessageSent = defineEvent({
  type: 'MessageSent',
  version: 1,
  source,
  description:
    'A direct message was sent by `from` (a user id, or `system`) to a user or a group; `recipients` are the users who read it, resolved at send time (a group: its members then, without the sender). `cause` is set on system messages.',
  schema: z.strictObject({
    messageId: z.string(),
    from: z.string().min(1),
    to: MessageAddressee,
    recipients: z.array(z.string().min(1)).min(1).max(500),
    subject: z.string().max(300).nullable(),
    body: z.string().min(1).max(20_000),
    cause: MessageCause.nullable(),
  }),
});

export const MessageRead = defineEvent({
  type: 'MessageRead',
  version: 1,
  source,
  description: 'One recipient read a direct message (first time only: reading again records nothing).',
  schema: z.strictObject({ messageId: z.string(), userId: z.string().min(1) }),
});

export const messageEvents = [MessageSent, MessageRead] as const;

export type MessageEvent = EventOf<(typeof messageEvents)[number]>;
