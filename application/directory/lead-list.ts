import type { IndexQuery, ReadModels } from '../ports/read-models.ts';
import { canSeeLead, isMyLead, type Lead } from '../../domain/directory/lead-state.ts';
import { normaliseName } from '../../domain/directory/search/names.ts';
import type { Actor } from '../../domain/shared/actor.ts';
import { foldedText, leadIndexKeys, leadListProjection } from '../../projections/directory/lead-list.ts';
import { leadListItem } from './lead-view.ts';
import type { LeadListFilter, LeadListQuery as Query, ListPaging } from './list-queries.ts';
import { verifiedSearch } from './verified-search.ts';
import { sortedListPage } from './sorted-list.ts';
import { asFilter, customFieldListFilters, filterParts, type ListFilter } from './list-filters.ts';

/** The filters, as given (blank ones are ignored), in the folded form the list item stores. */
const filtersOf = (query: LeadListFilter): ListFilter[] => {
  const filters: ListFilter[] = [];
  const add = (attribute: string, raw: string | undefined, test: ListFilter['test'], fold = foldedText) => {
    const value = raw === undefined ? '' : fold(raw);
    if (value !== '') filters.push({ attribute, value, test });
  };
  add('stage', query.stage, 'equals');
  add('source', query.source, 'equals');
  add('tags', query.tag, 'member');
  add('ownerId', query.owner, 'equals', (v) => v.trim());
  filters.push(...customFieldListFilters(query));
  return filters;
};

const filterExpression = (actor: Actor, query: LeadListFilter): IndexQuery['filter'] | undefined => {
  const expression = filterParts(filtersOf(query));
  const { parts, names, values } = expression;
  if (query.mine || actor.role === 'restricted') {
    names['#ow'] = 'ownerId';
    values[':me'] = actor.userId;
  }
  if (query.mine) parts.push('#ow = :me');
  if (actor.role === 'restricted') {
    names['#as'] = 'assigned';
    values[':false'] = false;
    parts.push('(#ow = :me OR #as = :false)');
  }
  return asFilter(expression);
};


/** Search, as for companies and contacts: the candidates from the token index, each verified. */
const searchLeads = (readModels: ReadModels, actor: Actor, query: Query, q: string, defaultCountry: string | null) =>
  verifiedSearch(
    readModels,
    {
      searchPartition: (prefix) => leadIndexKeys.search(actor.tenant, prefix),
      listKey: (id) => leadListProjection.key(actor.tenant, id),
      fromItem: leadListProjection.fromItem,
      id: (lead: Lead) => lead.id,
      visible: (lead) => canSeeLead(actor, lead) && (!query.mine || isMyLead(actor, lead)),
      sortName: (lead) => normaliseName(lead.profile.companyName),
      toWire: leadListItem,
    },
    q,
    filtersOf(query),
    query.limit,
    defaultCountry,
  );

/**
 * One page of the list by name or by last change, as whole records (a list item holds its record): the
 * list's filters and visibility, what an export writes page by page.
 */
export const leadRecordsPage = (readModels: ReadModels, actor: Actor, query: LeadListFilter & ListPaging) =>
  sortedListPage(readModels, {
    sort: query.sort,
    partitions: { byName: leadIndexKeys.byName(actor.tenant), byUpdate: leadIndexKeys.byUpdate(actor.tenant) },
    filter: filterExpression(actor, query),
    limit: query.limit,
    cursor: query.cursor,
    toItem: (row) => ({ record: leadListProjection.fromItem(row), version: Number(row.version) }),
  });

/** `defaultCountry`: the tenant's, for numbers typed the national way in `q`. */
export const listLeads = async (readModels: ReadModels, actor: Actor, query: Query, defaultCountry: string | null = null) => {
  if (query.q !== undefined) return searchLeads(readModels, actor, query, query.q, defaultCountry);
  const page = await leadRecordsPage(readModels, actor, query);
  return { items: page.items.map(({ record, version }) => leadListItem(record, version)), nextCursor: page.nextCursor };
};
