import type { BoardMessageEvent } from '../../events/collaboration/board-events.ts';
import type { Actor } from '../shared/actor.ts';
import type { DecisionContext, Decider, Recorded } from '../shared/decider.ts';
import { conflict, forbidden, invalid } from '../shared/errors.ts';

/** A message of the tenant's board, as its stream folds it. */
export interface BoardMessage {
  readonly id: string;
  readonly authorId: string;
  readonly body: string;
  /** Every user the current body mentions (checked when it was written). */
  readonly mentions: readonly string[];
  /** Every user any version of the body mentioned: an edit notifies only the others. */
  readonly everMentioned: readonly string[];
  readonly postedAt: string;
  readonly editedAt: string | null;
  readonly withdrawn: boolean;
  readonly withdrawnAt: string | null;
  readonly pinned: boolean;
  readonly pinnedAt: string | null;
  readonly pinnedBy: string | null;
}

export type BoardMessageState = BoardMessage | null;

/**
 * `mentions` are the active users of the tenant the body mentions, found by the application on the
 * log (domain/collaboration/mentions.ts gives the candidates); the author is never notified of their own.
 */
export type BoardMessageCommand =
  | { type: 'PostBoardMessage'; data: { messageId: string; body: string; mentions: readonly string[] } }
  | { type: 'EditBoardMessage'; data: { body: string; mentions: readonly string[] } }
  | { type: 'WithdrawBoardMessage'; data: Record<string, never> }
  | { type: 'PinBoardMessage'; data: { replaces: string | null } }
  /** `replacedBy`: the message pinned in its place in the same commit (null: just unpinned). */
  | { type: 'UnpinBoardMessage'; data: { replacedBy: string | null } };

export const boardBodyMax = 10_000;

const bodyOf = (value: string): string => {
  const trimmed = value.trim();
  if (trimmed === '') throw invalid('body', 'must not be blank');
  if (trimmed.length > boardBodyMax) throw invalid('body', `must be at most ${boardBodyMax} characters`);
  return trimmed;
};

/** Administrators and managers pin; the author edits and withdraws (nobody else, admins included: it is their word). */
export const canPinBoardMessage = (actor: Actor): boolean => actor.role === 'admin' || actor.role === 'manager';

const mentionsOf = (mentions: readonly string[], author: string): string[] => [...new Set(mentions)].filter((id) => id !== author);

const ownMessage = (state: BoardMessageState, context: DecisionContext): BoardMessage => {
  if (state === null) throw conflict('the message does not exist');
  if (state.authorId !== context.actor.userId) throw forbidden('only the author may change a board message');
  if (state.withdrawn) throw conflict('the message was withdrawn');
  return state;
};

const decide = (command: BoardMessageCommand, state: BoardMessageState, context: DecisionContext): BoardMessageEvent[] => {
  switch (command.type) {
    case 'PostBoardMessage': {
      if (state !== null) throw conflict('the message exists already');
      const authorId = context.actor.userId;
      return [{ type: 'BoardMessagePosted', data: { messageId: command.data.messageId, authorId, body: bodyOf(command.data.body), mentions: mentionsOf(command.data.mentions, authorId) } }];
    }
    case 'EditBoardMessage': {
      const message = ownMessage(state, context);
      const body = bodyOf(command.data.body);
      const allMentions = mentionsOf(command.data.mentions, message.authorId);
      // An edit that changes nothing records nothing.
      if (body === message.body) return [];
      const mentions = allMentions.filter((id) => !message.everMentioned.includes(id));
      return [{ type: 'BoardMessageEdited', data: { messageId: message.id, authorId: message.authorId, body, mentions, allMentions } }];
    }
    case 'WithdrawBoardMessage': {
      const message = ownMessage(state, context);
      return [
        { type: 'BoardMessageWithdrawn', data: { messageId: message.id } },
        ...(message.pinned ? [{ type: 'BoardMessageUnpinned' as const, data: { messageId: message.id, replacedBy: null, reason: 'withdrawn' as const } }] : []),
      ];
    }
    case 'PinBoardMessage': {
      if (state === null) throw conflict('the message does not exist');
      if (!canPinBoardMessage(context.actor)) throw forbidden('only administrators and managers pin board messages');
      if (state.withdrawn) throw conflict('a withdrawn message cannot be pinned');
      if (state.pinned) return [];
      return [{ type: 'BoardMessagePinned', data: { messageId: state.id, replaces: command.data.replaces } }];
    }
    case 'UnpinBoardMessage': {
      if (state === null) throw conflict('the message does not exist');
      if (!canPinBoardMessage(context.actor)) throw forbidden('only administrators and managers unpin board messages');
      if (!state.pinned) return [];
      const replacedBy = command.data.replacedBy;
      return [{ type: 'BoardMessageUnpinned', data: { messageId: state.id, replacedBy, reason: replacedBy === null ? 'unpinned' : 'replaced' } }];
    }
  }
};

const evolve = (state: BoardMessageState, event: Recorded<BoardMessageEvent>): BoardMessageState => {
  if (event.type === 'BoardMessagePosted') {
    const { messageId, authorId, body, mentions } = event.data;
    return {
      id: messageId,
      authorId,
      body,
      mentions,
      everMentioned: mentions,
      postedAt: event.at,
      editedAt: null,
      withdrawn: false,
      withdrawnAt: null,
      pinned: false,
      pinnedAt: null,
      pinnedBy: null,
    };
  }
  if (state === null) return state;
  switch (event.type) {
    case 'BoardMessageEdited':
      return {
        ...state,
        body: event.data.body,
        mentions: event.data.allMentions,
        everMentioned: [...new Set([...state.everMentioned, ...event.data.allMentions])],
        editedAt: event.at,
      };
    case 'BoardMessageWithdrawn':
      return { ...state, withdrawn: true, withdrawnAt: event.at };
    case 'BoardMessagePinned':
      return { ...state, pinned: true, pinnedAt: event.at, pinnedBy: event.actor };
    case 'BoardMessageUnpinned':
      return { ...state, pinned: false, pinnedAt: null, pinnedBy: null };
  }
};

export const boardMessageDecider: Decider<BoardMessageCommand, BoardMessageState, BoardMessageEvent> = {
  initialState: null,
  decide,
  evolve,
};
