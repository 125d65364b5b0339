import { buffer } from 'node:stream/consumers';
import { describe, expect, it } from 'vitest';
import { readCsv, type CsvRecord } from '../../../import/csv/read-csv.ts';
import { neutraliseCell, restoreNeutralisedCell, writeCsv } from '../../../import/csv/write-csv.ts';

describe('writeCsv', () => {
  it('writes UTF-8 with BOM and CRLF, quoting what needs it', async () => {
    const csv = (await buffer(writeCsv([['Caffè Ferrè S.r.l.', 'Via Roma 1\nScala B', 'Bar "Mario"', null, 3]], { header: ['Ragione sociale', 'Indirizzo', 'Note', 'Vuoto', 'N'], delimiter: ';' }))).toString('utf8');
    expect(csv).toBe('\ufeffRagione sociale;Indirizzo;Note;Vuoto;N\r\nCaffè Ferrè S.r.l.;"Via Roma 1\nScala B";"Bar ""Mario""";;3\r\n');
  });

  it('neutralises cells a spreadsheet would run as formulas', () => {
    for (const cell of ['=HYPERLINK("http://x")', '+39 02 123', '-1+1', '@SUM(A1)', '\t=1', '\r=1']) expect(neutraliseCell(cell)).toBe(`'${cell}`);
    for (const cell of ['Rossi', '39 = 40', 'a@b.it', '']) expect(neutraliseCell(cell)).toBe(cell);
  });

  it('restores every value it neutralised, also one that already started with apostrophes', () => {
    for (const value of ['=1', "'=1", "''+39", "'", "'Rossi", 'Rossi', '-5', "'\t"]) expect(restoreNeutralisedCell(neutraliseCell(value))).toBe(value);
    // A value starting with an apostrophe before a formula character is neutralised too: "'=1" alone would read as "=1".
    expect(neutraliseCell("'=1")).toBe("''=1");
  });

  it('streams an async source and reads back through readCsv with the same cells (neutralised)', async () => {
    async function* rows() {
      for (let i = 0; i < 1000; i++) yield [`Società ${i}`, `=cmd|' /C calc'!A${i}`, 'riga 1\r\nriga 2'];
    }
    const bytes = await buffer(writeCsv(rows(), { header: ['Ragione sociale', 'Note', 'Indirizzo'] }));
    const read = readCsv((async function* () { yield bytes; })(), {});
    const records: CsvRecord[] = [];
    for await (const record of read.records) records.push(record);
    expect(await read.detected).toMatchObject({ encoding: 'utf-8', delimiter: ',', header: ['Ragione sociale', 'Note', 'Indirizzo'] });
    expect(records).toHaveLength(1000);
    expect(records[999]!.fields).toEqual(['Società 999', "'=cmd|' /C calc'!A999", 'riga 1\r\nriga 2']);
  });
});
