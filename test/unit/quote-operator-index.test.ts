import { describe, expect, it } from 'vitest';
import { quoteIndexKeys, quoteListProjection, type QuoteRow } from '../../projections/sales/quote-list.ts';

/** The quote list row's gsi4 keys (the dashboard's quotes widget): there while sent, keyed by operator and expiry. */
const row = (change: Partial<QuoteRow> = {}): QuoteRow => ({
  id: 'q1',
  reference: 'Q-2027-00001',
  year: 2027,
  number: 1,
  revision: 1,
  status: 'sent',
  party: { kind: 'company', id: 'co1' },
  operatorId: 'olga',
  validFrom: '2027-10-01',
  validUntil: '2027-11-05',
  currency: 'EUR',
  totals: { net: '100.00', vat: [], vatTotal: '0.00', gross: '100.00' },
  probability: null,
  description: 'x',
  opportunityId: null,
  campaign: null,
  orderId: null,
  sentAt: '2027-10-02T08:00:00.000Z',
  createdBy: 'ada',
  createdAt: '2027-10-01T08:00:00.000Z',
  updatedAt: '2027-10-02T08:00:00.000Z',
  ...change,
});

const item = (quote: QuoteRow) => quoteListProjection.toItem('t1', quote.id, quote, 3);
const gsi4Of = (quote: QuoteRow) => {
  const { gsi4pk, gsi4sk } = item(quote);
  return { gsi4pk, gsi4sk };
};

describe('the quote list row on gsi4 (operator, by expiry)', () => {
  it('is in its operator partition, by expiry, while sent', () => {
    expect(gsi4Of(row())).toEqual({ gsi4pk: 't1#quotes#operator#olga#sent', gsi4sk: '2027-11-05#2027#000000000001' });
    expect(quoteIndexKeys.operatorSent('t1', 'olga')).toBe('t1#quotes#operator#olga#sent');
    // The row itself, the list's fields and its version: the widget reads nothing else.
    expect(item(row())).toMatchObject({ pk: 't1#quote#q1', sk: 'list', version: 3, reference: 'Q-2027-00001', status: 'sent' });
  });

  it('leaves gsi4 once the quote is not sent: a draft, accepted, rejected, expired', () => {
    for (const status of ['draft', 'accepted', 'rejected', 'expired'] as const) {
      expect(item(row({ status }))).not.toHaveProperty('gsi4pk');
      expect(item(row({ status }))).not.toHaveProperty('gsi4sk');
    }
  });

  it('moves with the operator or the validity of a revised and re-sent quote', () => {
    expect(gsi4Of(row({ operatorId: 'sam', validUntil: '2027-12-01' }))).toEqual({ gsi4pk: 't1#quotes#operator#sam#sent', gsi4sk: '2027-12-01#2027#000000000001' });
  });

  it('no longer has an operator pointer satellite (only the expiry job\'s)', () => {
    expect(quoteListProjection.satellites!('t1', 'q1', row()).map((satellite) => satellite.sk)).toEqual(['expiry#2027-11-05']);
  });
});
