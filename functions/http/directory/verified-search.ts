import type { ReadModelStore } from '../../../adapters/dynamodb/read-model-store.ts';
import { matchScore, queryTokens } from '../../../domain/directory/search/tokens.ts';
import { badRequest } from '../../shared/problem.ts';
import { matchesFilters, type ListFilter } from './list-filters.ts';
import { searchCandidates } from './search-candidates.ts';

type Key = { pk: string; sk: string };

/** How one record kind is searched: its index partitions, its list item, who may see it, its name. */
export interface SearchableList<R, W> {
  readonly searchPartition: (prefix: string) => string;
  readonly listKey: (id: string) => Key;
  readonly fromItem: (item: Record<string, unknown>) => R;
  readonly id: (record: R) => string;
  /** Visibility and "mine": the same predicates as the domain policy. */
  readonly visible: (record: R) => boolean;
  readonly sortName: (record: R) => string;
  readonly toWire: (record: R, version: number) => W;
}

/**
 * Search over a directory list: the candidates from the token index (`searchCandidates`), each
 * verified against its list item (every term, visibility, the list's filters), exact word matches
 * first, then by name. One page, no cursor: the best `limit` matches.
 */
export const verifiedSearch = async <R, W>(
  readModels: ReadModelStore,
  list: SearchableList<R, W>,
  q: string,
  filters: readonly ListFilter[],
  limit: number,
): Promise<{ items: W[]; nextCursor: null }> => {
  const terms = queryTokens(q);
  if (terms.length === 0) {
    throw badRequest('q has no word to search for (at least 2 letters or digits)', [{ path: 'query.q', message: 'too short' }]);
  }
  const ids = await searchCandidates(readModels, list.searchPartition, terms);
  const items = await readModels.batchGet(ids.map(list.listKey));
  const found = items.flatMap((item) => {
    const record = list.fromItem(item);
    const score = matchScore(item.searchTokens as string[], terms);
    return score !== null && list.visible(record) && matchesFilters(filters, item) ? [{ record, version: Number(item.version), score }] : [];
  });
  found.sort(
    (a, b) =>
      b.score - a.score || list.sortName(a.record).localeCompare(list.sortName(b.record)) || list.id(a.record).localeCompare(list.id(b.record)),
  );
  return { items: found.slice(0, limit).map((f) => list.toWire(f.record, f.version)), nextCursor: null };
};
