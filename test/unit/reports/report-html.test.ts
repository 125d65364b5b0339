import { describe, expect, it } from 'vitest';
import { historyHtml } from '../../../application/reports/render/history-html.ts';
import { pdfPageCount } from '../../../adapters/pdf/pdf-page-count.ts';
import { historyFixture } from '../../support/history-fixtures.ts';

describe('the history HTML', () => {
  it('is semantic (lang, headings, captions, scoped header cells) and has the header and footer bands', () => {
    const document = historyHtml(historyFixture({ entries: 30, locale: 'pl', timeZone: 'Europe/Warsaw' }));
    expect(document.html.startsWith('<!doctype html><html lang="pl">')).toBe(true);
    expect(document.html).toContain('<h1>Historia klienta: Żółć Łódź Győr Città S.r.l.</h1>');
    expect(document.html).toContain('<h2 id="records">');
    expect(document.html).toContain('<h3>poniedziałek, 2 marca 2026</h3>');
    expect(document.html).toContain('<caption>Rekordy powiązane z klientem, według typu</caption>');
    expect(document.html).toContain('<th scope="col">Użytkownik</th>');
    expect(document.html).toContain('<th scope="row">Firma</th>');
    expect(document.headerHtml).toContain('Żółć Łódź Győr Città S.r.l.');
    expect(document.headerHtml).toContain('C-0042');
    expect(document.footerHtml).toContain('<span class="pageNumber"></span> / <span class="totalPages"></span>');
  });

  it('escapes whatever users wrote: a title or comment is text, never markup', () => {
    const base = historyFixture({ entries: 6 });
    const hostile = '<img src=x onerror=alert(1)>&"\'';
    const history = {
      ...base,
      company: { ...base.company, name: hostile },
      records: base.records.map((record) => ({ ...record, title: hostile })),
      entries: base.entries.map((entry) => ({ ...entry, actor: { id: 'u', name: hostile }, data: { text: hostile } })),
    };
    const document = historyHtml(history);
    for (const part of [document.html, document.headerHtml, document.footerHtml]) expect(part).not.toContain('<img');
    expect(document.html).toContain('&lt;img src=x onerror=alert(1)&gt;&amp;&quot;&#39;');
  });
});

describe('the page count of a PDF', () => {
  const pdf = (text: string) => new TextEncoder().encode(text);

  it('is the root page tree node’s count, the largest /Count of the /Pages nodes', () => {
    expect(pdfPageCount(pdf('1 0 obj <</Type /Pages /Kids [2 0 R 3 0 R] /Count 7>> 2 0 obj <</Type /Pages /Parent 1 0 R /Count 4>>'))).toBe(7);
    expect(pdfPageCount(pdf('<</Type/Pages\n/Count 1\n/Kids [3 0 R]>>'))).toBe(1);
    // Keys in any order; a /Count of another dictionary further on is not taken.
    expect(pdfPageCount(pdf('<</Count 3 /Kids [4 0 R] /Type /Pages>> <</Type /Pages /Kids []>> <</Type /Outlines /Count 12>>'))).toBe(3);
  });

  it('refuses a file without a page tree (never reports 0 pages as a success)', () => {
    expect(() => pdfPageCount(pdf('%PDF-1.4 <</Type /Catalog>>'))).toThrow('the PDF has no page tree');
  });
});
