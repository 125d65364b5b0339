import { Readable } from 'node:stream';
import { stringify } from 'csv-stringify';
import { neutraliseCell } from '../../application/shared/csv-cells.ts';

// The cell rules live with the application (the reports write CSV too); the export's writer keeps its names.
export { neutraliseCell, UTF8_BOM } from '../../application/shared/csv-cells.ts';

export interface CsvWriteOptions {
  readonly delimiter?: ';' | ',' | '\t';
  /** Written first; rows follow. */
  readonly header: readonly string[];
}

type Cell = string | number | boolean | null | undefined;

/**
 * Rows → a CSV byte stream (UTF-8 with BOM, CRLF, quotes where needed, every cell neutralised),
 * pulled as the consumer reads: an export streams to S3 without holding the file.
 */
export function writeCsv(rows: AsyncIterable<readonly Cell[]> | Iterable<readonly Cell[]>, options: CsvWriteOptions): Readable {
  const stringifier = stringify({
    delimiter: options.delimiter ?? ',',
    record_delimiter: 'windows',
    bom: true,
    // csv-stringify quotes a field holding the record delimiter (CRLF) but not a bare LF or CR, which
    // every reader would take as the end of the record.
    quoted_match: /[\r\n]/,
  });
  const cells = (row: readonly Cell[]) => row.map((cell) => (cell === null || cell === undefined ? '' : neutraliseCell(String(cell))));
  const source = Readable.from(
    (async function* () {
      yield cells(options.header);
      for await (const row of rows) yield cells(row);
    })(),
  );
  source.on('error', (error) => stringifier.destroy(error));
  return source.pipe(stringifier);
}

/**
 * The reverse, for the importer: an exported file imported back (update mode) must change nothing, so
 * "'+39 02 123" is read as "+39 02 123". Only the apostrophe `neutraliseCell` adds is removed.
 */
export function restoreNeutralisedCell(value: string): string {
  return /^'+[=+\-@\t\r]/.test(value) ? value.slice(1) : value;
}
