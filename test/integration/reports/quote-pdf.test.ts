import { afterAll, describe, expect, it } from 'vitest';
import { chromiumRenderer } from '../../../adapters/pdf/chromium-renderer.ts';
import { renderQuote } from '../../../application/reports/render/report-files.ts';
import { type QuoteView, quoteView } from '../../../application/sales/quote-view.ts';
import type { Quote } from '../../../domain/sales/quote.ts';
import { pdfText } from '../../support/pdf-text.ts';

const renderer = chromiumRenderer();
afterAll(() => renderer.close());

const flat = (text: string) => text.replace(/\s+/g, ' ');

/** A sent quote with three lines at two VAT rates; the totals are the recorded decimal text (what must print). */
const quoteFixture = (overrides: Partial<Quote['content']> = {}): QuoteView => {
  const content: Quote['content'] = {
    party: { kind: 'company', id: 'co-1' },
    contact: { contactId: 'ct-1', name: 'Łukasz Ősz', email: 'lukasz@example.test', phone: null },
    operatorId: 'u-1',
    validFrom: '2026-03-02',
    validUntil: '2026-04-30',
    currency: 'EUR',
    pricing: {
      mode: 'lines',
      lines: [
        { lineId: 'l1', description: 'Stampante laser Città A4', productCode: 'PRN-200', quantity: '3', unitPrice: '1249.90', discountPercent: '10', vatRate: '22', net: '3374.73' },
        { lineId: 'l2', description: 'Toner ő ű (confezione)', productCode: null, quantity: '12.5', unitPrice: '33.333', discountPercent: '0', vatRate: '22', net: '416.66' },
        { lineId: 'l3', description: 'Manuale Żółć stampato', productCode: 'DOC-1', quantity: '1', unitPrice: '10.00', discountPercent: '0', vatRate: '4', net: '10.00' },
      ],
    },
    totals: {
      net: '3801.39',
      vat: [
        { rate: '22', base: '3791.39', vat: '834.11' },
        { rate: '4', base: '10.00', vat: '0.40' },
      ],
      vatTotal: '834.51',
      gross: '4635.90',
    },
    probability: 60,
    description: 'Consegna a Győr entro 15 giorni.\n\nInstallazione inclusa.',
    opportunityId: null,
    campaign: null,
    ...overrides,
  };
  const quote: Quote = {
    id: 'qt-1',
    reference: 'Q-2026-00042',
    year: 2026,
    number: 42,
    revision: 2,
    status: 'sent',
    content,
    sentAt: '2026-03-03T09:00:00.000Z',
    sentTo: 'lukasz@example.test',
    rejectedAt: null,
    rejectionReason: null,
    orderId: null,
    orderReference: null,
    acceptedAt: null,
    expiredAt: null,
    revisions: [],
    createdBy: 'u-1',
    createdAt: '2026-03-02T08:00:00.000Z',
    updatedAt: '2026-03-03T09:00:00.000Z',
    origin: null,
  };
  return quoteView(quote, 4);
};

const parties = {
  customer: { name: 'Żółć Łódź Győr Città S.r.l.', code: 'C-0042', vatNumber: 'IT01234567890', address: 'Via Ősz 1, 7621 Pécs' },
  contact: { name: 'Łukasz Ősz', email: 'lukasz@example.test' },
  operator: { name: 'Zoë Szőke', email: 'zoe@example.test' },
};

describe('the quote PDF (real Chromium)', () => {
  it('is the document a salesperson sends: number, customer, contact, lines, exact totals per VAT rate, validity, notes (it)', async () => {
    const file = await renderQuote(quoteFixture(), parties, { locale: 'it', timeZone: 'Europe/Rome', generatedAt: '2026-03-05T10:00:00.000Z' }, renderer);
    expect(file.contentType).toBe('application/pdf');
    const read = await pdfText(file.body);
    expect(read.pages).toBe(file.pages);
    expect(read.tagged).toBe(true);
    const all = flat(read.pageTexts.join('\n'));
    for (const text of [
      'Offerta Q-2026-00042',
      'Revisione 2',
      'Data 03/03/2026',
      'Valida fino al 30/04/2026',
      'Żółć Łódź Győr Città S.r.l.',
      'Partita IVA: IT01234567890',
      'Via Ősz 1, 7621 Pécs',
      'Łukasz Ősz',
      'Zoë Szőke',
      'Stampante laser Città A4',
      'PRN-200',
      'Toner ő ű (confezione)',
      // Italian groups thousands from five digits (CLDR): 1249,90 but 12.500,00.
      '12,5',
      '33,333\u00a0€',
      '1249,90\u00a0€',
      '10\u00a0%',
      '3374,73\u00a0€',
      'Totale imponibile 3801,39\u00a0€',
      '834,11\u00a0€',
      '0,40\u00a0€',
      'Totale IVA 834,51\u00a0€',
      'Totale documento 4635,90\u00a0€',
      'Consegna a Győr entro 15 giorni.',
      'Installazione inclusa.',
      'Offerta valida fino al 30/04/2026',
    ]) {
      expect(all).toContain(flat(text));
    }
    expect(flat(read.pageTexts[0]!)).toContain(`1 / ${read.pages}`);
  });

  it('prints in Hungarian forints (no decimals) and Polish złoty, with the words of each language', async () => {
    const huf = quoteFixture({
      currency: 'HUF',
      pricing: { mode: 'amount', amount: '1250000', vatRate: '27' },
      totals: { net: '1250000', vat: [{ rate: '27', base: '1250000', vat: '337500' }], vatTotal: '337500', gross: '1587500' },
      description: 'Karbantartás Győr, Pécs',
    });
    const hu = flat((await pdfText((await renderQuote(huf, parties, { locale: 'hu', timeZone: 'Europe/Budapest', generatedAt: '2026-03-05T10:00:00.000Z' }, renderer)).body)).pageTexts.join('\n'));
    for (const text of ['Árajánlat Q-2026-00042', 'Karbantartás Győr, Pécs', 'Nettó összesen 1\u00a0250\u00a0000\u00a0Ft', 'Bruttó összesen 1\u00a0587\u00a0500\u00a0Ft', '27\u00a0%', 'Érvényes eddig 2026. 04. 30.']) {
      expect(hu).toContain(flat(text));
    }

    const pln = quoteFixture({ currency: 'PLN' });
    const pl = flat((await pdfText((await renderQuote(pln, parties, { locale: 'pl', timeZone: 'Europe/Warsaw', generatedAt: '2026-03-05T10:00:00.000Z' }, renderer)).body)).pageTexts.join('\n'));
    for (const text of ['Oferta Q-2026-00042', 'Razem netto 3801,39\u00a0zł', 'Razem brutto 4635,90\u00a0zł', 'Ważna do 30.04.2026', 'Manuale Żółć stampato']) {
      expect(pl).toContain(flat(text));
    }
  });
});
