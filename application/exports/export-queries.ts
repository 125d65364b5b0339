import { canReadExport, exportJobDecider, type ExportJob } from '../../domain/exports/export-job.ts';
import type { Actor } from '../../domain/shared/actor.ts';
import type { ApplicationDependencySource } from '../ports/application-dependencies.ts';
import type { JobFileReads } from '../ports/jobs.ts';
import { notFound } from '../shared/errors.ts';
import { jobLoader } from '../shared/job-command.ts';
import { exportAggregate } from './export-service.ts';
import { exportView, type Download } from './export-view.ts';

/** How long a download link works. */
export const downloadUrlSeconds = 5 * 60;

/** What the browser saves the file as: the kind and the day it was asked for. */
const filenameOf = (job: ExportJob): string => `${job.kind}-${job.requestedAt.slice(0, 10)}.csv`;

/** What callers read of export jobs: their own (another user's export reads as an unknown one, as an import does). */
export const exportQueries = (dependencies: ApplicationDependencySource, io: { readonly files: () => JobFileReads }) => {
  const loadExport = jobLoader(exportJobDecider, exportAggregate);
  return {
    /** The job, with a short-lived download link once it completed. */
    getExport: async (actor: Actor, id: string) => {
      const { eventStore, now } = dependencies();
      const { job, version } = await loadExport(eventStore, actor.tenant, id);
      if (!job || !canReadExport(actor, job)) throw notFound('export not found');
      let download: Download | null = null;
      if (job.status === 'completed') {
        const filename = filenameOf(job);
        const url = await io.files().downloadUrl(job.key, downloadUrlSeconds, filename);
        download = { url, expiresAt: new Date(Date.parse(now()) + downloadUrlSeconds * 1000).toISOString(), filename };
      }
      return exportView(job, version, download);
    },
  };
};

export type ExportQueries = ReturnType<typeof exportQueries>;
