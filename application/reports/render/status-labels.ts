import type { ReportLocale } from '../../../events/reports/report-events.ts';

type Words = readonly [it: string, en: string, pl: string, hu: string];

/**
 * The fixed statuses of the records (tickets, activities, quotes, opportunities) in words. Statuses a
 * tenant defines itself (customer requests, company statuses from its catalogue) have no fixed words:
 * they print as the tenant wrote their keys.
 */
const words: Readonly<Record<string, Words>> = {
  open: ['aperto', 'open', 'otwarte', 'nyitott'],
  in_progress: ['in corso', 'in progress', 'w toku', 'folyamatban'],
  waiting_reply: ['in attesa di risposta', 'waiting for a reply', 'oczekuje na odpowiedź', 'válaszra vár'],
  closed: ['chiuso', 'closed', 'zamknięte', 'lezárt'],
  planned: ['pianificata', 'planned', 'zaplanowane', 'tervezett'],
  done: ['svolta', 'done', 'wykonane', 'elvégezve'],
  not_done: ['non svolta', 'not done', 'niewykonane', 'nem teljesült'],
  draft: ['bozza', 'draft', 'projekt', 'tervezet'],
  sent: ['inviata', 'sent', 'wysłana', 'elküldve'],
  accepted: ['accettata', 'accepted', 'zaakceptowana', 'elfogadva'],
  rejected: ['rifiutata', 'rejected', 'odrzucona', 'elutasítva'],
  expired: ['scaduta', 'expired', 'wygasła', 'lejárt'],
  won: ['vinta', 'won', 'wygrana', 'megnyerve'],
  lost: ['persa', 'lost', 'przegrana', 'elveszítve'],
};

const column: Readonly<Record<ReportLocale, number>> = { it: 0, en: 1, pl: 2, hu: 3 };

/** A status in words when it is one of the fixed ones; else as recorded. */
export const statusLabel = (status: string, locale: ReportLocale): string => words[status]?.[column[locale]] ?? status;

export const isKnownStatus = (value: string): boolean => value in words;
