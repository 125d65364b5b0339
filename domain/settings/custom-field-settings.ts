import type { CustomFieldsSetEvent } from '../../events/administration/settings-events.ts';
import { assertAdministrator } from '../access/administration.ts';
import { sameValue } from '../shared/canonical-json.ts';
import type { DecisionContext, Decider, Recorded } from '../shared/decider.ts';
import { DomainError, type FieldIssue } from '../shared/errors.ts';
import type { CustomFieldDefinition, CustomFieldEntity, CustomFieldType } from './custom-fields.ts';
import { labelsOf, maxLabelLength, type LabelsInput } from './labels.ts';

/**
 * One aggregate per tenant and kind of record (id = the entity: company, contact, lead, activity).
 * `null` until set: no custom fields. Setting replaces the whole list; values already recorded under
 * a removed key stay in the history, new writes may no longer set it.
 */
export type CustomFieldsState = { readonly entity: CustomFieldEntity; readonly fields: readonly CustomFieldDefinition[] } | null;

export interface CustomFieldInput {
  readonly key: string;
  readonly label: string;
  readonly labels?: LabelsInput;
  readonly type: CustomFieldType;
  readonly options?: readonly string[];
  readonly required?: boolean;
}

export type CustomFieldsCommand = { type: 'SetCustomFields'; data: { entity: CustomFieldEntity; fields: readonly CustomFieldInput[] } };

/** camelCase, as the key appears in `customFields.<key>` on the wire. */
const keyPattern = /^[a-z][a-zA-Z0-9]{0,49}$/;
export const maxCustomFields = 100;
const maxOptions = 200;
const withOptions: readonly CustomFieldType[] = ['choice', 'multichoice'];

export const customFieldsOf = (state: CustomFieldsState): readonly CustomFieldDefinition[] => state?.fields ?? [];

const optionsOf = (path: string, field: CustomFieldInput, issues: FieldIssue[]): string[] | undefined => {
  if (!withOptions.includes(field.type)) {
    if (field.options !== undefined) issues.push({ path, message: `only choice and multichoice fields have options` });
    return undefined;
  }
  const options = (field.options ?? []).map((option) => option.trim());
  if (options.length === 0) issues.push({ path, message: `a ${field.type} field needs at least one option` });
  if (options.length > maxOptions) issues.push({ path, message: `at most ${maxOptions} options` });
  options.forEach((option, index) => {
    if (option === '' || option.length > maxLabelLength) issues.push({ path: `${path}.${index}`, message: `must be 1 to ${maxLabelLength} characters` });
    else if (options.indexOf(option) !== index) issues.push({ path: `${path}.${index}`, message: `duplicate option ${option}` });
  });
  return options;
};

type RecordedField = CustomFieldsSetEvent['data']['fields'][number];

const fieldsOf = (input: readonly CustomFieldInput[]): RecordedField[] => {
  const issues: FieldIssue[] = [];
  if (input.length > maxCustomFields) issues.push({ path: 'fields', message: `at most ${maxCustomFields} fields` });
  const keys = new Set<string>();
  const fields = input.map((field, index): RecordedField => {
    const at = `fields.${index}`;
    const key = field.key.trim();
    if (!keyPattern.test(key)) issues.push({ path: `${at}.key`, message: 'must be camelCase: a lower-case letter, then letters and digits (at most 50)' });
    else if (keys.has(key)) issues.push({ path: `${at}.key`, message: `duplicate key ${key}` });
    keys.add(key);
    const label = field.label.trim();
    if (label === '' || label.length > maxLabelLength) issues.push({ path: `${at}.label`, message: `must be 1 to ${maxLabelLength} characters` });
    const labels = labelsOf(`${at}.labels`, field.labels, issues);
    const options = optionsOf(`${at}.options`, field, issues);
    return {
      key,
      label,
      ...(Object.keys(labels).length > 0 ? { labels } : {}),
      type: field.type,
      ...(options ? { options } : {}),
      required: field.required ?? false,
    };
  });
  if (issues.length > 0) throw new DomainError('invalid', issues.map((i) => `${i.path}: ${i.message}`).join('; '), issues);
  return fields;
};

export const decide = (command: CustomFieldsCommand, state: CustomFieldsState, context: DecisionContext): CustomFieldsSetEvent[] => {
  assertAdministrator(context.actor);
  const fields = fieldsOf(command.data.fields);
  if (sameValue(fields, customFieldsOf(state)) && state !== null) return [];
  return [{ type: 'CustomFieldsSet', data: { entity: command.data.entity, fields } }];
};

export const evolve = (_state: CustomFieldsState, event: Recorded<CustomFieldsSetEvent>): CustomFieldsState => ({
  entity: event.data.entity,
  fields: event.data.fields,
});

export const customFieldsDecider: Decider<CustomFieldsCommand, CustomFieldsState, CustomFieldsSetEvent> = {
  initialState: null,
  decide,
  evolve,
};
