import { systemSender, type MessageAddressee, type MessageCause, type MessageEvent } from '../../events/collaboration/message-events.ts';
import type { Actor } from '../shared/actor.ts';
import type { DecisionContext, Decider, Recorded } from '../shared/decider.ts';
import { invalid, notFound } from '../shared/errors.ts';

/** A direct message, with who of its recipients has read it and when. */
export interface DirectMessage {
  readonly id: string;
  readonly from: string;
  readonly to: MessageAddressee;
  readonly recipients: readonly string[];
  readonly subject: string | null;
  readonly body: string;
  readonly cause: MessageCause | null;
  readonly sentAt: string;
  /** Recipient id → when they first read it. */
  readonly readAt: Readonly<Record<string, string>>;
}

export type MessageState = DirectMessage | null;

export type MessageCommand =
  | {
      type: 'SendMessage';
      data: {
        messageId: string;
        /** A user id, or `system` (the notifier acts as the system). */
        from: string;
        to: MessageAddressee;
        /** Resolved by the application on the log (a group's members at send time). */
        recipients: readonly string[];
        subject?: string | null | undefined;
        body: string;
        cause?: MessageCause | null | undefined;
      };
    }
  | { type: 'MarkRead'; data: { userId: string } };

const subjectMax = 300;
const bodyMax = 20_000;

/** Only the sender and the recipients see a message: anyone else — admins included — gets not found. */
export const canSeeMessage = (actor: Actor, message: DirectMessage): boolean => message.from === actor.userId || message.recipients.includes(actor.userId);

export const isUnreadBy = (message: DirectMessage, userId: string): boolean => message.recipients.includes(userId) && message.readAt[userId] === undefined;

const decide = (command: MessageCommand, state: MessageState, _context: DecisionContext): MessageEvent[] => {
  switch (command.type) {
    case 'SendMessage': {
      // A redelivered system message (same id) or a retried send: already there, nothing new.
      if (state !== null) return [];
      const { messageId, from, to, cause } = command.data;
      const body = command.data.body.trim();
      const subject = command.data.subject?.trim() || null;
      if (body === '') throw invalid('body', 'must not be empty');
      if (body.length > bodyMax) throw invalid('body', `at most ${bodyMax} characters`);
      if (subject !== null && subject.length > subjectMax) throw invalid('subject', `at most ${subjectMax} characters`);
      // A user does not write to themself, and a group message reaches its members but its sender.
      const recipients = [...new Set(command.data.recipients)].filter((id) => id !== from && id !== systemSender);
      if (recipients.length === 0) throw invalid(to.kind === 'group' ? 'groupId' : 'userId', 'the message has no recipient but its sender');
      return [{ type: 'MessageSent', data: { messageId, from, to, recipients, subject, body, cause: cause ?? null } }];
    }
    case 'MarkRead': {
      const { userId } = command.data;
      // The sender sees their message (always read for them): marking it read changes nothing.
      if (state !== null && state.from === userId) return [];
      if (state === null || !state.recipients.includes(userId)) throw notFound('message not found');
      return state.readAt[userId] === undefined ? [{ type: 'MessageRead', data: { messageId: state.id, userId } }] : [];
    }
  }
};

const evolve = (state: MessageState, event: Recorded<MessageEvent>): MessageState => {
  switch (event.type) {
    case 'MessageSent': {
      const { messageId, ...rest } = event.data;
      return { id: messageId, ...rest, sentAt: event.at, readAt: {} };
    }
    case 'MessageRead':
      return state === null ? null : { ...state, readAt: { ...state.readAt, [event.data.userId]: event.at } };
  }
};

export const messageDecider: Decider<MessageCommand, MessageState, MessageEvent> = { initialState: null, decide, evolve };
