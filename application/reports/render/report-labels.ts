import type { HistoryRecord } from '../../../domain/reports/history-document.ts';
import type { ReportLocale } from '../../../events/reports/report-events.ts';

/** The words of the reports (headings, columns, record types), in the four languages a report is made in. */
export interface ReportLabels {
  readonly historyTitle: string;
  readonly quoteTitle: string;
  readonly generatedAt: string;
  readonly period: string;
  readonly periodAll: string;
  readonly from: string;
  readonly to: string;
  readonly timeZone: string;
  readonly vatNumber: string;
  readonly address: string;
  readonly code: string;
  readonly records: string;
  readonly recordsCaption: string;
  readonly entries: string;
  readonly entriesOfDay: string;
  readonly noEntries: string;
  readonly count: string;
  readonly columns: {
    readonly at: string;
    readonly date: string;
    readonly time: string;
    readonly user: string;
    readonly recordType: string;
    readonly recordNumber: string;
    readonly record: string;
    readonly status: string;
    readonly event: string;
    readonly eventType: string;
    readonly version: string;
    readonly details: string;
  };
  readonly recordTypes: Readonly<Record<HistoryRecord['type'], string>>;
  readonly quote: {
    readonly reference: string;
    readonly revision: string;
    readonly date: string;
    readonly customer: string;
    readonly contact: string;
    readonly operator: string;
    readonly validFrom: string;
    readonly validUntil: string;
    readonly lines: string;
    readonly position: string;
    readonly productCode: string;
    readonly description: string;
    readonly quantity: string;
    readonly unitPrice: string;
    readonly discount: string;
    readonly vatRate: string;
    readonly net: string;
    readonly totals: string;
    readonly netTotal: string;
    readonly vatAt: string;
    readonly vatTotal: string;
    readonly gross: string;
    readonly notes: string;
    readonly terms: (validUntil: string, currency: string) => string;
    readonly draft: string;
  };
}

const it: ReportLabels = {
  historyTitle: 'Storia del cliente',
  quoteTitle: 'Offerta',
  generatedAt: 'Generato il',
  period: 'Periodo',
  periodAll: 'tutta la storia',
  from: 'dal',
  to: 'al',
  timeZone: 'Fuso orario',
  vatNumber: 'Partita IVA',
  address: 'Indirizzo',
  code: 'Codice',
  records: 'Rete dei record collegati',
  recordsCaption: 'I record collegati al cliente, per tipo',
  entries: 'Eventi',
  entriesOfDay: 'Eventi del giorno',
  noEntries: 'Nessun evento nel periodo.',
  count: 'Numero',
  columns: {
    at: 'Istante (UTC)',
    date: 'Data',
    time: 'Ora',
    user: 'Utente',
    recordType: 'Tipo',
    recordNumber: 'Numero',
    record: 'Record',
    status: 'Stato',
    event: 'Evento',
    eventType: 'Tipo evento',
    version: 'Versione',
    details: 'Dettagli',
  },
  recordTypes: {
    company: 'Azienda',
    contact: 'Contatto',
    activity: 'Attività',
    ticket: 'Ticket',
    request: 'Richiesta',
    opportunity: 'Opportunità',
    quote: 'Offerta',
    order: 'Ordine',
    interaction: 'Interazione',
    note: 'Nota',
  },
  quote: {
    reference: 'Numero',
    revision: 'Revisione',
    date: 'Data',
    customer: 'Cliente',
    contact: 'Alla cortese attenzione di',
    operator: 'Referente commerciale',
    validFrom: 'Valida dal',
    validUntil: 'Valida fino al',
    lines: 'Righe dell’offerta',
    position: 'Pos.',
    productCode: 'Codice',
    description: 'Descrizione',
    quantity: 'Quantità',
    unitPrice: 'Prezzo unitario',
    discount: 'Sconto',
    vatRate: 'IVA',
    net: 'Imponibile',
    totals: 'Totali',
    netTotal: 'Totale imponibile',
    vatAt: 'IVA',
    vatTotal: 'Totale IVA',
    gross: 'Totale documento',
    notes: 'Note',
    terms: (validUntil, currency) => `Prezzi in ${currency}. Offerta valida fino al ${validUntil}; salvo diversa indicazione, IVA come indicato per riga.`,
    draft: 'BOZZA',
  },
};

const en: ReportLabels = {
  historyTitle: 'Client history',
  quoteTitle: 'Quote',
  generatedAt: 'Generated on',
  period: 'Period',
  periodAll: 'the whole history',
  from: 'from',
  to: 'to',
  timeZone: 'Time zone',
  vatNumber: 'VAT number',
  address: 'Address',
  code: 'Code',
  records: 'Network of linked records',
  recordsCaption: 'The records linked to the client, by type',
  entries: 'Events',
  entriesOfDay: 'Events of the day',
  noEntries: 'No events in the period.',
  count: 'Count',
  columns: {
    at: 'Instant (UTC)',
    date: 'Date',
    time: 'Time',
    user: 'User',
    recordType: 'Type',
    recordNumber: 'Number',
    record: 'Record',
    status: 'Status',
    event: 'Event',
    eventType: 'Event type',
    version: 'Version',
    details: 'Details',
  },
  recordTypes: {
    company: 'Company',
    contact: 'Contact',
    activity: 'Activity',
    ticket: 'Ticket',
    request: 'Request',
    opportunity: 'Opportunity',
    quote: 'Quote',
    order: 'Order',
    interaction: 'Interaction',
    note: 'Note',
  },
  quote: {
    reference: 'Number',
    revision: 'Revision',
    date: 'Date',
    customer: 'Customer',
    contact: 'For the attention of',
    operator: 'Your contact',
    validFrom: 'Valid from',
    validUntil: 'Valid until',
    lines: 'Quote lines',
    position: 'No.',
    productCode: 'Code',
    description: 'Description',
    quantity: 'Quantity',
    unitPrice: 'Unit price',
    discount: 'Discount',
    vatRate: 'VAT',
    net: 'Net',
    totals: 'Totals',
    netTotal: 'Net total',
    vatAt: 'VAT',
    vatTotal: 'Total VAT',
    gross: 'Total',
    notes: 'Notes',
    terms: (validUntil, currency) => `Prices in ${currency}. This quote is valid until ${validUntil}; VAT as stated on each line.`,
    draft: 'DRAFT',
  },
};

const pl: ReportLabels = {
  historyTitle: 'Historia klienta',
  quoteTitle: 'Oferta',
  generatedAt: 'Wygenerowano',
  period: 'Okres',
  periodAll: 'cała historia',
  from: 'od',
  to: 'do',
  timeZone: 'Strefa czasowa',
  vatNumber: 'NIP',
  address: 'Adres',
  code: 'Kod',
  records: 'Sieć powiązanych rekordów',
  recordsCaption: 'Rekordy powiązane z klientem, według typu',
  entries: 'Zdarzenia',
  entriesOfDay: 'Zdarzenia dnia',
  noEntries: 'Brak zdarzeń w tym okresie.',
  count: 'Liczba',
  columns: {
    at: 'Moment (UTC)',
    date: 'Data',
    time: 'Godzina',
    user: 'Użytkownik',
    recordType: 'Typ',
    recordNumber: 'Numer',
    record: 'Rekord',
    status: 'Status',
    event: 'Zdarzenie',
    eventType: 'Typ zdarzenia',
    version: 'Wersja',
    details: 'Szczegóły',
  },
  recordTypes: {
    company: 'Firma',
    contact: 'Kontakt',
    activity: 'Działanie',
    ticket: 'Zgłoszenie',
    request: 'Zapytanie',
    opportunity: 'Szansa sprzedaży',
    quote: 'Oferta',
    order: 'Zamówienie',
    interaction: 'Interakcja',
    note: 'Notatka',
  },
  quote: {
    reference: 'Numer',
    revision: 'Wersja',
    date: 'Data',
    customer: 'Klient',
    contact: 'Do wiadomości',
    operator: 'Opiekun handlowy',
    validFrom: 'Ważna od',
    validUntil: 'Ważna do',
    lines: 'Pozycje oferty',
    position: 'Lp.',
    productCode: 'Kod',
    description: 'Opis',
    quantity: 'Ilość',
    unitPrice: 'Cena jednostkowa',
    discount: 'Rabat',
    vatRate: 'VAT',
    net: 'Netto',
    totals: 'Podsumowanie',
    netTotal: 'Razem netto',
    vatAt: 'VAT',
    vatTotal: 'Razem VAT',
    gross: 'Razem brutto',
    notes: 'Uwagi',
    terms: (validUntil, currency) => `Ceny w ${currency}. Oferta ważna do ${validUntil}; stawki VAT jak w pozycjach.`,
    draft: 'PROJEKT',
  },
};

const hu: ReportLabels = {
  historyTitle: 'Ügyféltörténet',
  quoteTitle: 'Árajánlat',
  generatedAt: 'Készült',
  period: 'Időszak',
  periodAll: 'a teljes történet',
  from: 'ettől',
  to: 'eddig',
  timeZone: 'Időzóna',
  vatNumber: 'Adószám',
  address: 'Cím',
  code: 'Kód',
  records: 'Kapcsolódó rekordok hálózata',
  recordsCaption: 'Az ügyfélhez kapcsolódó rekordok, típus szerint',
  entries: 'Események',
  entriesOfDay: 'A nap eseményei',
  noEntries: 'Nincs esemény az időszakban.',
  count: 'Darab',
  columns: {
    at: 'Időpont (UTC)',
    date: 'Dátum',
    time: 'Idő',
    user: 'Felhasználó',
    recordType: 'Típus',
    recordNumber: 'Szám',
    record: 'Rekord',
    status: 'Állapot',
    event: 'Esemény',
    eventType: 'Eseménytípus',
    version: 'Verzió',
    details: 'Részletek',
  },
  recordTypes: {
    company: 'Cég',
    contact: 'Kapcsolattartó',
    activity: 'Tevékenység',
    ticket: 'Hibajegy',
    request: 'Ügyféligény',
    opportunity: 'Értékesítési lehetőség',
    quote: 'Árajánlat',
    order: 'Megrendelés',
    interaction: 'Interakció',
    note: 'Jegyzet',
  },
  quote: {
    reference: 'Szám',
    revision: 'Változat',
    date: 'Dátum',
    customer: 'Ügyfél',
    contact: 'Címzett',
    operator: 'Kapcsolattartója',
    validFrom: 'Érvényes ettől',
    validUntil: 'Érvényes eddig',
    lines: 'Az ajánlat tételei',
    position: 'Ssz.',
    productCode: 'Cikkszám',
    description: 'Megnevezés',
    quantity: 'Mennyiség',
    unitPrice: 'Egységár',
    discount: 'Kedvezmény',
    vatRate: 'ÁFA',
    net: 'Nettó',
    totals: 'Összesítés',
    netTotal: 'Nettó összesen',
    vatAt: 'ÁFA',
    vatTotal: 'ÁFA összesen',
    gross: 'Bruttó összesen',
    notes: 'Megjegyzések',
    terms: (validUntil, currency) => `Az árak ${currency} pénznemben értendők. Az ajánlat ${validUntil}-ig érvényes; az ÁFA tételenként feltüntetve.`,
    draft: 'TERVEZET',
  },
};

export const reportLabels: Readonly<Record<ReportLocale, ReportLabels>> = { it, en, pl, hu };
