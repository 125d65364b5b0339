import { describe, expect, it } from 'vitest';
import { renderHistory } from '../../../application/reports/render/report-files.ts';
import type { PdfRenderer } from '../../../application/ports/pdf-renderer.ts';
import { CompanyHistoryReport } from '../../../contract/http/reports.ts';
import { readCsv } from '../../../import/csv/read-csv.ts';
import { diacriticNames, historyFixture } from '../../support/history-fixtures.ts';

/** JSON and CSV never reach Chromium: a renderer that fails the test if they do. */
const noPdf: PdfRenderer = {
  render: () => {
    throw new Error('a JSON or CSV report must not render a PDF');
  },
};

const decode = (body: Uint8Array) => new TextDecoder('utf-8', { ignoreBOM: true }).decode(body);

describe('the history as JSON and CSV', () => {
  it('JSON: the document itself, valid against the published CompanyHistoryReport schema, diacritics as written', async () => {
    const history = historyFixture({ entries: 200, locale: 'pl', timeZone: 'Europe/Warsaw' });
    const file = await renderHistory(history, 'json', noPdf);
    expect(file.contentType).toBe('application/json');
    expect(file.pages).toBeNull();
    const parsed = JSON.parse(decode(file.body)) as unknown;
    const result = CompanyHistoryReport.safeParse(parsed);
    expect(result.error?.issues ?? []).toEqual([]);
    expect(parsed).toEqual(history);
    expect(decode(file.body)).toContain(diacriticNames.company);
  });

  it('JSON: the schema refuses what is not a history (the check can fail)', () => {
    const history = historyFixture({ entries: 2 });
    expect(CompanyHistoryReport.safeParse({ ...history, schemaVersion: 2 }).success).toBe(false);
    expect(CompanyHistoryReport.safeParse({ ...history, extra: true }).success).toBe(false);
  });

  it('CSV: BOM, CRLF, a localised header, one row per entry oldest first, formulas neutralised', async () => {
    const base = historyFixture({ entries: 12, locale: 'hu', timeZone: 'Europe/Budapest' });
    const history = {
      ...base,
      records: base.records.map((record) => (record.type === 'ticket' ? { ...record, title: "=cmd|' /C calc'!A0" } : record)),
      entries: base.entries.map((entry, index) => (index === 3 ? { ...entry, actor: { id: 'u-9', name: '+36 1 234 5678' } } : entry)),
    };
    const file = await renderHistory(history, 'csv', noPdf);
    expect(file.contentType).toBe('text/csv; charset=utf-8');
    expect(file.pages).toBeNull();
    expect([...file.body.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = decode(file.body).slice(1);
    expect(text.endsWith('\r\n')).toBe(true);
    expect(text.replaceAll('\r\n', '').includes('\n')).toBe(false);

    // Read back by the project's own CSV reader (encoding and delimiter auto-detected, as a spreadsheet would).
    const read = readCsv((async function* () { yield file.body; })());
    const detected = await read.detected;
    expect(detected.encoding).toBe('utf-8');
    const rows: string[][] = [[...detected.header]];
    for await (const record of read.records) rows.push([...record.fields]);
    expect(rows[0]).toEqual(['Időpont (UTC)', 'Dátum', 'Idő', 'Felhasználó', 'Típus', 'Szám', 'Rekord', 'Esemény', 'Eseménytípus', 'Verzió', 'Részletek']);
    expect(rows).toHaveLength(history.entries.length + 1);
    expect(rows.slice(1).map((row) => row[0])).toEqual(history.entries.map((entry) => entry.at));

    const ticketRow = rows.find((row) => row[8] === 'TicketCommented')!;
    expect(ticketRow[6]).toBe("'=cmd|' /C calc'!A0");
    expect(ticketRow[7]).toBe('Megjegyzés a hibajegyhez');
    expect(ticketRow[4]).toBe('Hibajegy');
    expect(rows[4]![3]).toBe("'+36 1 234 5678");
    expect(rows[1]![1]).toBe('2026. 03. 02.');
    expect(rows[1]![6]).toBe(diacriticNames.company);
    expect(rows[1]![10]).toContain('Név: Żółć Łódź Győr Città S.r.l.');
  });

  it('stops before writing anything when the job deadline has passed', async () => {
    const signal = AbortSignal.abort(new Error('deadline'));
    await expect(renderHistory(historyFixture({ entries: 2 }), 'csv', noPdf, { signal })).rejects.toThrow('deadline');
  });
});
