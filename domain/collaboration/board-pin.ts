import type { BoardPinEvent } from '../../events/collaboration/board-events.ts';
import type { Decider, Recorded } from '../shared/decider.ts';

/**
 * The tenant's pinned board message: a singleton stream (aggregate `board-pin`, id `board`) that every
 * pin and unpin appends to, so that two concurrent pins of different messages conflict on it and at
 * most one message is ever pinned. The messages' own streams record the same change for their history.
 */
export interface BoardPin {
  readonly messageId: string | null;
}

export const boardPinStream = { aggregateType: 'board-pin', aggregateId: 'board' } as const;

export type BoardPinCommand = { type: 'MovePin'; data: { messageId: string | null } };

export const boardPinDecider: Decider<BoardPinCommand, BoardPin, BoardPinEvent> = {
  initialState: { messageId: null },
  decide: (command, state) =>
    command.data.messageId === state.messageId ? [] : [{ type: 'BoardPinMoved', data: { messageId: command.data.messageId, previousId: state.messageId } }],
  evolve: (_state, event: Recorded<BoardPinEvent>) => ({ messageId: event.data.messageId }),
};
