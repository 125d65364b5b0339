/** Text into HTML: the five characters that could open markup or end an attribute. */
export const escapeHtml = (text: string): string =>
  text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;').replaceAll("'", '&#39;');

/**
 * The page style every report shares. The font family `Report Sans` is embedded by the PDF renderer
 * (adapters/pdf/embedded-font.ts: Noto Sans latin + latin-ext); the HTML names it and nothing else, so
 * a glyph never comes from a system font. Print CSS: tables repeat their heads on every page, a row
 * never splits, a day's heading stays with its first rows.
 */
export const reportCss = `
*{box-sizing:border-box}
html{font-family:'Report Sans';font-size:9pt;color:#1b1b1b;line-height:1.35}
body{margin:0}
h1{font-size:16pt;margin:0 0 2mm}
h2{font-size:12pt;margin:6mm 0 2mm;border-bottom:0.4pt solid #888;padding-bottom:1mm}
h3{font-size:10pt;margin:4mm 0 1.5mm;break-after:avoid}
p{margin:0 0 1.5mm}
dl{display:grid;grid-template-columns:max-content 1fr;gap:0.6mm 4mm;margin:0 0 3mm}
dt{font-weight:700}
dd{margin:0}
table{width:100%;border-collapse:collapse;margin:0 0 2mm}
caption{text-align:left;font-weight:700;padding:0 0 1mm}
caption.quiet{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}
thead{display:table-header-group}
tr{break-inside:avoid}
th,td{border-bottom:0.3pt solid #ccc;padding:0.8mm 1.2mm;text-align:left;vertical-align:top}
th{font-weight:700;background:#f0f0f0}
td.num,th.num{text-align:right;white-space:nowrap}
td.when{white-space:nowrap;width:14mm}
td.who{width:30mm}
td.record{width:42mm}
td.event{width:38mm}
.muted{color:#555}
.totals{width:auto;margin-left:auto;min-width:80mm}
.totals th{background:none;font-weight:400}
.totals tr.gross th,.totals tr.gross td{font-weight:700;border-top:0.6pt solid #1b1b1b}
`;

/** A full document: `lang` for the tagged PDF's language, a title for its metadata. */
export const htmlDocument = (lang: string, title: string, body: string): string =>
  `<!doctype html><html lang="${escapeHtml(lang)}"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title><style>${reportCss}</style></head><body>${body}</body></html>`;

/**
 * Chromium's header and footer templates: their own little documents, inline styles only, font size
 * set explicitly (their default is tiny); `pageNumber` / `totalPages` are filled in by Chromium.
 */
const band = `font-family:'Report Sans';font-size:7.5pt;color:#444;width:100%;margin:0 14mm;display:flex;justify-content:space-between`;

export const headerBand = (left: string, right: string): string =>
  `<div style="${band}"><span>${escapeHtml(left)}</span><span>${escapeHtml(right)}</span></div>`;

export const footerBand = (left: string): string =>
  `<div style="${band}"><span>${escapeHtml(left)}</span><span><span class="pageNumber"></span> / <span class="totalPages"></span></span></div>`;
