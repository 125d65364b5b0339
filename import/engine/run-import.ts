import { idempotencyTtlSeconds, type EventStorePort } from '../../application/ports/event-store.ts';
import type { DropBucket } from '../../adapters/s3/drop-bucket.ts';
import type { ImportMessage, JobQueue } from '../../adapters/queue/job-queue.ts';
import type { Checkpoint, ImportJob, ImportJobCommand } from '../../domain/imports/import-job.ts';
import { canResume, explicitColumns, isTerminal } from '../../domain/imports/import-job.ts';
import type { Actor } from '../../domain/shared/actor.ts';
import { DomainError } from '../../domain/shared/errors.ts';
import type { TenantSettings } from '../../domain/settings/tenant-settings.ts';
import type { ImportKind, MatchField } from '../../events/imports/import-events.ts';
import { quoted } from '../mapping/row-issues.ts';
import { CsvFileError, readCsv, resolveColumns, rowToInput, type CsvDetected, type CsvRecord, type RowDescriber } from './csv-port.ts';
import { rowIdempotencyKey, type DirectoryGateway, type Match, type RowIssue, type RowResult } from './directory-gateway.ts';
import { errorsKey, errorsRows, type RejectedRow } from '../../application/imports/errors-file.ts';
import type { LocaleSource } from './file-encoding.ts';
import { customFieldsOf, validate } from './validate-file.ts';
import type { ImportInputs } from '../mapping/row-to-input.ts';
import { rowPathOf, rowToUpdate } from '../mapping/row-to-update.ts';
import { actorOf, createdRecords, ImportJobSession, loadJob } from './job-store.ts';
import type { BusinessMetrics } from '../../application/ports/business-metrics.ts';

export interface ImportEngine {
  readonly store: EventStorePort;
  readonly bucket: DropBucket;
  readonly queue: JobQueue;
  readonly directory: DirectoryGateway;
  /** The tenant's custom-field definitions: their columns are read like the built-in ones. */
  readonly settings: TenantSettings;
  readonly now: () => string;
  readonly newId: () => string;
  /** Rows per checkpoint. */
  readonly chunkRows: number;
  /**
   * A chunk is also checkpointed once it has run this long (by `now`), however few rows it has: the
   * progress a client sees moves every few seconds, not every `chunkRows` rows (minutes on a slow
   * match). Absent: by rows only.
   */
  readonly checkpointMs?: number;
  readonly maxFileBytes: number;
  /** Milliseconds left in this invocation; below `reserveMs` after a checkpoint the job continues in a new message. */
  readonly remainingMs: () => number;
  readonly reserveMs: number;
  /** How long a row's idempotency record lives: a running job idle for longer stops (`canResume`). */
  readonly replayWindowMs?: number;
  /** The languages of the requester and the tenant: a file that is not UTF-8 is read in their spreadsheets' encoding. */
  readonly locales?: LocaleSource;
  /** Fault injection for tests: called (and awaited) after each row's command, before the checkpoint. */
  readonly afterRow?: (line: number) => void | Promise<void>;
  /** Where each checkpointed chunk's rows and rate are counted (absent: nowhere). */
  readonly metrics?: BusinessMetrics;
}

/** `held`: another run holds the job (its lease); this message is dropped. */
export type RunOutcome = 'completed' | 'failed' | 'continued' | 'reverted' | 'stopped' | 'held' | 'unknown-job';

/** What one chunk did, until its checkpoint is committed. */
interface Chunk {
  from: Checkpoint;
  next: Checkpoint;
  processed: number;
  created: number;
  updated: number;
  unchanged: number;
  createdIds: string[];
  rejected: RejectedRow[];
}

const emptyChunk = (from: Checkpoint): Chunk => ({ from, next: from, processed: 0, created: 0, updated: 0, unchanged: 0, createdIds: [], rejected: [] });

/**
 * Runs one queued message of a job as far as this invocation's time allows. Every step is a command
 * on the job, so a duplicated or retried message finds the job where the last one left it:
 * uploaded → validating (the whole file is read once, without writing anything: a malformed file
 * fails here, before a single record exists) → running, chunk by chunk from the last checkpoint.
 */
export const runImport = async (engine: ImportEngine, message: ImportMessage): Promise<RunOutcome> => {
  const { tenant, jobId } = message;
  const session = await ImportJobSession.open(engine.store, tenant, jobId);
  let job = session.job;
  if (job === null) return 'unknown-job';
  const actor = actorOf(tenant, job);
  const context = () => ({ now: engine.now, commandId: engine.newId(), correlationId: `import:${jobId}` });
  if (job.revertRequested && job.status !== 'reverted') {
    return revert(engine, job, actor, (c) => session.run(actor, c, context()));
  }
  if (isTerminal(job)) return 'stopped';

  // One run at a time (a paste is queued by its request and by the object's notification): the run
  // takes a lease on the job in a conditioned commit, and any other run's message is dropped. The
  // lease outlasts this invocation, so a run that dies holding it is taken over only once it surely
  // stopped (its message comes back after the queue's visibility timeout, twice the function's).
  const runId = message.runId ?? engine.newId();
  const until = new Date(Date.parse(engine.now()) + engine.remainingMs() + leaseMarginMs).toISOString();
  try {
    job = await session.run(actor, { type: 'ClaimRun', data: { runId, until } }, context());
  } catch (error) {
    if (error instanceof DomainError && error.kind === 'conflict') return 'held';
    throw error;
  }
  const command = (c: ImportJobCommand) => session.run(actor, { ...c, runId }, context());
  try {
    return await runClaimed(engine, job, actor, runId, command);
  } catch (error) {
    await session.run(actor, { type: 'ReleaseRun', data: { runId } }, context()).catch(() => undefined);
    throw error;
  }
};

/** Past the end of the invocation, the lease lasts this long more (clock skew between workers). */
const leaseMarginMs = 60_000;

const runClaimed = async (
  engine: ImportEngine,
  claimed: ImportJob,
  actor: Actor,
  runId: string,
  command: (c: ImportJobCommand) => Promise<ImportJob>,
): Promise<RunOutcome> => {
  let job = claimed;
  const fail = async (code: string, reason: string): Promise<RunOutcome> => {
    await command({ type: 'FailImport', data: { code, reason } });
    return 'failed';
  };

  // An hour of margin: DynamoDB deletes expired items late, but never keeps them less than the TTL.
  const replayWindowMs = engine.replayWindowMs ?? (idempotencyTtlSeconds - 3600) * 1000;
  if (!canResume(job, engine.now(), replayWindowMs)) {
    const line = job.checkpoint?.line ?? 1;
    return fail(
      'stalled',
      `the import stopped at line ${line} more than ${Math.round(replayWindowMs / 3_600_000)} hours ago and cannot safely go on: import the file again from line ${line} (update or upsert mode finds the rows already imported)`,
    );
  }
  try {
    if (job.status === 'uploaded') {
      const size = await engine.bucket.size(job.sourceKey);
      if (size === null) return fail('missing', 'the file was not uploaded');
      if (size > engine.maxFileBytes) return fail('too_large', `the file has ${size} bytes; the limit is ${engine.maxFileBytes}`);
      job = await command({ type: 'StartValidation', data: { sizeBytes: size } });
    }
    if (job.status === 'validating') job = await command({ type: 'StartImport', data: await validate(engine, actor.tenant, job) });
    return await runChunks(engine, job, actor, runId, command);
  } catch (error) {
    if (error instanceof CsvFileError) return fail(error.reason, error.line ? `line ${error.line}: ${error.message}` : error.message);
    // Cancelled (or failed) under our feet: the next checkpoint is refused; stop quietly.
    if (error instanceof DomainError && error.kind === 'conflict') return 'stopped';
    throw error;
  }
};

/**
 * Removes every record the job created, as the job's own user; a record already removed (an earlier,
 * interrupted run) counts as done, so the revert continues in a new message when time runs low.
 */
const revert = async (engine: ImportEngine, job: ImportJob, actor: Actor, command: (c: ImportJobCommand) => Promise<ImportJob>): Promise<RunOutcome> => {
  let removed = 0;
  for await (const id of createdRecords(engine.store, actor.tenant, job.id)) {
    await engine.directory.remove(actor, job.kind, id, `import:${job.id}:revert:${id}`);
    removed += 1;
    if (removed % engine.chunkRows === 0 && engine.remainingMs() < engine.reserveMs) {
      await engine.queue.send({ tenant: actor.tenant, jobId: job.id });
      return 'continued';
    }
  }
  await command({ type: 'CompleteRevert', data: { removed } });
  return 'reverted';
};

const runChunks = async (
  engine: ImportEngine,
  job: ImportJob,
  actor: Actor,
  runId: string,
  command: (c: ImportJobCommand) => Promise<ImportJob>,
): Promise<RunOutcome> => {
  const format = job.format!;
  const columns = resolveColumns(job.kind, format.header, explicitColumns(job.options), await customFieldsOf(engine, actor.tenant, job), job.mode);
  const from = job.checkpoint!;
  const source = engine.bucket.read(job.sourceKey, from.byteOffset);
  const detected = { encoding: format.encoding, delimiter: format.delimiter, header: format.header } as CsvDetected;
  const { records } = readCsv(source, {
    encoding: detected.encoding,
    delimiter: detected.delimiter,
    maxBytes: engine.maxFileBytes,
    ...(from.byteOffset > 0 ? { resumeFrom: { byteOffset: from.byteOffset, line: from.line, detected } } : {}),
  });
  // Match values met in this run: a second row with the same value is a duplicate inside the file
  // even before the search index shows the first one.
  const seen = new Map<string, number>();
  let chunk = emptyChunk(job.checkpoint!);
  let chunkStartedAt = Date.parse(engine.now());
  const checkpointDue = () =>
    chunk.processed >= engine.chunkRows || (engine.checkpointMs !== undefined && Date.parse(engine.now()) - chunkStartedAt >= engine.checkpointMs);

  /** Records the chunk; false when the job no longer runs (cancelled meanwhile): the worker stops here. */
  const checkpoint = async (): Promise<boolean> => {
    let key: string | null = null;
    if (chunk.rejected.length > 0) {
      key = errorsKey(actor.tenant, job.id, chunk.from.line);
      await engine.bucket.put(key, errorsRows(chunk.rejected, format.delimiter), 'text/csv; charset=utf-8');
    }
    const { from, next, processed, created, updated, unchanged, createdIds } = chunk;
    let after: ImportJob;
    try {
      after = await command({
        type: 'RecordProgress',
        data: { from, next, processed, created, updated, unchanged, rejected: chunk.rejected.length, createdIds, errorsKey: key },
      });
    } catch (error) {
      if (!(error instanceof DomainError && error.kind === 'conflict')) throw error;
      await discardChunk(engine, actor, job, createdIds);
      return false;
    }
    const checkpointedAt = Date.parse(engine.now());
    engine.metrics?.importChunk({ created, updated, unchanged, rejected: chunk.rejected.length }, checkpointedAt - chunkStartedAt);
    chunk = emptyChunk(next);
    chunkStartedAt = checkpointedAt;
    return after.status === 'running';
  };

  for await (const record of records) {
    const result = await importRow(engine, job, actor, columns, record, seen);
    chunk.processed += 1;
    if (result.outcome === 'created') {
      chunk.created += 1;
      chunk.createdIds.push(result.id);
    } else if (result.outcome === 'rejected') chunk.rejected.push({ line: record.line, fields: record.fields, reason: result.reason });
    else if (result.outcome === 'unchanged') chunk.unchanged += 1;
    else chunk.updated += 1;
    chunk.next = { line: record.nextLine, byteOffset: record.byteEnd };
    await engine.afterRow?.(record.line);
    if (checkpointDue()) {
      if (!(await checkpoint())) {
        await source.cancel();
        return 'stopped';
      }
      if (engine.remainingMs() < engine.reserveMs) {
        await source.cancel();
        // The continuation carries this run's id: it renews the lease rather than finding the job held.
        await engine.queue.send({ tenant: actor.tenant, jobId: job.id, runId });
        return 'continued';
      }
    }
  }
  if (chunk.processed > 0 && !(await checkpoint())) return 'stopped';
  await command({ type: 'CompleteImport' });
  return 'completed';
};

/**
 * A chunk the job refused to record: the job was reverted (or is being) while the chunk ran, so the
 * revert does not know its records. They are removed here, the way the revert removes the others.
 * Refused for any other reason (a second worker finished the job first), the chunk's rows are that
 * worker's rows replayed, already counted, and stay.
 */
const discardChunk = async (engine: ImportEngine, actor: Actor, job: ImportJob, createdIds: readonly string[]): Promise<void> => {
  const now = await loadJob(engine.store, actor.tenant, job.id);
  if (!now?.revertRequested) return;
  for (const id of createdIds) await engine.directory.remove(actor, job.kind, id, `import:${job.id}:revert:${id}`);
};

/** What the search is asked for a match: the name as written (the match value is normalised), else the value. */
const searchText = (kind: ImportJob['kind'], field: string, value: string, body: Record<string, unknown>): string => {
  if (field !== 'name') return value;
  const name = kind === 'companies' ? body['legalName'] : kind === 'leads' ? body['companyName'] : [body['firstName'], body['lastName']].filter(Boolean).join(' ');
  return typeof name === 'string' && name ? name : value;
};

const nouns = { companies: 'company', contacts: 'contact', leads: 'lead' } as const;

/** Where each match field is in the create body. */
const matchPaths = {
  code: 'code',
  vatNumber: 'vatNumber',
  email: 'emails.0',
  name: { companies: 'legalName', leads: 'companyName', contacts: 'lastName' },
} as const;

/** The match field of a row as the file has it: the column(s) and the value as written (else as normalised). */
const matchCell = (kind: ImportJob['kind'], field: MatchField, describe: RowDescriber, normalised: string | null) => {
  const paths = field === 'name' ? (kind === 'contacts' ? ['firstName', 'lastName'] : [matchPaths.name[kind]]) : [matchPaths[field]];
  const given = paths.filter((path) => describe.value(path) !== undefined);
  const written = given.map((path) => describe.value(path)).join(' ');
  return { column: (given.length > 0 ? given : paths).map((path) => describe.column(path)).join(' + '), value: quoted(written || (normalised ?? '')) };
};

/** A row the job decided on: what `RowResult` says, with a rejection worded for the errors file. */
type ImportedRow = Exclude<RowResult, { outcome: 'rejected' }> | { readonly outcome: 'rejected'; readonly reason: string };

const worded = (result: RowResult, describe: RowDescriber): ImportedRow =>
  result.outcome !== 'rejected'
    ? result
    : { outcome: 'rejected', reason: result.issues.map((i) => (i.zod ? describe.zodIssue(i.zod) : describe.domainIssue(i.path, i.message))).join('; ') };

/** An issue about the update body, at the path of the row's value it came from (`rowPathOf`). */
const inRow = (issue: RowIssue, pathOf: (path: string) => string): RowIssue => {
  const path = pathOf(issue.path);
  if (!issue.zod) return { ...issue, path };
  return { ...issue, path, zod: { ...issue.zod, path: path === '' ? [] : path.split('.') } };
};

const importRow = async (
  engine: ImportEngine,
  job: ImportJob,
  actor: Actor,
  columns: ReturnType<typeof resolveColumns>,
  record: CsvRecord,
  seen: Map<string, number>,
): Promise<ImportedRow> => {
  const key = rowIdempotencyKey(job.id, record.line);
  const input = rowToInput(job.kind, columns, record.fields, job.options, job.mode);
  const matchOn = job.matchOn!;
  const noun = nouns[job.kind];
  const value = input.ok ? input.match[matchOn] : null;
  const rejected = (reason: string): ImportedRow => ({ outcome: 'rejected', reason });
  if (input.ok && value) {
    const folded = `${matchOn}:${value}`;
    const first = seen.get(folded);
    if (first !== undefined) {
      const cell = matchCell(job.kind, matchOn, input.describe, value);
      return rejected(`${cell.column}: ${cell.value} is also on line ${first} (a duplicate inside the file)`);
    }
    seen.set(folded, record.line);
  }
  // A company's VAT number is claimed in the very commit that registers it, so in create mode the
  // claim refuses a duplicate by itself (naming the holder) and a replayed row answers its stored
  // response through its Idempotency-Key: no search and no replay check — one commit per row.
  if (input.ok && job.mode === 'create' && job.kind === 'companies' && matchOn === 'vatNumber') {
    return worded(await engine.directory.create(actor, job.kind, input.body, key), input.describe);
  }
  // A row committed by an earlier run of this chunk (crash, timeout, duplicated message) is counted
  // from its stored response, and never matched against the record it created itself.
  const done = await engine.directory.committed(actor, job.kind, key);
  if (done) return done as ImportedRow;
  if (!input.ok) return rejected(input.reason);
  const { describe } = input;
  const cell = () => matchCell(job.kind, matchOn, describe, value);
  const existing = value ? await engine.directory.findMatch(actor, job.kind, matchOn, value, searchText(job.kind, matchOn, value, input.body)) : null;
  // The row changes what its cells say, merged into the record the match loaded; what the directory
  // refuses about the merged body is traced back to the row's cells.
  const update = async (match: Match): Promise<ImportedRow> => {
    const body = rowToUpdate(job.kind, input.body as ImportInputs[ImportKind], match.record);
    const result = await engine.directory.update(actor, job.kind, match, body, key);
    if (result.outcome !== 'rejected') return result;
    return worded({ outcome: 'rejected', issues: result.issues.map((issue) => inRow(issue, (path) => rowPathOf(input.body, body, path))) }, describe);
  };
  switch (job.mode) {
    case 'create':
      if (existing) return rejected(`${cell().column}: ${cell().value} already belongs to ${noun} ${existing.id} (mode create adds new ${job.kind} only)`);
      return worded(await engine.directory.create(actor, job.kind, input.body, key), describe);
    case 'update':
      if (!value) return rejected(`${cell().column}: required to find the ${noun} to update`);
      if (!existing) return rejected(`${cell().column}: no ${noun} has ${cell().value}`);
      return update(existing);
    case 'upsert':
      return existing ? update(existing) : worded(await engine.directory.create(actor, job.kind, input.body, key), describe);
  }
};
