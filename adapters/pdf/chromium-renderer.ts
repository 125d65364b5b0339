import chromium from '@sparticuz/chromium';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import type { PdfDocument, PdfRenderer, RenderedPdf } from '../../application/ports/pdf-renderer.ts';
import { embeddedFontCss } from './embedded-font.ts';
import { pdfPageCount } from './pdf-page-count.ts';

/**
 * Flags on top of @sparticuz/chromium's (made for Lambda: single process, no sandbox, no GPU): a
 * report never talks to the network, and Chromium must not try either — no component updates, no
 * field trials, no safe-browsing or sync pings, no DNS prefetch (this machine's network is closed;
 * Lambda's is not, and a report has no reason to use it).
 */
const quietArgs = [
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-default-apps',
  '--disable-domain-reliability',
  '--disable-sync',
  '--disable-client-side-phishing-detection',
  '--disable-features=Translate,OptimizationHints,MediaRouter,DialMediaRouteProvider,AutofillServerCommunication,CertificateTransparencyComponentUpdater',
  '--dns-prefetch-disable',
  '--metrics-recording-only',
  '--no-default-browser-check',
  '--no-first-run',
  '--no-pings',
];

/**
 * @sparticuz/chromium's flags minus the ones made for scraping arbitrary sites: a report page has no
 * reason to bypass the same-origin policy or mix insecure content, and keeping both on would weaken
 * the Content-Security-Policy wall below.
 */
const droppedArgs = new Set(['--disable-web-security', '--allow-running-insecure-content']);

/** The whole command line: Lambda's flags (single process, no sandbox, no GPU) less the unsafe ones, plus the quiet ones. */
export const launchArgs = (): string[] => {
  // No WebGL for a print: Chromium starts without SwiftShader's GL (the flag `--disable-webgl`).
  chromium.setGraphicsMode = false;
  return [...chromium.args.filter((arg) => !droppedArgs.has(arg)), ...quietArgs];
};

/** Page margins: room for the header (company, code) and the footer ("n / m"). */
export const margin = { top: '20mm', bottom: '16mm', left: '14mm', right: '14mm' } as const;

export interface ChromiumRendererOptions {
  /** A Chromium other than @sparticuz/chromium's (tests of a dead browser; a developer's own). */
  readonly executablePath?: string;
  /** Longest a single page.pdf() may take before it is given up (ms); the caller's signal usually ends it sooner. */
  readonly renderTimeoutMs?: number;
}

export type ChromiumRenderer = PdfRenderer & {
  /** The browser's process id, once launched (a test kills it to see the relaunch). */
  browserProcessId(): number | null;
  close(): Promise<void>;
};

const abortError = (signal: AbortSignal): Error =>
  signal.reason instanceof Error ? signal.reason : new DOMException('the render was aborted', 'AbortError');

/** Rejects when `signal` aborts; `onAbort` runs first (closing the page makes Chromium stop). */
const whenAborted = (signal: AbortSignal | undefined, onAbort: () => void): { promise: Promise<never>; dispose(): void } => {
  if (!signal) return { promise: new Promise<never>(() => {}), dispose: () => {} };
  let listener: (() => void) | null = null;
  const promise = new Promise<never>((_, reject) => {
    listener = () => {
      onAbort();
      reject(abortError(signal));
    };
    signal.addEventListener('abort', listener, { once: true });
  });
  promise.catch(() => {});
  return { promise, dispose: () => listener && signal.removeEventListener('abort', listener) };
};

/**
 * A second wall behind request interception, which does not see everything (a `<link rel=prefetch>`
 * is fetched by the browser's network service without passing through it): the page's own Content
 * Security Policy allows data: URLs and inline styles, nothing else.
 */
const contentSecurityPolicy = "default-src 'none'; img-src data:; font-src data:; style-src 'unsafe-inline' data:; frame-src 'none'; form-action 'none'; base-uri 'none'";

/** The document's <head> gets the policy and the embedded font first, so the page's own styles may name the font. */
export const withFont = (html: string, fontCss: string): string => {
  const prefix = `<meta http-equiv="Content-Security-Policy" content="${contentSecurityPolicy}"><style>${fontCss}</style>`;
  const head = /<head(\s[^>]*)?>/i.exec(html);
  if (head) return html.slice(0, head.index + head[0].length) + prefix + html.slice(head.index + head[0].length);
  // No <head>: right after the doctype (before it, the page would fall into quirks mode); the parser puts it in the head.
  const doctype = /^\s*<!doctype[^>]*>/i.exec(html);
  return doctype ? doctype[0] + prefix + html.slice(doctype[0].length) : prefix + html;
};

/**
 * Headless Chromium from `@sparticuz/chromium` (the same binary locally and in Lambda), driven by
 * `puppeteer-core`. ONE browser per process, launched on first use (a warm Lambda keeps it) and
 * relaunched when it died; a fresh page per render, closed after. The page runs no JavaScript and
 * loads nothing: every request but a data: URL is refused, so a report cannot leak or hang on the
 * network. A4, header and footer on every page, tagged (accessible) PDF with an outline from the
 * headings; the page count is read back from the file Chromium wrote.
 */
export const chromiumRenderer = (options: ChromiumRendererOptions = {}): ChromiumRenderer => {
  let browser: Promise<Browser> | null = null;
  let processId: number | null = null;

  const launch = async (): Promise<Browser> => {
    const executablePath = options.executablePath ?? (await chromium.executablePath());
    return puppeteer.launch({
      executablePath,
      args: launchArgs(),
      headless: 'shell',
      defaultViewport: { width: 794, height: 1123 },
      // The process's signals belong to its owner (the Lambda runtime, `npm start`'s shutdown): it closes the renderer.
      handleSIGINT: false,
      handleSIGTERM: false,
      handleSIGHUP: false,
    });
  };

  /** The browser in use; a dead one is forgotten (only if it is still the one in use) and the next call launches anew. */
  const browserInUse = async (): Promise<Browser> => {
    for (let seen = browser; seen !== null; seen = browser) {
      const existing = await seen.catch(() => null);
      if (existing?.connected) return existing;
      // Dead or failed: relaunch — unless another render already is (then use that browser).
      if (browser === seen) break;
    }
    const launching = launch();
    browser = launching;
    try {
      const launched = await launching;
      processId = launched.process()?.pid ?? null;
      launched.on('disconnected', () => {
        if (browser !== launching) return;
        browser = null;
        processId = null;
      });
      return launched;
    } catch (error) {
      if (browser === launching) browser = null;
      throw error;
    }
  };

  const preparedPage = async (instance: Browser): Promise<Page> => {
    const page = await instance.newPage();
    await page.setJavaScriptEnabled(false);
    await page.setRequestInterception(true);
    page.on('request', (request) => {
      if (request.isInterceptResolutionHandled()) return;
      if (request.url().startsWith('data:')) void request.continue();
      else void request.abort('blockedbyclient');
    });
    return page;
  };

  const render = async (document: PdfDocument, renderOptions?: { readonly signal?: AbortSignal }): Promise<RenderedPdf> => {
    const signal = renderOptions?.signal;
    if (signal?.aborted) throw abortError(signal);
    let page: Page | null = null;
    const aborted = whenAborted(signal, () => void page?.close().catch(() => {}));
    try {
      // A first render decompresses and launches Chromium (seconds, cold): the deadline counts there too.
      const instance = await Promise.race([browserInUse(), aborted.promise]);
      const opening = preparedPage(instance);
      // A page that opens after the deadline fired is closed as soon as it exists: no page is left behind.
      opening.then((opened) => (signal?.aborted ? void opened.close().catch(() => {}) : undefined), () => {});
      page = await Promise.race([opening, aborted.promise]);
      const fontCss = embeddedFontCss();
      await Promise.race([page.setContent(withFont(document.html, fontCss), { waitUntil: 'load', timeout: options.renderTimeoutMs ?? 280_000 }), aborted.promise]);
      // Chromium prints the header and footer templates in a document of their own: the font goes there too.
      const pdf = await Promise.race([
        page.pdf({
          format: 'A4',
          printBackground: true,
          displayHeaderFooter: true,
          headerTemplate: `<style>${fontCss}</style>${document.headerHtml}`,
          footerTemplate: `<style>${fontCss}</style>${document.footerHtml}`,
          margin,
          tagged: true,
          outline: true,
          timeout: options.renderTimeoutMs ?? 280_000,
        }),
        aborted.promise,
      ]);
      return { pdf, pages: pdfPageCount(pdf) };
    } finally {
      aborted.dispose();
      await page?.close().catch(() => {});
    }
  };

  const close = async (): Promise<void> => {
    const open = browser;
    browser = null;
    const instance = await open?.catch(() => null);
    await instance?.close().catch(() => {});
  };

  return { render, close, browserProcessId: () => processId };
};
