import { codePointSlice } from '../../domain/directory/search/fold.ts';
import { messageDecider, type DirectMessage } from '../../domain/collaboration/direct-message.ts';
import type { MessageEvent } from '../../events/collaboration/message-events.ts';
import type { StoredEvent } from '../../events/envelope.ts';
import type { CounterKey, Projection, ReadItem } from '../projection.ts';

/**
 * Inboxes, sent boxes and unread marks of direct messages. The main item is the message as its
 * decider folds it; its satellites, one partition per reader (table keys, newest first by
 * `<sentAt>#<id>`), are what the lists read:
 * - `<tenant>#messages#inbox#<userId>`: every message to the user, with `read` for them — rewritten when
 *   they read it (the projector rewrites a satellite whose content changed);
 * - `<tenant>#messages#unread#<userId>`: present only while unread (the `unread=true` list); each counts 1
 *   in the user's unread counter `<tenant>#message-counts#<userId>` / `unread` (projections/counters.ts:
 *   moved in the same transaction as the main item, exact under replays and rebuilds), read in one GetItem;
 * - `<tenant>#messages#sent#<userId>`: what the user sent (the system's own are in no sent box).
 * A group message is ONE message with one inbox satellite per member: read per member.
 */
export const messageBoxKeys = {
  inbox: (tenant: string, userId: string) => `${tenant}#messages#inbox#${userId}`,
  unread: (tenant: string, userId: string) => `${tenant}#messages#unread#${userId}`,
  sent: (tenant: string, userId: string) => `${tenant}#messages#sent#${userId}`,
};

/** A user's unread counter: `n` = how many messages they have not read (one item, `ADD n`). */
export const messageCountKeys = {
  unread: (tenant: string, userId: string): CounterKey => ({ pk: `${tenant}#message-counts#${userId}`, sk: 'unread' }),
};

/** Every unread mark counts 1 in its reader's unread counter; nothing else counts. */
export const messageCounterOf = (item: ReadItem): CounterKey | null => {
  const prefix = messageBoxKeys.unread(String(item.tenant), '');
  return item.pk.startsWith(prefix) ? messageCountKeys.unread(String(item.tenant), item.pk.slice(prefix.length)) : null;
};

export type MessageRow = DirectMessage;

const evolve = (row: MessageRow | null, stored: StoredEvent): MessageRow | null =>
  messageDecider.evolve(row, { ...(stored as StoredEvent & MessageEvent), actor: stored.meta.actor }) ?? row;

const key = (tenant: string, id: string) => ({ pk: `${tenant}#message#${id}`, sk: 'inbox' });

const rowFields = ['id', 'from', 'to', 'recipients', 'subject', 'body', 'cause', 'sentAt', 'readAt'] as const satisfies readonly (keyof MessageRow)[];

/** The first `max` characters of a text by code points (never half of a surrogate pair: an emoji stays whole). */
export const previewOf = (text: string, max = 200): string => codePointSlice(text, max);

/** What a list shows of a message (no body: GET /v1/messages/{id} has it). */
const summaryOf = (row: MessageRow) => ({
  messageId: row.id,
  from: row.from,
  to: row.to,
  subject: row.subject,
  preview: previewOf(row.body),
  system: row.cause !== null,
  sentAt: row.sentAt,
  recipientCount: row.recipients.length,
});

export const messageInboxProjection: Projection<MessageRow> = {
  name: 'message-inbox',
  aggregateType: 'message',
  evolve,
  key,
  toItem(tenant, id, row, version): ReadItem {
    return { ...key(tenant, id), version, aggregateType: 'message', aggregateId: id, tenant, ...row };
  },
  fromItem(item) {
    return Object.fromEntries(rowFields.map((field) => [field, item[field]])) as unknown as MessageRow;
  },
  satellites(tenant, id, row) {
    const sk = `${row.sentAt}#${id}`;
    const base = { sk, version: 0, aggregateType: 'message', aggregateId: id, tenant, ...summaryOf(row) };
    const inbox = row.recipients.map((userId): ReadItem => {
      const readAt = row.readAt[userId] ?? null;
      return { ...base, pk: messageBoxKeys.inbox(tenant, userId), read: readAt !== null, readAt };
    });
    const unread = row.recipients.filter((userId) => row.readAt[userId] === undefined).map((userId): ReadItem => ({ ...base, pk: messageBoxKeys.unread(tenant, userId), read: false, readAt: null }));
    const sent: ReadItem[] = row.cause === null ? [{ ...base, pk: messageBoxKeys.sent(tenant, row.from), read: true, readAt: null }] : [];
    return [...inbox, ...unread, ...sent];
  },
  counterOf: messageCounterOf,
};
