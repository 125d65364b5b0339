import { jobQueueFromEnv } from '../../adapters/queue/job-queue.ts';
import { dropBucketFromEnv } from '../../adapters/s3/drop-bucket.ts';
import { exportQueries } from '../../application/exports/export-queries.ts';
import { exportService } from '../../application/exports/export-service.ts';
import { ExportFilterRefused } from '../../application/ports/export-records.ts';
import type { ExportJob } from '../../domain/exports/export-job.ts';
import type { DependencySource } from '../shared/dependencies.ts';
import { exportPages } from '../../application/exports/export-pages.ts';
import { badRequest } from '../shared/problem.ts';
import { answer, commandContextOf, idempotencyOf } from './idempotency.ts';
import type { ImportsApiDependencies } from './imports-io.ts';
import { json } from './responses.ts';
import type { Operations } from './router.ts';

export { downloadUrlSeconds } from '../../application/exports/export-queries.ts';

/**
 * `POST /v1/exports` and `GET /v1/exports/{id}`, served by the imports API (one function for the
 * import/export context): the export service records and queues the job, which runs in the import
 * worker, from the same queue.
 */
export const exportsOperations = (
  dependencies: DependencySource,
  io: ImportsApiDependencies = { bucket: dropBucketFromEnv, queue: jobQueueFromEnv },
): Pick<Operations<'importsApi'>, 'startExport' | 'getExport'> => {
  const exports = exportService(dependencies, { pages: () => exportPages(dependencies), queue: io.queue });
  const reads = exportQueries(dependencies, { files: io.bucket });
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
    getExport: async ({ actor, params }) => json(200, await reads.getExport(actor, params.id)),
  };
};
