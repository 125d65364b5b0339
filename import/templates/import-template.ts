import { stringify } from 'csv-stringify/sync';
import { importFields, type ImportKind, type ImportLocale } from '../../domain/imports/import-fields.ts';
import { UTF8_BOM } from '../csv/write-csv.ts';

/** The delimiter a locale's spreadsheet programs read and write: `;` where the comma is the decimal separator. */
export const delimiterFor = (locale: ImportLocale): ';' | ',' => (locale === 'en' ? ',' : ';');

/**
 * The template of a kind: every column's header in `locale` and one example row, as a spreadsheet
 * opens it (UTF-8 with BOM, CRLF). Read back by the importer, it resolves to the same fields.
 */
export function importTemplate(kind: ImportKind, locale: ImportLocale): string {
  const fields = importFields[kind];
  return (
    UTF8_BOM +
    stringify([fields.map((field) => field.labels[locale]), fields.map((field) => field.example)], {
      delimiter: delimiterFor(locale),
      record_delimiter: 'windows',
      quoted_match: /[\r\n]/,
    })
  );
}
