import type { CustomFieldValues } from '../../domain/settings/custom-fields.ts';

/**
 * Custom-field values as flat list attributes of a list item (`cf:<key>` → folded values), so a
 * `?cf.<key>=` filter is one `contains` in the same filter expression as the other list filters,
 * whatever the field's type: a scalar is a one-element list, a multichoice its choices, a number or a
 * boolean its JSON text (`42`, `true`), a date `YYYY-MM-DD`.
 */
export const customFieldAttribute = (key: string): string => `cf:${key}`;

export const customFieldFilterValue = (value: string): string => value.normalize('NFKD').replace(/\p{M}/gu, '').trim().toLocaleLowerCase('und');

export const customFieldAttributes = (values: CustomFieldValues | undefined): Record<string, string[]> =>
  Object.fromEntries(
    Object.entries(values ?? {}).flatMap(([key, value]) => {
      if (value === null) return [];
      const list = Array.isArray(value) ? value : [typeof value === 'string' ? value : JSON.stringify(value)];
      return list.length ? [[customFieldAttribute(key), list.map(customFieldFilterValue)]] : [];
    }),
  );
