/**
 * The rejected rows of a job as CSV, ready to fix and import again: the original line number, the
 * original fields under the original header, and the reason. Written per chunk (rows only, in the
 * file's own delimiter); `GET /v1/imports/{id}/errors` puts the header in front of the chunks.
 */
export interface RejectedRow {
  readonly line: number;
  readonly fields: readonly string[];
  readonly reason: string;
}

const cell = (value: string, delimiter: string): string =>
  value.includes('"') || value.includes(delimiter) || /[\r\n]/.test(value) || /^\s|\s$/.test(value)
    ? `"${value.replaceAll('"', '""')}"`
    : value;

const row = (values: readonly string[], delimiter: string): string => `${values.map((v) => cell(v, delimiter)).join(delimiter)}\r\n`;

export const errorsHeader = (header: readonly string[], delimiter: string): string => row(['line', ...header, 'reason'], delimiter);

export const errorsRows = (rows: readonly RejectedRow[], delimiter: string): string =>
  rows.map((r) => row([String(r.line), ...r.fields, r.reason], delimiter)).join('');

/** Where a chunk's rejected rows go: named by the line the chunk starts at, so a replayed chunk overwrites its own file. */
export const errorsKey = (tenant: string, jobId: string, fromLine: number): string =>
  `${tenant}/import-errors/${jobId}/${String(fromLine).padStart(10, '0')}.csv`;
