import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

export interface PdfText {
  readonly pages: number;
  /** Each page's text, items joined by a space (a line break where pdf.js sees one). */
  readonly pageTexts: readonly string[];
  /** The document is tagged (a structure tree: headings, tables, for screen readers). */
  readonly tagged: boolean;
  /** The bookmarks (outline), depth first: Chromium makes them from the headings. */
  readonly outline: readonly string[];
  /** The document language (`/Lang` of the catalogue), as a screen reader picks its voice. */
  readonly language: string | null;
  /** The fonts embedded, without their subset prefix (`NotoSans-Regular`). */
  readonly fonts: readonly string[];
}

/** A PDF's text, page by page, as a reader (and a screen reader) gets it: pdf.js, no rendering. */
export const pdfText = async (pdf: Uint8Array): Promise<PdfText> => {
  const task = getDocument({ data: new Uint8Array(pdf), useSystemFonts: false, disableFontFace: true, verbosity: 0 });
  const document = await task.promise;
  try {
    const pageTexts: string[] = [];
    const fonts = new Set<string>();
    let tagged = false;
    for (let number = 1; number <= document.numPages; number += 1) {
      const page = await document.getPage(number);
      const content = await page.getTextContent();
      pageTexts.push(
        content.items
          .map((item) => ('str' in item ? item.str + (item.hasEOL ? '\n' : '') : ''))
          .join('')
          .replace(/[ \t]+/g, ' '),
      );
      if (!tagged) tagged = (await page.getStructTree()) !== null;
      page.cleanup();
    }
    // pdf.js hands the catalogue's /MarkInfo as a Map (its type says a record): read either.
    const markInfo = (await document.getMarkInfo()) as unknown as Map<string, unknown> | Record<string, unknown> | null;
    const marked = markInfo instanceof Map ? markInfo.get('Marked') : markInfo?.['Marked'];
    // The embedded fonts, by the names Chromium gave their subsets (pdf.js's text styles only say `sans-serif`).
    const raw = Buffer.from(pdf).toString('latin1');
    for (const match of raw.matchAll(/\/BaseFont\s*\/([A-Z]{6}\+)?([A-Za-z0-9-]+)/g)) fonts.add(match[2]!);
    type Node = { title: string; items: Node[] };
    const titles = (nodes: readonly Node[] | null): string[] => (nodes ?? []).flatMap((node) => [node.title, ...titles(node.items)]);
    const outline = titles((await document.getOutline()) as Node[] | null);
    const language = /\/Lang\s*\(([^)]*)\)/.exec(raw)?.[1] ?? null;
    return { pages: document.numPages, pageTexts, tagged: tagged && marked === true, fonts: [...fonts].sort(), outline, language };
  } finally {
    await task.destroy();
  }
};
