import { buffer } from 'node:stream/consumers';
import { describe, expect, it } from 'vitest';
import { writeCsv } from '../../../import/csv/write-csv.ts';
import {
  salesExportLayout,
  type OpportunityExportRecord,
  type OrderExportRecord,
  type QuoteExportRecord,
} from '../../../import/mapping/sales-record-to-row.ts';
import { delimiterFor } from '../../../import/templates/import-template.ts';

const totals = { net: '1000.10', vat: [{ rate: '22', base: '1000.10', vat: '220.02' }], vatTotal: '220.02', gross: '1220.12' };

const opportunity: OpportunityExportRecord = {
  id: 'o1',
  title: '=HYPERLINK("http://evil")',
  parties: [
    { kind: 'company', id: 'acme' },
    { kind: 'lead', id: 'l|1' },
  ],
  stage: 'proposal',
  status: 'open',
  amount: '1234.50',
  currency: 'EUR',
  probability: 33,
  expectedCloseDate: '2027-04-30',
  ownerId: 'olga',
  campaign: null,
  closedOn: null,
  lossReason: null,
  createdAt: '2027-03-01T08:00:00.000Z',
};

const quote: QuoteExportRecord = {
  id: 'q1',
  reference: 'Q-2027-00001',
  revision: 2,
  status: 'sent',
  party: { kind: 'company', id: 'acme' },
  operatorId: 'olga',
  validFrom: '2027-03-01',
  validUntil: '2027-03-31',
  currency: 'EUR',
  totals,
  probability: null,
  description: 'Fit-out; phase 1',
  opportunityId: 'o1',
  orderId: null,
  createdAt: '2027-03-01T08:00:00.000Z',
};

const order: OrderExportRecord = {
  id: 's1',
  reference: 'SO-2027-00001',
  orderDate: '2027-03-10',
  quoteReference: 'Q-2027-00001',
  quoteRevision: 2,
  party: { kind: 'lead', id: 'l1' },
  operatorId: 'olga',
  currency: 'HUF',
  totals: { net: '1270', vat: [{ rate: '27', base: '1270', vat: '343' }], vatTotal: '343', gross: '1613' },
  description: 'Fit-out',
  opportunityId: null,
  campaign: 'spring',
};

describe('sales exports: the list columns as CSV cells', () => {
  it('writes an opportunity with its amounts as recorded, the weighted amount exact, dates as the directory exports write them', () => {
    const layout = salesExportLayout('opportunities', 'it');
    expect(layout.header).toEqual([
      'ID',
      'Titolo',
      'Controparti',
      'Fase',
      'Stato',
      'Importo',
      'Valuta',
      'Probabilità %',
      'Importo ponderato',
      'Chiusura prevista',
      'Responsabile',
      'Campagna',
      'Chiusa il',
      'Motivo della perdita',
      'Creata il',
    ]);
    // 1234.50 × 33 % = 407.385 → 407.39 (half away from zero), never a float's 407.38499…
    expect(layout.row(opportunity)).toEqual([
      'o1',
      '=HYPERLINK("http://evil")',
      'company:acme|lead:l\\|1',
      'proposal',
      'open',
      '1234.50',
      'EUR',
      '33',
      '407.39',
      '30/04/2027',
      'olga',
      '',
      '',
      '',
      '01/03/2027',
    ]);
    expect(layout.row({ ...opportunity, amount: null, currency: null })[8]).toBe('');
  });

  it('writes a quote and an order with net, VAT and gross; HUF in whole forints', () => {
    const quotes = salesExportLayout('quotes', 'en');
    expect(quotes.header.slice(0, 4)).toEqual(['Reference', 'Revision', 'Status', 'Party']);
    expect(quotes.row(quote)).toEqual([
      'Q-2027-00001',
      '2',
      'sent',
      'company:acme',
      'olga',
      '01/03/2027',
      '31/03/2027',
      'EUR',
      '1000.10',
      '220.02',
      '1220.12',
      '',
      'Fit-out; phase 1',
      'o1',
      '',
      '01/03/2027',
    ]);
    const orders = salesExportLayout('orders', 'hu');
    expect(orders.header).toHaveLength(orders.row(order).length);
    expect(orders.header[0]).toBe('Sorszám');
    expect(orders.row(order)).toEqual(['SO-2027-00001', '10/03/2027', 'Q-2027-00001', '2', 'lead:l1', 'olga', 'HUF', '1270', '343', '1613', 'Fit-out', '', 'spring']);
  });

  it('is safe in a spreadsheet: a formula is neutralised, a decimal point survives the semicolon separator', async () => {
    const layout = salesExportLayout('opportunities', 'pl');
    const csv = (await buffer(writeCsv([layout.row(opportunity)], { header: layout.header, delimiter: delimiterFor('pl') }))).toString('utf8');
    const [header, row] = csv.replace(/^\ufeff/, '').split('\r\n');
    expect(header).toMatch(/^ID;Tytuł;Strony;Etap;/);
    expect(row).toMatch(/^o1;"'=HYPERLINK\(""http:\/\/evil""\)";company:acme\|lead:l\\\|1;proposal;open;1234\.50;EUR;33;407\.39;/);
  });
});
