import { customFieldEntities, customFieldTypes } from '../../events/administration/value-lists.ts';
import type { Locale } from '../access/people.ts';
import type { FieldIssue } from '../shared/errors.ts';

/**
 * Custom fields (`/v1/settings/custom-fields/{entity}`): typed fields a tenant adds to its records.
 * Values live on the record under `customFields.<key>`; a value for an unknown key or of the wrong
 * type is refused (422, path `customFields.<key>`). Removing a definition hides nothing already
 * recorded: the history keeps it, new writes may no longer set it.
 */
export { customFieldEntities, customFieldTypes };
export type CustomFieldEntity = (typeof customFieldEntities)[number];

export type CustomFieldType = (typeof customFieldTypes)[number];

export interface CustomFieldDefinition {
  /** camelCase key, unique per entity, e.g. `employees`. */
  readonly key: string;
  readonly label: string;
  /** The label per locale, for the users of the other languages; clients fall back to `label`. */
  readonly labels?: Partial<Record<Locale, string>>;
  readonly type: CustomFieldType;
  /** Allowed values of `choice` / `multichoice`. */
  readonly options?: readonly string[];
  readonly required: boolean;
}

/** A value as stored: null clears the field. */
export type CustomFieldValue = string | number | boolean | readonly string[] | null;
export type CustomFieldValues = Readonly<Record<string, CustomFieldValue>>;

const isDate = (value: string): boolean => /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(Date.parse(`${value}T00:00:00Z`)) && new Date(`${value}T00:00:00Z`).toISOString().startsWith(value);

const typeIssue = (definition: CustomFieldDefinition, value: CustomFieldValue): string | undefined => {
  if (value === null) return undefined;
  switch (definition.type) {
    case 'text':
      return typeof value === 'string' ? (value.length <= 2000 ? undefined : 'at most 2000 characters') : 'expected text';
    case 'number':
      return typeof value === 'number' && Number.isFinite(value) ? undefined : 'expected a number';
    case 'integer':
      return typeof value === 'number' && Number.isSafeInteger(value) ? undefined : 'expected an integer';
    case 'boolean':
      return typeof value === 'boolean' ? undefined : 'expected true or false';
    case 'date':
      return typeof value === 'string' && isDate(value) ? undefined : 'expected a date YYYY-MM-DD';
    case 'choice':
      return typeof value === 'string' && (definition.options ?? []).includes(value)
        ? undefined
        : `expected one of ${(definition.options ?? []).join(', ')}`;
    case 'multichoice':
      return Array.isArray(value) && value.every((v) => typeof v === 'string' && (definition.options ?? []).includes(v))
        ? undefined
        : `expected a list of ${(definition.options ?? []).join(', ')}`;
  }
};

/**
 * Checks values about to be written against the tenant's definitions. `after` is the full map the
 * record will have (so `required` is checked on the result, not on the patch).
 */
export const customFieldIssues = (
  definitions: readonly CustomFieldDefinition[],
  written: CustomFieldValues,
  after: CustomFieldValues,
): FieldIssue[] => {
  const byKey = new Map(definitions.map((definition) => [definition.key, definition]));
  const issues: FieldIssue[] = [];
  for (const [key, value] of Object.entries(written)) {
    const definition = byKey.get(key);
    if (!definition) {
      issues.push({ path: `customFields.${key}`, message: 'unknown custom field' });
      continue;
    }
    const problem = typeIssue(definition, value);
    if (problem) issues.push({ path: `customFields.${key}`, message: problem });
  }
  for (const definition of definitions) {
    if (definition.required && (after[definition.key] === undefined || after[definition.key] === null))
      issues.push({ path: `customFields.${definition.key}`, message: 'required' });
  }
  return issues;
};
