import type { IndexQuery } from '../ports/read-models.ts';
import type { CustomFieldFilters } from './list-queries.ts';
import { customFieldAttribute, customFieldFilterValue, customFieldFilterValues } from '../../projections/directory/custom-field-attributes.ts';

/**
 * A list filter on one attribute of the list item: equal, starting with, containing (a substring), or
 * a member of a list attribute. The same filter serves twice — as a DynamoDB filter expression for the
 * index-ordered lists, and as a predicate over search candidates already in memory — so both paths
 * always agree.
 */
export interface ListFilter {
  readonly attribute: string;
  readonly value: string;
  readonly test: 'equals' | 'prefix' | 'part' | 'member';
}

/** The filters as expression parts, with placeholder names and values; more parts may be appended. */
export const filterParts = (filters: readonly ListFilter[]) => {
  const parts: string[] = [];
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  filters.forEach(({ attribute, value, test }, i) => {
    const n = `#f${i}`;
    const v = `:f${i}`;
    names[n] = attribute;
    values[v] = value;
    parts.push(test === 'equals' ? `${n} = ${v}` : test === 'prefix' ? `begins_with(${n}, ${v})` : `contains(${n}, ${v})`);
  });
  return { parts, names, values };
};

export const asFilter = (expression: ReturnType<typeof filterParts>): IndexQuery['filter'] | undefined =>
  expression.parts.length ? { expression: expression.parts.join(' AND '), names: expression.names, values: expression.values } : undefined;

export const matchesFilters = (filters: readonly ListFilter[], item: Record<string, unknown>): boolean =>
  filters.every(({ attribute, value, test }) => {
    const actual = item[attribute];
    if (test === 'member') return Array.isArray(actual) && actual.includes(value);
    if (typeof actual !== 'string') return false;
    return test === 'equals' ? actual === value : test === 'prefix' ? actual.startsWith(value) : actual.includes(value);
  });

/** The `?cf.<key>=` filters of a list query: membership in the item's `cf:<key>` list attribute. */
export const customFieldListFilters = (query: CustomFieldFilters): ListFilter[] =>
  customFieldFilterValues(query).map(([key, value]) => ({ attribute: customFieldAttribute(key), value: customFieldFilterValue(value), test: 'member' }));
