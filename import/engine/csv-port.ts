/**
 * The reading layer (import/csv, import/mapping) as the job uses it: records with their physical line
 * and the byte after them (a chunk resumes with an S3 Range read), a file-level error with a reason,
 * the header resolved to the kind's fields, a row turned into the create body of its kind and its
 * match values — or the reason it is rejected, one line for the errors file.
 */
import type { ImportMode, ImportOptions } from '../../events/imports/import-events.ts';
import { defaultCellFormat } from '../../domain/imports/cell-values.ts';
import type { ImportKind } from '../../domain/imports/import-fields.ts';
import type { CustomFieldDefinition } from '../../domain/settings/custom-fields.ts';
import { CsvFileError, readCsv as read, type CsvDetected, type CsvRecord } from '../csv/read-csv.ts';
import { resolveColumns as resolve, type Column } from '../mapping/columns.ts';
import { rowDescriber, type RowDescriber } from '../mapping/row-issues.ts';
import { rowSources, rowToInput as toInput, type MatchValues } from '../mapping/row-to-input.ts';

export { CsvFileError, type CsvDetected, type CsvRecord, type RowDescriber };

export interface ResolvedColumns {
  readonly columns: readonly Column[];
  readonly headerLength: number;
  /** The tenant's custom fields of the kind: columns too, and required ones are checked per row. */
  readonly customFields: readonly CustomFieldDefinition[];
}

/** Header -> columns; a header the kind cannot use fails the whole file (nothing would be imported right). */
export const resolveColumns = (
  kind: ImportKind,
  header: readonly string[],
  explicit: Readonly<Record<string, string>>,
  customFields: readonly CustomFieldDefinition[] = [],
  mode: ImportMode = 'create',
): ResolvedColumns => {
  const resolution = resolve(kind, header, explicit, customFields, mode);
  if (!resolution.ok) throw new CsvFileError('unknown_columns', resolution.message, 1);
  return { columns: resolution.columns, headerLength: header.length, customFields };
};

export type RowOutcome =
  | { readonly ok: true; readonly body: Record<string, unknown>; readonly match: MatchValues; readonly describe: RowDescriber }
  | { readonly ok: false; readonly reason: string };

/**
 * A record -> the create body of the kind and its match values, or why not: one line for the errors
 * file naming the file's columns. `describe` words what the directory refuses later about the row.
 * Required custom fields are checked on rows of a create import; a row that may update can leave them
 * to the record (the decider checks the values the record ends up with).
 */
export const rowToInput = (kind: ImportKind, resolved: ResolvedColumns, fields: readonly string[], options: ImportOptions, mode: ImportMode = 'create'): RowOutcome => {
  const rowOptions = {
    dateFormat: options.dateFormat ?? defaultCellFormat.dateFormat,
    decimalComma: options.decimalComma ?? defaultCellFormat.decimalComma,
    customFields: resolved.customFields,
    partial: mode !== 'create',
    update: mode === 'update',
  } as const;
  const result = toInput(kind, resolved.columns, resolved.headerLength, fields, rowOptions);
  if (!result.ok) return { ok: false, reason: result.issues.map((i) => (i.column ? `${i.column}: ${i.message}` : i.message)).join('; ') };
  const describe = rowDescriber(kind, resolved.columns, () => rowSources(kind, resolved.columns, resolved.headerLength, fields, rowOptions));
  return { ok: true, body: result.input as Record<string, unknown>, match: result.match, describe };
};

export { read as readCsv };
