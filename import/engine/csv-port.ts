/**
 * What the job needs from the CSV reading layer (import/csv, import/mapping — built on the `csv`
 * branch): records with their physical line and the byte just after them, so a chunk can resume with
 * an S3 Range read; a file-level error with a reason; the header resolved to the kind's fields; a row
 * turned into the HTTP create body of its kind.
 *
 * STAND-IN until that branch lands: UTF-8 only, `;` `,` or tab detected on the header, RFC 4180
 * quotes. The job engine depends on these signatures only, so the real reader replaces this file.
 */
import type { ImportKind } from '../../events/imports/import-events.ts';

export type CsvFileErrorReason = 'empty' | 'binary' | 'unterminated_quote' | 'encoding' | 'too_large' | 'no_header' | 'unknown_columns';

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

export interface CsvRecord {
  /** 1-based physical line the record starts on. */
  readonly line: number;
  /** The physical line after the record: where a resumed read starts counting. */
  readonly nextLine: number;
  readonly fields: readonly string[];
  /** The record as in the file (decoded), without its terminator. */
  readonly raw: string;
  /** Offset in the file just after the record and its terminator. */
  readonly byteEnd: number;
}

export interface ReadCsvOptions {
  readonly delimiter?: string;
  readonly encoding?: string;
  /** Where `source` starts in the file (a ranged read), and the physical line there. */
  readonly resumeFrom?: { readonly byteOffset: number; readonly line: number };
}

export interface ReadCsvResult {
  readonly detected: { readonly encoding: string; readonly delimiter: string };
  readonly records: AsyncIterable<CsvRecord>;
}

const QUOTE = 0x22;
const CR = 0x0d;
const LF = 0x0a;

const concat = (a: Uint8Array, b: Uint8Array): Uint8Array => {
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
};

/** Splits bytes into records; `final` = no more bytes will come. Returns the records and the rest. */
const tokenise = (bytes: Uint8Array, delimiter: number, final: boolean) => {
  const records: { fields: Uint8Array[]; raw: Uint8Array; length: number; lines: number }[] = [];
  let start = 0;
  outer: while (start < bytes.length) {
    const fields: Uint8Array[] = [];
    let i = start;
    let lines = 0;
    for (;;) {
      if (bytes[i] === QUOTE) {
        const parts: number[] = [];
        i += 1;
        for (;;) {
          if (i >= bytes.length) {
            if (final) throw new CsvFileError('unterminated_quote', 'a quoted field is never closed');
            break outer;
          }
          if (bytes[i] === QUOTE) {
            if (bytes[i + 1] === QUOTE) {
              parts.push(QUOTE);
              i += 2;
              continue;
            }
            if (i + 1 >= bytes.length && !final) break outer;
            i += 1;
            break;
          }
          if (bytes[i] === LF) lines += 1;
          parts.push(bytes[i]!);
          i += 1;
        }
        let tail = i;
        while (tail < bytes.length && bytes[tail] !== delimiter && bytes[tail] !== CR && bytes[tail] !== LF) tail += 1;
        fields.push(concat(Uint8Array.from(parts), bytes.subarray(i, tail)));
        i = tail;
      } else {
        let end = i;
        while (end < bytes.length && bytes[end] !== delimiter && bytes[end] !== CR && bytes[end] !== LF) end += 1;
        fields.push(bytes.subarray(i, end));
        i = end;
      }
      if (i >= bytes.length) {
        if (!final) break outer;
        records.push({ fields, raw: bytes.subarray(start, i), length: i - start, lines: lines + 1 });
        start = i;
        break outer;
      }
      if (bytes[i] === delimiter) {
        i += 1;
        continue;
      }
      const rawEnd = i;
      if (bytes[i] === CR && i + 1 >= bytes.length && !final) break outer;
      i += bytes[i] === CR && bytes[i + 1] === LF ? 2 : 1;
      records.push({ fields, raw: bytes.subarray(start, rawEnd), length: i - start, lines: lines + 1 });
      start = i;
      continue outer;
    }
  }
  return { records, rest: bytes.subarray(start) };
};

const detectDelimiter = (firstLine: string): string => {
  const counts = [';', ',', '\t'].map((d) => [d, firstLine.split(d).length - 1] as const);
  return counts.reduce((best, c) => (c[1] > best[1] ? c : best))[0];
};

export const readCsv = async (source: AsyncIterable<Uint8Array>, options: ReadCsvOptions = {}): Promise<ReadCsvResult> => {
  const iterator = source[Symbol.asyncIterator]();
  let buffer: Uint8Array = new Uint8Array(0);
  let done = false;
  const pull = async () => {
    const next = await iterator.next();
    if (next.done) done = true;
    else buffer = concat(buffer, next.value);
  };
  let offset = options.resumeFrom?.byteOffset ?? 0;
  if (offset === 0) {
    while (!done && buffer.length < 3) await pull();
    if (buffer[0] === 0xef && buffer[1] === 0xbb && buffer[2] === 0xbf) {
      buffer = buffer.subarray(3);
      offset = 3;
    }
    if (buffer.length === 0 && done) throw new CsvFileError('empty', 'the file is empty');
  }
  while (!done && !buffer.includes(LF)) await pull();
  if (buffer.subarray(0, 8192).includes(0)) throw new CsvFileError('binary', 'the file is not text (it contains NUL bytes)');
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const decode = (bytes: Uint8Array) => {
    try {
      return decoder.decode(bytes);
    } catch {
      throw new CsvFileError('encoding', 'the file is not valid UTF-8: declare its encoding');
    }
  };
  const firstLineEnd = buffer.indexOf(LF);
  const delimiter = options.delimiter ?? detectDelimiter(decode(buffer.subarray(0, firstLineEnd < 0 ? buffer.length : firstLineEnd)));
  const delimiterByte = delimiter.charCodeAt(0);
  let line = options.resumeFrom?.line ?? 1;
  async function* records(): AsyncGenerator<CsvRecord> {
    for (;;) {
      const { records: found, rest } = tokenise(buffer, delimiterByte, done);
      for (const record of found) {
        const fields = record.fields.map(decode);
        if (fields.some((f) => f.includes('\u0000'))) throw new CsvFileError('binary', 'the file is not text', line);
        offset += record.length;
        const startLine = line;
        line += record.lines;
        if (fields.length === 1 && fields[0] === '') continue;
        yield { line: startLine, nextLine: line, fields, raw: decode(record.raw), byteEnd: offset };
      }
      buffer = Uint8Array.from(rest);
      if (done) return;
      await pull();
    }
  }
  return { detected: { encoding: options.encoding ?? 'utf-8', delimiter }, records: records() };
};

/** Header text (folded) -> the field of the kind it means; the real mapping knows far more aliases. */
const aliases: Record<ImportKind, Record<string, string>> = {
  companies: {
    legalname: 'legalName', name: 'legalName', 'ragione sociale': 'legalName', 'nazwa firmy': 'legalName', cegnev: 'legalName',
    vat: 'vatNumber', vatnumber: 'vatNumber', 'partita iva': 'vatNumber', nip: 'vatNumber',
    code: 'code', email: 'email', phone: 'phone', city: 'city', website: 'website', kind: 'kind',
  },
  contacts: { firstname: 'firstName', lastname: 'lastName', name: 'name', email: 'email', phone: 'phone', position: 'position', city: 'city' },
  leads: { companyname: 'companyName', company: 'companyName', vat: 'vatNumber', vatnumber: 'vatNumber', firstname: 'firstName', lastname: 'lastName', email: 'email', phone: 'phone', source: 'source' },
};

const fold = (text: string) => text.normalize('NFD').replace(/\p{M}/gu, '').trim().toLowerCase();

export interface ResolvedColumns {
  /** Field per column index (null: ignored column). */
  readonly fields: readonly (string | null)[];
}

export const resolveColumns = (kind: ImportKind, header: readonly string[], explicit: Readonly<Record<string, string>> = {}): ResolvedColumns => {
  const fields = header.map((h) => explicit[h] ?? aliases[kind][fold(h)] ?? null);
  if (fields.every((f) => f === null)) throw new CsvFileError('unknown_columns', `no known column in the header: ${header.join(', ')}`, 1);
  return { fields };
};

export type RowOutcome =
  | { readonly ok: true; readonly body: Record<string, unknown>; readonly match: Partial<Record<'code' | 'vatNumber' | 'email' | 'name', string>> }
  | { readonly ok: false; readonly reason: string };

/** A record -> the HTTP create body of the kind (only the columns present) and its match values. */
export const rowToInput = (kind: ImportKind, columns: ResolvedColumns, fields: readonly string[]): RowOutcome => {
  const value: Record<string, string> = {};
  columns.fields.forEach((field, i) => {
    const text = fields[i]?.trim();
    if (field && text) value[field] = text;
  });
  const email = value['email'];
  const phone = value['phone'];
  const contactFields = {
    ...(email ? { emails: [{ type: 'work', address: email }] } : {}),
    ...(phone ? { phones: [{ type: 'work', number: phone }] } : {}),
  };
  if (kind === 'companies') {
    if (!value['legalName']) return { ok: false, reason: 'legalName: missing' };
    const body = {
      legalName: value['legalName'],
      ...(value['vatNumber'] ? { vatNumber: value['vatNumber'] } : {}),
      ...(value['website'] ? { website: value['website'] } : {}),
      ...(value['kind'] ? { kind: value['kind'] } : {}),
      ...(value['city'] ? { addresses: [{ type: 'registered', city: value['city'] }] } : {}),
      ...contactFields,
    };
    return { ok: true, body, match: { code: value['code'], vatNumber: value['vatNumber'], email, name: value['legalName'] } as never };
  }
  if (kind === 'contacts') {
    if (!value['firstName'] && !value['lastName']) return { ok: false, reason: 'firstName, lastName: give at least one' };
    const body = {
      ...(value['firstName'] ? { firstName: value['firstName'] } : {}),
      ...(value['lastName'] ? { lastName: value['lastName'] } : {}),
      ...(value['position'] ? { position: value['position'] } : {}),
      ...contactFields,
    };
    return { ok: true, body, match: { email, name: [value['firstName'], value['lastName']].filter(Boolean).join(' ') } as never };
  }
  if (!value['companyName']) return { ok: false, reason: 'companyName: missing' };
  const body = {
    companyName: value['companyName'],
    ...(value['vatNumber'] ? { vatNumber: value['vatNumber'] } : {}),
    ...(value['firstName'] ? { firstName: value['firstName'] } : {}),
    ...(value['lastName'] ? { lastName: value['lastName'] } : {}),
    ...(value['source'] ? { source: value['source'] } : {}),
    ...contactFields,
  };
  return { ok: true, body, match: { vatNumber: value['vatNumber'], email, name: value['companyName'] } as never };
};
