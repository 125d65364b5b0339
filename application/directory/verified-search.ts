import type { ReadModels } from '../ports/read-models.ts';
import { matchScore, queryTokens, type QueryTerm } from '../../domain/directory/search/tokens.ts';
import { MalformedInputError } from '../shared/errors.ts';
import { matchesFilters, type ListFilter } from './list-filters.ts';
import { pagedMatches, pagingTerm } from './paged-search.ts';
import { narrowCandidates } from './search-candidates.ts';

type Key = { pk: string; sk: string };

/** How one record kind is searched: its index partitions, its list item, who may see it, its name. */
export interface SearchableList<R, W> {
  readonly searchPartition: (prefix: string) => string;
  readonly listKey: (id: string) => Key;
  readonly fromItem: (item: Record<string, unknown>) => R;
  readonly id: (record: R) => string;
  /** Visibility and "mine": the same predicates as the domain policy. */
  readonly visible: (record: R) => boolean;
  /** The normalised name the list by name and the search index sort on. */
  readonly sortName: (record: R) => string;
  readonly toWire: (record: R, version: number) => W;
}

interface Found<R> {
  readonly id: string;
  readonly record: R;
  readonly version: number;
  readonly score: number;
  readonly name: string;
}

/**
 * Loads candidates' list items (once each, however often asked) and keeps those that match every
 * term, are visible to the caller and pass the list's filters — so a stale index entry never shows.
 */
const verifier = <R, W>(readModels: ReadModels, list: SearchableList<R, W>, terms: readonly QueryTerm[], filters: readonly ListFilter[]) => {
  const loaded = new Map<string, Promise<Found<R> | null>>();
  const check = (item: Record<string, unknown>): Found<R> | null => {
    const record = list.fromItem(item);
    const score = matchScore(item.searchTokens as string[], terms);
    return score !== null && list.visible(record) && matchesFilters(filters, item)
      ? { id: list.id(record), record, version: Number(item.version), score, name: list.sortName(record) }
      : null;
  };
  return async (ids: readonly string[]): Promise<Found<R>[]> => {
    const missing = [...new Set(ids.filter((id) => !loaded.has(id)))];
    if (missing.length > 0) {
      const batch = readModels.batchGet(missing.map(list.listKey)).then((items) => new Map(items.map((item) => [String(item.aggregateId), check(item)])));
      for (const id of missing) loaded.set(id, batch.then((byId) => byId.get(id) ?? null));
    }
    const results = await Promise.all(ids.map((id) => loaded.get(id)!));
    return results.filter((found): found is Found<R> => found !== null);
  };
};

/** Exact words first (higher score), then in the order of the list by name (byte order, as the index). */
const byRank = <R>(a: Found<R>, b: Found<R>) =>
  b.score - a.score || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/**
 * Search over a directory list. When a term is narrow (at most a few hundred records), the records of
 * the narrow terms are intersected and every one verified (`narrowCandidates`); when every term is
 * broad, one term's index entries are read page by page until `limit` records match
 * (`pagedMatches`) — the cost follows the page, not the tenant. Each candidate is verified against
 * its list item (every term, visibility, the list's filters); exact word matches first, then by name.
 * One page, no cursor: the best `limit` matches. Never a scan. A `q` without a word to search for is
 * malformed input (`MalformedInputError` on `q`).
 */
export const verifiedSearch = async <R, W>(
  readModels: ReadModels,
  list: SearchableList<R, W>,
  q: string,
  filters: readonly ListFilter[],
  limit: number,
  /** The tenant's default country: a number typed the national way is also read in it. */
  defaultCountry?: string | null,
): Promise<{ items: W[]; nextCursor: null }> => {
  const terms = queryTokens(q, defaultCountry ? { defaultCountry } : {});
  if (terms.length === 0) {
    throw new MalformedInputError('q has no word to search for (at least 2 letters or digits)', [{ path: 'q', message: 'too short' }]);
  }
  const verify = verifier(readModels, list, terms, filters);
  const narrow = await narrowCandidates(readModels, list.searchPartition, terms);
  const found = narrow !== null ? await verify(narrow) : await pagedMatches(readModels, list.searchPartition, pagingTerm(terms), verify, limit);
  found.sort(byRank);
  return { items: found.slice(0, limit).map((f) => list.toWire(f.record, f.version)), nextCursor: null };
};
