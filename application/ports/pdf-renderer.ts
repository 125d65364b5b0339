/**
 * Turns an HTML document into a PDF (headless Chromium in `adapters/pdf/`, the same code locally and in
 * Lambda). The HTML is complete and self-contained (styles and fonts inline): the renderer loads
 * nothing from the network.
 */
export interface PdfDocument {
  /** The whole page: `<!doctype html><html lang="…">…`. */
  readonly html: string;
  /** Printed at the top of every page (Chromium's header template: inline styles only). */
  readonly headerHtml: string;
  /** Printed at the bottom of every page; `<span class="pageNumber">` / `<span class="totalPages">` are filled in. */
  readonly footerHtml: string;
}

export interface RenderedPdf {
  readonly pdf: Uint8Array;
  readonly pages: number;
}

export interface PdfRenderer {
  /** A4, tagged for accessibility. Rejects when Chromium fails or `signal` aborts. */
  render(document: PdfDocument, options?: { readonly signal?: AbortSignal }): Promise<RenderedPdf>;
}
