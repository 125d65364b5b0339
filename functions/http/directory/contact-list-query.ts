import type { z } from 'zod';
import type { IndexQuery, ReadModelStore } from '../../../adapters/dynamodb/read-model-store.ts';
import type { ContactListQuery } from '../../../contract/http/contacts.ts';
import { canSeeContact, isMyContact } from '../../../domain/directory/contact-policy.ts';
import { parsePhone } from '../../../domain/directory/search/normalise.ts';
import { matchScore, queryTokens } from '../../../domain/directory/search/tokens.ts';
import type { Actor } from '../../../domain/shared/actor.ts';
import { contactIndexKeys, contactListProjection, contactSortName, foldedText } from '../../../projections/directory/contact-list.ts';
import { badRequest } from '../../shared/problem.ts';
import { contactListItem } from './contact-wire.ts';
import { searchCandidates } from './search-candidates.ts';
import { sortedListPage } from './sorted-list.ts';
import { asFilter, customFieldListFilters, filterParts, matchesFilters, type ListFilter } from './list-filters.ts';

type Query = z.output<typeof ContactListQuery>;


/**
 * One filter of the contact list over a flat, folded attribute of the list item (see
 * projections/directory/contact-list.ts): `equals`, `prefix` (begins_with), `part` (a substring of a
 * string attribute) or `member` (an element of a list attribute).
 */
/** The digits a phone filter looks for: the national number of what was typed, any formatting. */
const phoneFilter = (phone: string): string => {
  const parsed = parsePhone(phone, undefined, true);
  if (parsed === null) throw badRequest('phone is not (part of) a phone number', [{ path: 'query.phone', message: 'not a phone number' }]);
  return parsed.national;
};

/** The Polish seed's filters, as given (blank ones are ignored), in the folded form the item stores. */
const filtersOf = (query: Query): ListFilter[] => {
  const filters: ListFilter[] = [];
  const add = (attribute: string, raw: string | undefined, test: ListFilter['test'], fold = foldedText) => {
    const value = raw === undefined ? '' : fold(raw);
    if (value !== '') filters.push({ attribute, value, test });
  };
  add('firstName', query.firstName, 'part');
  add('lastName', query.lastName, 'part');
  add('street', query.address, 'part');
  add('postcode', query.postcode, 'prefix', (v) => foldedText(v).replace(/\s+/g, ''));
  add('city', query.city, 'equals');
  add('region', query.region, 'equals');
  add('country', query.country, 'equals');
  add('position', query.position, 'equals');
  add('emails', query.email, 'part', (v) => v.trim().toLowerCase());
  add('source', query.source, 'equals');
  add('phoneDigits', query.phone, 'part', (v) => (v.trim() === '' ? '' : phoneFilter(v)));
  add('stage', query.stage, 'equals');
  add('tags', query.tag, 'member');
  add('companyId', query.company, 'equals', (v) => v.trim());
  add('accountManagers', query.manager, 'member', (v) => v.trim());
  filters.push(...customFieldListFilters(query));
  return filters;
};

/** The filters as a DynamoDB filter expression, for the index-ordered lists. */
const filterExpression = (actor: Actor, query: Query): IndexQuery['filter'] | undefined => {
  const expression = filterParts(filtersOf(query));
  const { parts, names, values } = expression;
  if (query.mine || actor.role === 'restricted') {
    names['#am'] = 'accountManagers';
    values[':me'] = actor.userId;
  }
  if (query.mine) parts.push('contains(#am, :me)');
  if (actor.role === 'restricted') {
    names['#as'] = 'assigned';
    values[':false'] = false;
    parts.push('(contains(#am, :me) OR #as = :false)');
  }
  return asFilter(expression);
};


/**
 * Search, as for companies: the candidates from the token index (`searchCandidates`), each verified
 * against its list item (all terms, visibility, filters), exact word matches first, then by name.
 */
const searchContacts = async (readModels: ReadModelStore, actor: Actor, query: Query, q: string) => {
  const terms = queryTokens(q);
  if (terms.length === 0) {
    throw badRequest('q has no word to search for (at least 2 letters or digits)', [{ path: 'query.q', message: 'too short' }]);
  }
  const filters = filtersOf(query);
  const ids = await searchCandidates(readModels, (prefix) => contactIndexKeys.search(actor.tenant, prefix), terms);
  const items = await readModels.batchGet(ids.map((id) => contactListProjection.key(actor.tenant, id)));
  const found = items.flatMap((item) => {
    const contact = contactListProjection.fromItem(item);
    const score = matchScore(item.searchTokens as string[], terms);
    const visible = canSeeContact(actor, contact) && (!query.mine || isMyContact(actor, contact));
    return score !== null && visible && matchesFilters(filters, item) ? [{ contact, version: Number(item.version), score }] : [];
  });
  found.sort(
    (a, b) =>
      b.score - a.score ||
      contactSortName(a.contact).localeCompare(contactSortName(b.contact)) ||
      a.contact.id.localeCompare(b.contact.id),
  );
  return { items: found.slice(0, query.limit).map((f) => contactListItem(f.contact, f.version)), nextCursor: null };
};

export const listContacts = async (readModels: ReadModelStore, actor: Actor, query: Query) => {
  if (query.q !== undefined) return searchContacts(readModels, actor, query, query.q);
  return sortedListPage(readModels, {
    sort: query.sort,
    partitions: { byName: contactIndexKeys.byName(actor.tenant), byUpdate: contactIndexKeys.byUpdate(actor.tenant) },
    filter: filterExpression(actor, query),
    limit: query.limit,
    cursor: query.cursor,
    toItem: (row) => contactListItem(contactListProjection.fromItem(row), Number(row.version)),
  });
};
