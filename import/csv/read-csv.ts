import { CsvFileError } from './csv-file-error.ts';
import { CsvTokeniser, DEFAULT_MAX_RECORD_BYTES, type RawRecord } from './csv-tokeniser.ts';
import { detectDelimiter, type CsvDelimiter } from './detect-delimiter.ts';
import { detectEncoding, hasUtf8Bom, refuseNonText, type CsvEncoding, type EncodingSource } from './detect-encoding.ts';
import { singleByteDecoder } from './single-byte-decoder.ts';

export { CsvFileError, type CsvFileErrorReason } from './csv-file-error.ts';
export type { CsvEncoding, EncodingSource } from './detect-encoding.ts';
export type { CsvDelimiter } from './detect-delimiter.ts';

/** What the first read of a file found; a resumed read is given it back (see `resumeFrom`). */
export interface CsvDetected {
  readonly encoding: CsvEncoding;
  /** How `encoding` was chosen (absent on a resumed read: the first read said it). */
  readonly encodingSource?: EncodingSource;
  readonly delimiter: CsvDelimiter;
  /** The header cells, decoded and trimmed. */
  readonly header: readonly string[];
}

export interface CsvReadOptions {
  /** `auto`: UTF-8 (with or without BOM) when the bytes are valid UTF-8, else the file is refused with a reason asking to declare it. */
  readonly encoding?: CsvEncoding | 'auto';
  /** With `encoding: auto`, what a file that is not valid UTF-8 is read as (instead of being refused). */
  readonly fallbackEncoding?: CsvEncoding;
  /** `auto`: detected on the header line, quotes respected. */
  readonly delimiter?: CsvDelimiter | 'auto';
  /** Over this many bytes (counted in the whole file) the read fails with `too_large`. */
  readonly maxBytes?: number;
  /** A record longer than this is refused (a missing quote, or not a CSV): memory stays bounded. */
  readonly maxRecordBytes?: number;
  /**
   * Continue right after a record already processed: `source` yields the file from `byteOffset`
   * (an S3 Range read), `line` is that record's `nextLine`, and `detected` is what the first read
   * found. The header is passed back rather than read again so that a resumed run decodes exactly as
   * the first one did, with no second request for bytes 0..n.
   */
  readonly resumeFrom?: { readonly byteOffset: number; readonly line: number; readonly detected: CsvDetected };
}

export interface CsvRecord {
  /** 1-based physical line where the record starts (a quoted field may span lines). */
  readonly line: number;
  /** The physical line after the record: `resumeFrom.line` when resuming from `byteEnd`. */
  readonly nextLine: number;
  /** Decoded, not trimmed. A record may have fewer or more fields than the header. */
  readonly fields: readonly string[];
  /** The record's original text without its line terminator, for the error file. */
  readonly raw: string;
  /** Offset in the original file just after this record: `resumeFrom.byteOffset` to continue. */
  readonly byteEnd: number;
}

export interface CsvRead {
  /** Settles once the header is read (or the file refused); rejects with a `CsvFileError`. */
  readonly detected: Promise<CsvDetected>;
  /**
   * The data records, in order, read as they are consumed (nothing is buffered beyond one source
   * chunk). Blank lines, and lines whose cells are all empty (";;;;" left by spreadsheets), are
   * skipped. A file-level problem found on the way (binary content, invalid UTF-8, an unclosed quote,
   * the size limit) throws a `CsvFileError`; a job that wants all-or-nothing validates in a first pass.
   * Iterable once.
   */
  readonly records: AsyncIterable<CsvRecord>;
}

/** The first bytes looked at to detect encoding and delimiter. */
const SAMPLE_BYTES = 64 * 1024;

type Step = { readonly detected: CsvDetected } | { readonly record: CsvRecord };

/** Streams a CSV file: memory is flat in the file size. See `CsvRead`. */
export function readCsv(source: AsyncIterable<Uint8Array>, options: CsvReadOptions = {}): CsvRead {
  const steps = read(source, options);
  const detected = steps.next().then((first) => {
    if (first.done || !('detected' in first.value)) throw new Error('readCsv: the header is always the first step');
    return first.value.detected;
  });
  // Awaited by whoever uses it; this keeps an unused failed detection from being an unhandled rejection.
  detected.catch(() => undefined);
  let iterated = false;
  const records: AsyncIterable<CsvRecord> = {
    async *[Symbol.asyncIterator]() {
      if (iterated) throw new Error('readCsv: records can be iterated only once');
      iterated = true;
      await detected;
      for await (const step of steps) if ('record' in step) yield step.record;
    },
  };
  return { detected, records };
}

async function* read(source: AsyncIterable<Uint8Array>, options: CsvReadOptions): AsyncGenerator<Step> {
  const chunks = limited(source, options.resumeFrom?.byteOffset ?? 0, options.maxBytes ?? Number.POSITIVE_INFINITY);
  try {
    yield* steps(chunks, options);
  } finally {
    // However the read ends (refused, abandoned, done), the source is closed: an S3 body left open holds a socket.
    await chunks.return(undefined);
  }
}

async function* steps(chunks: AsyncGenerator<Uint8Array>, options: CsvReadOptions): AsyncGenerator<Step> {
  const resume = options.resumeFrom;
  const { sample, complete } = await takeSample(chunks);

  let tokeniser: CsvTokeniser;
  let detected: CsvDetected | undefined;
  let encoding: CsvEncoding;
  const maxRecordBytes = options.maxRecordBytes ?? DEFAULT_MAX_RECORD_BYTES;
  if (resume) {
    detected = resume.detected;
    encoding = detected.encoding;
    yield { detected };
    tokeniser = new CsvTokeniser({
      delimiter: detected.delimiter.charCodeAt(0),
      startOffset: resume.byteOffset,
      startLine: resume.line,
      maxRecordBytes,
    });
  } else {
    const bom = hasUtf8Bom(sample) ? 3 : 0;
    if (isBlank(sample.subarray(bom))) throw new CsvFileError('empty', 'the file is empty');
    refuseNonText(sample);
    const chosen = detectEncoding(sample, options.encoding ?? 'auto', complete, options.fallbackEncoding);
    encoding = chosen.encoding;
    const delimiter =
      options.delimiter && options.delimiter !== 'auto' ? options.delimiter : detectDelimiter(sample.subarray(bom), complete);
    if (!delimiter) throw new CsvFileError('no_header', `no header line in the first ${SAMPLE_BYTES} bytes`, 1);
    tokeniser = new CsvTokeniser({ delimiter: delimiter.charCodeAt(0), startOffset: bom, startLine: 1, maxRecordBytes });
    const decode = decoderFor(encoding);
    const partial = { encoding, encodingSource: chosen.source, delimiter };
    // Pulled by hand: a `for await … break` would close the generator, and with it the source.
    const records = tokens(tokeniser, sample.subarray(bom), chunks);
    for (let next = await records.next(); !next.done; next = await records.next()) {
      const record = decodeRecord(next.value, decode);
      if (isBlankRecord(record.fields)) continue;
      detected = { ...partial, header: record.fields.map((cell) => cell.trim()) };
      break;
    }
    if (!detected) throw new CsvFileError('empty', 'the file has no header line');
    yield { detected };
    // The header consumed the start of `records`; the rest continues from the same generator.
    for await (const raw of records) {
      const record = decodeRecord(raw, decode);
      if (!isBlankRecord(record.fields)) yield { record };
    }
    return;
  }
  const decode = decoderFor(encoding);
  for await (const raw of tokens(tokeniser, sample, chunks)) {
    const record = decodeRecord(raw, decode);
    if (!isBlankRecord(record.fields)) yield { record };
  }
}

/** Counts bytes as they arrive, so an oversized file fails as soon as it passes the limit. */
async function* limited(source: AsyncIterable<Uint8Array>, startOffset: number, maxBytes: number): AsyncGenerator<Uint8Array> {
  let total = startOffset;
  for await (const chunk of source) {
    total += chunk.byteLength;
    if (total > maxBytes) throw new CsvFileError('too_large', `the file is larger than the limit of ${maxBytes} bytes`);
    if (chunk.byteLength > 0) yield chunk;
  }
}

async function takeSample(chunks: AsyncGenerator<Uint8Array>): Promise<{ sample: Uint8Array; complete: boolean }> {
  const parts: Uint8Array[] = [];
  let length = 0;
  while (length < SAMPLE_BYTES) {
    const next = await chunks.next();
    if (next.done) return { sample: concat(parts, length), complete: true };
    parts.push(next.value);
    length += next.value.byteLength;
  }
  return { sample: concat(parts, length), complete: false };
}

/** One generator over the sample then the rest of the source, closing the source if abandoned. */
async function* tokens(tokeniser: CsvTokeniser, sample: Uint8Array, rest: AsyncGenerator<Uint8Array>): AsyncGenerator<RawRecord> {
  try {
    yield* tokeniser.push(sample);
    for await (const chunk of rest) yield* tokeniser.push(chunk);
    yield* tokeniser.end();
  } finally {
    await rest.return(undefined);
  }
}

type Decode = (bytes: Uint8Array, line: number) => string;

/**
 * UTF-8 through a fatal TextDecoder: bytes that are not UTF-8 past the detection sample are a file
 * error, never replacement characters in the data. The single-byte encodings through iconv-lite's
 * tables: the WHATWG TextDecoder maps "iso-8859-1" to windows-1252, iconv-lite decodes true Latin-1.
 */
function decoderFor(encoding: CsvEncoding): Decode {
  if (encoding === 'utf-8') {
    const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
    return (bytes, line) => {
      try {
        return decoder.decode(bytes);
      } catch {
        throw new CsvFileError(
          'encoding',
          `line ${line} is not valid UTF-8: declare the file's encoding (windows-1252, windows-1250, iso-8859-1 or iso-8859-2)`,
          line,
        );
      }
    };
  }
  return singleByteDecoder(encoding);
}

function decodeRecord(raw: RawRecord, decode: Decode): CsvRecord {
  return {
    line: raw.line,
    nextLine: raw.nextLine,
    fields: raw.fields.map((field) => decode(field, raw.line)),
    raw: decode(raw.raw, raw.line),
    byteEnd: raw.byteEnd,
  };
}

const isBlankRecord = (fields: readonly string[]): boolean => fields.every((field) => field.trim() === '');

function isBlank(bytes: Uint8Array): boolean {
  for (const byte of bytes) if (byte !== 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0d) return false;
  return true;
}

function concat(parts: readonly Uint8Array[], length: number): Uint8Array {
  if (parts.length === 1) return parts[0]!;
  const joined = new Uint8Array(length);
  let at = 0;
  for (const part of parts) {
    joined.set(part, at);
    at += part.byteLength;
  }
  return joined;
}
