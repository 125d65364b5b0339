import { chromiumRenderer } from '../../adapters/pdf/chromium-renderer.ts';
import { reportQueueFromEnv } from '../../adapters/queue/report-queue.ts';
import { reportFilesFromEnv } from '../../adapters/s3/report-files.ts';
import type { PdfRenderer } from '../../application/ports/pdf-renderer.ts';
import type { ReportFiles, ReportMessage, ReportQueue } from '../../application/ports/report-jobs.ts';
import { cardQueries } from '../../application/reports/card-queries.ts';
import { runReport } from '../../application/reports/render-report.ts';
import { dependenciesFromEnv, type DependencySource } from '../shared/dependencies.ts';
import { logger } from '../shared/logger.ts';
import { sqsJobHandler, type JobMessageHandler } from './sqs-job-handler.ts';
import { observed } from '../shared/observability.ts';

/** Time kept back at the end of an invocation to record how the attempt ended (environment: REPORT_RESERVE_MS). */
const reserveSetting = process.env['REPORT_RESERVE_MS'] ?? '15000';
const defaultReserveMs = Number(reserveSetting);
// Refused at start-up, not at every message: a deadline computed from NaN fails every job.
if (!Number.isSafeInteger(defaultReserveMs) || defaultReserveMs < 0) throw new Error(`REPORT_RESERVE_MS must be a whole number of milliseconds, not '${reserveSetting}'`);

export interface ReportRendererOptions {
  readonly dependencies?: DependencySource;
  /** Where a failed attempt is queued again (default: `REPORT_QUEUE_URL`). */
  readonly queue?: ReportQueue;
  /** The drop bucket's report files (default: from the environment). */
  readonly files?: ReportFiles;
  /** The PDF renderer (default: one headless Chromium for the process, launched on first use; its owner closes it). */
  readonly renderer?: PdfRenderer;
  readonly reserveMs?: number;
}

/** A `{ tenant, jobId }` message, or an error naming what is wrong with it (a message no retry can fix). */
const messageOf = (body: string): ReportMessage | null => {
  try {
    const parsed = JSON.parse(body) as Partial<ReportMessage>;
    return typeof parsed.tenant === 'string' && typeof parsed.jobId === 'string' ? { tenant: parsed.tenant, jobId: parsed.jobId } : null;
  } catch {
    return null;
  }
};

/**
 * The report renderer's message handler: one report job per message (application/reports/render-report.ts).
 * The adapters are made on first use, not at import: the module is imported by the local cloud
 * before its environment is complete, and a warm Lambda keeps its Chromium between messages.
 */
export const createReportMessageHandler = (options: ReportRendererOptions = {}): JobMessageHandler => {
  const dependencies = options.dependencies ?? dependenciesFromEnv;
  let queue = options.queue;
  let files = options.files;
  let renderer = options.renderer;
  return async (body, remainingMs) => {
    const message = messageOf(body);
    if (message === null) {
      logger.warn('report message dropped: not { tenant, jobId }', { body: body.slice(0, 200) });
      return;
    }
    queue ??= reportQueueFromEnv();
    files ??= reportFilesFromEnv();
    renderer ??= chromiumRenderer();
    const runtime = dependencies();
    const cards = cardQueries(dependencies);
    const outcome = await runReport(
      {
        eventStore: runtime.eventStore,
        people: runtime.people,
        cardItems: (actor, companyId) => cards.allItems(actor, companyId),
        renderer,
        files,
        queue,
        now: runtime.now,
        newId: runtime.newId,
        remainingMs,
        reserveMs: options.reserveMs ?? defaultReserveMs,
      },
      message,
    );
    logger.info('report run', { ...message, outcome });
  };
};

export const handler = observed(sqsJobHandler(createReportMessageHandler(), 'report'));
