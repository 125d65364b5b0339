import { z } from 'zod';
import { Cursor, RecordId } from './common.ts';

/** Wire schemas of direct messages (API.md "Collaboration and dashboard": `/v1/messages`). */

export const SendMessageBody = z
  .strictObject({
    userId: RecordId.optional().describe('To one user (exactly one of userId and groupId)'),
    groupId: RecordId.optional().describe("To a group: one message read per member (its members at send time, without the sender)"),
    subject: z.string().max(300).nullable().optional(),
    body: z.string().trim().min(1).max(20_000),
  })
  .meta({ id: 'SendMessageBody' });

const Addressee = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('user'), userId: z.string() }),
  z.object({ kind: z.literal('group'), groupId: z.string() }),
]);

export const MessageView = z
  .object({
    id: z.string(),
    from: z.string().describe('A user id, or `system`'),
    to: Addressee,
    recipients: z.array(z.string()),
    subject: z.string().nullable(),
    body: z.string(),
    system: z.boolean(),
    cause: z
      .object({ eventId: z.string(), eventType: z.string(), record: z.object({ type: z.string(), id: z.string() }), by: z.string() })
      .nullable()
      .describe('System messages: the event that caused it and the record it is about'),
    sentAt: z.iso.datetime(),
    read: z.boolean().describe("Whether the caller read it (the sender's own: true)"),
    readAt: z.iso.datetime().nullable(),
    version: z.number().int(),
  })
  .meta({ id: 'Message' });

export const MessageListQuery = z.strictObject({
  view: z.enum(['inbox', 'sent']).default('inbox'),
  unread: z.enum(['true', 'false']).transform((value) => value === 'true').optional().describe('inbox: only the messages the caller has not read'),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: Cursor,
});

export const MessageListItem = z.object({
  id: z.string(),
  from: z.string(),
  to: Addressee,
  subject: z.string().nullable(),
  preview: z.string(),
  system: z.boolean(),
  sentAt: z.iso.datetime(),
  recipientCount: z.number().int(),
  read: z.boolean(),
  readAt: z.iso.datetime().nullable(),
});

export const MessageListPage = z
  .object({
    items: z.array(MessageListItem),
    nextCursor: z.string().nullable(),
    unreadCount: z.number().int().describe("The caller's unread messages in all (not only this page)"),
  })
  .meta({ id: 'MessageListPage' });

export const UnreadCount = z.object({ unreadCount: z.number().int() }).meta({ id: 'UnreadMessageCount' });
