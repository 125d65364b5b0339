import { reportEvents } from '../../events/reports/report-events.ts';
import { defineContext } from '../context-definition.ts';
import { reportRoutes } from '../http/report-routes.ts';
import { cardProjections } from '../../projections/reports/card-projections.ts';

/**
 * The client card and reports (PRODUCT.md "Client card and reports", docs/reports.md): a company and
 * everything linked to it in one call, from one item collection; its full history as a PDF, JSON or
 * CSV report, and a quote as the PDF sent to the customer, rendered in the background by headless
 * Chromium and kept in the drop bucket under `<tenant>/reports/`.
 */
export const reportsContext = defineContext({
  name: 'reports',
  events: [...reportEvents],
  functions: {
    reportsApi: {
      id: 'ReportsApi',
      entry: 'functions/http/reports.ts',
      kind: 'http',
      description: 'HTTP API of the client card and reports: the card, report requests (company history, quote PDF), report status and download links',
      memorySize: 1024,
      timeoutSeconds: 10,
      // The card is read from the read models; a company or quote is checked on the log; report jobs are
      // appended there. The queue and the presigned downloads are granted by infra's ReportJobs.
      access: { events: 'append', readModels: 'query' },
    },
    reportRenderer: {
      id: 'ReportRenderer',
      entry: 'functions/queue/report-renderer.ts',
      kind: 'queue',
      description: 'Renders report jobs from the report queue: a company history (PDF, JSON, CSV) or a quote PDF, with headless Chromium',
      // Chromium needs ≥ 1.6 GB; more memory is also more CPU, which is what a render spends.
      memorySize: 2048,
      timeoutSeconds: 300,
      architecture: 'x86_64',
      chromium: true,
      // Reads the card (read models) and the records' streams (log). It appends only to report jobs'
      // streams (its progress): infra's ReportJobs grants that, with the queue and `*/reports/*`.
      access: { events: 'read', readModels: 'query' },
      // Renders at once, at most: each holds a 2 GB Chromium for up to 300 s and reads a company's
      // whole log, so a burst of requests (a manager asking for fifty companies' histories) waits in
      // the queue instead of scaling the renderer — and its reads of the tables — without bound.
      reservedConcurrency: 10,
    },
  },
  routes: [...reportRoutes],
  projections: [...cardProjections],
  busRules: [],
});
