import type { CompanyHistory, HistoryEntry, HistoryRecord } from '../../domain/reports/history-document.ts';
import type { ReportLocale } from '../../events/reports/report-events.ts';

/** Names with the letters a font without latin-ext would lose (Polish, Hungarian, Italian). */
export const diacriticNames = {
  company: 'Żółć Łódź Győr Città S.r.l.',
  city: 'Pécs',
  contact: 'Łukasz Ősz Àlvarò',
  operator: 'Zoë Szőke-Błażejczyk',
};

const records: HistoryRecord[] = [
  { type: 'company', id: 'co-1', number: 'C-0042', title: diacriticNames.company, status: 'active' },
  { type: 'contact', id: 'ct-1', number: null, title: diacriticNames.contact, status: null },
  { type: 'ticket', id: 'tk-1', number: 'T-2026-00007', title: 'Stampante inceppata a Città di Castello', status: 'open' },
  { type: 'opportunity', id: 'op-1', number: null, title: 'Rinnovo contratto Győr', status: 'open' },
  { type: 'quote', id: 'qt-1', number: 'Q-2026-00042', title: 'Offerta Łódź', status: 'sent' },
  { type: 'activity', id: 'ac-1', number: null, title: 'Chiamata a Pécs', status: 'done' },
];

const kinds: readonly { record: HistoryRecord; event: string; data: (i: number) => Record<string, unknown> }[] = [
  { record: records[2]!, event: 'TicketCommented', data: (i) => ({ ticketId: 'tk-1', commentId: `cm-${i}`, text: `Commento ${i}: la stampante di Żółć è ancora ferma, ő ű Ő` }) },
  { record: records[5]!, event: 'ActivityStatusChanged', data: () => ({ activityId: 'ac-1', from: 'open', to: 'done', doneAt: '2026-03-14T10:00:00Z' }) },
  { record: records[1]!, event: 'ContactInteractionLogged', data: (i) => ({ contactId: 'ct-1', interactionId: `in-${i}`, channel: 'phone', subject: `Telefonata ${i} con Łukasz` }) },
  { record: records[3]!, event: 'OpportunityUpdated', data: () => ({ opportunityId: 'op-1', amount: '12500.50', currency: 'EUR' }) },
];

/**
 * A history of `entries` events on a small network of records, one every `stepMinutes` from a fixed
 * day (never today: tests do not depend on the clock), actors with diacritics in their names.
 */
export const historyFixture = (options: { entries: number; locale?: ReportLocale; timeZone?: string; stepMinutes?: number }): CompanyHistory => {
  const start = Date.parse('2026-03-02T07:30:00Z');
  const step = (options.stepMinutes ?? 47) * 60_000;
  const entries: HistoryEntry[] = [
    {
      at: new Date(start - step).toISOString(),
      actor: { id: 'u-1', name: diacriticNames.operator },
      record: { type: 'company', id: 'co-1' },
      event: 'CompanyRegistered',
      version: 1,
      data: { companyId: 'co-1', name: diacriticNames.company, code: 'C-0042', city: diacriticNames.city },
    },
  ];
  for (let i = 1; i < options.entries; i += 1) {
    const kind = kinds[i % kinds.length]!;
    entries.push({
      at: new Date(start + i * step).toISOString(),
      actor: i % 5 === 0 ? { id: 'u-2', name: null } : { id: 'u-1', name: diacriticNames.operator },
      record: { type: kind.record.type, id: kind.record.id },
      event: kind.event,
      version: i + 1,
      data: kind.data(i),
    });
  }
  return {
    schemaVersion: 1,
    generatedAt: '2026-06-30T16:45:00.000Z',
    locale: options.locale ?? 'it',
    timeZone: options.timeZone ?? 'Europe/Rome',
    period: { from: null, to: null },
    company: { id: 'co-1', code: 'C-0042', name: diacriticNames.company, vatNumber: 'IT01234567890', address: `Via Ősz 1, 7621 ${diacriticNames.city}` },
    records,
    entries,
  };
};
