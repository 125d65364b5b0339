/**
 * The number of pages of a PDF Chromium wrote, read from its page tree: the root `/Type /Pages`
 * dictionary's `/Count` (the largest one: nested page-tree nodes count fewer). Chromium (Skia) writes
 * the page tree uncompressed, so a byte scan is enough; a PDF without one is an error, not zero pages.
 */
export const pdfPageCount = (pdf: Uint8Array): number => {
  const text = Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength).toString('latin1');
  let count = 0;
  for (const match of text.matchAll(/\/Type\s*\/Pages\b[^]*?\/Count\s+(\d+)/g)) count = Math.max(count, Number(match[1]));
  if (count === 0) throw new Error('the PDF has no page tree');
  return count;
};
