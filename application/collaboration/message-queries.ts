import type { Actor } from '../../domain/shared/actor.ts';
import type { MessageAddressee } from '../../events/collaboration/message-events.ts';
import { messageBoxKeys, messageCountKeys } from '../../projections/collaboration/message-inbox.ts';
import type { ApplicationDependencySource } from '../ports/application-dependencies.ts';
import type { IndexQuery } from '../ports/read-models.ts';
import { decodeCursor, encodeCursor } from '../shared/cursor.ts';

export interface MessageListFilter {
  readonly view: 'inbox' | 'sent';
  readonly unread?: boolean | undefined;
  readonly limit: number;
  readonly cursor?: string | undefined;
}

export interface MessageListItem {
  readonly id: string;
  readonly from: string;
  readonly to: MessageAddressee;
  readonly subject: string | null;
  readonly preview: string;
  readonly system: boolean;
  readonly sentAt: string;
  readonly recipientCount: number;
  readonly read: boolean;
  readonly readAt: string | null;
}

export interface MessagePage {
  readonly items: MessageListItem[];
  readonly nextCursor: string | null;
  readonly unreadCount: number;
}

const itemOf = (item: Record<string, unknown>): MessageListItem => ({
  id: item['messageId'] as string,
  from: item['from'] as string,
  to: item['to'] as MessageAddressee,
  subject: (item['subject'] as string | null) ?? null,
  preview: item['preview'] as string,
  system: item['system'] === true,
  sentAt: item['sentAt'] as string,
  recipientCount: item['recipientCount'] as number,
  read: item['read'] === true,
  readAt: (item['readAt'] as string | null) ?? null,
});

/**
 * The caller's boxes (projections/collaboration/message-inbox.ts): one Query on their own partition,
 * newest first; the unread count their unread counter (one GetItem, O(1) whatever the inbox holds:
 * kept exact by the message-inbox projection, projections/counters.ts; absent = 0).
 * Only the caller's own partitions are ever read, so nobody lists another user's messages.
 */
export const messageQueries = (dependencies: ApplicationDependencySource) => {
  const box = (actor: Actor, filter: Pick<MessageListFilter, 'view' | 'unread'>): string =>
    filter.view === 'sent'
      ? messageBoxKeys.sent(actor.tenant, actor.userId)
      : filter.unread === true
        ? messageBoxKeys.unread(actor.tenant, actor.userId)
        : messageBoxKeys.inbox(actor.tenant, actor.userId);
  const queryOf = (partition: string, limit: number): IndexQuery => ({ index: undefined, partitionKey: { name: 'pk', value: partition }, newestFirst: true, limit });

  const unreadCount = async (actor: Actor): Promise<number> => {
    const counter = await dependencies().readModels.get(messageCountKeys.unread(actor.tenant, actor.userId));
    return Math.max(0, Number(counter?.['n'] ?? 0));
  };

  return {
    unreadCount,
    listMessages: async (actor: Actor, filter: MessageListFilter): Promise<MessagePage> => {
      const query = queryOf(box(actor, filter), filter.limit);
      const startKey = decodeCursor(filter.cursor, query.partitionKey);
      const [page, unread] = await Promise.all([dependencies().readModels.query({ ...query, ...(startKey ? { startKey } : {}) }), unreadCount(actor)]);
      return { items: page.items.map(itemOf), nextCursor: encodeCursor(page.lastKey), unreadCount: unread };
    },
  };
};
