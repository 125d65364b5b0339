import type { BoardMessage } from '../../domain/collaboration/board-message.ts';

/** A board message as its readers see it (contract/http/board.ts `BoardMessageView`). */
export const boardMessageView = (message: BoardMessage, version: number) => ({
  id: message.id,
  authorId: message.authorId,
  body: message.body,
  mentions: [...message.mentions],
  postedAt: message.postedAt,
  editedAt: message.editedAt,
  withdrawn: message.withdrawn,
  withdrawnAt: message.withdrawnAt,
  pinned: message.pinned,
  pinnedAt: message.pinnedAt,
  pinnedBy: message.pinnedBy,
  version,
});

export type BoardMessageView = ReturnType<typeof boardMessageView>;
