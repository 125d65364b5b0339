import { z } from 'zod';
import { defineEvent, type EventOf } from '../define.ts';

const source = 'cronaca.imports';

export const ImportKind = z.enum(['companies', 'contacts', 'leads']);
export type ImportKind = z.infer<typeof ImportKind>;
export const ImportMode = z.enum(['create', 'update', 'upsert']);
export type ImportMode = z.infer<typeof ImportMode>;
export const MatchField = z.enum(['code', 'vatNumber', 'email', 'name']);
export type MatchField = z.infer<typeof MatchField>;

const Encoding = z.enum(['utf-8', 'windows-1250', 'windows-1252', 'iso-8859-1', 'iso-8859-2']);
const Delimiter = z.enum([';', ',', '\t']);
// The formats domain/imports/cell-values.ts reads (a published list: extend with a new version).
const DateFormat = z.enum(['dd/mm/yyyy', 'mm/dd/yyyy', 'yyyy-mm-dd']);

/** How the file is read, as a client gives it: absent values are detected (encoding, delimiter) or the locale's default. */
export const ImportOptionsInput = z.strictObject({
  encoding: Encoding.optional(),
  delimiter: Delimiter.optional(),
  dateFormat: DateFormat.optional(),
  decimalComma: z.boolean().optional(),
  /** Header text -> field name, over the automatic recognition. */
  columns: z.record(z.string(), z.string()).optional(),
});
export type ImportOptionsInput = z.infer<typeof ImportOptionsInput>;

/** The options as recorded: every key present (null = detect or default), the mapping as pairs. */
export const ImportOptions = z.strictObject({
  encoding: Encoding.nullable(),
  delimiter: Delimiter.nullable(),
  dateFormat: DateFormat.nullable(),
  decimalComma: z.boolean().nullable(),
  columns: z.array(z.strictObject({ header: z.string(), field: z.string() })),
});
export type ImportOptions = z.infer<typeof ImportOptions>;

/** Who the rows are imported as: the requester's identity at request time (the worker has no token). */
export const ImportActor = z.strictObject({
  userId: z.string(),
  role: z.enum(['admin', 'manager', 'standard', 'restricted']),
  groups: z.array(z.string()),
});

export const ImportRequested = defineEvent({
  type: 'ImportRequested',
  version: 1,
  source,
  description: 'An import job was requested (API upload, paste or drop folder); the file is at `sourceKey` in the drop bucket.',
  schema: z.strictObject({
    jobId: z.string(),
    kind: ImportKind,
    mode: ImportMode,
    matchOn: MatchField.nullable(),
    options: ImportOptions,
    origin: z.enum(['upload', 'paste', 'drop']),
    sourceKey: z.string(),
    runAs: ImportActor,
  }),
});

export const ImportRunClaimed = defineEvent({
  type: 'ImportRunClaimed',
  version: 1,
  source,
  description:
    'A worker run took the job (its lease, until `until`): only that run moves the job, so a job queued twice is run once. ' +
    'A run whose lease ran out (it crashed) is taken over from the last checkpoint; a continuation renews its own.',
  schema: z.strictObject({ jobId: z.string(), runId: z.string(), until: z.iso.datetime() }),
});

export const ImportRunReleased = defineEvent({
  type: 'ImportRunReleased',
  version: 1,
  source,
  description: 'The run holding the job let go of it (it failed and its message is redelivered): any run may take the job again.',
  schema: z.strictObject({ jobId: z.string(), runId: z.string() }),
});

export const ImportValidationStarted = defineEvent({
  type: 'ImportValidationStarted',
  version: 1,
  source,
  description: 'The worker found the file and is checking its encoding, delimiter and header.',
  schema: z.strictObject({ jobId: z.string(), sizeBytes: z.number().int().nonnegative() }),
});

const ImportStartedV1 = z.strictObject({
  jobId: z.string(),
  encoding: z.string(),
  delimiter: z.string(),
  /** The header as read: each chunk maps it again, and the errors file repeats it. */
  header: z.array(z.string()),
  /** Data rows the validation pass counted (the denominator of the progress). */
  rowsTotal: z.number().int().nonnegative(),
  dataStart: z.strictObject({ line: z.number().int().positive(), byteOffset: z.number().int().nonnegative() }),
});

/**
 * Why the file was read in `encoding`: a UTF-8 byte-order mark, the request's `options.encoding`, valid
 * UTF-8 bytes, a pasted text (Unicode already), or — the file not being UTF-8 — the encoding of a
 * language's spreadsheets: `locale`, taken from the uploader's declaration (drop-folder metadata), the
 * requester's profile or the tenant's users.
 */
export const EncodingChoice = z.strictObject({
  by: z.enum(['bom', 'declared', 'utf-8', 'paste', 'locale']),
  locale: z.enum(['it', 'en', 'pl', 'hu']).nullable(),
  of: z.enum(['uploader', 'requester', 'tenant']).nullable(),
});
export type EncodingChoice = z.infer<typeof EncodingChoice>;

/** v2 adds `encodingChoice` (why that encoding); v1 starts lift with null: nothing was recorded. */
export const ImportStarted = defineEvent({
  type: 'ImportStarted',
  version: 2,
  source,
  description: 'The header was understood; rows are being imported. `encodingChoice` says why the file is read in `encoding`.',
  schema: ImportStartedV1.extend({ encodingChoice: EncodingChoice.nullable() }),
  previous: [{ version: 1, schema: ImportStartedV1, upcast: (data) => ({ ...(data as object), encodingChoice: null }) }],
});

const ImportProgressRecordedV1 = z.strictObject({
  jobId: z.string(),
  chunk: z.number().int().positive(),
  next: z.strictObject({ line: z.number().int().positive(), byteOffset: z.number().int().nonnegative() }),
  processed: z.number().int().nonnegative(),
  created: z.number().int().nonnegative(),
  updated: z.number().int().nonnegative(),
  rejected: z.number().int().nonnegative(),
  /** Ids of the records this chunk created: what a revert removes. */
  createdIds: z.array(z.string()),
  /** The chunk's rejected rows (CSV) in the drop bucket, when there were any. */
  errorsKey: z.string().nullable(),
});

/**
 * v2 adds `unchanged`: a matched row whose values the record already had (nothing was appended to
 * it), which v1 counted as `updated`. v1 chunks lift with `unchanged: 0` — what they counted stays.
 */
export const ImportProgressRecorded = defineEvent({
  type: 'ImportProgressRecorded',
  version: 2,
  source,
  description:
    'A chunk of rows was imported up to a checkpoint (the next line to read and its byte offset); counts are for the chunk. ' +
    'A matched row whose values the record already had is `unchanged`, not `updated`.',
  schema: ImportProgressRecordedV1.extend({ unchanged: z.number().int().nonnegative() }),
  previous: [{ version: 1, schema: ImportProgressRecordedV1, upcast: (data) => ({ ...(data as object), unchanged: 0 }) }],
});

export const ImportCompleted = defineEvent({
  type: 'ImportCompleted',
  version: 1,
  source,
  description: 'Every row of the file was imported or rejected.',
  schema: z.strictObject({ jobId: z.string(), rowsTotal: z.number().int().nonnegative() }),
});

export const ImportFailed = defineEvent({
  type: 'ImportFailed',
  version: 1,
  source,
  description: 'The job stopped: the file cannot be read (reason says why). Rows of earlier chunks stay imported.',
  schema: z.strictObject({ jobId: z.string(), code: z.string(), reason: z.string() }),
});

export const ImportCancelled = defineEvent({
  type: 'ImportCancelled',
  version: 1,
  source,
  description: 'The job was cancelled before it finished; the worker stops at its next checkpoint.',
  schema: z.strictObject({ jobId: z.string() }),
});

export const ImportRevertRequested = defineEvent({
  type: 'ImportRevertRequested',
  version: 1,
  source,
  description: 'The records the job created are being removed (compensating events); updates are not reverted.',
  schema: z.strictObject({ jobId: z.string(), records: z.number().int().nonnegative() }),
});

export const ImportReverted = defineEvent({
  type: 'ImportReverted',
  version: 1,
  source,
  description: 'Every record the job created was removed.',
  schema: z.strictObject({ jobId: z.string(), removed: z.number().int().nonnegative() }),
});

export const importEvents = [
  ImportRequested,
  ImportRunClaimed,
  ImportRunReleased,
  ImportValidationStarted,
  ImportStarted,
  ImportProgressRecorded,
  ImportCompleted,
  ImportFailed,
  ImportCancelled,
  ImportRevertRequested,
  ImportReverted,
] as const;

export type ImportEvent = EventOf<(typeof importEvents)[number]>;
