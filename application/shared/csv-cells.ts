/**
 * CSV text without a library (application/ imports no package): the cell rules of the export's writer
 * (import/csv/write-csv.ts re-exports `neutraliseCell` from here) for the files the reports write.
 */

/**
 * A cell a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, and tab or CR, which some
 * programs strip before looking) gets a leading apostrophe, the OWASP "CSV injection" defence: shown
 * as text, the value still visible. Negative numbers lose nothing a person reading the file needs.
 * A value that already starts with apostrophes before such a character ("'=x") gets one more, so
 * `restoreNeutralisedCell` gives it back as it was.
 */
export function neutraliseCell(value: string): string {
  return /^'*[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/** UTF-8 BOM: spreadsheet programs read accents right only when the file starts with it. */
export const UTF8_BOM = '\ufeff';

export type CsvCell = string | number | boolean | null | undefined;

/** One record: cells neutralised, quoted when they hold the delimiter, a quote, CR or LF; CRLF after. */
export const csvRecord = (cells: readonly CsvCell[], delimiter = ','): string =>
  cells
    .map((cell) => {
      const text = cell === null || cell === undefined ? '' : neutraliseCell(String(cell));
      return text.includes(delimiter) || /["\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
    })
    .join(delimiter) + '\r\n';
