import { isUnreadBy, type DirectMessage } from '../../domain/collaboration/direct-message.ts';

/** A direct message as one reader sees it: `read`/`readAt` are the caller's own (the sender: always read). */
export interface MessageView {
  readonly id: string;
  readonly from: string;
  readonly to: DirectMessage['to'];
  readonly recipients: readonly string[];
  readonly subject: string | null;
  readonly body: string;
  readonly system: boolean;
  readonly cause: DirectMessage['cause'];
  readonly sentAt: string;
  readonly read: boolean;
  readonly readAt: string | null;
  readonly version: number;
}

export const messageView = (message: DirectMessage, version: number, readerId: string): MessageView => ({
  id: message.id,
  from: message.from,
  to: message.to,
  recipients: message.recipients,
  subject: message.subject,
  body: message.body,
  system: message.cause !== null,
  cause: message.cause,
  sentAt: message.sentAt,
  read: !isUnreadBy(message, readerId),
  readAt: message.readAt[readerId] ?? null,
  version,
});
