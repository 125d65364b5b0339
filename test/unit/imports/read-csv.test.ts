import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { CsvFileError, readCsv, type CsvReadOptions, type CsvRecord } from '../../../import/csv/read-csv.ts';
import {
  hungarianCompanies,
  italianCompanies,
  malformed,
  polishCompanies,
  realWorldFixtures,
  tabLeads,
  utf8Contacts,
  type Fixture,
} from '../../fixtures/imports/fixtures.ts';

/** The bytes in chunks of `size`, as an S3 body stream hands them over. */
async function* chunked(bytes: Uint8Array, size: number): AsyncGenerator<Uint8Array> {
  for (let at = 0; at < bytes.length; at += size) yield bytes.subarray(at, at + size);
}

async function readAll(bytes: Uint8Array, options: CsvReadOptions = {}, chunkSize = 64 * 1024) {
  const read = readCsv(chunked(bytes, chunkSize), options);
  const records: CsvRecord[] = [];
  for await (const record of read.records) records.push(record);
  return { detected: await read.detected, records };
}

async function refusal(bytes: Uint8Array, options: CsvReadOptions = {}): Promise<CsvFileError> {
  try {
    await readAll(bytes, options);
  } catch (error) {
    if (error instanceof CsvFileError) return error;
    throw error;
  }
  throw new Error('the file was read without a refusal');
}

describe('readCsv on real-world exports', () => {
  it('reads the Italian Windows-1252 file once its encoding is declared: `;`, accents, € and a two-line quoted address', async () => {
    const { detected, records } = await readAll(italianCompanies.bytes, { encoding: 'windows-1252' });
    expect(detected).toEqual({
      encoding: 'windows-1252',
      encodingSource: 'declared',
      delimiter: ';',
      header: ['Codice', 'Ragione sociale', 'Partita IVA', 'Codice fiscale', 'Indirizzo', 'CAP', 'Città', 'Provincia', 'Telefono', 'Email', 'Data inserimento', 'Fatturato'],
    });
    expect(records.map((r) => [r.line, r.fields[1]])).toEqual([
      [2, 'Caffè Ferrè S.r.l.'],
      [4, 'Bar "Da Mario" di Rossi & C. s.n.c.'],
      [5, 'Pasticceria Perù S.a.s.'],
    ]);
    expect(records[0]!.fields[4]).toBe('Via Garibaldi 3\r\nScala B, interno 5');
    expect(records[0]!.nextLine).toBe(4);
    expect(records[1]!.raw).toBe(';"Bar ""Da Mario"" di Rossi & C. s.n.c.";02345678901;;Piazza Duomo 1;50122;Firenze;FI;055 765432;;15/11/2022;980,00');
    expect(records[2]!.fields[11]).toBe('12.000,50 €');
  });

  it('refuses the same file under `auto`, asking for its encoding, rather than guessing', async () => {
    const error = await refusal(italianCompanies.bytes);
    expect(error.reason).toBe('encoding');
    expect(error.message).toMatch(/not UTF-8; declare its encoding: windows-1252/);
  });

  it('under `auto` with the fallback of the user\'s language, reads it in that encoding and says so', async () => {
    const { detected, records } = await readAll(italianCompanies.bytes, { fallbackEncoding: 'windows-1252' });
    expect(detected).toMatchObject({ encoding: 'windows-1252', encodingSource: 'fallback' });
    expect(records[0]!.fields[1]).toBe('Caffè Ferrè S.r.l.');
    // A UTF-8 file stays UTF-8; a declared encoding is the declared one.
    expect((await readAll(new TextEncoder().encode('a;b\nCaffè;1\n'), { fallbackEncoding: 'windows-1252' })).detected).toMatchObject({ encoding: 'utf-8', encodingSource: 'utf-8' });
    expect((await readAll(italianCompanies.bytes, { encoding: 'windows-1250', fallbackEncoding: 'windows-1252' })).detected).toMatchObject({ encodingSource: 'declared' });
  });

  it('reads Polish Windows-1250 (Ł, ż, „”) and Hungarian ISO-8859-2 (ő, ű)', async () => {
    const polish = await readAll(polishCompanies.bytes, { encoding: 'windows-1250' });
    expect(polish.detected.header[0]).toBe('Nazwa firmy');
    expect(polish.records.map((r) => r.fields[0])).toEqual(['Przedsiębiorstwo Handlowe „Żuraw” Sp. z o.o.', 'Zakład Ślusarski Łukasz Żółć']);
    expect(polish.records[0]!.fields[4]).toBe('Łódź');

    const hungarian = await readAll(hungarianCompanies.bytes, { encoding: 'iso-8859-2' });
    expect(hungarian.detected.header).toEqual(['Cégnév', 'Adószám', 'Irányítószám', 'Település', 'Utca', 'Telefon']);
    expect(hungarian.records.map((r) => [r.fields[0], r.fields[4]])).toEqual([
      ['Győri Keksz Kft.', 'Szőlő utca 4.'],
      ['Hűtőház Zrt.', 'Öntödei út 11.'],
    ]);
  });

  it('auto-detects UTF-8 with BOM and `,`; the BOM is not part of the first header', async () => {
    const { detected, records } = await readAll(utf8Contacts.bytes);
    expect(detected.encoding).toBe('utf-8');
    expect(detected.delimiter).toBe(',');
    expect(detected.header[0]).toBe('First name');
    expect(records.map((r) => [r.line, r.fields[0], r.fields[4]])).toEqual([
      [2, 'Zsófia', 'Andrássy út 12.\r\n2. emelet'],
      [4, 'Łukasz', 'ul. Długa 5'],
      [5, 'Niccolò', ''],
    ]);
    expect(records[2]!.fields[6]).toBe('fiera|nord');
    expect(records[2]!.byteEnd).toBe(utf8Contacts.bytes.length);
  });

  it('auto-detects tab as the delimiter', async () => {
    const { detected, records } = await readAll(tabLeads.bytes);
    expect(detected.delimiter).toBe('\t');
    expect(records[1]!.fields).toEqual(['Nowak Budownictwo', 'Anna', 'Nowak', '', '', 'Strona WWW']);
  });

  it('prefers `;` to `,` on a tie, ignores delimiters inside quotes, and honours a declared delimiter', async () => {
    expect((await readAll(Buffer.from('"Ragione sociale; nome";Indirizzo, civico\nA;B\n'))).detected.delimiter).toBe(';');
    expect((await readAll(Buffer.from('"a;b;c",d\n1,2\n'))).detected.delimiter).toBe(',');
    const declared = await readAll(Buffer.from('a;b,c\n1;2,3\n'), { delimiter: ',' });
    expect(declared.records[0]!.fields).toEqual(['1;2', '3']);
  });

  it('gives the same records whatever the chunk boundaries (a CR and its LF in different chunks, a character split in two)', async () => {
    for (const fixture of realWorldFixtures) {
      const encoding = fixture === italianCompanies ? 'windows-1252' : fixture === polishCompanies ? 'windows-1250' : fixture === hungarianCompanies ? 'iso-8859-2' : 'auto';
      const whole = await readAll(fixture.bytes, { encoding });
      for (const size of [1, 2, 3, 7]) expect(await readAll(fixture.bytes, { encoding }, size)).toEqual(whole);
    }
  });

  it('ends a record on CRLF, LF or a lone CR, skips blank and all-empty lines, and reads a last line without newline', async () => {
    const { records } = await readAll(Buffer.from('a;b\r1;2\r\n\r\n;;\n3;4\n\n5;6'));
    expect(records.map((r) => [r.line, r.fields])).toEqual([
      [2, ['1', '2']],
      [5, ['3', '4']],
      [7, ['5', '6']],
    ]);
  });

  it('is lenient with quotes inside unquoted text and text after a closing quote, as spreadsheets are', async () => {
    const { records } = await readAll(Buffer.from('a;b\nBar "Mario";"x"y\n'));
    expect(records[0]!.fields).toEqual(['Bar "Mario"', 'xy']);
  });
});

describe('byte offsets and resuming', () => {
  /** Every record's `raw` sits in the file right before its `byteEnd`, minus the line terminator. */
  it.each(realWorldFixtures.map((f) => [f.file, f] as const))('byteEnd is the exact offset after each record of %s', async (_, fixture: Fixture) => {
    const encoding = fixture === italianCompanies ? 'windows-1252' : fixture === polishCompanies ? 'windows-1250' : fixture === hungarianCompanies ? 'iso-8859-2' : 'auto';
    const { detected, records } = await readAll(fixture.bytes, { encoding });
    for (const record of records) {
      const rawBytes = iconv.encode(record.raw, detected.encoding);
      const before = fixture.bytes.subarray(0, record.byteEnd).toString('latin1').replace(/\r?\n$|\r$/, '');
      expect(before.endsWith(rawBytes.toString('latin1'))).toBe(true);
    }
  });

  it('resumed from any record’s byteEnd, yields exactly the records after it, with their line numbers', async () => {
    const bytes = Buffer.concat([italianCompanies.bytes, italianCompanies.bytes.subarray(italianCompanies.bytes.indexOf('\n') + 1)]);
    const full = await readAll(bytes, { encoding: 'windows-1252' });
    expect(full.records).toHaveLength(6);
    for (const [i, done] of full.records.entries()) {
      const rest = await readAll(bytes.subarray(done.byteEnd), {
        resumeFrom: { byteOffset: done.byteEnd, line: done.nextLine, detected: full.detected },
      }, 5);
      expect(rest.detected).toEqual(full.detected);
      expect(rest.records).toEqual(full.records.slice(i + 1));
    }
  });

  it('resumes right after the header too (a job interrupted before its first row)', async () => {
    const read = readCsv(chunked(utf8Contacts.bytes, 1000), {});
    const detected = await read.detected;
    const headerEnd = utf8Contacts.bytes.indexOf('\r\n') + 2;
    const all = await readAll(utf8Contacts.bytes);
    const rest = await readAll(utf8Contacts.bytes.subarray(headerEnd), { resumeFrom: { byteOffset: headerEnd, line: 2, detected } });
    expect(rest.records).toEqual(all.records);
  });
});

describe('malformed files are refused with a reason', () => {
  it('an unterminated quote: at the end of the file, naming the line it opened on', async () => {
    const error = await refusal(malformed.unterminatedQuote.bytes);
    expect([error.reason, error.line]).toEqual(['unterminated_quote', 2]);
  });

  it('an unterminated quote that would swallow the rest of a big file fails within maxRecordBytes', async () => {
    const rows = Buffer.from('Ragione sociale;Città\n"Rossi;Milano\n' + 'Bianchi S.p.A.;Roma\n'.repeat(10_000));
    const error = await refusal(rows, { maxRecordBytes: 4096 });
    expect([error.reason, error.line]).toEqual(['unterminated_quote', 2]);
  });

  it('a binary file, a workbook and UTF-16 text', async () => {
    expect((await refusal(malformed.binary.bytes)).reason).toBe('binary');
    expect((await refusal(Buffer.from('PK\u0003\u0004\u0014\u0000\u0006\u0000', 'latin1'))).message).toMatch(/workbook/);
    expect((await refusal(Buffer.from('\ufeffRagione sociale\r\n', 'utf16le'))).message).toMatch(/UTF-16/);
    // NUL bytes after the detection sample are caught where they are.
    const late = Buffer.concat([Buffer.from('a;b\n' + '1;2\n'.repeat(20_000)), Buffer.from([0, 0, 0])]);
    expect((await refusal(late)).reason).toBe('binary');
  });

  it('an empty file, one with only a BOM and blank lines, or only empty cells', async () => {
    expect((await refusal(malformed.empty.bytes)).reason).toBe('empty');
    expect((await refusal(malformed.onlyBom.bytes)).reason).toBe('empty');
    expect((await refusal(Buffer.from(';;;\r\n;;;\r\n'))).reason).toBe('empty');
  });

  it('a file over the size limit, as soon as it passes it', async () => {
    let pulled = 0;
    async function* endless() {
      for (;;) {
        pulled++;
        yield Buffer.from('Ragione sociale;Città\n'.repeat(1000));
      }
    }
    const read = readCsv(endless(), { maxBytes: 1_000_000 });
    const error = await (async () => {
      try {
        for await (const _ of read.records);
      } catch (e) {
        return e as CsvFileError;
      }
    })();
    expect(error?.reason).toBe('too_large');
    expect(pulled).toBeLessThan(50);
  });

  it('bytes that are not UTF-8 after a valid UTF-8 start: the line is named', async () => {
    const bytes = Buffer.concat([Buffer.from('Ragione sociale\n' + 'Rossi\n'.repeat(20_000)), iconv.encode('Caffè\n', 'windows-1252')]);
    const error = await refusal(bytes);
    expect([error.reason, error.line]).toEqual(['encoding', 20_002]);
  });

  it('a header line longer than the detection sample', async () => {
    expect((await refusal(Buffer.from('x'.repeat(70_000) + '\n1\n'))).reason).toBe('no_header');
  });

  it('the detected promise rejects too, and an unawaited failure is not an unhandled rejection', async () => {
    await expect(readCsv(chunked(malformed.empty.bytes, 10), {}).detected).rejects.toMatchObject({ reason: 'empty' });
    readCsv(chunked(malformed.binary.bytes, 10), {});
  });
});

describe('the committed fixture files', () => {
  it('are what fixtures.ts generates (node test/fixtures/imports/generate.ts)', () => {
    for (const fixture of [...realWorldFixtures, ...Object.values(malformed)]) {
      expect(readFileSync(join(import.meta.dirname, '../../fixtures/imports', fixture.file)).equals(fixture.bytes), fixture.file).toBe(true);
    }
  });
});

describe('single-byte decoding', () => {
  it('decodes every byte of every single-byte encoding as iconv-lite does', async () => {
    const { singleByteDecoder } = await import('../../../import/csv/single-byte-decoder.ts');
    const all = Uint8Array.from({ length: 256 }, (_, i) => i);
    for (const encoding of ['windows-1250', 'windows-1252', 'iso-8859-1', 'iso-8859-2']) {
      const decode = singleByteDecoder(encoding);
      for (let i = 0; i < 256; i++) expect(decode(all.subarray(i, i + 1)), `${encoding} ${i}`).toBe(iconv.decode(Buffer.from([i]), encoding));
      expect(decode(all)).toBe(iconv.decode(Buffer.from(all), encoding));
    }
    // True Latin-1, not the WHATWG alias to windows-1252: 0x80 is U+0080, not €.
    expect(singleByteDecoder('iso-8859-1')(Uint8Array.of(0x80))).toBe('\u0080');
  });
});

describe('the source', () => {
  const tracked = (bytes: Uint8Array) => {
    const state = { closed: false };
    async function* source() {
      try {
        for (let at = 0; at < bytes.length; at += 10) yield bytes.subarray(at, at + 10);
      } finally {
        state.closed = true;
      }
    }
    return { state, source: source() };
  };

  it('is closed when the file is refused at detection, when it is read to the end, and when the reader stops early', async () => {
    const refused = tracked(Buffer.from('PK\u0003\u0004\u0014\u0000 and more bytes after the workbook signature', 'latin1'));
    await expect(readCsv(refused.source, {}).detected).rejects.toMatchObject({ reason: 'binary' });
    expect(refused.state.closed).toBe(true);

    const whole = tracked(tabLeads.bytes);
    for await (const _ of readCsv(whole.source, {}).records);
    expect(whole.state.closed).toBe(true);

    const early = tracked(Buffer.from('a;b\n' + '1;2\n'.repeat(100_000)));
    for await (const record of readCsv(early.source, {}).records) if (record.line === 3) break;
    expect(early.state.closed).toBe(true);
  });
});
