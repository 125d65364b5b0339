/**
 * The number of pages of a PDF Chromium wrote, read from its page tree: the `/Type /Pages`
 * dictionaries' `/Count`, the largest one (the root; nested page-tree nodes count fewer). Chromium
 * (Skia) writes the page tree uncompressed, and a page-tree node holds no nested dictionary, so each
 * `/Type /Pages` is read between the `<<` before it and the `>>` after it (any key order). A PDF
 * without one is an error, not zero pages.
 */
export const pdfPageCount = (pdf: Uint8Array): number => {
  const text = Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength).toString('latin1');
  let count = 0;
  for (const type of text.matchAll(/\/Type\s*\/Pages\b/g)) {
    const start = text.lastIndexOf('<<', type.index);
    const end = text.indexOf('>>', type.index);
    if (start < 0 || end < 0) continue;
    const value = /\/Count\s+(\d+)/.exec(text.slice(start, end));
    if (value) count = Math.max(count, Number(value[1]));
  }
  if (count === 0) throw new Error('the PDF has no page tree');
  return count;
};
