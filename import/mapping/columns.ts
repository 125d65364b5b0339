import type { ImportMode } from '../../events/imports/import-events.ts';
import { customImportField, headerKey, importFields, type ImportField, type ImportKind } from '../../domain/imports/import-fields.ts';
import type { CustomFieldDefinition } from '../../domain/settings/custom-fields.ts';

export type { ImportKind } from '../../domain/imports/import-fields.ts';

/** `{ "<header as in the file>": "<field name>" | "ignore" }`, for headers the importer does not know. */
export type ExplicitMapping = Readonly<Record<string, string>>;

export interface Column {
  /** Position of the cell in each record. */
  readonly index: number;
  readonly header: string;
  readonly field: ImportField;
}

export type ColumnProblem =
  /** No header names a known column: probably not a file of this kind (a file error). */
  | { readonly reason: 'no_known_column'; readonly headers: readonly string[] }
  | { readonly reason: 'unknown_columns'; readonly headers: readonly string[] }
  /** Several headers name the same field. */
  | { readonly reason: 'ambiguous'; readonly field: string; readonly headers: readonly string[] }
  | { readonly reason: 'missing_required'; readonly fields: readonly string[] }
  /** The explicit mapping names a header not in the file, or a field that does not exist. */
  | { readonly reason: 'bad_mapping'; readonly header: string; readonly detail: string };

export type ColumnResolution =
  | { readonly ok: true; readonly columns: readonly Column[] }
  | { readonly ok: false; readonly problems: readonly ColumnProblem[]; readonly message: string };

/** The fields without which no row of the kind can be created (an update row needs none of them). */
const required: Record<ImportKind, readonly (readonly string[])[]> = {
  companies: [['legalName']],
  leads: [['companyName']],
  contacts: [['firstName', 'lastName']],
};

/** For each kind, header key → field: field names, every locale's label and the aliases. */
const lookup: Record<ImportKind, Map<string, ImportField>> = Object.fromEntries(
  Object.entries(importFields).map(([kind, fields]) => {
    const byKey = new Map<string, ImportField>();
    for (const field of fields) {
      for (const name of [field.name, ...Object.values(field.labels), ...(field.aliases ?? [])]) {
        const key = headerKey(name);
        if (!byKey.has(key)) byKey.set(key, field);
      }
    }
    return [kind, byKey];
  }),
) as Record<ImportKind, Map<string, ImportField>>;

/** For each kind, the keys of field names and template labels: what a custom field's label may not take over. */
const ownKeys: Record<ImportKind, Set<string>> = Object.fromEntries(
  Object.entries(importFields).map(([kind, fields]) => [kind, new Set(fields.flatMap((field) => [field.name, ...Object.values(field.labels)].map(headerKey)))]),
) as Record<ImportKind, Set<string>>;

export const knownHeaderKeys = (kind: ImportKind): ReadonlyMap<string, ImportField> => lookup[kind];

/**
 * Header row → which field each column fills. A header is matched by field name, by its label in any
 * locale or by an alias; `explicit` wins over that and may `ignore` a column. Every non-blank header
 * must be known, mapped or ignored: a column silently dropped would be data lost. Blank headers (the
 * trailing empty columns spreadsheets leave) are ignored. The tenant's custom fields of the kind's
 * entity are columns too, by key or label: the tenant's label wins over an alias we guessed ("Settore"
 * is then the custom field, not segments), not over a built-in field's name or template label
 * (`explicit` can still map such a header to `customFields.<key>`).
 */
export function resolveColumns(
  kind: ImportKind,
  header: readonly string[],
  explicit: ExplicitMapping = {},
  customFields: readonly CustomFieldDefinition[] = [],
  mode: ImportMode = 'create',
): ColumnResolution {
  const problems: ColumnProblem[] = [];
  const custom = customFields.map(customImportField);
  const fieldsByName = new Map([...importFields[kind], ...custom].map((field) => [field.name, field]));
  const known = new Map(lookup[kind]);
  for (const field of custom) {
    // `customFields.<key>` too: the header an export writes when a label would read as a built-in column.
    for (const name of [field.name, ...Object.values(field.labels), ...(field.aliases ?? [])]) {
      const key = headerKey(name);
      if (!ownKeys[kind].has(key)) known.set(key, field);
    }
  }
  const explicitByKey = new Map<string, { header: string; target: string; used: boolean }>();
  for (const [mapped, target] of Object.entries(explicit)) {
    if (target !== 'ignore' && !fieldsByName.has(target)) {
      problems.push({ reason: 'bad_mapping', header: mapped, detail: `"${target}" is not a field of ${kind}` });
    }
    explicitByKey.set(headerKey(mapped), { header: mapped, target, used: false });
  }

  const columns: Column[] = [];
  const unknown: string[] = [];
  let knownCount = 0;
  header.forEach((text, index) => {
    const key = headerKey(text);
    if (key === '') return;
    const mapped = explicitByKey.get(key);
    if (mapped) {
      mapped.used = true;
      const field = fieldsByName.get(mapped.target);
      if (field) columns.push({ index, header: text, field });
      knownCount++;
      return;
    }
    const field = known.get(key);
    if (field) {
      columns.push({ index, header: text, field });
      knownCount++;
    } else unknown.push(text);
  });
  for (const mapped of explicitByKey.values()) {
    if (!mapped.used) problems.push({ reason: 'bad_mapping', header: mapped.header, detail: 'no column of the file has this header' });
  }

  if (knownCount === 0) {
    const headers = header.filter((text) => text.trim() !== '');
    return { ok: false, problems: [{ reason: 'no_known_column', headers }], message: `no column of the header is a known ${kind} column` };
  }
  if (unknown.length > 0) problems.push({ reason: 'unknown_columns', headers: unknown });

  const byField = Map.groupBy(columns, (column) => column.field.name);
  for (const [field, same] of byField) {
    if (same.length > 1) problems.push({ reason: 'ambiguous', field, headers: same.map((column) => column.header) });
  }
  // Update rows only change records: a file without the name column changes everything but the name.
  const missing = (mode === 'update' ? [] : required[kind]).filter((anyOf) => !anyOf.some((name) => byField.has(name))).map((anyOf) => anyOf.join(' or '));
  if (missing.length > 0) problems.push({ reason: 'missing_required', fields: missing });

  if (problems.length > 0) return { ok: false, problems, message: problems.map((problem) => describe(kind, problem)).join('; ') };
  return { ok: true, columns };
}

/** A field as a person looks for it in the header: its template labels, not its API name (`legalName`). */
const headerNames = (kind: ImportKind, name: string): string => {
  const field = importFields[kind].find((candidate) => candidate.name === name);
  if (!field) return name;
  return [...new Set(Object.values(field.labels))].map((label) => `"${label}"`).join(' / ');
};

function describe(kind: ImportKind, problem: ColumnProblem): string {
  const list = (headers: readonly string[]) => headers.map((h) => `"${h}"`).join(', ');
  switch (problem.reason) {
    case 'no_known_column':
      return `no known column among ${list(problem.headers)}`;
    case 'unknown_columns':
      return `unknown columns ${list(problem.headers)}: map them to a field or to "ignore"`;
    case 'ambiguous':
      return `columns ${list(problem.headers)} all mean ${problem.field}: map all but one to "ignore"`;
    case 'missing_required':
      return `a column ${problem.fields.map((anyOf) => anyOf.split(' or ').map((name) => headerNames(kind, name)).join(' or ')).join(', and one ')} is required`;
    case 'bad_mapping':
      return `mapping of "${problem.header}": ${problem.detail}`;
  }
}
