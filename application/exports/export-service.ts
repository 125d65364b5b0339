import { exportJobDecider, type ExportJob } from '../../domain/exports/export-job.ts';
import { ExportLocale } from '../../events/exports/export-events.ts';
import type { ApplicationDependencySource } from '../ports/application-dependencies.ts';
import type { ExportRecordPages } from '../ports/export-records.ts';
import type { JobQueue } from '../ports/jobs.ts';
import { replayedRecordId, type CommandContext, type Idempotency } from '../shared/command-context.ts';
import { jobCommand, jobLoader } from '../shared/job-command.ts';
import { exportView } from './export-view.ts';

/** The aggregate type of export jobs. */
export const exportAggregate = 'export';

export interface RequestExportInput {
  readonly kind: ExportJob['kind'];
  /** The list's own query parameters (validated by the caller against the list's schema). */
  readonly filter: ExportJob['filter'];
}

/** What the export service reaches besides the log: the lists it exports, and the job queue. */
export interface ExportIo {
  readonly pages: () => ExportRecordPages;
  readonly queue: () => JobQueue;
}

/**
 * Export requests (the import worker runs the jobs, from the same queue). A request returns the job
 * as requested, or — for a retry under the same idempotency key — the first result, after queueing
 * the job again if a crash after the first commit may have kept it from the queue.
 */
export const exportService = (dependencies: ApplicationDependencySource, io: ExportIo) => {
  const run = jobCommand(exportJobDecider, exportAggregate, 'export');
  const loadExport = jobLoader(exportJobDecider, exportAggregate);
  return {
    /**
     * A filter value only the list query itself checks (a phone filter that is no phone number) is
     * refused now (`ExportFilterRefused`), not when the job runs: one record of the list is read with it.
     */
    requestExport: async (context: CommandContext, input: RequestExportInput, options: { readonly idempotency?: Idempotency | undefined } = {}) => {
      const { actor } = context;
      const { kind, filter } = input;
      await io.pages()[kind](actor, { ...filter, limit: 1, cursor: undefined });
      const runtime = dependencies();
      // The header is written in the requester's language, as their import template is.
      const profile = await runtime.people.user(actor.tenant, actor.userId);
      const locale = ExportLocale.safeParse(profile?.locale).data ?? 'en';
      const jobId = runtime.newId();
      const outcome = await run(
        runtime,
        context,
        jobId,
        { type: 'RequestExport', data: { jobId, kind, filter, locale } },
        { newJob: true, view: (job, version) => exportView(job, version, null) },
        options,
      );
      // A replay queues the job again only while it has not started (a crash may have come between the
      // commit and the message); the worker runs a job once.
      const replayedId = outcome.replayed ? replayedRecordId(outcome.result) : null;
      const replayed = replayedId !== null ? (await loadExport(runtime.eventStore, actor.tenant, replayedId)).job : null;
      if (!outcome.replayed || replayed?.status === 'requested') {
        await io.queue().send({ kind: 'export', tenant: actor.tenant, jobId: replayed?.id ?? jobId });
      }
      return outcome;
    },
  };
};

export type ExportService = ReturnType<typeof exportService>;
