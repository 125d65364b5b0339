/**
 * `npm run bench:report-render` (issue 15): the PDF renderer on the real Chromium.
 *
 * (cold) A Lambda's first report: `@sparticuz/chromium` decompresses Chromium (executablePath), then
 *   puppeteer launches it, then the first page renders. Each cold sample runs in a CHILD process with
 *   its own TMPDIR, so the decompression really happens (and /tmp/chromium, which other processes on
 *   this machine use, is left alone); the child's folder is removed after.
 * (warm) The same process renders again and again: a 2-page and a 40-page client history through
 *   `chromiumRenderer()` (new page, request interception, JavaScript off, CSP, embedded font, page.pdf,
 *   page count read back) against a RAW `page.pdf()` of the very same HTML (font included) on a second
 *   browser launched the same way: newPage + setContent + pdf + close, nothing else. Samples
 *   interleave (renderer, raw, renderer, raw…) so the shared machine's load falls on both alike.
 *   Target: warm ≤ 1.2× raw.
 * BENCH_RENDERS (default 15) warm samples per size and path, BENCH_COLD (default 3) cold samples.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import chromium from '@sparticuz/chromium';
import puppeteer from 'puppeteer-core';
import { chromiumRenderer, launchArgs, margin, withFont } from '../adapters/pdf/chromium-renderer.ts';
import { embeddedFontCss } from '../adapters/pdf/embedded-font.ts';
import { historyHtml } from '../application/reports/render/history-html.ts';
import type { PdfDocument } from '../application/ports/pdf-renderer.ts';
import { historyFixture } from '../test/support/history-fixtures.ts';
import { envInt, fmtMs, fmtNum, percentile } from './stats.ts';

const load = () => fmtNum(loadavg()[0]!, 2);

/** Child mode: one cold start, figures as JSON on stdout. */
const coldChild = async (): Promise<void> => {
  const t0 = performance.now();
  const executablePath = await chromium.executablePath();
  const t1 = performance.now();
  const browser = await puppeteer.launch({ executablePath, args: launchArgs(), headless: 'shell' });
  const t2 = performance.now();
  await browser.close();
  const renderer = chromiumRenderer({ executablePath });
  const t3 = performance.now();
  const first = await renderer.render(historyHtml(historyFixture({ entries: 20 })));
  const t4 = performance.now();
  await renderer.close();
  process.stdout.write(JSON.stringify({ decompress: t1 - t0, launch: t2 - t1, firstRender: t4 - t3, pages: first.pages }) + '\n');
};

const cold = (samples: number) => {
  const rows: { decompress: number; launch: number; firstRender: number }[] = [];
  for (let i = 0; i < samples; i += 1) {
    const dir = mkdtempSync(join(tmpdir(), 'bench-chromium-'));
    try {
      const child = spawnSync(process.execPath, [import.meta.filename, 'cold'], { env: { ...process.env, TMPDIR: dir }, encoding: 'utf8', timeout: 120_000 });
      if (child.status !== 0) throw new Error(`cold child failed: ${child.stderr}`);
      rows.push(JSON.parse(child.stdout.trim().split('\n').at(-1)!));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  return rows;
};

const documentOf = (entries: number): PdfDocument => historyHtml(historyFixture({ entries, locale: 'pl', timeZone: 'Europe/Warsaw' }));

const main = async () => {
  const renders = envInt('BENCH_RENDERS', 15);
  const colds = envInt('BENCH_COLD', 3);
  console.log(`# report-render bench — node ${process.version}, load ${load()} at start`);

  const coldRows = cold(colds);
  console.log('\n## (cold) decompress + launch + first render (2-page history), each in a fresh process and TMPDIR');
  console.log('| sample | decompress | launch | first render (renderer: launch + render) | total |');
  console.log('|---|---|---|---|---|');
  coldRows.forEach((row, i) =>
    console.log(`| ${i + 1} | ${fmtMs(row.decompress)} | ${fmtMs(row.launch)} | ${fmtMs(row.firstRender)} | ${fmtMs(row.decompress + row.firstRender)} |`),
  );

  const renderer = chromiumRenderer();
  const executablePath = await chromium.executablePath();
  const raw = await puppeteer.launch({ executablePath, args: launchArgs(), headless: 'shell' });
  const fontCss = embeddedFontCss();
  const rawRender = async (document: PdfDocument) => {
    const page = await raw.newPage();
    await page.setContent(withFont(document.html, fontCss), { waitUntil: 'load' });
    const pdf = await page.pdf({
      format: 'A4',
      printBackground: true,
      displayHeaderFooter: true,
      headerTemplate: `<style>${fontCss}</style>${document.headerHtml}`,
      footerTemplate: `<style>${fontCss}</style>${document.footerHtml}`,
      margin,
      tagged: true,
      outline: true,
      timeout: 0,
    });
    await page.close();
    return pdf;
  };

  console.log(`\n## (warm) renderer vs raw page.pdf() of the same HTML, ${renders} interleaved samples each`);
  console.log('| document | pages | HTML | PDF | renderer p50 | renderer p90 | raw p50 | raw p90 | p50 ratio | verdict (≤ 1.2×) | load |');
  console.log('|---|---|---|---|---|---|---|---|---|---|---|');
  for (const [name, entries] of [
    ['2-page history', 20],
    ['40-page history', 760],
  ] as const) {
    const document = documentOf(entries);
    // Warm both paths (first render of a size fills Chromium's caches).
    const check = await renderer.render(document);
    await rawRender(document);
    const mine: number[] = [];
    const theirs: number[] = [];
    for (let i = 0; i < renders; i += 1) {
      let t = performance.now();
      await renderer.render(document);
      mine.push(performance.now() - t);
      t = performance.now();
      await rawRender(document);
      theirs.push(performance.now() - t);
    }
    const ratio = percentile(mine, 50) / percentile(theirs, 50);
    console.log(
      `| ${name} (${entries} entries) | ${check.pages} | ${fmtNum(Buffer.byteLength(document.html) / 1024, 0)} KiB | ${fmtNum(check.pdf.byteLength / 1024, 0)} KiB | ${fmtMs(percentile(mine, 50))} | ${fmtMs(percentile(mine, 90))} | ${fmtMs(percentile(theirs, 50))} | ${fmtMs(percentile(theirs, 90))} | ${fmtNum(ratio, 2)}× | ${ratio <= 1.2 ? 'MET' : 'MISSED'} | ${load()} |`,
    );
  }

  const big = documentOf(2_000);
  let t = performance.now();
  const bigPdf = await renderer.render(big);
  const bigMs = performance.now() - t;
  t = performance.now();
  const html = historyHtml(historyFixture({ entries: 2_000 }));
  const htmlMs = performance.now() - t;
  console.log(
    `\n## 2,000-entry history (one job): ${bigPdf.pages} pages, ${fmtNum(bigPdf.pdf.byteLength / 1024 / 1024, 1)} MiB PDF from ${fmtNum(Buffer.byteLength(html.html) / 1024 / 1024, 1)} MiB HTML; HTML built in ${fmtMs(htmlMs)}, rendered in ${fmtMs(bigMs)} (load ${load()})`,
  );
  const pid = renderer.browserProcessId();
  if (pid !== null) {
    const status = spawnSync('ps', ['-o', 'rss=', '--ppid', String(pid), '-p', String(pid)], { encoding: 'utf8' }).stdout;
    const rssKiB = status.split('\n').map(Number).filter((n) => n > 0).reduce((a, b) => a + b, 0);
    console.log(`Chromium resident memory after it (browser + its children, summed RSS): ${fmtNum(rssKiB / 1024, 0)} MiB; node: ${fmtNum(process.memoryUsage().rss / 1024 / 1024, 0)} MiB`);
  }

  await renderer.close();
  await raw.close();
};

if (process.argv[2] === 'cold') await coldChild();
else await main();
