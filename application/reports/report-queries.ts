import { localDateOf } from '../../domain/activities/local-time.ts';
import { companyDecider } from '../../domain/directory/company.ts';
import { canReadReport, reportAsOf, reportJobDecider, type ReportJob } from '../../domain/reports/report-job.ts';
import { quoteDecider } from '../../domain/sales/quote.ts';
import type { Actor } from '../../domain/shared/actor.ts';
import type { ApplicationDependencySource } from '../ports/application-dependencies.ts';
import type { EventStorePort } from '../ports/event-store.ts';
import type { ReportFiles } from '../ports/report-jobs.ts';
import { notFound } from '../shared/errors.ts';
import { jobLoader } from '../shared/job-command.ts';
import { loadState } from '../shared/load-state.ts';
import { reportAggregate } from './report-service.ts';
import { reportView, type ReportDownload } from './report-view.ts';

/** How long a download link works. */
export const reportDownloadSeconds = 5 * 60;

/** Characters a saved file's name keeps (the rest becomes `_`): a header value and every file system take them. */
const safe = (text: string) => text.replace(/[^A-Za-z0-9._-]/g, '_');

/**
 * What the browser saves the file as: `<company code>-history-<day>.<ext>` (the day it was asked
 * for, in the requester's time zone) or `quote-<reference>.pdf`. Read from the subject's own stream
 * (the code and the reference never change); the id stands in for a subject gone since.
 */
const filenameOf = async (store: EventStorePort, tenant: string, job: ReportJob): Promise<string> => {
  if (job.subject.type === 'quote') {
    const { state } = await loadState(store, tenant, 'quote', job.subject.id, quoteDecider);
    return `quote-${safe(state?.reference ?? job.subject.id)}.pdf`;
  }
  const { state } = await loadState(store, tenant, 'company', job.subject.id, companyDecider);
  return `${safe(state?.code ?? job.subject.id)}-history-${localDateOf(job.requestedAt, job.timeZone)}.${job.format}`;
};

/** What callers read of report jobs: the requester, managers and admins; anyone else reads it as unknown. */
export const reportQueries = (dependencies: ApplicationDependencySource, io: { readonly files: () => ReportFiles }) => {
  const loadReport = jobLoader(reportJobDecider, reportAggregate);
  return {
    /** The job as of now (a job whose last attempt died reads failed, never running for ever), with a 5-minute link once completed. */
    getReport: async (actor: Actor, id: string) => {
      const { eventStore, now } = dependencies();
      const { job: stored, version } = await loadReport(eventStore, actor.tenant, id);
      if (!stored || !canReadReport(actor, stored)) throw notFound('report not found');
      const at = now();
      const job = reportAsOf(stored, at);
      let download: ReportDownload | null = null;
      if (job.status === 'completed') {
        const filename = await filenameOf(eventStore, actor.tenant, job);
        const url = await io.files().downloadUrl(job.key, reportDownloadSeconds, filename);
        download = { url, expiresAt: new Date(Date.parse(at) + reportDownloadSeconds * 1000).toISOString(), filename };
      }
      return reportView(job, version, download);
    },
  };
};

export type ReportQueries = ReturnType<typeof reportQueries>;
