import type { QuoteContent } from '../../events/sales/quote-events.ts';
import type { Actor } from '../../domain/shared/actor.ts';

/** A quote's content as the quote routes would have priced it: two lines at 22 % VAT, EUR. */
export const quoteContent = (change: Partial<QuoteContent> = {}): QuoteContent => ({
  party: { kind: 'company', id: 'cmp-1' },
  contact: { contactId: 'ctc-1', name: 'Anna Rossi', email: 'anna@example.com', phone: null },
  operatorId: 'olga',
  validFrom: '2026-03-01',
  validUntil: '2026-03-31',
  currency: 'EUR',
  pricing: {
    mode: 'lines',
    lines: [
      { lineId: 'l1', description: 'Licence', productCode: 'LIC', quantity: '3', unitPrice: '33.33', discountPercent: '0', vatRate: '22', net: '99.99' },
      { lineId: 'l2', description: 'Setup', productCode: null, quantity: '1', unitPrice: '0.30', discountPercent: '0', vatRate: '22', net: '0.30' },
    ],
  },
  totals: { net: '100.29', vat: [{ rate: '22', base: '100.29', vat: '22.06' }], vatTotal: '22.06', gross: '122.35' },
  probability: 60,
  description: 'Licences and setup',
  opportunityId: 'opp-1',
  campaign: 'spring',
  ...change,
});

export const salesActor = (userId: string, role: Actor['role'] = 'standard'): Actor => ({ tenant: 'acme', userId, role, groups: [] });
