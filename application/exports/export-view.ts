import type { ExportJob } from '../../domain/exports/export-job.ts';

/** Where a finished export's file can be fetched, for a while. */
export interface Download {
  readonly url: string;
  readonly expiresAt: string;
  readonly filename: string;
}

/** An export job as its readers see it, at its version, with its download once completed. */
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

export type ExportView = ReturnType<typeof exportView>;
