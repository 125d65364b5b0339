import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumRenderer } from '../../../adapters/pdf/chromium-renderer.ts';
import { historyHtml } from '../../../application/reports/render/history-html.ts';
import { historyFixture } from '../../support/history-fixtures.ts';
import { pdfText } from '../../support/pdf-text.ts';

/**
 * The renderer's promises, on the real Chromium: nothing leaves the page (a local server counts every
 * request a document tries), no script runs, a deadline stops a render, a dead browser is replaced.
 */
const renderer = chromiumRenderer();
let server: Server;
let requests: string[] = [];
let origin = '';

beforeAll(async () => {
  server = createServer((request, response) => {
    requests.push(request.url ?? '');
    response.writeHead(200, { 'content-type': 'text/css' }).end('body{color:red}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await renderer.close();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const bands = { headerHtml: '<span style="font-size:8pt">Győr</span>', footerHtml: '<span style="font-size:8pt"><span class="pageNumber"></span> / <span class="totalPages"></span></span>' };

describe('the Chromium renderer', () => {
  it('loads nothing from the network: images, styles, fonts, frames and prefetches are refused, the PDF is still made', async () => {
    requests = [];
    const html =
      `<!doctype html><html lang="en"><head><link rel="stylesheet" href="${origin}/style.css"><link rel="prefetch" href="${origin}/prefetch">` +
      `<style>@import url('${origin}/import.css');@font-face{font-family:X;src:url('${origin}/font.woff2')}body{background:url('${origin}/bg.png')}h1{font-family:X}</style></head>` +
      `<body><h1>Łódź offline</h1><img src="${origin}/logo.png" alt="logo"><iframe src="${origin}/frame"></iframe>` +
      `<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" alt="inline"></body></html>`;
    const { pdf, pages } = await renderer.render({ html, ...bands });
    expect(pages).toBe(1);
    expect(requests).toEqual([]);
    expect((await pdfText(pdf)).pageTexts[0]).toContain('Łódź offline');
  });

  it('runs no JavaScript in the page', async () => {
    const html = `<!doctype html><html lang="en"><body><p id="p">static text</p><script>document.getElementById('p').textContent = 'SCRIPT RAN'</script></body></html>`;
    const text = (await pdfText((await renderer.render({ html, ...bands })).pdf)).pageTexts.join('\n');
    expect(text).toContain('static text');
    expect(text).not.toContain('SCRIPT RAN');
  });

  it('gives up when the signal aborts (the job deadline), and renders the next document as usual', async () => {
    const big = historyHtml(historyFixture({ entries: 2_000 }));
    const controller = new AbortController();
    const rendering = renderer.render(big, { signal: controller.signal });
    setTimeout(() => controller.abort(new Error('deadline reached')), 300);
    await expect(rendering).rejects.toThrow('deadline reached');

    await expect(renderer.render(big, { signal: AbortSignal.abort(new Error('already late')) })).rejects.toThrow('already late');

    const small = await renderer.render({ html: '<!doctype html><html lang="en"><body><p>after</p></body></html>', ...bands });
    expect(small.pages).toBe(1);
  });

  it('relaunches the browser when it died between two renders (a warm Lambda whose Chromium crashed)', async () => {
    await renderer.render({ html: '<!doctype html><html lang="en"><body><p>one</p></body></html>', ...bands });
    const first = renderer.browserProcessId();
    expect(first).not.toBeNull();
    // Our own Chromium, by its process id (never by name: other tests run theirs).
    process.kill(first!, 'SIGKILL');
    await new Promise((resolve) => setTimeout(resolve, 300));

    const again = await renderer.render({ html: '<!doctype html><html lang="en"><body><p>two</p></body></html>', ...bands });
    expect(again.pages).toBe(1);
    expect(renderer.browserProcessId()).not.toBeNull();
    expect(renderer.browserProcessId()).not.toBe(first);
  });

  it('keeps one browser for many renders, a page each, in parallel', async () => {
    await renderer.render({ html: '<p>warm</p>', ...bands });
    const browser = renderer.browserProcessId();
    const results = await Promise.all(
      ['Città', 'Győr', 'Łódź', 'Pécs'].map((name) => renderer.render({ html: `<!doctype html><html lang="en"><body><h1>${name}</h1></body></html>`, ...bands })),
    );
    expect(renderer.browserProcessId()).toBe(browser);
    const texts = await Promise.all(results.map(async (result) => (await pdfText(result.pdf)).pageTexts[0]));
    expect(texts.map((text) => text?.split('\n')[0])).toEqual(['Città', 'Győr', 'Łódź', 'Pécs']);
  });
});
