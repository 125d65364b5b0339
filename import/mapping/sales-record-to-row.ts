import { defaultCellFormat, formatDate, joinList } from '../../domain/imports/cell-values.ts';
import type { ImportLocale } from '../../domain/imports/import-fields.ts';
import { roundMoney, weightedValue } from '../../domain/sales/money.ts';
import type { QuoteStatus } from '../../events/sales/quote-events.ts';
import type { Currency, Party, SalesTotals } from '../../events/sales/sales-values.ts';

/**
 * The sales lists as CSV rows (`POST /v1/exports` with kind `opportunities`, `quotes`, `orders`).
 * There is no import of sales records, so the columns are the list's, headed in the requester's
 * language, written as the directory's exports write their values (`defaultCellFormat`, what an
 * import reads with default options): dates `dd/mm/yyyy`, decimals with a point and no grouping — the
 * amounts exactly as recorded (decimal strings, never a JS number), the separator `;` outside English.
 * A party is `company:<id>` or `lead:<id>`; an opportunity's several parties are joined with `|`.
 *
 * The records are what the sales lists show (application/sales/sales-export-pages.ts maps a list
 * item to these shapes); only the fields read here are required.
 */

export interface OpportunityExportRecord {
  readonly id: string;
  readonly title: string;
  readonly parties: readonly Party[];
  readonly stage: string;
  readonly status: 'open' | 'won' | 'lost';
  readonly amount: string | null;
  readonly currency: Currency | null;
  readonly probability: number | null;
  readonly expectedCloseDate: string | null;
  readonly ownerId: string | null;
  readonly campaign: string | null;
  readonly closedOn: string | null;
  readonly lossReason: string | null;
  readonly createdAt: string;
}

export interface QuoteExportRecord {
  readonly id: string;
  readonly reference: string;
  readonly revision: number;
  readonly status: QuoteStatus;
  readonly party: Party;
  readonly operatorId: string;
  readonly validFrom: string;
  readonly validUntil: string;
  readonly currency: string;
  readonly totals: SalesTotals;
  readonly probability: number | null;
  readonly description: string;
  readonly opportunityId: string | null;
  /** The sales order of an accepted quote. */
  readonly orderId: string | null;
  readonly createdAt: string;
}

export interface OrderExportRecord {
  readonly id: string;
  readonly reference: string;
  readonly orderDate: string;
  readonly quoteReference: string;
  readonly quoteRevision: number;
  readonly party: Party;
  readonly operatorId: string;
  readonly currency: string;
  readonly totals: SalesTotals;
  readonly description: string;
  readonly opportunityId: string | null;
  readonly campaign: string | null;
}

export interface SalesExportRecords {
  opportunities: OpportunityExportRecord;
  quotes: QuoteExportRecord;
  orders: OrderExportRecord;
}

export type SalesExportKind = keyof SalesExportRecords;

export const salesExportKinds: readonly SalesExportKind[] = ['opportunities', 'quotes', 'orders'];

export const isSalesExportKind = (kind: string): kind is SalesExportKind => (salesExportKinds as readonly string[]).includes(kind);

type Labels = Readonly<Record<ImportLocale, string>>;

interface Column<R> {
  readonly labels: Labels;
  readonly value: (record: R) => string | null;
}

/** A decimal string in the export's convention: the text as recorded, its point a comma only if imports read commas by default. */
const decimal = (text: string | null): string | null => (text === null ? null : defaultCellFormat.decimalComma ? text.replace('.', ',') : text);
const date = (iso: string | null): string | null => (iso === null ? null : formatDate(iso.slice(0, 10), defaultCellFormat.dateFormat));
const party = (p: Party): string => `${p.kind}:${p.id}`;

/** The amount × probability, rounded to the currency as the revenue summary rounds it; empty when either is missing. */
const weighted = (record: OpportunityExportRecord): string | null =>
  record.amount === null || record.currency === null || record.probability === null ? null : roundMoney(record.currency, weightedValue(record.amount, record.probability));

const l = (en: string, it: string, pl: string, hu: string): Labels => ({ en, it, pl, hu });

const opportunityColumns: readonly Column<OpportunityExportRecord>[] = [
  { labels: l('ID', 'ID', 'ID', 'Azonosító'), value: (r) => r.id },
  { labels: l('Title', 'Titolo', 'Tytuł', 'Megnevezés'), value: (r) => r.title },
  { labels: l('Parties', 'Controparti', 'Strony', 'Partnerek'), value: (r) => joinList(r.parties.map(party)) },
  { labels: l('Stage', 'Fase', 'Etap', 'Fázis'), value: (r) => r.stage },
  { labels: l('Status', 'Stato', 'Status', 'Állapot'), value: (r) => r.status },
  { labels: l('Amount', 'Importo', 'Kwota', 'Összeg'), value: (r) => decimal(r.amount) },
  { labels: l('Currency', 'Valuta', 'Waluta', 'Pénznem'), value: (r) => r.currency },
  { labels: l('Probability %', 'Probabilità %', 'Prawdopodobieństwo %', 'Valószínűség %'), value: (r) => (r.probability === null ? null : String(r.probability)) },
  { labels: l('Weighted amount', 'Importo ponderato', 'Kwota ważona', 'Súlyozott összeg'), value: (r) => decimal(weighted(r)) },
  { labels: l('Expected close', 'Chiusura prevista', 'Przewidywane zamknięcie', 'Várható lezárás'), value: (r) => date(r.expectedCloseDate) },
  { labels: l('Owner', 'Responsabile', 'Właściciel', 'Felelős'), value: (r) => r.ownerId },
  { labels: l('Campaign', 'Campagna', 'Kampania', 'Kampány'), value: (r) => r.campaign },
  { labels: l('Closed on', 'Chiusa il', 'Data zamknięcia', 'Lezárva'), value: (r) => date(r.closedOn) },
  { labels: l('Loss reason', 'Motivo della perdita', 'Powód przegranej', 'Elvesztés oka'), value: (r) => r.lossReason },
  { labels: l('Created', 'Creata il', 'Utworzono', 'Létrehozva'), value: (r) => date(r.createdAt) },
];

const quoteColumns: readonly Column<QuoteExportRecord>[] = [
  { labels: l('Reference', 'Numero', 'Numer', 'Sorszám'), value: (r) => r.reference },
  { labels: l('Revision', 'Revisione', 'Wersja', 'Változat'), value: (r) => String(r.revision) },
  { labels: l('Status', 'Stato', 'Status', 'Állapot'), value: (r) => r.status },
  { labels: l('Party', 'Cliente', 'Kontrahent', 'Partner'), value: (r) => party(r.party) },
  { labels: l('Operator', 'Operatore', 'Opiekun', 'Ügyintéző'), value: (r) => r.operatorId },
  { labels: l('Valid from', 'Valido dal', 'Ważna od', 'Érvényes ettől'), value: (r) => date(r.validFrom) },
  { labels: l('Valid until', 'Valido fino al', 'Ważna do', 'Érvényes eddig'), value: (r) => date(r.validUntil) },
  { labels: l('Currency', 'Valuta', 'Waluta', 'Pénznem'), value: (r) => r.currency },
  { labels: l('Net', 'Imponibile', 'Netto', 'Nettó'), value: (r) => decimal(r.totals.net) },
  { labels: l('VAT', 'IVA', 'VAT', 'ÁFA'), value: (r) => decimal(r.totals.vatTotal) },
  { labels: l('Gross', 'Totale', 'Brutto', 'Bruttó'), value: (r) => decimal(r.totals.gross) },
  { labels: l('Probability %', 'Probabilità %', 'Prawdopodobieństwo %', 'Valószínűség %'), value: (r) => (r.probability === null ? null : String(r.probability)) },
  { labels: l('Description', 'Descrizione', 'Opis', 'Leírás'), value: (r) => r.description },
  { labels: l('Opportunity', 'Opportunità', 'Szansa', 'Lehetőség'), value: (r) => r.opportunityId },
  { labels: l('Order', 'Ordine', 'Zamówienie', 'Rendelés'), value: (r) => r.orderId },
  { labels: l('Created', 'Creato il', 'Utworzono', 'Létrehozva'), value: (r) => date(r.createdAt) },
];

const orderColumns: readonly Column<OrderExportRecord>[] = [
  { labels: l('Reference', 'Numero', 'Numer', 'Sorszám'), value: (r) => r.reference },
  { labels: l('Order date', 'Data ordine', 'Data zamówienia', 'Rendelés dátuma'), value: (r) => date(r.orderDate) },
  { labels: l('Quote', 'Preventivo', 'Oferta', 'Árajánlat'), value: (r) => r.quoteReference },
  { labels: l('Quote revision', 'Revisione preventivo', 'Wersja oferty', 'Árajánlat változata'), value: (r) => String(r.quoteRevision) },
  { labels: l('Party', 'Cliente', 'Kontrahent', 'Partner'), value: (r) => party(r.party) },
  { labels: l('Operator', 'Operatore', 'Opiekun', 'Ügyintéző'), value: (r) => r.operatorId },
  { labels: l('Currency', 'Valuta', 'Waluta', 'Pénznem'), value: (r) => r.currency },
  { labels: l('Net', 'Imponibile', 'Netto', 'Nettó'), value: (r) => decimal(r.totals.net) },
  { labels: l('VAT', 'IVA', 'VAT', 'ÁFA'), value: (r) => decimal(r.totals.vatTotal) },
  { labels: l('Gross', 'Totale', 'Brutto', 'Bruttó'), value: (r) => decimal(r.totals.gross) },
  { labels: l('Description', 'Descrizione', 'Opis', 'Leírás'), value: (r) => r.description },
  { labels: l('Opportunity', 'Opportunità', 'Szansa', 'Lehetőség'), value: (r) => r.opportunityId },
  { labels: l('Campaign', 'Campagna', 'Kampania', 'Kampány'), value: (r) => r.campaign },
];

const columnsOf: { [K in SalesExportKind]: readonly Column<SalesExportRecords[K]>[] } = {
  opportunities: opportunityColumns,
  quotes: quoteColumns,
  orders: orderColumns,
};

export interface SalesExportLayout<K extends SalesExportKind> {
  readonly header: readonly string[];
  row(record: SalesExportRecords[K]): string[];
}

/** The header in `locale` and the cells of each record (empty for a missing value). */
export const salesExportLayout = <K extends SalesExportKind>(kind: K, locale: ImportLocale): SalesExportLayout<K> => {
  const columns = columnsOf[kind] as readonly Column<SalesExportRecords[K]>[];
  return {
    header: columns.map((column) => column.labels[locale]),
    row: (record) => columns.map((column) => column.value(record) ?? ''),
  };
};
