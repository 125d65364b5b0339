import type { ReportJob } from '../../domain/reports/report-job.ts';

/** Where a finished report's file can be fetched, for a while. */
export interface ReportDownload {
  readonly url: string;
  readonly expiresAt: string;
  readonly filename: string;
}

/** A report job as its readers see it (contract/http/reports.ts `ReportView`), at its version, with its download once completed. */
export const reportView = (job: ReportJob, version: number, download: ReportDownload | null) => ({
  id: job.id,
  subject: { type: job.subject.type, id: job.subject.id },
  format: job.format,
  locale: job.locale,
  timeZone: job.timeZone,
  from: job.from,
  to: job.to,
  status: job.status,
  attempts: job.attempts,
  requestedAt: job.requestedAt,
  startedAt: job.startedAt,
  endedAt: job.endedAt,
  bytes: job.bytes,
  pages: job.pages,
  entries: job.entries,
  failure: job.failure,
  download,
  version,
});

export type ReportView = ReturnType<typeof reportView>;
