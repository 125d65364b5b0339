import { jobQueueFromEnv } from '../../adapters/queue/job-queue.ts';
import { dropBucketFromEnv } from '../../adapters/s3/drop-bucket.ts';
import { canReadExport, exportJobDecider, type ExportJob } from '../../domain/exports/export-job.ts';
import { notFound } from '../../domain/shared/errors.ts';
import { ExportLocale } from '../../events/exports/export-events.ts';
import { exportAggregate, loadExport } from '../../import/engine/export-store.ts';
import { checkExportFilter } from '../../import/engine/run-export.ts';
import type { DependencySource } from '../shared/dependencies.ts';
import { badRequest, HttpProblem } from '../shared/problem.ts';
import { answer } from './idempotency.ts';
import type { ImportsApiDependencies } from './imports-io.ts';
import { httpJobCommand, jobIdOf } from './job-commands.ts';
import { json } from './responses.ts';
import type { Operations } from './router.ts';

/** An export job's command over HTTP: its events and the answer (the Idempotency-Key record) in one commit. */
const exportCommand = httpJobCommand(exportJobDecider, exportAggregate, 'export');

/** How long a download link works. */
export const downloadUrlSeconds = 5 * 60;

interface Download {
  readonly url: string;
  readonly expiresAt: string;
  readonly filename: string;
}

export const exportView = (job: ExportJob, version: number, download: Download | null) => ({
  id: job.id,
  kind: job.kind,
  filter: job.filter,
  locale: job.locale,
  status: job.status,
  rows: job.rows,
  bytes: job.bytes,
  requestedAt: job.requestedAt,
  startedAt: job.startedAt,
  endedAt: job.endedAt,
  failure: job.failure,
  download,
  version,
});

/** What the browser saves the file as: the kind and the day it was asked for. */
const filenameOf = (job: ExportJob): string => `${job.kind}-${job.requestedAt.slice(0, 10)}.csv`;

/**
 * `POST /v1/exports` and `GET /v1/exports/{id}`, served by the imports API (one function for the
 * import/export context): the job runs in the import worker, from the same queue.
 */
export const exportsOperations = (
  dependencies: DependencySource,
  io: ImportsApiDependencies = { bucket: dropBucketFromEnv, queue: jobQueueFromEnv },
): Pick<Operations<'importsApi'>, 'startExport' | 'getExport'> => ({
  startExport: async ({ actor, body, ...http }) => {
    const { eventStore, readModels, people, newId } = dependencies();
    const { kind, filter } = body as { kind: ExportJob['kind']; filter: ExportJob['filter'] };
    try {
      await checkExportFilter(readModels, actor, kind, filter);
    } catch (error) {
      if (!(error instanceof HttpProblem && error.status === 400)) throw error;
      const issues = error.issues.map((issue) => ({ ...issue, path: issue.path.replace(/^query\./, 'body.filter.') }));
      throw badRequest(issues.map((i) => `${i.path}: ${i.message}`).join('; ') || error.message, issues);
    }
    // The header is written in the requester's language, as their import template is.
    const profile = await people.user(actor.tenant, actor.userId);
    const locale = ExportLocale.safeParse(profile?.locale).data ?? 'en';
    const jobId = newId();
    const outcome = await exportCommand(dependencies, actor, http, jobId, { type: 'RequestExport', data: { jobId, kind, filter, locale } }, {
      newJob: true,
      view: (job, version) => exportView(job, version, null),
    });
    // A replay queues the job again only while it has not started (a crash may have come between the
    // commit and the message); the worker runs a job once.
    const replayed = outcome.replayed ? (await loadExport(eventStore, actor.tenant, jobIdOf(outcome))).job : null;
    if (!outcome.replayed || replayed?.status === 'requested') {
      await io.queue().send({ kind: 'export', tenant: actor.tenant, jobId: replayed?.id ?? jobId });
    }
    return answer(outcome, ({ id, record }) => json(202, record, { location: `/v1/exports/${id}` }));
  },
  getExport: async ({ actor, params }) => {
    const { eventStore, now } = dependencies();
    const { job, version } = await loadExport(eventStore, actor.tenant, params.id);
    // Another user's export reads as an unknown one, as an import does.
    if (!job || !canReadExport(actor, job)) throw notFound('export not found');
    let download: Download | null = null;
    if (job.status === 'completed') {
      const filename = filenameOf(job);
      const url = await io.bucket().downloadUrl(job.key, downloadUrlSeconds, filename);
      download = { url, expiresAt: new Date(Date.parse(now()) + downloadUrlSeconds * 1000).toISOString(), filename };
    }
    return json(200, exportView(job, version, download));
  },
});
