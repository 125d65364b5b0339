import type { ReadItem } from '../projection.ts';

/** Code points of the record's sort name kept in an index sort key: enough to order, short enough for any token. */
const SORT_NAME_CHARS = 80;

/**
 * The sort key of one search index item: `<token>#<sort name>#<record id>`. Within a token the
 * entries run in the order of the list by name, and every entry equal to a token (`<token>#…`) sorts
 * before the longer tokens it begins ("#" is below every letter and digit). So reading a prefix's
 * entries page by page yields exact words first, by name — a search for a word shared by thousands
 * of records can stop after the first page (application/directory/paged-search.ts).
 */
export const searchIndexSortKey = (token: string, sortName: string, id: string): string =>
  `${token}#${[...(sortName || '~')].slice(0, SORT_NAME_CHARS).join('')}#${id}`;

/**
 * A record's search index items: one per token, in the partition of the token's bucket. Kept apart
 * from the list item (which carries the full token list the search verifies against), so a stale
 * index item is never shown.
 */
export const searchIndexItems = (
  aggregateType: string,
  partitionOf: (tenant: string, token: string) => string,
  tenant: string,
  id: string,
  tokens: readonly string[],
  sortName: string,
): ReadItem[] =>
  tokens.map((token) => ({
    pk: partitionOf(tenant, token),
    sk: searchIndexSortKey(token, sortName, id),
    version: 0,
    aggregateType,
    aggregateId: id,
    tenant,
  }));
