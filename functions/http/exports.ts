import { jobQueueFromEnv } from '../../adapters/queue/job-queue.ts';
import { dropBucketFromEnv } from '../../adapters/s3/drop-bucket.ts';
import { exportService } from '../../application/exports/export-service.ts';
import { exportView, type Download } from '../../application/exports/export-view.ts';
import { ExportFilterRefused } from '../../application/ports/export-records.ts';
import { canReadExport, type ExportJob } from '../../domain/exports/export-job.ts';
import { notFound } from '../../domain/shared/errors.ts';
import { loadExport } from '../../import/engine/export-store.ts';
import type { DependencySource } from '../shared/dependencies.ts';
import { exportRecordPages } from '../../application/directory/export-record-pages.ts';
import { badRequest } from '../shared/problem.ts';
import { answer, commandContextOf, idempotencyOf } from './idempotency.ts';
import type { ImportsApiDependencies } from './imports-io.ts';
import { json } from './responses.ts';
import type { Operations } from './router.ts';

/** How long a download link works. */
export const downloadUrlSeconds = 5 * 60;

/** What the browser saves the file as: the kind and the day it was asked for. */
const filenameOf = (job: ExportJob): string => `${job.kind}-${job.requestedAt.slice(0, 10)}.csv`;

/**
 * `POST /v1/exports` and `GET /v1/exports/{id}`, served by the imports API (one function for the
 * import/export context): the export service records and queues the job, which runs in the import
 * worker, from the same queue.
 */
export const exportsOperations = (
  dependencies: DependencySource,
  io: ImportsApiDependencies = { bucket: dropBucketFromEnv, queue: jobQueueFromEnv },
): Pick<Operations<'importsApi'>, 'startExport' | 'getExport'> => {
  const exports = exportService(dependencies, { pages: () => exportRecordPages(dependencies().readModels), queue: io.queue });
  return {
    startExport: async ({ actor, body, ...http }) => {
      const { kind, filter } = body as { kind: ExportJob['kind']; filter: ExportJob['filter'] };
      const idempotency = idempotencyOf(actor, http);
      try {
        const outcome = await exports.requestExport(commandContextOf(actor, http), { kind, filter }, idempotency ? { idempotency } : {});
        return answer(outcome, ({ id, record }) => json(202, record, { location: `/v1/exports/${id}` }));
      } catch (error) {
        // The filter came in the body: a value the list refuses is the request's, named where it was given.
        if (!(error instanceof ExportFilterRefused)) throw error;
        const issues = error.issues.map((issue) => ({ ...issue, path: `body.filter.${issue.path}` }));
        throw badRequest(issues.map((i) => `${i.path}: ${i.message}`).join('; ') || error.message, issues);
      }
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
  };
};
