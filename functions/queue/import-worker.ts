import { sqsJobHandler } from './sqs-job-handler.ts';
import { jobQueueFromEnv, type ImportMessage, type JobMessage } from '../../adapters/queue/job-queue.ts';
import { dropBucketFromEnv } from '../../adapters/s3/drop-bucket.ts';
import { directoryGateway } from '../../import/engine/directory-gateway.ts';
import { directorySearch } from '../../application/directory/directory-search.ts';
import { runExport, type ExportEngine } from '../../import/engine/run-export.ts';
import { exportPages } from '../../application/exports/export-pages.ts';
import { runImport, type ImportEngine } from '../../import/engine/run-import.ts';
import { localesFrom } from '../../import/engine/file-encoding.ts';
import { jobForObject } from '../../import/engine/start-job.ts';
import { dependenciesFromEnv, type DependencySource } from '../shared/dependencies.ts';
import { logger } from '../shared/logger.ts';
import { settingsSnapshot } from '../../application/shared/settings-snapshot.ts';
import { jobSliceSeconds, slicedRemainingMs } from '../../contract/job-limits.ts';
import { observed } from '../shared/observability.ts';

/** Tunables (environment): rows per checkpoint (or seconds, whichever comes first), largest accepted file. */
const chunkRows = Number(process.env['IMPORT_CHUNK_ROWS'] ?? 500);
const checkpointMs = Number(process.env['IMPORT_CHECKPOINT_MS'] ?? 5_000);
const maxFileBytes = Number(process.env['IMPORT_MAX_FILE_BYTES'] ?? 200 * 1024 * 1024);
/** Time kept back after a checkpoint: a chunk of rows must fit in it. */
const reserveMs = Number(process.env['IMPORT_RESERVE_MS'] ?? 120_000);

interface S3Notification {
  readonly Records?: readonly { readonly eventName?: string; readonly s3?: { readonly object?: { readonly key?: string; readonly sequencer?: string } } }[];
  readonly Event?: string;
}

/** S3 notifications form-encode the key (`+` is a space). */
const decodeKey = (key: string) => decodeURIComponent(key.replace(/\+/g, ' '));

export interface ImportWorkerOptions {
  readonly dependencies?: DependencySource;
  readonly engine?: Partial<ImportEngine>;
  readonly exports?: Partial<ExportEngine>;
  /** How long one message runs before the job continues in a new one (default `jobSliceSeconds`; tests shorten it). */
  readonly sliceMs?: number;
}

/** Records an export reads per list page: the lists' largest page. */
const exportPageSize = 200;

/**
 * One message of the import queue: an import job to run or continue (`{ tenant, jobId }`, from the
 * API or a run that ran out of time), an export job to run (`{ kind: 'export', tenant, jobId }`), or
 * an S3 notification for objects in the drop folder.
 */
export const createImportMessageHandler = (options: ImportWorkerOptions = {}) => {
  const dependencies = options.dependencies ?? dependenciesFromEnv;
  const sliceMs = options.sliceMs ?? jobSliceSeconds * 1000;
  return async (body: string, invocationRemainingMs: () => number): Promise<void> => {
    // A slice of the invocation, not all of it: a long job yields to other tenants' (contract/job-limits.ts).
    const remainingMs = slicedRemainingMs(invocationRemainingMs, reserveMs, sliceMs);
    const { eventStore, people, now, newId, metrics } = dependencies();
    // One settings snapshot per run (settings-snapshot.ts): not two settings reads per row.
    const settings = settingsSnapshot(dependencies().settings);
    const runDependencies: DependencySource = () => ({ ...dependencies(), settings });
    const engine: ImportEngine = {
      store: eventStore,
      settings,
      bucket: dropBucketFromEnv(),
      queue: jobQueueFromEnv(),
      directory: directoryGateway(runDependencies, directorySearch(runDependencies)),
      now,
      newId,
      chunkRows,
      checkpointMs,
      maxFileBytes,
      remainingMs,
      reserveMs,
      locales: localesFrom(people),
      ...(metrics ? { metrics } : {}),
      ...options.engine,
    };
    const parsed = JSON.parse(body) as JobMessage & S3Notification;
    if (parsed.kind === 'export') {
      const exportEngine: ExportEngine = { store: eventStore, pages: exportPages(dependencies), settings, bucket: engine.bucket, now, newId, pageSize: exportPageSize, ...options.exports };
      const outcome = await runExport(exportEngine, { tenant: parsed.tenant, jobId: parsed.jobId });
      logger.info('export run', { tenant: parsed.tenant, jobId: parsed.jobId, outcome });
      return;
    }
    if (parsed.Event === 's3:TestEvent') return;
    if (parsed.Records) {
      // S3 sends its notifications without a message group, so SQS cannot tell whose they are: the
      // job is created here (one HeadObject, one commit) and queued under its tenant's group, where
      // the fair queue balances it with the other tenants' work, instead of running in this receive.
      for (const record of parsed.Records) {
        const key = record.s3?.object?.key;
        if (!key || !record.eventName?.startsWith('ObjectCreated:')) continue;
        const job = await jobForObject(eventStore, engine.bucket, decodeKey(key), record.s3?.object?.sequencer ?? '', { now, newId });
        if (job) await engine.queue.send(job);
        if (job) logger.info('import queued from the drop folder', { ...job });
      }
      return;
    }
    const message: ImportMessage = { tenant: parsed.tenant, jobId: parsed.jobId, ...(parsed.runId ? { runId: parsed.runId } : {}) };
    const outcome = await runImport(engine, message);
    logger.info('import run', { ...message, outcome });
  };
};

const handleMessage = createImportMessageHandler();

export const handler = observed(sqsJobHandler(handleMessage, 'import'));
