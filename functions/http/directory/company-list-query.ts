import type { z } from 'zod';
import type { IndexQuery, ReadModelStore } from '../../../adapters/dynamodb/read-model-store.ts';
import type { CompanyListQuery } from '../../../contract/http/companies.ts';
import type { Company } from '../../../domain/directory/company.ts';
import { canSeeOwned, isMine } from '../../../domain/directory/company-policy.ts';
import { normaliseName } from '../../../domain/directory/search/normalise.ts';
import { matchScore, queryTokens } from '../../../domain/directory/search/tokens.ts';
import type { Actor } from '../../../domain/shared/actor.ts';
import { companyIndexKeys, companyListProjection } from '../../../projections/directory/company-list.ts';
import { badRequest } from '../../shared/problem.ts';
import { companyListItem } from './company-wire.ts';
import { searchCandidates } from './search-candidates.ts';
import { sortedListPage } from './sorted-list.ts';
import { customFieldListFilters, matchesFilters as matchesListFilters } from './list-filters.ts';

type Query = z.output<typeof CompanyListQuery>;


const folded = (text: string) => text.normalize('NFKD').replace(/\p{M}/gu, '').toLocaleLowerCase('und');

/**
 * The filters of the company list, twice over the same fields: as a DynamoDB filter expression for the
 * index-ordered lists, and as a predicate for search candidates (already in memory).
 */
const filterExpression = (actor: Actor, query: Query): IndexQuery['filter'] | undefined => {
  const parts: string[] = [];
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  const add = (attribute: string, value: unknown, test: (n: string, v: string) => string) => {
    const n = `#f${parts.length}`;
    const v = `:f${parts.length}`;
    names[n] = attribute;
    values[v] = value;
    parts.push(test(n, v));
  };
  const equals = (n: string, v: string) => `${n} = ${v}`;
  const contains = (n: string, v: string) => `contains(${n}, ${v})`;
  if (query.kind) add('kind', query.kind, equals);
  if (query.tag) add('tags', folded(query.tag), contains);
  if (query.category) add('categories', folded(query.category), contains);
  if (query.segment) add('segments', folded(query.segment), contains);
  if (query.area) add('area', folded(query.area), equals);
  if (query.city) add('cities', folded(query.city), contains);
  if (query.manager) add('accountManagers', query.manager, contains);
  if (query.status) add('status', query.status, equals);
  for (const filter of customFieldListFilters(query)) add(filter.attribute, filter.value, contains);
  const mine = '(#ru = :me OR contains(#am, :me))';
  if (query.mine || actor.role === 'restricted') {
    names['#ru'] = 'responsibleUserId';
    names['#am'] = 'accountManagers';
    values[':me'] = actor.userId;
  }
  if (query.mine) parts.push(mine);
  if (actor.role === 'restricted') {
    names['#as'] = 'assigned';
    values[':false'] = false;
    parts.push(`(${mine} OR #as = :false)`);
  }
  return parts.length ? { expression: parts.join(' AND '), names, values } : undefined;
};

const matchesFilters = (actor: Actor, query: Query, company: Company): boolean => {
  const { profile } = company;
  const has = (list: readonly string[], value: string | undefined) => value === undefined || list.map(folded).includes(folded(value));
  return (
    canSeeOwned(actor, company) &&
    (query.kind === undefined || profile.kind === query.kind) &&
    has(profile.tags, query.tag) &&
    has(profile.categories, query.category) &&
    has(profile.segments, query.segment) &&
    (query.area === undefined || (profile.area !== null && folded(profile.area) === folded(query.area))) &&
    has(profile.addresses.flatMap((a) => (a.city ? [a.city] : [])), query.city) &&
    (query.manager === undefined || company.accountManagers.includes(query.manager)) &&
    (query.status === undefined || company.status === query.status) &&
    (!query.mine || isMine(actor, company))
  );
};

/**
 * Search: every query term is looked up in the token index (one `Query` per prefix, in parallel),
 * each stopping after a few hundred records; the terms that came back complete are intersected — the
 * distinctive word of a name decides, however common the others are. Every candidate is then verified
 * against its list item (all terms, visibility, filters) and ranked: exact words first, then by name.
 * Only when every term is broad are up to `maxCandidates` records of one term verified. Never a scan.
 */
const searchCompanies = async (readModels: ReadModelStore, actor: Actor, query: Query, q: string) => {
  const terms = queryTokens(q);
  if (terms.length === 0) {
    throw badRequest('q has no word to search for (at least 2 letters or digits)', [{ path: 'query.q', message: 'too short' }]);
  }
  const ids = await searchCandidates(readModels, (prefix) => companyIndexKeys.search(actor.tenant, prefix), terms);
  const items = await readModels.batchGet(ids.map((id) => companyListProjection.key(actor.tenant, id)));
  const found = items.flatMap((item) => {
    const company = companyListProjection.fromItem(item);
    const score = matchScore(item.searchTokens as string[], terms);
    return score !== null && matchesFilters(actor, query, company) && matchesListFilters(customFieldListFilters(query), item) ? [{ company, version: Number(item.version), score }] : [];
  });
  found.sort(
    (a, b) =>
      b.score - a.score ||
      normaliseName(a.company.profile.legalName).localeCompare(normaliseName(b.company.profile.legalName)) ||
      a.company.id.localeCompare(b.company.id),
  );
  return { items: found.slice(0, query.limit).map((f) => companyListItem(f.company, f.version)), nextCursor: null };
};

export const listCompanies = async (readModels: ReadModelStore, actor: Actor, query: Query) => {
  if (query.q !== undefined) return searchCompanies(readModels, actor, query, query.q);
  return sortedListPage(readModels, {
    sort: query.sort,
    partitions: { byName: companyIndexKeys.byName(actor.tenant), byUpdate: companyIndexKeys.byUpdate(actor.tenant) },
    filter: filterExpression(actor, query),
    limit: query.limit,
    cursor: query.cursor,
    toItem: (row) => companyListItem(companyListProjection.fromItem(row), Number(row.version)),
  });
};
