import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { embeddedFontCss, fontFiles } from '../../../adapters/pdf/embedded-font.ts';

/**
 * How a deployed renderer finds its font: `REPORT_FONT_DIR` (the files shipped beside the Lambda
 * bundle) — the way infra is told to ship them. (Without it, node_modules: every other test.) This
 * file runs in its own process, so the module's one-per-process cache starts empty here.
 */
const dir = mkdtempSync(join(tmpdir(), 'report-fonts-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the embedded report font', () => {
  it('fails loudly, naming the file and the folder, when the deployment did not ship the fonts', () => {
    process.env['REPORT_FONT_DIR'] = join(dir, 'missing');
    try {
      expect(() => embeddedFontCss()).toThrow(`the report font noto-sans-latin-400-normal.woff2 is missing (REPORT_FONT_DIR=${join(dir, 'missing')})`);
    } finally {
      delete process.env['REPORT_FONT_DIR'];
    }
  });

  it('reads the four .woff2 files from REPORT_FONT_DIR and inlines each as a data: URL with its unicode range', () => {
    const require = createRequire(import.meta.url);
    for (const file of fontFiles) copyFileSync(require.resolve(`@fontsource/noto-sans/files/${file}`), join(dir, file));
    process.env['REPORT_FONT_DIR'] = dir;
    try {
      const css = embeddedFontCss();
      for (const file of fontFiles) expect(css).toContain(readFileSync(join(dir, file)).toString('base64'));
      expect(css.match(/@font-face/g)).toHaveLength(4);
      // latin-ext covers Ł (U+0141), ő (U+0151), ż (U+017C): inside U+0100-02BA.
      expect(css).toContain('unicode-range:U+0100-02BA');
      expect(css).toContain("font-family:'Report Sans'");
    } finally {
      delete process.env['REPORT_FONT_DIR'];
    }
  });
});
