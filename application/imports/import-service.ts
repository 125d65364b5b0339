import { sourceKeyOf } from '../../domain/imports/drop-keys.ts';
import { canManageImport, importJobDecider, type ImportJob, type ImportJobCommand } from '../../domain/imports/import-job.ts';
import type { ImportOptionsInput } from '../../events/imports/import-events.ts';
import type { ApplicationDependencySource } from '../ports/application-dependencies.ts';
import type { JobFiles, JobQueue } from '../ports/jobs.ts';
import { replayedRecordId, type CommandContext, type Idempotency } from '../shared/command-context.ts';
import { jobCommand, jobLoader } from '../shared/job-command.ts';
import { importView } from './import-view.ts';

/** The aggregate type of import jobs (`import:<id>` correlates their events). */
export const importAggregate = 'import';

/** How long a presigned upload URL stays valid. */
const uploadUrlSeconds = 15 * 60;

/** What an import is asked to do with its file. */
export interface ImportSettings {
  readonly kind: ImportJob['kind'];
  readonly mode: ImportJob['mode'];
  readonly matchOn?: ImportJob['matchOn'] | undefined;
  readonly options?: ImportOptionsInput | undefined;
}

export interface ImportCommandOptions {
  readonly idempotency?: Idempotency | undefined;
}

/** What the import service reaches besides the log: the drop bucket and the job queue. */
export interface ImportIo {
  readonly files: () => JobFiles;
  readonly queue: () => JobQueue;
}

const requestCommand = (jobId: string, settings: ImportSettings, origin: 'upload' | 'paste', sourceKey: string): ImportJobCommand => ({
  type: 'RequestImport',
  data: {
    jobId,
    kind: settings.kind,
    mode: settings.mode,
    ...(settings.matchOn ? { matchOn: settings.matchOn } : {}),
    ...(settings.options ? { options: settings.options } : {}),
    origin,
    sourceKey,
  },
});

const note = 'Only the records this import created are removed; records it updated keep their new values.';

/**
 * The import commands a user gives (the worker runs the jobs): request an upload, paste a file,
 * cancel, revert. Each returns the job (or what the caller needs of it) as the command left it, or —
 * for a retry under the same idempotency key — the first result, after finishing what a crash after
 * the first commit may have left undone.
 */
export const importService = (dependencies: ApplicationDependencySource, io: ImportIo) => {
  const run = jobCommand(importJobDecider, importAggregate, 'import');
  const loadJob = async (tenant: string, jobId: string) => (await jobLoader(importJobDecider, importAggregate)(dependencies().eventStore, tenant, jobId)).job;

  return {
    /** A job waiting for its file, and the link to upload it to (only signed: part of the result a retry repeats). */
    requestImport: async (context: CommandContext, settings: ImportSettings, options: ImportCommandOptions = {}) => {
      const runtime = dependencies();
      const jobId = runtime.newId();
      const sourceKey = sourceKeyOf(context.actor.tenant, settings.kind, jobId);
      const uploadUrl = await io.files().uploadUrl(sourceKey, uploadUrlSeconds);
      const expiresAt = new Date(Date.parse(runtime.now()) + uploadUrlSeconds * 1000).toISOString();
      return run(runtime, context, jobId, requestCommand(jobId, settings, 'upload', sourceKey), { newJob: true, view: (job) => ({ id: job.id, uploadUrl, expiresAt }) }, options);
    },
    /**
     * A job for a pasted file (the caller checked its size), queued. The job (with the idempotency
     * record) is committed BEFORE its file is written: a file in the drop folder that no job names yet
     * would start a drop-folder job of its own.
     */
    pasteImport: async (context: CommandContext, settings: ImportSettings, text: string, options: ImportCommandOptions = {}) => {
      const runtime = dependencies();
      const { tenant } = context.actor;
      const jobId = runtime.newId();
      const sourceKey = sourceKeyOf(tenant, settings.kind, jobId);
      const outcome = await run(runtime, context, jobId, requestCommand(jobId, settings, 'paste', sourceKey), { newJob: true, view: importView }, options);
      const replayedId = outcome.replayed ? replayedRecordId(outcome.result) : null;
      const job = replayedId !== null ? await loadJob(tenant, replayedId) : null;
      // A replay starts nothing new; it finishes what a crash after the first commit left undone (the
      // key's request is the same text, or the key would have been refused). Once written, the file's
      // object-created notification queues the job as well; the worker takes a job once.
      if (!outcome.replayed || (job?.status === 'uploaded' && (await io.files().size(job.sourceKey)) === null)) {
        await io.files().put(job?.sourceKey ?? sourceKey, text, 'text/csv; charset=utf-8');
        await io.queue().send({ tenant, jobId: job?.id ?? jobId });
      }
      return outcome;
    },
    /** The worker notices at its next checkpoint: what it created until then stays, and is recorded. */
    cancelImport: (context: CommandContext, jobId: string, options: ImportCommandOptions = {}) =>
      run(dependencies(), context, jobId, { type: 'CancelImport' }, { visible: (job) => canManageImport(context.actor, job), view: importView }, options),
    /** Removes the records the import created (queued for the worker); the result says how many. */
    revertImport: async (context: CommandContext, jobId: string, options: ImportCommandOptions = {}) => {
      const { tenant } = context.actor;
      const outcome = await run(
        dependencies(),
        context,
        jobId,
        { type: 'RequestRevert' },
        { visible: (job) => canManageImport(context.actor, job), view: (job) => ({ id: job.id, records: job.counts.created, note }) },
        options,
      );
      // Queued again by a replay only while the removal has not finished (a crash may have come
      // between the commit and the message); the worker removes a job's records once.
      const job = outcome.replayed ? await loadJob(tenant, jobId) : null;
      if (!outcome.replayed || (job?.revertRequested && job.status !== 'reverted')) await io.queue().send({ tenant, jobId });
      return outcome;
    },
  };
};

export type ImportService = ReturnType<typeof importService>;
