import type { z } from 'zod';
import type { IndexQuery, ReadModelStore } from '../../../adapters/dynamodb/read-model-store.ts';
import type { LeadListQuery } from '../../../contract/http/leads.ts';
import { canSeeLead, isMyLead, type Lead } from '../../../domain/directory/lead.ts';
import { normaliseName } from '../../../domain/directory/search/normalise.ts';
import { matchScore, queryTokens } from '../../../domain/directory/search/tokens.ts';
import type { Actor } from '../../../domain/shared/actor.ts';
import { foldedText, leadIndexKeys, leadListProjection } from '../../../projections/directory/lead-list.ts';
import { badRequest } from '../../shared/problem.ts';
import { leadListItem } from './lead-wire.ts';
import { searchCandidates } from './search-candidates.ts';
import { sortedListPage } from './sorted-list.ts';
import { asFilter, customFieldListFilters, filterParts, matchesFilters, type ListFilter } from './list-filters.ts';

type Query = z.output<typeof LeadListQuery>;


/** The filters, as given (blank ones are ignored), in the folded form the list item stores. */
const filtersOf = (query: Query): ListFilter[] => {
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

const filterExpression = (actor: Actor, query: Query): IndexQuery['filter'] | undefined => {
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
const searchLeads = async (readModels: ReadModelStore, actor: Actor, query: Query, q: string) => {
  const terms = queryTokens(q);
  if (terms.length === 0) {
    throw badRequest('q has no word to search for (at least 2 letters or digits)', [{ path: 'query.q', message: 'too short' }]);
  }
  const filters = filtersOf(query);
  const ids = await searchCandidates(readModels, (prefix) => leadIndexKeys.search(actor.tenant, prefix), terms);
  const items = await readModels.batchGet(ids.map((id) => leadListProjection.key(actor.tenant, id)));
  const found = items.flatMap((item) => {
    const lead = leadListProjection.fromItem(item);
    const score = matchScore(item.searchTokens as string[], terms);
    const visible = canSeeLead(actor, lead) && (!query.mine || isMyLead(actor, lead));
    return score !== null && visible && matchesFilters(filters, item) ? [{ lead, version: Number(item.version), score }] : [];
  });
  const sortName = (lead: Lead) => normaliseName(lead.profile.companyName);
  found.sort((a, b) => b.score - a.score || sortName(a.lead).localeCompare(sortName(b.lead)) || a.lead.id.localeCompare(b.lead.id));
  return { items: found.slice(0, query.limit).map((f) => leadListItem(f.lead, f.version)), nextCursor: null };
};

export const listLeads = async (readModels: ReadModelStore, actor: Actor, query: Query) => {
  if (query.q !== undefined) return searchLeads(readModels, actor, query, query.q);
  return sortedListPage(readModels, {
    sort: query.sort,
    partitions: { byName: leadIndexKeys.byName(actor.tenant), byUpdate: leadIndexKeys.byUpdate(actor.tenant) },
    filter: filterExpression(actor, query),
    limit: query.limit,
    cursor: query.cursor,
    toItem: (row) => leadListItem(leadListProjection.fromItem(row), Number(row.version)),
  });
};
