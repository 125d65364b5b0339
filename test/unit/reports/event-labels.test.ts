import { describe, expect, it } from 'vitest';
import { eventLabel, labelledEventTypes } from '../../../application/reports/render/event-labels.ts';
import { reportLabels } from '../../../application/reports/render/report-labels.ts';
import { eventTypes } from '../../../contract/event-catalogue.ts';
import { ReportLocale } from '../../../events/reports/report-events.ts';

const reportLocales = ReportLocale.options;

describe('the words of the reports', () => {
  it('names every event type of the catalogue in it, en, pl and hu', () => {
    const missing = eventTypes.flatMap((type) => reportLocales.filter((locale) => eventLabel(type, locale) === type || eventLabel(type, locale).trim() === '').map((locale) => `${type} (${locale})`));
    expect(missing).toEqual([]);
  });

  it('has no words for an event type the catalogue does not know (a renamed event would keep stale words)', () => {
    expect(labelledEventTypes().filter((type) => !eventTypes.includes(type))).toEqual([]);
  });

  it('prints an unknown event type as it is rather than failing (a log newer than the code)', () => {
    expect(eventLabel('SomethingNew', 'pl')).toBe('SomethingNew');
    expect(eventLabel('TicketOpened', 'hu')).toBe('Hibajegy megnyitva');
  });

  it('names every record type and column in every locale, and the locales differ', () => {
    for (const locale of reportLocales) {
      const labels = reportLabels[locale];
      for (const value of [...Object.values(labels.recordTypes), ...Object.values(labels.columns)]) expect(value.trim()).not.toBe('');
    }
    expect(new Set(reportLocales.map((locale) => reportLabels[locale].historyTitle)).size).toBe(reportLocales.length);
  });
});
