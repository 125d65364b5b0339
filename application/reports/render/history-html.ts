import type { CompanyHistory, HistoryEntry, HistoryRecord } from '../../../domain/reports/history-document.ts';
import type { PdfDocument } from '../../ports/pdf-renderer.ts';
import { summariseEventData } from './event-summary.ts';
import { historyText } from './history-document-text.ts';
import { escapeHtml, footerBand, headerBand, htmlDocument } from './html.ts';
import { statusLabel } from './status-labels.ts';

const recordTypeOrder: readonly HistoryRecord['type'][] = ['company', 'contact', 'activity', 'ticket', 'request', 'opportunity', 'quote', 'order', 'interaction', 'note'];

/**
 * A client's history as a printable document: who the client is, the network of records linked to
 * it (how many of each kind, then each record), then every entry grouped by day in the requester's
 * time zone — the time, who, on which record, what happened and its details. Semantic HTML (headings,
 * tables with captions and scoped header cells, `lang`) so the tagged PDF reads out right.
 */
export const historyHtml = (history: CompanyHistory): PdfDocument => {
  const text = historyText(history);
  const { labels, formats } = text;
  const company = history.company;
  const e = escapeHtml;

  const identity: [string, string | null][] = [
    [labels.code, company.code],
    [labels.vatNumber, company.vatNumber],
    [labels.address, company.address],
    [labels.period, text.period],
    [labels.timeZone, history.timeZone],
    [labels.generatedAt, formats.dateTime(history.generatedAt)],
  ];
  const head =
    `<header><h1>${e(labels.historyTitle)}: ${e(company.name)}</h1><dl>` +
    identity
      .filter((pair): pair is [string, string] => pair[1] !== null && pair[1] !== '')
      .map(([term, value]) => `<dt>${e(term)}</dt><dd>${e(value)}</dd>`)
      .join('') +
    '</dl></header>';

  const byType = new Map<HistoryRecord['type'], HistoryRecord[]>();
  for (const record of history.records) byType.set(record.type, [...(byType.get(record.type) ?? []), record]);
  const types = recordTypeOrder.filter((type) => byType.has(type));
  const counts =
    `<table><caption>${e(labels.recordsCaption)}</caption><thead><tr><th scope="col">${e(labels.columns.recordType)}</th>` +
    `<th scope="col" class="num">${e(labels.count)}</th></tr></thead><tbody>` +
    types.map((type) => `<tr><th scope="row">${e(labels.recordTypes[type])}</th><td class="num">${e(formats.number(byType.get(type)!.length))}</td></tr>`).join('') +
    '</tbody></table>';
  const recordRows = types
    .flatMap((type) => byType.get(type)!)
    .map(
      (record) =>
        `<tr><td>${e(labels.recordTypes[record.type])}</td><td>${e(record.number ?? '')}</td><th scope="row">${e(record.title)}</th><td>${e(record.status === null ? '' : statusLabel(record.status, text.locale))}</td></tr>`,
    )
    .join('');
  const recordsTable =
    `<table><caption class="quiet">${e(labels.records)}</caption><thead><tr><th scope="col">${e(labels.columns.recordType)}</th>` +
    `<th scope="col">${e(labels.columns.recordNumber)}</th><th scope="col">${e(labels.columns.record)}</th><th scope="col">${e(labels.columns.status)}</th></tr></thead>` +
    `<tbody>${recordRows}</tbody></table>`;
  const network = `<section aria-labelledby="records"><h2 id="records">${e(labels.records)}</h2>${counts}${recordsTable}</section>`;

  const days: { day: string; entries: HistoryEntry[] }[] = [];
  for (const entry of history.entries) {
    const day = formats.dayOf(entry.at);
    const last = days.at(-1);
    if (last?.day === day) last.entries.push(entry);
    else days.push({ day, entries: [entry] });
  }
  const columns =
    `<thead><tr><th scope="col">${e(labels.columns.time)}</th><th scope="col">${e(labels.columns.user)}</th>` +
    `<th scope="col">${e(labels.columns.record)}</th><th scope="col">${e(labels.columns.event)}</th><th scope="col">${e(labels.columns.details)}</th></tr></thead>`;
  const entryRow = (entry: HistoryEntry): string => {
    const details = summariseEventData(entry.data, formats)
      .map(([label, value]) => `<span class="muted">${e(label)}:</span> ${e(value)}`)
      .join('<br>');
    return (
      `<tr><td class="when">${e(formats.time(entry.at))}</td><td class="who">${e(text.actorName(entry))}</td>` +
      `<td class="record">${e(text.recordTitle(entry.record))}</td><td class="event">${e(text.eventName(entry))}</td><td>${details}</td></tr>`
    );
  };
  const dayBlocks = days
    .map(({ day, entries }) => {
      const title = formats.longDay(day);
      return `<section><h3>${e(title)}</h3><table><caption class="quiet">${e(labels.entriesOfDay)}: ${e(title)}</caption>${columns}<tbody>${entries.map(entryRow).join('')}</tbody></table></section>`;
    })
    .join('');
  const entries = `<section aria-labelledby="entries"><h2 id="entries">${e(labels.entries)}</h2>${days.length === 0 ? `<p>${e(labels.noEntries)}</p>` : dayBlocks}</section>`;

  const title = `${labels.historyTitle}: ${company.name}`;
  return {
    html: htmlDocument(text.locale, title, `<main>${head}${network}${entries}</main>`),
    headerHtml: headerBand(company.name, company.code),
    footerHtml: footerBand(`${labels.historyTitle} · ${formats.dateTime(history.generatedAt)}`),
  };
};
