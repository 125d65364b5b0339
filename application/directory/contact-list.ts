import type { IndexQuery, ReadModels } from '../ports/read-models.ts';
import { canSeeContact, isMyContact } from '../../domain/directory/contact-policy.ts';
import { parsePhone } from '../../domain/directory/search/phones.ts';
import { countryCode } from '../../domain/directory/countries.ts';
import type { Actor } from '../../domain/shared/actor.ts';
import { contactIndexKeys, contactListProjection, contactSortName, foldedText } from '../../projections/directory/contact-list.ts';
import { MalformedInputError } from '../shared/errors.ts';
import { contactListItem } from './contact-view.ts';
import type { ContactListFilter, ContactListQuery as Query, ListPaging } from './list-queries.ts';
import { verifiedSearch } from './verified-search.ts';
import { sortedListPage } from './sorted-list.ts';
import { asFilter, customFieldListFilters, filterParts, type ListFilter } from './list-filters.ts';

/**
 * One filter of the contact list over a flat, folded attribute of the list item (see
 * projections/directory/contact-list.ts): `equals`, `prefix` (begins_with), `part` (a substring of a
 * string attribute) or `member` (an element of a list attribute).
 */
/** The digits a phone filter looks for: the national number of what was typed, any formatting. */
const phoneFilter = (phone: string, defaultCountry: string | null): string => {
  // In the tenant's country "06 30 123 4567" is 30 123 4567, as stored "+36 30 123 4567" is.
  const parsed = parsePhone(phone, defaultCountry ?? undefined, true);
  if (parsed === null) throw new MalformedInputError('phone is not (part of) a phone number', [{ path: 'phone', message: 'not a phone number' }]);
  return parsed.national;
};

/** The Polish seed's filters, as given (blank ones are ignored), in the folded form the item stores. */
const filtersOf = (query: ContactListFilter, defaultCountry: string | null): ListFilter[] => {
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
  add('country', query.country, 'equals', (v) => foldedText(countryCode(v) ?? v));
  add('position', query.position, 'equals');
  add('emails', query.email, 'part', (v) => v.trim().toLowerCase());
  add('source', query.source, 'equals');
  add('phoneDigits', query.phone, 'part', (v) => (v.trim() === '' ? '' : phoneFilter(v, defaultCountry)));
  add('stage', query.stage, 'equals');
  add('tags', query.tag, 'member');
  add('segments', query.segment, 'member');
  add('companyId', query.company, 'equals', (v) => v.trim());
  add('accountManagers', query.manager, 'member', (v) => v.trim());
  filters.push(...customFieldListFilters(query));
  return filters;
};

/** The filters as a DynamoDB filter expression, for the index-ordered lists. */
const filterExpression = (actor: Actor, query: ContactListFilter, defaultCountry: string | null): IndexQuery['filter'] | undefined => {
  const expression = filterParts(filtersOf(query, defaultCountry));
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


/** Search, as for companies: the candidates from the token index, each verified against its list item. */
const searchContacts = (readModels: ReadModels, actor: Actor, query: Query, q: string, defaultCountry: string | null) =>
  verifiedSearch(
    readModels,
    {
      searchPartition: (prefix) => contactIndexKeys.search(actor.tenant, prefix),
      listKey: (id) => contactListProjection.key(actor.tenant, id),
      fromItem: contactListProjection.fromItem,
      id: (contact) => contact.id,
      visible: (contact) => canSeeContact(actor, contact) && (!query.mine || isMyContact(actor, contact)),
      sortName: contactSortName,
      toWire: contactListItem,
    },
    q,
    filtersOf(query, defaultCountry),
    query.limit,
    defaultCountry,
  );

/**
 * One page of the list by name or by last change, as whole records (a list item holds its record): the
 * list's filters and visibility, what an export writes page by page.
 */
export const contactRecordsPage = (readModels: ReadModels, actor: Actor, query: ContactListFilter & ListPaging, defaultCountry: string | null = null) =>
  sortedListPage(readModels, {
    sort: query.sort,
    partitions: { byName: contactIndexKeys.byName(actor.tenant), byUpdate: contactIndexKeys.byUpdate(actor.tenant) },
    filter: filterExpression(actor, query, defaultCountry),
    limit: query.limit,
    cursor: query.cursor,
    toItem: (row) => ({ record: contactListProjection.fromItem(row), version: Number(row.version) }),
  });

/** `defaultCountry`: the tenant's, for numbers typed the national way in `q` and `phone`. */
export const listContacts = async (readModels: ReadModels, actor: Actor, query: Query, defaultCountry: string | null = null) => {
  if (query.q !== undefined) return searchContacts(readModels, actor, query, query.q, defaultCountry);
  const page = await contactRecordsPage(readModels, actor, query, defaultCountry);
  return { items: page.items.map(({ record, version }) => contactListItem(record, version)), nextCursor: page.nextCursor };
};
