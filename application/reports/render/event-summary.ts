import type { ReportLocale } from '../../../events/reports/report-events.ts';
import type { ReportFormats } from './formatting.ts';
import { isKnownStatus, statusLabel } from './status-labels.ts';

type Words = readonly [it: string, en: string, pl: string, hu: string];

/** The fields events most often carry, named for a reader; any other prints as its key, spaced. */
const fieldWords: Readonly<Record<string, Words>> = {
  title: ['Titolo', 'Title', 'Tytuł', 'Cím'],
  subject: ['Oggetto', 'Subject', 'Temat', 'Tárgy'],
  name: ['Nome', 'Name', 'Nazwa', 'Név'],
  description: ['Descrizione', 'Description', 'Opis', 'Leírás'],
  status: ['Stato', 'Status', 'Status', 'Állapot'],
  from: ['Da', 'From', 'Z', 'Erről'],
  to: ['A', 'To', 'Na', 'Erre'],
  reason: ['Motivo', 'Reason', 'Powód', 'Indok'],
  note: ['Nota', 'Note', 'Notatka', 'Jegyzet'],
  text: ['Testo', 'Text', 'Treść', 'Szöveg'],
  body: ['Testo', 'Text', 'Treść', 'Szöveg'],
  comment: ['Commento', 'Comment', 'Komentarz', 'Megjegyzés'],
  priority: ['Priorità', 'Priority', 'Priorytet', 'Prioritás'],
  category: ['Categoria', 'Category', 'Kategoria', 'Kategória'],
  kind: ['Tipo', 'Kind', 'Rodzaj', 'Fajta'],
  type: ['Tipo', 'Type', 'Typ', 'Típus'],
  dueAt: ['Scadenza', 'Due', 'Termin', 'Határidő'],
  startsAt: ['Inizio', 'Starts', 'Początek', 'Kezdés'],
  endsAt: ['Fine', 'Ends', 'Koniec', 'Befejezés'],
  doneAt: ['Completata il', 'Done at', 'Wykonano', 'Elvégezve'],
  amount: ['Importo', 'Amount', 'Kwota', 'Összeg'],
  currency: ['Valuta', 'Currency', 'Waluta', 'Pénznem'],
  reference: ['Riferimento', 'Reference', 'Numer', 'Hivatkozás'],
  revision: ['Revisione', 'Revision', 'Wersja', 'Változat'],
  sentTo: ['Inviata a', 'Sent to', 'Wysłano do', 'Címzett'],
  email: ['E-mail', 'Email', 'E-mail', 'E-mail'],
  phone: ['Telefono', 'Phone', 'Telefon', 'Telefon'],
  code: ['Codice', 'Code', 'Kod', 'Kód'],
  stage: ['Fase', 'Stage', 'Etap', 'Szakasz'],
  channel: ['Canale', 'Channel', 'Kanał', 'Csatorna'],
  outcome: ['Esito', 'Outcome', 'Wynik', 'Eredmény'],
  validUntil: ['Valida fino al', 'Valid until', 'Ważna do', 'Érvényes eddig'],
  totals: ['Totali', 'Totals', 'Sumy', 'Összesen'],
  gross: ['Totale', 'Total', 'Brutto', 'Bruttó'],
  net: ['Imponibile', 'Net', 'Netto', 'Nettó'],
};

const column: Readonly<Record<ReportLocale, number>> = { it: 0, en: 1, pl: 2, hu: 3 };

const spaced = (key: string): string => key.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();

export const fieldLabel = (key: string, locale: ReportLocale): string => fieldWords[key]?.[column[locale]] ?? spaced(key);

/** Ids mean nothing to a reader (the record column names the record); tenant-internal keys neither. */
const hidden = (key: string): boolean => key === 'id' || /Ids?$/.test(key) || key === 'tenant' || key === 'lineId' || key === 'version';

const instant = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;
const localDay = /^\d{4}-\d{2}-\d{2}$/;
const maxText = 160;
const maxFields = 8;

const valueText = (value: unknown, formats: ReportFormats, depth: number): string | null => {
  if (value === null || value === undefined || value === '') return null;
  if (typeof value === 'string') {
    if (instant.test(value)) return formats.dateTime(value);
    if (localDay.test(value)) return formats.day(value);
    const flat = value.replace(/\s+/g, ' ').trim();
    return flat.length > maxText ? `${flat.slice(0, maxText - 1)}…` : flat;
  }
  if (typeof value === 'number') return formats.number(value);
  if (typeof value === 'boolean') return value ? '✓' : '✗';
  if (Array.isArray(value)) {
    if (value.every((item) => item === null || ['string', 'number', 'boolean'].includes(typeof item))) {
      const items = value.map((item) => valueText(item, formats, depth + 1)).filter((item): item is string => item !== null);
      return items.length === 0 ? null : items.slice(0, 6).join(', ') + (items.length > 6 ? ` (+${items.length - 6})` : '');
    }
    return `[${formats.number(value.length)}]`;
  }
  if (typeof value === 'object' && depth < 1) {
    const inner = fields(value as Record<string, unknown>, formats, depth + 1, 4);
    return inner.length === 0 ? null : inner.map(([key, text]) => `${key} ${text}`).join(', ');
  }
  return null;
};

/** Amounts are decimal text in the log; with a currency beside them they print as money, else as numbers. */
const decimalText = /^-?(0|[1-9]\d*)(\.\d+)?$/;
/** Keys whose value is a record's status (`from` / `to` of a status change). */
const statusKeys = new Set(['status', 'from', 'to', 'outcome']);
const amountKeys = new Set(['amount', 'net', 'gross', 'vat', 'vatTotal', 'unitPrice', 'value', 'expectedAmount', 'quantity']);

const fields = (data: Readonly<Record<string, unknown>>, formats: ReportFormats, depth: number, max: number): [string, string][] => {
  const out: [string, string][] = [];
  const currency = typeof data['currency'] === 'string' && /^[A-Z]{3}$/.test(data['currency']) ? data['currency'] : null;
  for (const [key, value] of Object.entries(data)) {
    if (hidden(key)) continue;
    if (key === 'currency' && currency !== null && Object.keys(data).some((other) => amountKeys.has(other) && other !== 'quantity')) continue;
    const amount = typeof value === 'string' && amountKeys.has(key) && decimalText.test(value);
    const status = typeof value === 'string' && statusKeys.has(key) && isKnownStatus(value);
    const text = amount
      ? currency !== null && key !== 'quantity'
        ? formats.money(value, currency)
        : formats.number(value)
      : status
        ? statusLabel(value, formats.locale)
        : valueText(value, formats, depth);
    if (text === null) continue;
    out.push([fieldLabel(key, formats.locale), text]);
    if (out.length === max) break;
  }
  return out;
};

/**
 * An event's data as a reader takes it in: its meaningful fields (not ids), named in the locale,
 * dates and numbers formatted, long texts cut, nested objects one level deep — `Subject: Printer
 * jammed · Priority: high`. The JSON report keeps the data whole; this is for the PDF and CSV.
 */
export const summariseEventData = (data: Readonly<Record<string, unknown>>, formats: ReportFormats): [label: string, text: string][] =>
  fields(data, formats, 0, maxFields);

export const summaryLine = (data: Readonly<Record<string, unknown>>, formats: ReportFormats): string =>
  summariseEventData(data, formats)
    .map(([label, text]) => `${label}: ${text}`)
    .join(' · ');
