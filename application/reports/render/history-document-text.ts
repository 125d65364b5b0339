import type { CompanyHistory, HistoryEntry, HistoryRecord } from '../../../domain/reports/history-document.ts';
import type { ReportLocale } from '../../../events/reports/report-events.ts';
import { eventLabel } from './event-labels.ts';
import { type ReportFormats, reportFormats } from './formatting.ts';
import { type ReportLabels, reportLabels } from './report-labels.ts';

/**
 * What the PDF and the CSV of a history both say about it, in the report's locale: the period, each
 * entry's record, actor and event in words. One place, so the two files never disagree.
 */
export interface HistoryText {
  readonly locale: ReportLocale;
  readonly labels: ReportLabels;
  readonly formats: ReportFormats;
  readonly period: string;
  recordOf(entry: HistoryEntry): HistoryRecord | null;
  recordTitle(record: { readonly type: HistoryRecord['type']; readonly id: string }): string;
  actorName(entry: HistoryEntry): string;
  eventName(entry: HistoryEntry): string;
}

/** The history's locale when it is one of the four; English otherwise (a document from a newer version). */
export const reportLocaleOf = (locale: string): ReportLocale => (locale === 'it' || locale === 'pl' || locale === 'hu' ? locale : 'en');

export const historyText = (history: CompanyHistory): HistoryText => {
  const locale = reportLocaleOf(history.locale);
  const labels = reportLabels[locale];
  const formats = reportFormats(locale, history.timeZone);
  const records = new Map(history.records.map((record) => [`${record.type}#${record.id}`, record]));
  const { from, to } = history.period;
  const period =
    from === null && to === null
      ? labels.periodAll
      : [from === null ? null : `${labels.from} ${formats.day(from)}`, to === null ? null : `${labels.to} ${formats.day(to)}`].filter(Boolean).join(' ');
  const recordTitle = (ref: { readonly type: HistoryRecord['type']; readonly id: string }): string => {
    const record = records.get(`${ref.type}#${ref.id}`);
    const type = labels.recordTypes[ref.type] ?? ref.type;
    if (!record) return `${type} ${ref.id}`;
    return [type, record.number, record.title].filter((part) => part !== null && part !== '').join(' · ');
  };
  return {
    locale,
    labels,
    formats,
    period,
    recordOf: (entry) => records.get(`${entry.record.type}#${entry.record.id}`) ?? null,
    recordTitle,
    actorName: (entry) => entry.actor.name ?? entry.actor.id,
    eventName: (entry) => eventLabel(entry.event, locale),
  };
};
