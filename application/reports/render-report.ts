import type { PeopleDirectory } from '../../domain/access/people.ts';
import type { CardItem } from '../../domain/reports/client-card.ts';
import { reportJobDecider, type ReportJob, type ReportJobCommand } from '../../domain/reports/report-job.ts';
import type { Quote } from '../../domain/sales/quote.ts';
import type { Actor } from '../../domain/shared/actor.ts';
import { DomainError } from '../../domain/shared/errors.ts';
import type { EventStorePort } from '../ports/event-store.ts';
import type { PdfRenderer } from '../ports/pdf-renderer.ts';
import type { ReportFiles, ReportMessage, ReportQueue } from '../ports/report-jobs.ts';
import { quoteReader } from '../sales/quote-reader.ts';
import { quoteView } from '../sales/quote-view.ts';
import { runCommand } from '../shared/command-runner.ts';
import { notFound } from '../shared/errors.ts';
import { jobLoader } from '../shared/job-command.ts';
import { loadAsOf } from '../shared/record-reads.ts';
import { visibleRecord } from '../shared/record-references.ts';
import { addressLine } from './address-line.ts';
import { assembleHistory, HistoryTooLargeError } from './history-assembly.ts';
import { renderHistory, renderQuote, type QuoteParties, type ReportFile } from './render/report-files.ts';
import { reportAggregate } from './report-service.ts';

/** What the report renderer reaches: the log, names, the card's items, the PDF renderer, the bucket and the queue. */
export interface ReportWorker {
  readonly eventStore: EventStorePort;
  readonly people: PeopleDirectory;
  readonly cardItems: (actor: Actor, companyId: string) => AsyncIterable<CardItem>;
  readonly renderer: PdfRenderer;
  readonly files: ReportFiles;
  /** Where a failed attempt is queued again (at once: not after the queue's visibility timeout). */
  readonly queue: ReportQueue;
  readonly now: () => string;
  readonly newId: () => string;
  /** Time the invocation has left. */
  readonly remainingMs: () => number;
  /** Time kept back at the end of the invocation to record how the attempt ended. */
  readonly reserveMs: number;
  /** The file makers (render/report-files.ts); tests inject faults through them. */
  readonly render?: { readonly history: typeof renderHistory; readonly quote: typeof renderQuote };
}

/**
 * How a message ended: the report was written or failed for good; a failed attempt was queued again;
 * another attempt holds the job (the message is dropped: that attempt finishes it, or its deadline
 * passes and the next delivery takes over); the job had ended already, or is unknown.
 */
export type ReportRunOutcome = 'completed' | 'failed' | 'retried' | 'busy' | 'finished' | 'unknown-job';

/** The shortest attempt: a deadline is never already past when it starts. */
const minimumAttemptMs = 1_000;

/** SQS's longest delivery delay. */
const maxQueueDelaySeconds = 900;

const loadReport = jobLoader(reportJobDecider, reportAggregate);

/** The render was stopped at the attempt's deadline. */
class AttemptTimedOut extends Error {}

/**
 * Who a quote is addressed to and who sends it. The customer is read as the requester sees it (the
 * rule of every report): a company or lead they may not see reads as an unknown one — its id, nothing
 * of its record — exactly like a missing one.
 */
const partiesOf = async (worker: ReportWorker, actor: Actor, quote: Quote): Promise<QuoteParties> => {
  const { party, contact, operatorId } = quote.content;
  let customer: QuoteParties['customer'] = { name: party.id, code: null, vatNumber: null, address: null };
  if (party.kind === 'company') {
    const company = await visibleRecord(worker.eventStore, actor, 'company', party.id);
    if (company) {
      customer = { name: company.profile.legalName, code: company.code, vatNumber: company.profile.vatNumber, address: addressLine(company.profile.addresses[0]) };
    }
  } else {
    const lead = await visibleRecord(worker.eventStore, actor, 'lead', party.id);
    if (lead) {
      customer = { name: lead.profile.companyName, code: null, vatNumber: lead.profile.vatNumber, address: addressLine(lead.profile.address) };
    }
  }
  const operator = await worker.people.user(actor.tenant, operatorId);
  return {
    customer,
    contact: contact?.name ? { name: contact.name, email: contact.email } : null,
    operator: operator ? { name: operator.name, email: operator.email } : null,
  };
};

/** The file of a job, as its requester sees the data; stopped by `signal` at the attempt's deadline. */
const renderJob = async (worker: ReportWorker, tenant: string, job: ReportJob, signal: AbortSignal): Promise<{ file: ReportFile; entries: number }> => {
  const actor: Actor = { tenant, ...job.runAs };
  if (job.subject.type === 'quote') {
    const { state: quote, version } = await loadAsOf(worker.eventStore, actor, quoteReader, job.subject.id, undefined);
    const parties = await partiesOf(worker, actor, quote);
    const file = await (worker.render?.quote ?? renderQuote)(quoteView(quote, version), parties, { locale: job.locale, timeZone: job.timeZone, generatedAt: worker.now() }, worker.renderer, { signal });
    return { file, entries: 0 };
  }
  const history = await assembleHistory(worker, tenant, job, { signal });
  const file = await (worker.render?.history ?? renderHistory)(history, job.format, worker.renderer, { signal });
  return { file, entries: history.entries.length };
};

/**
 * One delivery of a report job: start an attempt (a lease until its deadline, the end of this
 * invocation less `reserveMs`), assemble and render the file as the requester sees the data, write it
 * to the bucket, complete the job. A failure ends the attempt: the subject gone or hidden from the
 * requester fails the job at once (`not_found`); anything else is retried — the message is queued
 * again — until the attempts run out and the job fails with the last reason. An attempt that dies
 * without a word is over at its deadline: the next delivery starts the next one (or, with none left,
 * records the job as timed out), and readers see it failed meanwhile (domain/reports/report-job.ts).
 */
export const runReport = async (worker: ReportWorker, message: ReportMessage): Promise<ReportRunOutcome> => {
  const { tenant, jobId } = message;
  const { job: stored } = await loadReport(worker.eventStore, tenant, jobId);
  if (stored === null) return 'unknown-job';
  if (stored.status === 'completed' || stored.status === 'failed') return 'finished';
  const actor: Actor = { tenant, ...stored.runAs };
  const command = async (c: ReportJobCommand): Promise<ReportJob> =>
    (
      await runCommand({
        store: worker.eventStore,
        decider: reportJobDecider,
        actor,
        aggregateType: reportAggregate,
        aggregateId: jobId,
        command: c,
        meta: { commandId: worker.newId(), correlationId: `${reportAggregate}:${jobId}` },
        now: worker.now,
        result: ({ state }) => {
          if (state === null) throw notFound('report not found');
          return state;
        },
      })
    ).result;

  const startedAt = Date.parse(worker.now());
  const attemptMs = Math.max(minimumAttemptMs, worker.remainingMs() - worker.reserveMs);
  const deadline = new Date(startedAt + attemptMs).toISOString();
  let job: ReportJob;
  try {
    job = await command({ type: 'StartAttempt', data: { deadline } });
  } catch (error) {
    if (error instanceof DomainError && error.kind === 'conflict') {
      // Another attempt holds the job: this delivery comes back just after that attempt's deadline, so
      // the job moves on even if that attempt dies without a word (dropping it could leave no message).
      const { job: held } = await loadReport(worker.eventStore, tenant, jobId);
      if (held?.status === 'running' && held.deadline !== null) {
        const waitSeconds = Math.ceil((Date.parse(held.deadline) - Date.parse(worker.now())) / 1000) + 1;
        await worker.queue.send(message, { delaySeconds: Math.min(maxQueueDelaySeconds, Math.max(1, waitSeconds)) });
      }
      return 'busy';
    }
    throw error;
  }
  if (job.status === 'failed') return 'failed'; // its last attempt had died: recorded as timed out

  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new AttemptTimedOut(`the attempt did not finish before ${deadline}`)), attemptMs);
  let written: { bytes: number; pages: number | null; entries: number };
  try {
    const { file, entries } = await renderJob(worker, tenant, job, controller.signal);
    controller.signal.throwIfAborted();
    await worker.files.put(job.key, file.body, file.contentType);
    written = { bytes: file.body.byteLength, pages: file.pages, entries };
  } catch (error) {
    const gone = error instanceof DomainError && error.kind === 'not_found';
    const tooLarge = error instanceof HistoryTooLargeError;
    // Retrying cannot help: the subject is gone or hidden, or the history is over the format's bound.
    const final = gone || tooLarge;
    const timedOut = controller.signal.aborted;
    const code = gone ? 'not_found' : tooLarge ? 'too_large' : timedOut ? 'timed_out' : 'render_failed';
    const reason = timedOut && controller.signal.reason instanceof Error ? controller.signal.reason.message : error instanceof Error ? error.message : String(error);
    const after = await command({ type: 'FailAttempt', data: { attempt: job.attempts, code, reason, ...(final ? { final: true } : {}) } });
    if (after.status === 'failed') return 'failed';
    await worker.queue.send(message);
    return 'retried';
  } finally {
    clearTimeout(timer);
  }
  await command({ type: 'CompleteReport', data: { attempt: job.attempts, ...written } });
  return 'completed';
};
