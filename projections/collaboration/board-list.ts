import { boardMessageDecider, type BoardMessage } from '../../domain/collaboration/board-message.ts';
import type { StoredEvent } from '../../events/envelope.ts';
import type { BoardMessageEvent } from '../../events/collaboration/board-events.ts';
import type { Projection, ReadItem } from '../projection.ts';

/**
 * The tenant's board (`GET /v1/board/messages`, the dashboard's widget): one row per message, folded
 * with the decider's own `evolve`. Index keys (all carry the tenant):
 * - gsi1 `<tenant>#board`: the live messages that are not pinned, by `<postedAt>#<id>` (newest first
 *   read descending);
 * - gsi2 `<tenant>#board#pinned`: the pinned message (at most one: pins are serialised on the log),
 *   shown on top of the first page.
 * A withdrawn message leaves both; its own `GET`, `?asOf=` and `/history` still answer.
 */
export type BoardRow = BoardMessage;

export const boardIndexKeys = {
  board: (tenant: string) => `${tenant}#board`,
  pinned: (tenant: string) => `${tenant}#board#pinned`,
};

export const boardSortKey = (row: { readonly postedAt: string; readonly id: string }): string => `${row.postedAt}#${row.id}`;

const evolve = (row: BoardRow | null, stored: StoredEvent): BoardRow | null =>
  boardMessageDecider.evolve(row, { ...(stored as StoredEvent & BoardMessageEvent), actor: stored.meta.actor });

const rowFields = [
  'id',
  'authorId',
  'body',
  'mentions',
  'everMentioned',
  'postedAt',
  'editedAt',
  'withdrawn',
  'withdrawnAt',
  'pinned',
  'pinnedAt',
  'pinnedBy',
] as const satisfies readonly (keyof BoardRow)[];

const key = (tenant: string, id: string) => ({ pk: `${tenant}#board-message#${id}`, sk: 'list' });

export const boardListProjection: Projection<BoardRow> = {
  name: 'board-list',
  aggregateType: 'board-message',
  evolve,
  key,
  toItem(tenant, id, row, version): ReadItem {
    const live = !row.withdrawn;
    return {
      ...key(tenant, id),
      version,
      aggregateType: 'board-message',
      aggregateId: id,
      tenant,
      ...row,
      ...(live && !row.pinned ? { gsi1pk: boardIndexKeys.board(tenant), gsi1sk: boardSortKey(row) } : {}),
      ...(live && row.pinned ? { gsi2pk: boardIndexKeys.pinned(tenant), gsi2sk: boardSortKey(row) } : {}),
    };
  },
  fromItem(item) {
    return Object.fromEntries(rowFields.map((field) => [field, item[field]])) as unknown as BoardRow;
  },
};
