import { encodingNote } from '../../domain/imports/encoding-note.ts';
import { progressPercent, type ImportJob } from '../../domain/imports/import-job.ts';

/** An import job as its readers see it, at its version. */
export const importView = (job: ImportJob, version: number) => ({
  id: job.id,
  kind: job.kind,
  mode: job.mode,
  matchOn: job.matchOn,
  origin: job.origin,
  status: job.status,
  rows: { total: job.rowsTotal, ...job.counts },
  file: job.format
    ? { encoding: job.format.encoding, delimiter: job.format.delimiter, encodingNote: encodingNote(job.format.encoding, job.format.encodingChoice) }
    : null,
  progress: progressPercent(job),
  requestedAt: job.requestedAt,
  startedAt: job.startedAt,
  endedAt: job.endedAt,
  failure: job.failure,
  revertRequested: job.revertRequested,
  version,
});

export type ImportView = ReturnType<typeof importView>;
