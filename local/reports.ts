import { chromiumRenderer, type ChromiumRenderer } from '../adapters/pdf/chromium-renderer.ts';
import type { PdfRenderer } from '../application/ports/pdf-renderer.ts';
import type { LocalJobQueue } from '../adapters/queue/job-queue.ts';
import { localReportQueue } from '../adapters/queue/report-queue.ts';
import type { ReportRendererOptions } from '../functions/queue/report-renderer.ts';
import { functions } from '../contract/functions.ts';
import { importFunctionModule } from './functions.ts';

type WorkerModule = typeof import('../functions/queue/report-renderer.ts');

export interface LocalReports {
  readonly queue: LocalJobQueue;
  /** What the renderer renders PDFs with (the local cloud's own Chromium unless the options gave one). */
  readonly renderer: PdfRenderer;
  /** Stops taking messages, waits for the renders in flight, then closes Chromium. */
  stop(): Promise<void>;
}

/** Locally a render has the deployed function's whole budget (`contract/contexts/reports.ts`, 300 s). */
const runBudgetMs = 300 * 1000;

/**
 * Report jobs in the local cloud: the in-process report queue (`REPORT_QUEUE_URL=local:reports`)
 * feeds the renderer's real message handler in this process (SQS and the ReportRenderer function in
 * AWS). The local cloud owns the Chromium it renders with — one browser for the process, launched by
 * the first PDF — so that stopping `npm start` (or a test's stack) also stops Chromium.
 */
export const startLocalReports = async (options: ReportRendererOptions = {}): Promise<LocalReports> => {
  const worker = (await importFunctionModule('reportRenderer')) as unknown as WorkerModule;
  const owned: ChromiumRenderer | undefined = options.renderer ? undefined : chromiumRenderer();
  const renderer = options.renderer ?? owned!;
  const handle = worker.createReportMessageHandler({ ...options, renderer });
  localReportQueue.consume((body) => {
    const started = Date.now();
    return handle(body, () => runBudgetMs - (Date.now() - started));
    // As many renders at once as the renderer's reserved concurrency allows in AWS, tenants taking turns.
  }, { concurrency: functions.reportRenderer.reservedConcurrency });
  let stopping: Promise<void> | undefined;
  return {
    queue: localReportQueue,
    renderer,
    stop() {
      stopping ??= (async () => {
        localReportQueue.consume(undefined);
        // A render in flight ends (its next message is not taken) before its browser goes.
        await localReportQueue.drain();
        await owned?.close();
      })();
      return stopping;
    },
  };
};
