import { describe, expect, it } from 'vitest';
import { boardMessageDecider } from '../../../domain/collaboration/board-message.ts';
import { boardPinDecider } from '../../../domain/collaboration/board-pin.ts';
import { mentionCandidates } from '../../../domain/collaboration/mentions.ts';
import type { Actor } from '../../../domain/shared/actor.ts';
import type { BoardMessageEvent } from '../../../events/collaboration/board-events.ts';
import { deciderSpec, type GivenEvent } from '../../support/decider-spec.ts';

const now = '2030-05-14T09:00:00.000Z';
const actor = (userId: string, role: Actor['role'] = 'standard'): Actor => ({ tenant: 'acme', userId, role, groups: [] });
const olga = actor('olga');
const tom = actor('tom');
const mara = actor('mara', 'manager');
const ada = actor('ada', 'admin');
const rita = actor('rita', 'restricted');

const spec = deciderSpec(boardMessageDecider, { actor: olga, now });

const posted = (mentions: string[] = ['tom']): GivenEvent<BoardMessageEvent> => ({
  type: 'BoardMessagePosted',
  data: { messageId: 'm1', authorId: 'olga', body: 'Ciao @tom', mentions },
});
const pinned: GivenEvent<BoardMessageEvent> = { type: 'BoardMessagePinned', data: { messageId: 'm1', replaces: null }, actor: 'mara' };
const withdrawn: GivenEvent<BoardMessageEvent> = { type: 'BoardMessageWithdrawn', data: { messageId: 'm1' } };

describe('board message decider', () => {
  it('posts a message with its mentions, never the author, each once', () => {
    spec
      .given([])
      .when({ type: 'PostBoardMessage', data: { messageId: 'm1', body: '  Ciao @tom @olga @tom ', mentions: ['tom', 'olga', 'tom'] } })
      .then([{ type: 'BoardMessagePosted', data: { messageId: 'm1', authorId: 'olga', body: 'Ciao @tom @olga @tom', mentions: ['tom'] } }])
      .andState({ authorId: 'olga', pinned: false, withdrawn: false, postedAt: now });
  });

  it('refuses a blank body naming it', () => {
    spec.given([]).when({ type: 'PostBoardMessage', data: { messageId: 'm1', body: '   ', mentions: [] } }).thenThrows('invalid', { path: 'body' });
  });

  it('an edit by the author records the new body and notifies only users not mentioned before', () => {
    spec
      .given([posted()])
      .when({ type: 'EditBoardMessage', data: { body: 'Ciao @tom e @sam', mentions: ['tom', 'sam'] } })
      .then([{ type: 'BoardMessageEdited', data: { messageId: 'm1', authorId: 'olga', body: 'Ciao @tom e @sam', mentions: ['sam'], allMentions: ['tom', 'sam'] } }])
      .andState({ body: 'Ciao @tom e @sam', mentions: ['tom', 'sam'], everMentioned: ['tom', 'sam'], editedAt: now });
  });

  it('an edit that changes nothing records nothing', () => {
    spec.given([posted()]).when({ type: 'EditBoardMessage', data: { body: 'Ciao @tom', mentions: ['tom'] } }).thenNothing();
  });

  it('only the author edits or withdraws, administrators included', () => {
    spec.as(tom).given([posted()]).when({ type: 'EditBoardMessage', data: { body: 'x', mentions: [] } }).thenThrows('forbidden');
    spec.as(ada).given([posted()]).when({ type: 'WithdrawBoardMessage', data: {} }).thenThrows('forbidden');
  });

  it('withdraws: a pinned message is unpinned in the same decision; a withdrawn one refuses changes', () => {
    spec
      .given([posted(), pinned])
      .when({ type: 'WithdrawBoardMessage', data: {} })
      .then([
        { type: 'BoardMessageWithdrawn', data: { messageId: 'm1' } },
        { type: 'BoardMessageUnpinned', data: { messageId: 'm1', replacedBy: null, reason: 'withdrawn' } },
      ])
      .andState({ withdrawn: true, pinned: false });
    spec.given([posted(), withdrawn]).when({ type: 'EditBoardMessage', data: { body: 'x', mentions: [] } }).thenThrows('conflict');
    spec.given([posted(), withdrawn]).when({ type: 'WithdrawBoardMessage', data: {} }).thenThrows('conflict');
  });

  it('administrators and managers pin and unpin; others get forbidden', () => {
    spec
      .as(mara)
      .given([posted()])
      .when({ type: 'PinBoardMessage', data: { replaces: 'm0' } })
      .then([{ type: 'BoardMessagePinned', data: { messageId: 'm1', replaces: 'm0' } }])
      .andState({ pinned: true, pinnedBy: 'mara', pinnedAt: now });
    spec.as(olga).given([posted()]).when({ type: 'PinBoardMessage', data: { replaces: null } }).thenThrows('forbidden');
    spec.as(rita).given([posted(), pinned]).when({ type: 'UnpinBoardMessage', data: { replacedBy: null } }).thenThrows('forbidden');
    spec
      .as(ada)
      .given([posted(), pinned])
      .when({ type: 'UnpinBoardMessage', data: { replacedBy: 'm2' } })
      .then([{ type: 'BoardMessageUnpinned', data: { messageId: 'm1', replacedBy: 'm2', reason: 'replaced' } }]);
  });

  it('pinning a pinned message, or unpinning an unpinned one, records nothing; a withdrawn message cannot be pinned', () => {
    spec.as(mara).given([posted(), pinned]).when({ type: 'PinBoardMessage', data: { replaces: null } }).thenNothing();
    spec.as(mara).given([posted()]).when({ type: 'UnpinBoardMessage', data: { replacedBy: null } }).thenNothing();
    spec.as(mara).given([posted(), withdrawn]).when({ type: 'PinBoardMessage', data: { replaces: null } }).thenThrows('conflict');
  });
});

describe('board pin singleton', () => {
  const pinSpec = deciderSpec(boardPinDecider, { actor: mara, now });

  it('moves the pin from the previous message, and records nothing when it stays', () => {
    pinSpec
      .given([{ type: 'BoardPinMoved', data: { messageId: 'm1', previousId: null } }])
      .when({ type: 'MovePin', data: { messageId: 'm2' } })
      .then([{ type: 'BoardPinMoved', data: { messageId: 'm2', previousId: 'm1' } }])
      .andState({ messageId: 'm2' });
    pinSpec.given([{ type: 'BoardPinMoved', data: { messageId: 'm1', previousId: null } }]).when({ type: 'MovePin', data: { messageId: 'm1' } }).thenNothing();
    pinSpec.given([]).when({ type: 'MovePin', data: { messageId: null } }).thenNothing();
  });
});

describe('mention candidates', () => {
  it('finds @ids at word starts, each once in order, and not in e-mail addresses', () => {
    expect(mentionCandidates('@tom ciao @sam-1, (@tom) scrivi a anna@example.com e @ada.')).toEqual(['tom', 'sam-1', 'ada']);
    expect(mentionCandidates('nessuno @ qui')).toEqual([]);
  });
});
