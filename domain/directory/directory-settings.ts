import { sameValue } from '../shared/canonical-json.ts';
import { DomainError, invalid } from '../shared/errors.ts';
import { catalogueAccepts, defaultCatalogues, type Catalogue, type CatalogueName } from '../settings/catalogues.ts';
import type { CustomFieldValue as EventValue } from '../../events/directory/custom-field-values.ts';
import { customFieldIssues, type CustomFieldDefinition, type CustomFieldValues } from '../settings/custom-fields.ts';

/**
 * What a directory decision checks values against: the tenant's catalogues and the custom-field
 * definitions of the record's entity. The caller looks them up (the `TenantSettings` port) and passes
 * them in with the command, so the deciders stay pure.
 */
export interface DirectorySettings {
  /** Catalogues the command may touch; one not given is the default (for stages, sources… not enforced). */
  readonly catalogues: Readonly<Partial<Record<CatalogueName, Catalogue>>>;
  readonly customFields: readonly CustomFieldDefinition[];
  /** The tenant's default country (ISO code): a bare VAT number of a company with no address country is of it. */
  readonly defaultCountry?: string | null;
}

/** A tenant that configured nothing: default catalogues, no custom fields. */
export const unconfigured: DirectorySettings = { catalogues: defaultCatalogues, customFields: [] };

/**
 * `to` as the value of a catalogued field (status, stage, source, position), refused (422 naming the
 * field) when the catalogue is enforced and `to` is not one of its active values. Keeping the current
 * value is always allowed: deactivating a catalogue entry never invalidates records that carry it.
 */
export const catalogued = (
  settings: DirectorySettings,
  name: CatalogueName,
  path: string,
  to: string | null,
  current: string | null,
): string | null => {
  if (to === current) return to;
  const catalogue = settings.catalogues[name] ?? defaultCatalogues[name];
  if (!catalogueAccepts(catalogue, to)) {
    // Named when few: what a person fixing the value (an import's errors file, a form) needs.
    const active = catalogue.entries.filter((entry) => entry.active).map((entry) => entry.value);
    throw invalid(path, `is not an active value of the ${name} catalogue${active.length <= 12 ? ` (allowed: ${active.join(', ')})` : ''}`);
  }
  return to;
};

/**
 * The custom-field changes a write makes: `written` (key → value, `null` clears) checked against the
 * definitions — unknown keys, wrong types and missing required fields are refused together, each with
 * its path `customFields.<key>` — and reduced to what differs from `current`. A creation checks the
 * required fields even when nothing is written; an update without custom fields checks nothing (a
 * definition made required later does not block unrelated changes).
 */
export const customFieldChanges = (
  definitions: readonly CustomFieldDefinition[],
  current: CustomFieldValues,
  written: Readonly<Record<string, unknown>> | undefined,
  creating: boolean,
): Record<string, EventValue> => {
  if (written === undefined && !creating) return {};
  const values = (written ?? {}) as CustomFieldValues;
  const issues = customFieldIssues(definitions, values, withCustomFields(current, values));
  if (issues.length > 0) {
    throw new DomainError('invalid', issues.map((issue) => `${issue.path}: ${issue.message}`).join('; '), issues);
  }
  // Checked above: every value has its definition's shape (string, number, boolean, list of strings, null).
  return Object.fromEntries(Object.entries(values).filter(([key, value]) => !sameValue(value, current[key] ?? null))) as Record<
    string,
    EventValue
  >;
};

/** The values after a change: `null` removes the key. */
export const withCustomFields = (current: CustomFieldValues, changes: CustomFieldValues): CustomFieldValues =>
  Object.fromEntries(Object.entries({ ...current, ...changes }).filter(([, value]) => value !== null));

/** For a conversion: the records it creates carry no custom-field values yet, so none is required. */
export const withoutRequiredFields = (settings: DirectorySettings): DirectorySettings => ({
  ...settings,
  customFields: settings.customFields.map((definition) => ({ ...definition, required: false })),
});
