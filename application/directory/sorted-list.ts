import type { IndexQuery, ReadModels } from '../ports/read-models.ts';
import { readModelsTable } from '../../contract/tables.ts';
import { decodeCursor, encodeCursor } from '../shared/cursor.ts';

const [byNameIndex, byUpdateIndex] = readModelsTable.globalSecondaryIndexes;

/**
 * Rows evaluated per request under a filter: a rare value (`?tag=X` over 8.5k companies) fills the
 * page within the store's read budget (10 requests, 200 read units) rather than answering empty
 * pages with a cursor.
 */
const filteredReadAhead = 100;

/**
 * One page of a directory list: by name on gsi1 (A→Z) or by last change on gsi2 (newest first), with
 * the list's filter expression and an opaque cursor bound to the partition it came from (another is
 * refused as a `MalformedInputError` on `cursor`).
 */
export const sortedListPage = async <T>(
  readModels: ReadModels,
  options: {
    readonly sort: 'name' | 'updated';
    readonly partitions: { readonly byName: string; readonly byUpdate: string };
    readonly filter: IndexQuery['filter'] | undefined;
    readonly limit: number;
    readonly cursor: string | undefined;
    readonly toItem: (item: Record<string, unknown>) => T;
  },
): Promise<{ items: T[]; nextCursor: string | null }> => {
  const byName = options.sort === 'name';
  const index = byName ? byNameIndex! : byUpdateIndex!;
  const partitionKey = { name: index.partitionKey.name, value: byName ? options.partitions.byName : options.partitions.byUpdate };
  const page = await readModels.query({
    index: index.indexName,
    partitionKey,
    ...(options.filter ? { filter: options.filter } : {}),
    newestFirst: !byName,
    limit: options.limit,
    startKey: decodeCursor(options.cursor, partitionKey),
    ...(options.filter
      ? {
          readAhead: {
            rows: filteredReadAhead,
            keyOf: (item: Record<string, unknown>) => ({
              [readModelsTable.partitionKey.name]: item[readModelsTable.partitionKey.name],
              [readModelsTable.sortKey.name]: item[readModelsTable.sortKey.name],
              [index.partitionKey.name]: item[index.partitionKey.name],
              [index.sortKey.name]: item[index.sortKey.name],
            }),
          },
        }
      : {}),
  });
  return { items: page.items.map(options.toItem), nextCursor: encodeCursor(page.lastKey) };
};
