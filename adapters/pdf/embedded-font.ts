import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

/**
 * The one font every report is printed in: Noto Sans (SIL Open Font License) from the npm package
 * `@fontsource/noto-sans`, regular and bold, subsets `latin` (à è ì ò ù é…) and `latin-ext` (ł ż ź ś ć
 * ń ę ą Ł Ż ő ű Ő Ű…), embedded in the page as data: URLs. Chromium in Lambda has almost no system fonts
 * and the renderer loads nothing from the network, so a report never depends on what the machine has:
 * the same glyphs locally, in CI and in AWS.
 *
 * HOW THE FILES ARE FOUND (infra: the Lambda bundle must ship them):
 * - `REPORT_FONT_DIR` set: the four .woff2 files below are read from that folder. The CDK
 *   (CronacaFunction for a `chromium: true` definition) may copy them next to the bundle
 *   (esbuild `commandHooks.afterBundling`: `cp node_modules/@fontsource/noto-sans/files/noto-sans-latin{,-ext}-{400,700}-normal.woff2 <out>/fonts/`)
 *   and set `REPORT_FONT_DIR=/var/task/fonts`.
 * - otherwise: resolved as `@fontsource/noto-sans/files/<file>` from node_modules (require.resolve,
 *   which also honours NODE_PATH, so `/opt/nodejs/node_modules/@fontsource/noto-sans/files/…` in the
 *   Chromium layer works too: put the package in the layer beside @sparticuz/chromium).
 * Locally and in the tests the package is in node_modules: nothing to do. No build step anywhere.
 * The files are read once per process (~140 kB) and kept.
 */
export const embeddedFontFamily = 'Report Sans';

export const fontFiles = [
  'noto-sans-latin-400-normal.woff2',
  'noto-sans-latin-700-normal.woff2',
  'noto-sans-latin-ext-400-normal.woff2',
  'noto-sans-latin-ext-700-normal.woff2',
] as const;

// The subsets' unicode ranges as @fontsource publishes them: Chromium picks the file per character.
const latin = 'U+0000-00FF,U+0131,U+0152-0153,U+02BB-02BC,U+02C6,U+02DA,U+02DC,U+0304,U+0308,U+0329,U+2000-206F,U+20AC,U+2122,U+2191,U+2193,U+2212,U+2215,U+FEFF,U+FFFD';
const latinExt =
  'U+0100-02BA,U+02BD-02C5,U+02C7-02CC,U+02CE-02D7,U+02DD-02FF,U+0304,U+0308,U+0329,U+1D00-1DBF,U+1E00-1E9F,U+1EF2-1EFF,U+2020,U+20A0-20AB,U+20AD-20C0,U+2113,U+2C60-2C7F,U+A720-A7FF';

const readFont = (file: string): Buffer => {
  const dir = process.env['REPORT_FONT_DIR'];
  try {
    if (dir) return readFileSync(join(dir, file));
    return readFileSync(createRequire(import.meta.url).resolve(`@fontsource/noto-sans/files/${file}`));
  } catch (error) {
    // A deployment that forgot the files fails every PDF with this, not with a report in a fallback font.
    throw new Error(`the report font ${file} is missing (${dir ? `REPORT_FONT_DIR=${dir}` : '@fontsource/noto-sans not in node_modules'})`, { cause: error });
  }
};

let css: string | null = null;

/** `@font-face` rules for `Report Sans` (400 and 700, latin + latin-ext), fonts inline. */
export const embeddedFontCss = (): string => {
  if (css !== null) return css;
  const face = (file: (typeof fontFiles)[number], weight: number, range: string) =>
    `@font-face{font-family:'${embeddedFontFamily}';font-style:normal;font-display:block;font-weight:${weight};` +
    `src:url(data:font/woff2;base64,${readFont(file).toString('base64')}) format('woff2');unicode-range:${range};}`;
  css = [
    face('noto-sans-latin-400-normal.woff2', 400, latin),
    face('noto-sans-latin-700-normal.woff2', 700, latin),
    face('noto-sans-latin-ext-400-normal.woff2', 400, latinExt),
    face('noto-sans-latin-ext-700-normal.woff2', 700, latinExt),
  ].join('\n');
  return css;
};
