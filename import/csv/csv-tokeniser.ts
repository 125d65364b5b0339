import { ByteBuffer } from './byte-buffer.ts';
import { CsvFileError } from './csv-file-error.ts';

/**
 * RFC 4180 tokenising on raw bytes, so every record knows its exact byte offset in the file (to resume
 * an import from a checkpoint with an S3 Range read) and the physical line it starts on (for the
 * error file). It works on bytes because every supported encoding (UTF-8, Windows-1250/1252,
 * ISO-8859-1/2) is ASCII-compatible: quote, delimiters, CR and LF are single bytes that never occur
 * inside a multi-byte character, so fields can be cut before they are decoded.
 *
 * Why not csv-parse: with `encoding: null` (bytes out) version 7 throws while building its own error for
 * a record of a different length, reports the line where a record ends rather than where it starts,
 * and decodes `raw` itself; exact offsets would have to be reconstructed around it.
 *
 * Lenient where real exports are sloppy, strict where data would be lost:
 * - a quote inside an unquoted field is a literal character (`Bar "Da Mario"`);
 * - text after a closing quote is kept (`"abc"def` reads `abcdef`, as spreadsheets do);
 * - CRLF, LF and a lone CR (old Mac exports) all end a record; inside quotes they are kept;
 * - a quote still open at the end of the file, or one that swallows more than `maxRecordBytes`, is an
 *   unterminated quote (the file is refused rather than the rest of it read as one field);
 * - a NUL byte never occurs in a text file in these encodings: the file is binary.
 */
export interface RawRecord {
  /** 1-based physical line where the record starts. */
  readonly line: number;
  /** The physical line just after the record: where a resumed read starts counting. */
  readonly nextLine: number;
  /** Field contents, unquoted and unescaped, still encoded. */
  readonly fields: readonly Uint8Array[];
  /** The record as it is in the file, quotes included, without its line terminator. */
  readonly raw: Uint8Array;
  /** Offset in the file just after the record and its line terminator. */
  readonly byteEnd: number;
}

const QUOTE = 0x22;
const CR = 0x0d;
const LF = 0x0a;
const NUL = 0x00;

const FIELD_START = 0;
const UNQUOTED = 1;
const QUOTED = 2;
/** A quote seen inside a quoted field: either the first of an escaped pair or the closing quote. */
const QUOTED_QUOTE = 3;

export const DEFAULT_MAX_RECORD_BYTES = 1024 * 1024;

export interface TokeniserOptions {
  readonly delimiter: number;
  /** Offset in the file of the first byte that will be pushed. */
  readonly startOffset: number;
  /** Physical line of the first byte that will be pushed. */
  readonly startLine: number;
  readonly maxRecordBytes?: number;
}

export class CsvTokeniser {
  readonly #delimiter: number;
  readonly #maxRecordBytes: number;
  #offset: number;
  #line: number;
  #state = FIELD_START;
  #recordLine: number;
  #quoteLine = 0;
  #previous = -1;
  #fields: Uint8Array[] = [];
  readonly #field = new ByteBuffer();
  readonly #raw = new ByteBuffer();
  /** A record ended by CR waits for the next byte: an LF right after belongs to it. */
  #endedByCr: Omit<RawRecord, 'byteEnd' | 'nextLine'> | null = null;

  constructor(options: TokeniserOptions) {
    this.#delimiter = options.delimiter;
    this.#maxRecordBytes = options.maxRecordBytes ?? DEFAULT_MAX_RECORD_BYTES;
    this.#offset = options.startOffset;
    this.#line = options.startLine;
    this.#recordLine = options.startLine;
  }

  *push(chunk: Uint8Array): Generator<RawRecord> {
    const delimiter = this.#delimiter;
    for (let i = 0; i < chunk.length; i++) {
      const byte = chunk[i]!;
      if (this.#endedByCr) {
        const record = this.#endedByCr;
        this.#endedByCr = null;
        if (byte === LF) {
          this.#offset++;
          this.#previous = byte;
          yield { ...record, byteEnd: this.#offset, nextLine: this.#line };
          continue;
        }
        yield { ...record, byteEnd: this.#offset, nextLine: this.#line };
      }
      if (byte === NUL) throw new CsvFileError('binary', `the file contains a NUL byte on line ${this.#line}: it is not a text (CSV) file`, this.#line);
      this.#offset++;
      switch (this.#state) {
        case FIELD_START:
        case UNQUOTED:
          if (byte === delimiter) {
            this.#endField();
            this.#raw.push(byte);
          } else if (byte === LF || byte === CR) {
            this.#endField();
            const record = this.#endRecord();
            if (byte === CR) this.#endedByCr = record;
            else yield { ...record, byteEnd: this.#offset, nextLine: this.#line };
          } else if (byte === QUOTE && this.#state === FIELD_START) {
            this.#state = QUOTED;
            this.#quoteLine = this.#line;
            this.#raw.push(byte);
          } else {
            this.#state = UNQUOTED;
            this.#field.push(byte);
            this.#raw.push(byte);
          }
          break;
        case QUOTED:
          if (byte === QUOTE) this.#state = QUOTED_QUOTE;
          else {
            if (byte === CR || (byte === LF && this.#previous !== CR)) this.#line++;
            this.#field.push(byte);
          }
          this.#raw.push(byte);
          break;
        case QUOTED_QUOTE:
          if (byte === QUOTE) {
            this.#state = QUOTED;
            this.#field.push(byte);
            this.#raw.push(byte);
          } else if (byte === delimiter) {
            this.#endField();
            this.#raw.push(byte);
          } else if (byte === LF || byte === CR) {
            this.#endField();
            const record = this.#endRecord();
            if (byte === CR) this.#endedByCr = record;
            else yield { ...record, byteEnd: this.#offset, nextLine: this.#line };
          } else {
            this.#state = UNQUOTED;
            this.#field.push(byte);
            this.#raw.push(byte);
          }
          break;
      }
      this.#previous = byte;
      if (this.#raw.length > this.#maxRecordBytes) this.#tooLong();
    }
  }

  /** The end of the file: the last record may have no line terminator. */
  *end(): Generator<RawRecord> {
    if (this.#endedByCr) {
      const record = this.#endedByCr;
      this.#endedByCr = null;
      yield { ...record, byteEnd: this.#offset, nextLine: this.#line };
      return;
    }
    if (this.#state === QUOTED) {
      throw new CsvFileError(
        'unterminated_quote',
        `the quote opened on line ${this.#quoteLine} is never closed: the file ends inside a quoted field`,
        this.#quoteLine,
      );
    }
    if (this.#state !== FIELD_START || this.#fields.length > 0 || this.#raw.length > 0) {
      this.#endField();
      const record = this.#endRecord();
      yield { ...record, byteEnd: this.#offset, nextLine: this.#line };
    }
  }

  #endField(): void {
    this.#fields.push(this.#field.take());
    this.#state = FIELD_START;
  }

  #endRecord(): Omit<RawRecord, 'byteEnd' | 'nextLine'> {
    const record = { line: this.#recordLine, fields: this.#fields, raw: this.#raw.take() };
    this.#fields = [];
    this.#line++;
    this.#recordLine = this.#line;
    return record;
  }

  #tooLong(): never {
    if (this.#state === QUOTED || this.#state === QUOTED_QUOTE) {
      throw new CsvFileError(
        'unterminated_quote',
        `the quote opened on line ${this.#quoteLine} is not closed within ${this.#maxRecordBytes} bytes: a quote is probably missing`,
        this.#quoteLine,
      );
    }
    throw new CsvFileError(
      'record_too_large',
      `the record starting on line ${this.#recordLine} is longer than ${this.#maxRecordBytes} bytes`,
      this.#recordLine,
    );
  }
}
