import type { CompanyHistory } from '../../../domain/reports/history-document.ts';
import type { ReportLocale } from '../../../events/reports/report-events.ts';
import type { PdfRenderer } from '../../ports/pdf-renderer.ts';
import type { QuoteView } from '../../sales/quote-view.ts';
import { historyCsv } from './history-csv.ts';
import { historyHtml } from './history-html.ts';
import { type QuoteParties, quoteHtml } from './quote-html.ts';

/** A report's file, ready to store. */
export interface ReportFile {
  readonly body: Uint8Array;
  readonly contentType: string;
  /** PDF pages; null for JSON and CSV. */
  readonly pages: number | null;
}

export type { QuoteParties } from './quote-html.ts';

const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);

const abortedError = (signal: AbortSignal): Error => (signal.reason instanceof Error ? signal.reason : new Error('the render was aborted'));

/**
 * A company history as `format` — JSON (the document itself: the published schema
 * `CompanyHistoryReport`), CSV (BOM, CRLF, formula-safe, one row per entry, localised header) or PDF
 * (the localised HTML of history-html.ts through `renderer`). `signal` (the job's deadline) stops a
 * PDF render in Chromium; JSON and CSV are built in memory at once.
 */
export const renderHistory = async (
  history: CompanyHistory,
  format: 'pdf' | 'json' | 'csv',
  renderer: PdfRenderer,
  options?: { readonly signal?: AbortSignal },
): Promise<ReportFile> => {
  if (options?.signal?.aborted) throw abortedError(options.signal);
  switch (format) {
    case 'json':
      return { body: utf8(JSON.stringify(history)), contentType: 'application/json', pages: null };
    case 'csv':
      return { body: utf8(historyCsv(history)), contentType: 'text/csv; charset=utf-8', pages: null };
    case 'pdf': {
      const { pdf, pages } = await renderer.render(historyHtml(history), options?.signal ? { signal: options.signal } : undefined);
      return { body: pdf, contentType: 'application/pdf', pages };
    }
  }
};

/** A quote as the PDF sent to the customer, in `locale`, dates in `timeZone`. */
export const renderQuote = async (
  quote: QuoteView,
  parties: QuoteParties,
  settings: { readonly locale: ReportLocale; readonly timeZone: string; readonly generatedAt: string },
  renderer: PdfRenderer,
  options?: { readonly signal?: AbortSignal },
): Promise<ReportFile> => {
  if (options?.signal?.aborted) throw abortedError(options.signal);
  const { pdf, pages } = await renderer.render(quoteHtml(quote, parties, settings), options?.signal ? { signal: options.signal } : undefined);
  return { body: pdf, contentType: 'application/pdf', pages };
};
