import type { CompanyHistory } from '../../../domain/reports/history-document.ts';
import type { ReportLocale } from '../../../events/reports/report-events.ts';
import type { PdfRenderer } from '../../ports/pdf-renderer.ts';
import type { QuoteView } from '../../sales/quote-view.ts';

/** A report's file, ready to store. */
export interface ReportFile {
  readonly body: Uint8Array;
  readonly contentType: string;
  /** PDF pages; null for JSON and CSV. */
  readonly pages: number | null;
}

/** What a quote document shows besides the quote: who it is addressed to, and who sends it. */
export interface QuoteParties {
  readonly customer: { readonly name: string; readonly code: string | null; readonly vatNumber: string | null; readonly address: string | null };
  readonly contact: { readonly name: string; readonly email: string | null } | null;
  readonly operator: { readonly name: string; readonly email: string | null } | null;
}

/**
 * STUB (the render work package implements it): a company history as `format` — JSON (the published
 * schema), CSV (BOM, formula-safe, one row per entry) or PDF (localised HTML through `renderer`).
 */
export const renderHistory = async (
  _history: CompanyHistory,
  _format: 'pdf' | 'json' | 'csv',
  _renderer: PdfRenderer,
  _options?: { readonly signal?: AbortSignal },
): Promise<ReportFile> => {
  throw new Error('not implemented yet');
};

/** STUB: a quote as the PDF sent to the customer, in `locale`, dates in `timeZone`. */
export const renderQuote = async (
  _quote: QuoteView,
  _parties: QuoteParties,
  _settings: { readonly locale: ReportLocale; readonly timeZone: string; readonly generatedAt: string },
  _renderer: PdfRenderer,
  _options?: { readonly signal?: AbortSignal },
): Promise<ReportFile> => {
  throw new Error('not implemented yet');
};
