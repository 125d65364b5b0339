import type { CompanyHistory } from '../../../domain/reports/history-document.ts';
import { csvRecord, UTF8_BOM } from '../../shared/csv-cells.ts';
import { summaryLine } from './event-summary.ts';
import { historyText } from './history-document-text.ts';

/**
 * A history as a spreadsheet: UTF-8 with a BOM (accents right in Excel), CRLF, one row per entry,
 * oldest first, the header in the report's language; every cell formula-safe (a title `=cmd|…` is
 * shown, never run). Comma-delimited: the delimiter is fixed whatever the locale, so a program reads
 * every report the same way (a spreadsheet asks or detects).
 */
export const historyCsv = (history: CompanyHistory): string => {
  const text = historyText(history);
  const { labels, formats } = text;
  const c = labels.columns;
  const header = [c.at, c.date, c.time, c.user, c.recordType, c.recordNumber, c.record, c.event, c.eventType, c.version, c.details];
  const rows = history.entries.map((entry) => {
    const record = text.recordOf(entry);
    const day = formats.dayOf(entry.at);
    return csvRecord([
      entry.at,
      formats.day(day),
      formats.time(entry.at),
      text.actorName(entry),
      labels.recordTypes[entry.record.type] ?? entry.record.type,
      record?.number ?? '',
      record?.title ?? entry.record.id,
      text.eventName(entry),
      entry.event,
      entry.version,
      summaryLine(entry.data, formats),
    ]);
  });
  return UTF8_BOM + csvRecord(header) + rows.join('');
};
