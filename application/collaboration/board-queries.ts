import { readModelsTable } from '../../contract/tables.ts';
import type { Actor } from '../../domain/shared/actor.ts';
import { boardIndexKeys, boardListProjection } from '../../projections/collaboration/board-list.ts';
import type { ApplicationDependencySource } from '../ports/application-dependencies.ts';
import { decodeCursor, encodeCursor } from '../shared/cursor.ts';
import { boardMessageView, type BoardMessageView } from './board-message-view.ts';

const [gsi1, gsi2] = readModelsTable.globalSecondaryIndexes;

export interface BoardPage {
  readonly items: BoardMessageView[];
  readonly nextCursor: string | null;
}

const viewOf = (item: Record<string, unknown>): BoardMessageView => boardMessageView(boardListProjection.fromItem(item), Number(item.version));

/**
 * The board, newest first, the pinned message on top of the first page (API.md lists; eventually
 * consistent, as every list — a message's own GET is not). The first page is two reads in parallel,
 * the pinned partition (at most one row) and the page of the others; the next pages only the others.
 * `limit` counts the others: the first page may hold one message more. Every user of the tenant reads
 * the same board, so nothing is filtered.
 */
export const boardQueries = (dependencies: ApplicationDependencySource) => ({
  listMessages: async (actor: Actor, query: { readonly limit: number; readonly cursor?: string | undefined }): Promise<BoardPage> => {
    const { readModels } = dependencies();
    const partitionKey = { name: gsi1!.partitionKey.name, value: boardIndexKeys.board(actor.tenant) };
    const startKey = decodeCursor(query.cursor, partitionKey);
    const [pinned, page] = await Promise.all([
      startKey
        ? undefined
        : readModels.query({ index: gsi2!.indexName, partitionKey: { name: gsi2!.partitionKey.name, value: boardIndexKeys.pinned(actor.tenant) }, newestFirst: true, limit: 1 }),
      readModels.query({ index: gsi1!.indexName, partitionKey, newestFirst: true, limit: query.limit, ...(startKey ? { startKey } : {}) }),
    ]);
    return { items: [...(pinned?.items ?? []), ...page.items].map(viewOf), nextCursor: encodeCursor(page.lastKey) };
  },
});

export type BoardQueries = ReturnType<typeof boardQueries>;
