import { reportJobDecider, type ReportJob } from '../../domain/reports/report-job.ts';
import { ReportLocale, type ReportFormat, type ReportSubject } from '../../events/reports/report-events.ts';
import type { ApplicationDependencySource } from '../ports/application-dependencies.ts';
import type { ReportQueue } from '../ports/report-jobs.ts';
import { quoteReader } from '../sales/quote-reader.ts';
import { replayedRecordId, type CommandContext, type Idempotency } from '../shared/command-context.ts';
import { notFound } from '../shared/errors.ts';
import { jobCommand, jobLoader } from '../shared/job-command.ts';
import { loadAsOf } from '../shared/record-reads.ts';
import { visibleRecord } from '../shared/record-references.ts';
import { reportView } from './report-view.ts';

/** The aggregate type of report jobs (their streams are `<tenant>#report#<id>`: all the renderer may append to). */
export const reportAggregate = 'report';

export interface RequestCompanyReportInput {
  readonly format: ReportFormat;
  readonly locale?: ReportLocale | undefined;
  readonly from?: string | undefined;
  readonly to?: string | undefined;
}

export interface RequestQuotePdfInput {
  readonly locale?: ReportLocale | undefined;
}

type Options = { readonly idempotency?: Idempotency | undefined };

/**
 * Report requests (the report renderer runs the jobs, from the report queue). The subject is checked
 * on the LOG as the requester sees it (read-your-writes: a company or quote created a moment ago is
 * reportable at once; an invisible one or another tenant's is not found). A request returns the job as
 * requested, or — for a retry under the same idempotency key — the first result, after queueing the
 * job again if it has not started (a crash may have come between the commit and the message).
 */
export const reportService = (dependencies: ApplicationDependencySource, io: { readonly queue: () => ReportQueue }) => {
  const run = jobCommand(reportJobDecider, reportAggregate, 'report');
  const loadReport = jobLoader(reportJobDecider, reportAggregate);

  const request = async (context: CommandContext, subject: ReportSubject, format: ReportFormat, input: { locale?: ReportLocale | undefined; from?: string | undefined; to?: string | undefined }, options: Options) => {
    const { actor } = context;
    const runtime = dependencies();
    // Labels in the requester's language and dates at their time of day, unless the request names a language.
    const profile = await runtime.people.user(actor.tenant, actor.userId);
    const locale = input.locale ?? ReportLocale.safeParse(profile?.locale).data ?? 'en';
    const timeZone = profile?.timezone ?? 'UTC';
    const jobId = runtime.newId();
    const outcome = await run(
      runtime,
      context,
      jobId,
      { type: 'RequestReport', data: { jobId, subject, format, locale, timeZone, from: input.from ?? null, to: input.to ?? null } },
      { newJob: true, view: (job: ReportJob, version) => reportView(job, version, null) },
      options,
    );
    const replayedId = outcome.replayed ? replayedRecordId(outcome.result) : null;
    const replayed = replayedId !== null ? (await loadReport(runtime.eventStore, actor.tenant, replayedId)).job : null;
    if (!outcome.replayed || replayed?.status === 'requested') {
      await io.queue().send({ tenant: actor.tenant, jobId: replayed?.id ?? jobId });
    }
    return outcome;
  };

  return {
    /** The company's full history as `format`, optionally limited to the days `from`…`to` (in the requester's time zone). */
    requestCompanyReport: async (context: CommandContext, companyId: string, input: RequestCompanyReportInput, options: Options = {}) => {
      const company = await visibleRecord(dependencies().eventStore, context.actor, 'company', companyId);
      if (company === null) throw notFound('company not found');
      const { format, ...rest } = input;
      return request(context, { type: 'company', id: companyId }, format, rest, options);
    },
    /** A quote as the PDF document sent to the customer. */
    requestQuotePdf: async (context: CommandContext, quoteId: string, input: RequestQuotePdfInput = {}, options: Options = {}) => {
      await loadAsOf(dependencies().eventStore, context.actor, quoteReader, quoteId, undefined);
      return request(context, { type: 'quote', id: quoteId }, 'pdf', { locale: input.locale }, options);
    },
  };
};

export type ReportService = ReturnType<typeof reportService>;
