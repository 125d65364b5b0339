import type { ReadModels } from '../ports/read-models.ts';
import { lookupPrefix, type QueryTerm } from '../../domain/directory/search/tokens.ts';

/** Record ids one query term may read before it counts as broad. */
const probeCap = 200;
/** Candidates a duplicate check verifies at most when every term is broad. */
const maxCandidates = 2_000;

/** The record ids whose tokens begin with one of the prefixes, up to `cap`; `complete` when none were left out. */
const idsFor = async (readModels: ReadModels, partitionOf: (prefix: string) => string, prefixes: readonly string[], cap: number) => {
  const ids = new Set<string>();
  for (const prefix of new Set(prefixes.map(lookupPrefix))) {
    if (ids.size > cap) return { ids, complete: false };
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await readModels.query({
        index: undefined,
        partitionKey: { name: 'pk', value: partitionOf(prefix) },
        sortKeyPrefix: { name: 'sk', value: prefix },
        newestFirst: false,
        limit: Math.min(500, cap - ids.size + 1),
        ...(startKey ? { startKey } : {}),
      });
      for (const item of page.items) ids.add(String(item.aggregateId));
      startKey = page.lastKey;
    } while (startKey && ids.size <= cap);
    if (startKey) return { ids, complete: false };
  }
  return { ids, complete: ids.size <= cap };
};

/**
 * The records matching every term, when at least one term is narrow: each term is probed (one
 * `Query` per prefix, in parallel), stopping after a few hundred records; the terms that came back
 * complete are intersected — the distinctive word of a name decides, however common the others are.
 * `null` when every term is broad (the caller pages through one term instead: paged-search.ts).
 */
export const narrowCandidates = async (
  readModels: ReadModels,
  partitionOf: (prefix: string) => string,
  terms: readonly QueryTerm[],
): Promise<string[] | null> => {
  const probes = await Promise.all(terms.map((term) => idsFor(readModels, partitionOf, term.prefixes, probeCap)));
  const complete = probes.filter((p) => p.complete).sort((a, b) => a.ids.size - b.ids.size);
  if (complete.length === 0) return null;
  return [...complete[0]!.ids].filter((id) => complete.every((p) => p.ids.has(id)));
};

/**
 * Every record a duplicate check must look at, from a directory search index: the narrow candidates,
 * or when every term is broad up to `maxCandidates` records of the first term. The caller verifies
 * each on its list item. Never a scan.
 */
export const searchCandidates = async (
  readModels: ReadModels,
  partitionOf: (prefix: string) => string,
  terms: readonly QueryTerm[],
): Promise<string[]> =>
  (await narrowCandidates(readModels, partitionOf, terms)) ??
  [...(await idsFor(readModels, partitionOf, terms[0]?.prefixes ?? [], maxCandidates)).ids];
