import type { IndexQuery, ReadModels } from '../ports/read-models.ts';
import type { Company } from '../../domain/directory/company.ts';
import { canSeeOwned, isMine } from '../../domain/directory/company-policy.ts';
import { normaliseName } from '../../domain/directory/search/names.ts';
import type { Actor } from '../../domain/shared/actor.ts';
import { companyIndexKeys, companyListProjection, foldedFilterValue } from '../../projections/directory/company-list.ts';
import { companyListItem } from './company-view.ts';
import type { CompanyListFilter, CompanyListQuery as Query, ListPaging } from './list-queries.ts';
import { verifiedSearch } from './verified-search.ts';
import { sortedListPage } from './sorted-list.ts';
import { customFieldListFilters } from './list-filters.ts';

/** The fold the list items store (so `?city=lodz` finds "Łódź", as on contacts). */
const folded = foldedFilterValue;

/**
 * The filters of the company list, twice over the same fields: as a DynamoDB filter expression for the
 * index-ordered lists, and as a predicate for search candidates (already in memory).
 */
const filterExpression = (actor: Actor, query: CompanyListFilter): IndexQuery['filter'] | undefined => {
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

const matchesFilters = (actor: Actor, query: CompanyListFilter, company: Company): boolean => {
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

/** Search through the company token index (see verified-search.ts); filters and visibility as the list's. */
const searchCompanies = (readModels: ReadModels, actor: Actor, query: Query, q: string, defaultCountry: string | null) =>
  verifiedSearch(
    readModels,
    {
      searchPartition: (prefix) => companyIndexKeys.search(actor.tenant, prefix),
      listKey: (id) => companyListProjection.key(actor.tenant, id),
      fromItem: companyListProjection.fromItem,
      id: (company) => company.id,
      visible: (company) => matchesFilters(actor, query, company),
      sortName: (company) => normaliseName(company.profile.legalName),
      toWire: companyListItem,
    },
    q,
    customFieldListFilters(query),
    query.limit,
    defaultCountry,
  );

/**
 * One page of the list by name or by last change, as whole records (a list item holds its record): the
 * list's filters and visibility, what an export writes page by page.
 */
export const companyRecordsPage = (readModels: ReadModels, actor: Actor, query: CompanyListFilter & ListPaging) =>
  sortedListPage(readModels, {
    sort: query.sort,
    partitions: { byName: companyIndexKeys.byName(actor.tenant), byUpdate: companyIndexKeys.byUpdate(actor.tenant) },
    filter: filterExpression(actor, query),
    limit: query.limit,
    cursor: query.cursor,
    toItem: (row) => ({ record: companyListProjection.fromItem(row), version: Number(row.version) }),
  });

/** `defaultCountry`: the tenant's, for numbers typed the national way in `q`. */
export const listCompanies = async (readModels: ReadModels, actor: Actor, query: Query, defaultCountry: string | null = null) => {
  if (query.q !== undefined) return searchCompanies(readModels, actor, query, query.q, defaultCountry);
  const page = await companyRecordsPage(readModels, actor, query);
  return { items: page.items.map(({ record, version }) => companyListItem(record, version)), nextCursor: page.nextCursor };
};
