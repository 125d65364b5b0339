/**
 * Why a file cannot be read at all (as opposed to one bad row, which is a row issue): the import job
 * ends `failed` with this reason and message. `line` is the physical line where it was noticed.
 */
export type CsvFileErrorReason =
  | 'empty'
  | 'binary'
  | 'unterminated_quote'
  | 'encoding'
  | 'too_large'
  | 'record_too_large'
  | 'no_header'
  | 'unknown_columns';

export class CsvFileError extends Error {
  override readonly name = 'CsvFileError';
  readonly reason: CsvFileErrorReason;
  readonly line: number | undefined;

  constructor(reason: CsvFileErrorReason, message: string, line?: number) {
    super(message);
    this.reason = reason;
    this.line = line;
  }
}
