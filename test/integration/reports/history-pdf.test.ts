import { afterAll, describe, expect, it } from 'vitest';
import { chromiumRenderer } from '../../../adapters/pdf/chromium-renderer.ts';
import { renderHistory } from '../../../application/reports/render/report-files.ts';
import type { ReportLocale } from '../../../events/reports/report-events.ts';
import { diacriticNames, historyFixture } from '../../support/history-fixtures.ts';
import { pdfText } from '../../support/pdf-text.ts';

/**
 * Real PDFs: the history through headless Chromium (@sparticuz/chromium), read back with pdf.js the
 * way a reader's viewer or a screen reader gets the text. The letters outside Latin-1 (ł ż ő ű Ł Ő)
 * are the test of the embedded font: without latin-ext they come out as boxes or go missing.
 */
const renderer = chromiumRenderer();
afterAll(() => renderer.close());

const expected: Record<ReportLocale, { title: string; events: string; eventName: string; day: string; timeZone: string; statusChange: string }> = {
  it: { title: 'Storia del cliente', events: 'Eventi', eventName: 'Commento al ticket', day: 'lunedì 2 marzo 2026', timeZone: 'Europe/Rome', statusChange: 'Da: aperto A: svolta' },
  en: { title: 'Client history', events: 'Events', eventName: 'Ticket commented', day: 'Monday, 2 March 2026', timeZone: 'Europe/London', statusChange: 'From: open To: done' },
  pl: { title: 'Historia klienta', events: 'Zdarzenia', eventName: 'Komentarz do zgłoszenia', day: 'poniedziałek, 2 marca 2026', timeZone: 'Europe/Warsaw', statusChange: 'Z: otwarte Na: wykonane' },
  hu: { title: 'Ügyféltörténet', events: 'Események', eventName: 'Megjegyzés a hibajegyhez', day: '2026. március 2., hétfő', timeZone: 'Europe/Budapest', statusChange: 'Erről: nyitott Erre: elvégezve' },
};

/** Whitespace as pdf.js cuts lines (a table cell wraps): compare text with it collapsed. */
const flat = (text: string) => text.replace(/\s+/g, ' ');

describe('the history PDF (real Chromium)', () => {
  for (const locale of ['it', 'en', 'pl', 'hu'] as const) {
    it(`renders in ${locale}: localised headings and events, diacritics intact, header and "n / m" on every page, tagged`, async () => {
      const want = expected[locale];
      const history = historyFixture({ entries: 60, locale, timeZone: want.timeZone });
      const file = await renderHistory(history, 'pdf', renderer);

      expect(file.contentType).toBe('application/pdf');
      const read = await pdfText(file.body);
      expect(read.pages).toBe(file.pages);
      expect(read.pages).toBeGreaterThan(1);
      expect(read.tagged).toBe(true);
      expect(read.fonts.length).toBeGreaterThan(0);
      expect(read.fonts.every((font) => font.startsWith('NotoSans'))).toBe(true);
      expect(read.language).toBe(locale);
      // Bookmarks from the headings: the sections, then each day.
      expect(read.outline).toContain(want.events);
      expect(read.outline).toContain(want.day);

      const all = flat(read.pageTexts.join('\n'));
      expect(all).toContain(`${want.title}: ${diacriticNames.company}`);
      for (const word of ['Żółć', 'Łódź', 'Győr', 'Città', 'Pécs', 'Łukasz Ősz Àlvarò', 'Szőke', 'Błażejczyk', 'ő ű Ő']) expect(all).toContain(word);
      expect(all).toContain(want.events);
      expect(all).toContain(want.eventName);
      expect(all).toContain(want.day);
      // An activity's status change, statuses in words (the log holds `open` → `done`).
      expect(all).toContain(want.statusChange);
      read.pageTexts.forEach((text, index) => {
        expect(flat(text)).toContain(`${index + 1} / ${read.pages}`);
        expect(flat(text)).toContain('C-0042');
      });
    });
  }

  it('writes instants in the requester time zone: 23:30 UTC is the next day in Warsaw', async () => {
    const history = historyFixture({ entries: 1, locale: 'pl', timeZone: 'Europe/Warsaw' });
    const late = { ...history, entries: [{ ...history.entries[0]!, at: '2026-03-14T23:30:00.000Z' }] };
    const read = await pdfText((await renderHistory(late, 'pdf', renderer)).body);
    const all = flat(read.pageTexts.join('\n'));
    expect(all).toContain('niedziela, 15 marca 2026');
    expect(all).toContain('00:30');
  });

  it('renders a 2,000-entry history in one job: every entry on a page, pages counted right', async () => {
    const history = historyFixture({ entries: 2_000, locale: 'hu', timeZone: 'Europe/Budapest' });
    const file = await renderHistory(history, 'pdf', renderer);
    const read = await pdfText(file.body);
    expect(read.pages).toBe(file.pages);
    expect(read.pages).toBeGreaterThan(40);
    const all = flat(read.pageTexts.join('\n'));
    // The fixture's comments are numbered: the last ones are there, the one in the middle too.
    for (const i of [4, 1_000, 1_996]) expect(all).toContain(`Commento ${i}:`);
    expect(flat(read.pageTexts.at(-1)!)).toContain(`${read.pages} / ${read.pages}`);
  }, 180_000);

  it('says so when the period has no entries', async () => {
    const history = { ...historyFixture({ entries: 1, locale: 'en' }), entries: [], period: { from: '2027-01-01', to: '2027-01-31' } };
    const file = await renderHistory(history, 'pdf', renderer);
    const all = flat((await pdfText(file.body)).pageTexts.join('\n'));
    expect(file.pages).toBe(1);
    expect(all).toContain('No events in the period.');
    expect(all).toContain('from 01/01/2027 to 31/01/2027');
  });
});
