import type { EventStorePort } from '../../application/ports/event-store.ts';
import type { QuoteContent } from '../../events/sales/quote-events.ts';
import type { Actor } from '../../domain/shared/actor.ts';
import { opportunityDecider, type Opportunity } from '../../domain/sales/opportunity.ts';

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

/** The part of the event store port the seeding needs (memory or DynamoDB). */
interface Committer {
  commit(commit: Parameters<EventStorePort['commit']>[0]): Promise<void>;
}

/** An open opportunity, as the opportunity routes would have written it. */
export const seedOpportunity = async (store: Committer, tenant: string, opportunityId: string, ownerId = 'olga', at = '2026-03-01T08:00:00.000Z') =>
  store.commit({
    tenant,
    at,
    meta: { actor: ownerId, commandId: `seed-${opportunityId}`, correlationId: 'seed' },
    streams: [
      {
        aggregateType: 'opportunity',
        aggregateId: opportunityId,
        expectedVersion: 0,
        events: [
          {
            type: 'OpportunityCreated',
            data: opportunityCreatedData(opportunityId, ownerId),
          },
        ],
      },
    ],
  });

/**
 * A quote drafted and sent (then expired, when asked), as the quote routes would have written it:
 * reference `Q-2026-<number>`. Returns the stream's version.
 */
export const seedQuote = async (
  store: Committer,
  tenant: string,
  quoteId: string,
  options: { number?: number; content?: Partial<QuoteContent>; status?: 'draft' | 'sent' | 'expired'; at?: string } = {},
): Promise<number> => {
  const content = quoteContent(options.content);
  const number = options.number ?? 1;
  const status = options.status ?? 'sent';
  const events = [
    { type: 'QuoteDrafted', data: { quoteId, reference: `Q-2026-${String(number).padStart(5, '0')}`, year: 2026, number, content } },
    ...(status !== 'draft' ? [{ type: 'QuoteSent', data: { quoteId, revision: 1, sentTo: null } }] : []),
    ...(status === 'expired' ? [{ type: 'QuoteExpired', data: { quoteId, revision: 1, validUntil: content.validUntil } }] : []),
  ];
  await store.commit({
    tenant,
    at: options.at ?? '2026-03-02T08:00:00.000Z',
    meta: { actor: content.operatorId, commandId: `seed-${quoteId}`, correlationId: 'seed' },
    streams: [{ aggregateType: 'quote', aggregateId: quoteId, expectedVersion: 0, events }],
  });
  return events.length;
};

/** The data of an `OpportunityCreated` for an open opportunity. */
export const opportunityCreatedData = (opportunityId: string, ownerId: string | null = 'olga') => ({
  opportunityId,
  title: 'Licences',
  parties: [{ kind: 'company' as const, id: 'cmp-1' }],
  contactId: null,
  leadId: null,
  pricing: null,
  amount: null,
  currency: null,
  probability: null,
  stage: 'new',
  expectedCloseDate: null,
  ownerId,
  partners: [],
  competitors: [],
  campaign: null,
  description: null,
});

/** An opportunity's state as its decider folds it, in the given status. */
export const opportunityState = (opportunityId: string, status: Opportunity['status'] = 'open'): Opportunity => ({
  ...opportunityDecider.evolve(null, { type: 'OpportunityCreated', data: opportunityCreatedData(opportunityId), at: '2026-03-01T08:00:00.000Z', actor: 'olga' })!,
  status,
});
