import type { PdfRenderer } from '../../application/ports/pdf-renderer.ts';

/**
 * STUB (the render work package implements it): headless Chromium from `@sparticuz/chromium`, driven
 * by `puppeteer-core` — one browser per process, launched on first use, a page per render, no network.
 */
export const chromiumRenderer = (): PdfRenderer & { close(): Promise<void> } => {
  throw new Error('not implemented yet');
};
