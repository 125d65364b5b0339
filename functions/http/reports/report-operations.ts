import { reportQueueFromEnv } from '../../../adapters/queue/report-queue.ts';
import { reportFilesFromEnv } from '../../../adapters/s3/report-files.ts';
import type { ReportFiles, ReportQueue } from '../../../application/ports/report-jobs.ts';
import { reportQueries } from '../../../application/reports/report-queries.ts';
import { reportService } from '../../../application/reports/report-service.ts';
import type { DependencySource } from '../../shared/dependencies.ts';
import { answer, commandContextOf, idempotencyOf } from '../idempotency.ts';
import { etag, json } from '../responses.ts';
import type { Operations } from '../router.ts';

type ReportOperations = Pick<Operations<'reportsApi'>, 'requestCompanyReport' | 'requestQuotePdf' | 'getReport'>;

/** What the reports API reaches besides the log and the read models: the report queue and the bucket's download links. */
export interface ReportsApiIo {
  readonly queue: () => ReportQueue;
  readonly files: () => ReportFiles;
}

const ioFromEnv: ReportsApiIo = { queue: reportQueueFromEnv, files: reportFilesFromEnv };

/**
 * Report jobs over HTTP (application/reports/report-service.ts, report-queries.ts): a request answers
 * 202 with the job and its `Location`; the renderer runs it from the report queue.
 */
export const reportOperations = (dependencies: DependencySource, io: ReportsApiIo = ioFromEnv): ReportOperations => {
  const reports = reportService(dependencies, { queue: io.queue });
  const reads = reportQueries(dependencies, { files: io.files });
  const accepted = ({ id, record }: { id: string; record: { version: number } }) => json(202, record, { location: `/v1/reports/${id}`, etag: etag(record.version) });
  return {
    requestCompanyReport: async ({ actor, params, body, ...http }) => {
      const idempotency = idempotencyOf(actor, http);
      const outcome = await reports.requestCompanyReport(commandContextOf(actor, http), params.id, body, idempotency ? { idempotency } : {});
      return answer(outcome, accepted);
    },
    requestQuotePdf: async ({ actor, params, body, ...http }) => {
      const idempotency = idempotencyOf(actor, http);
      const outcome = await reports.requestQuotePdf(commandContextOf(actor, http), params.id, body ?? {}, idempotency ? { idempotency } : {});
      return answer(outcome, accepted);
    },
    getReport: async ({ actor, params }) => {
      const view = await reads.getReport(actor, params.id);
      return json(200, view, { etag: etag(view.version) });
    },
  };
};
