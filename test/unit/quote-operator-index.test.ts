import { describe, expect, it } from 'vitest';
import { quoteIndexKeys, quoteListProjection, type QuoteRow } from '../../projections/sales/quote-list.ts';

/** The quote list's operator pointer (the dashboard's quotes widget): there while sent, keyed by operator and expiry. */
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

const pointersOf = (quote: QuoteRow) => quoteListProjection.satellites!('t1', quote.id, quote).filter((item) => String(item.sk).startsWith('operator-expiry#'));

describe('the quote list operator pointer', () => {
  it('points from the operator partition, by expiry, to a sent quote', () => {
    expect(pointersOf(row())).toEqual([
      {
        pk: 't1#quote#q1',
        sk: 'operator-expiry#olga#2027-11-05',
        version: 0,
        aggregateType: 'quote',
        aggregateId: 'q1',
        tenant: 't1',
        quoteId: 'q1',
        gsi2pk: quoteIndexKeys.operatorSent('t1', 'olga'),
        gsi2sk: '2027-11-05#2027#000000000001',
      },
    ]);
    expect(quoteIndexKeys.operatorSent('t1', 'olga')).toBe('t1#quotes#operator#olga#sent');
  });

  it('is gone once the quote is not sent: a draft, accepted, rejected, expired', () => {
    for (const status of ['draft', 'accepted', 'rejected', 'expired'] as const) expect(pointersOf(row({ status }))).toEqual([]);
  });

  it('moves with the operator or the validity of a revised and re-sent quote (its key changes)', () => {
    expect(pointersOf(row({ operatorId: 'sam', validUntil: '2027-12-01' }))[0]).toMatchObject({ sk: 'operator-expiry#sam#2027-12-01', gsi2pk: 't1#quotes#operator#sam#sent' });
  });
});
