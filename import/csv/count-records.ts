import { CsvFileError, readCsv, type CsvDelimiter, type CsvEncoding } from './read-csv.ts';

/**
 * How many data records a CSV text holds, counted as the import job counts them (a line break
 * inside a quoted cell does not start a record; blank lines are skipped), stopping once past
 * `limit`. Null when the text cannot be read as CSV: the job reads it again and says why.
 */
export const countRecords = async (
  text: string,
  options: { readonly limit: number; readonly encoding?: CsvEncoding | 'auto'; readonly delimiter?: CsvDelimiter | 'auto' },
): Promise<number | null> => {
  const bytes = new TextEncoder().encode(text);
  const { records } = readCsv((async function* () { yield bytes; })(), { encoding: options.encoding ?? 'auto', delimiter: options.delimiter ?? 'auto' });
  let count = 0;
  try {
    for await (const _ of records) if (++count > options.limit) break;
  } catch (error) {
    if (error instanceof CsvFileError) return null;
    throw error;
  }
  return count;
};
