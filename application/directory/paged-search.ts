import type { ReadModels } from '../ports/read-models.ts';
import { lookupPrefix, type QueryTerm } from '../../domain/directory/search/tokens.ts';

/** Index entries one prefix reads at most for one search (a restricted user's or a filtered search's bound). */
const entriesPerPrefix = 2_000;
/** The largest page after doubling: one `Query` of small index items, well under 1 MB. */
const maxPage = 400;

/**
 * The term a broad search pages through: the one whose shortest prefix is longest — the most
 * selective of the broad terms. The other terms are verified on each candidate.
 */
export const pagingTerm = (terms: readonly QueryTerm[]): QueryTerm =>
  [...terms].sort((a, b) => shortest(b) - shortest(a))[0]!;

const shortest = (term: QueryTerm) => Math.min(...term.prefixes.map((p) => p.length));

/**
 * The matches of a search whose every term is broad (a word shared by thousands of records, like
 * "costruzioni"), read page by page instead of all at once, so its cost follows `limit`, not the
 * size of the tenant. Each prefix of the paging term is read in index order — exact words first, by
 * name, then longer words (search-index.ts) — and its entries are verified (`verify`: every term,
 * visibility, filters) until `limit` of them match, the prefix ends or `entriesPerPrefix` were read.
 * The prefixes run in parallel and share `verify`, which loads each record once.
 *
 * For one term this returns the same best `limit` records as verifying every candidate: a record
 * ranked by an exact word is preceded in that word's entries only by records ranked at least as high.
 * Records found by a longer word alone (a prefix match) come in the order of their words.
 */
export const pagedMatches = async <F extends { readonly id: string }>(
  readModels: ReadModels,
  partitionOf: (prefix: string) => string,
  term: QueryTerm,
  verify: (ids: readonly string[]) => Promise<F[]>,
  limit: number,
): Promise<F[]> => {
  const perPrefix = await Promise.all(
    [...new Set(term.prefixes.map(lookupPrefix))].map(async (prefix) => {
      const seen = new Set<string>();
      const hits: F[] = [];
      let startKey: Record<string, unknown> | undefined;
      let pageSize = limit + 5;
      do {
        const page = await readModels.query({
          index: undefined,
          partitionKey: { name: 'pk', value: partitionOf(prefix) },
          sortKeyPrefix: { name: 'sk', value: prefix },
          newestFirst: false,
          limit: pageSize,
          ...(startKey ? { startKey } : {}),
        });
        const fresh = page.items.map((item) => String(item.aggregateId)).filter((id) => !seen.has(id));
        for (const id of fresh) seen.add(id);
        hits.push(...(await verify(fresh)));
        startKey = page.lastKey;
        pageSize = Math.min(pageSize * 2, maxPage);
      } while (startKey && hits.length < limit && seen.size < entriesPerPrefix);
      return hits;
    }),
  );
  return [...new Map(perPrefix.flat().map((found) => [found.id, found])).values()];
};
