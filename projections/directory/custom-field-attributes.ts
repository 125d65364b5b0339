import type { CustomFieldValues } from '../../domain/settings/custom-fields.ts';

/**
 * Custom-field values as flat list attributes of a list item (`cf:<key>` → folded values), so a
 * `?cf.<key>=` filter is one `contains` in the same filter expression as the other list filters,
 * whatever the field's type: a scalar is a one-element list, a multichoice its choices, a number or a
 * boolean its JSON text (`42`, `true`), a date `YYYY-MM-DD`.
 */
export const customFieldAttribute = (key: string): string => `cf:${key}`;

/**
 * A list query's `cf.<key>` parameter: a filter on the tenant's custom field `<key>` (the keys are the
 * tenant's, so the list's schema accepts any of this form next to its declared parameters).
 */
export const customFieldParameter = /^cf\.([a-z][a-zA-Z0-9]{0,49})$/;

/** The `cf.<key>` parameters of a list query, as `[key, value]` pairs. */
export const customFieldFilterValues = (query: object): [string, string][] =>
  Object.entries(query).flatMap(([name, value]) => {
    const match = customFieldParameter.exec(name);
    return match && typeof value === 'string' ? [[match[1]!, value]] : [];
  });

export const customFieldFilterValue = (value: string): string => value.normalize('NFKD').replace(/\p{M}/gu, '').trim().toLocaleLowerCase('und');

export const customFieldAttributes = (values: CustomFieldValues | undefined): Record<string, string[]> =>
  Object.fromEntries(
    Object.entries(values ?? {}).flatMap(([key, value]) => {
      if (value === null) return [];
      const list = Array.isArray(value) ? value : [typeof value === 'string' ? value : JSON.stringify(value)];
      return list.length ? [[customFieldAttribute(key), list.map(customFieldFilterValue)]] : [];
    }),
  );
