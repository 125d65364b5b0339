import { randomUUID } from 'node:crypto';
import type { EventStorePort } from '../../application/ports/event-store.ts';
import type { OpportunityFields } from '../../events/sales/opportunity-events.ts';
import type { QuoteContent } from '../../events/sales/quote-events.ts';
import type { Party } from '../../events/sales/sales-values.ts';

/**
 * Sales events as the contract (events/sales/) defines them, appended straight to the log: for tests
 * of what other parts of the product make of them (timelines, exports) without the sales commands.
 */

export const opportunityFields = (overrides: Partial<OpportunityFields> = {}): OpportunityFields => ({
  title: 'Fit-out',
  parties: [{ kind: 'company', id: 'acme' }],
  contactId: null,
  pricing: { mode: 'amount', amount: '1200.50' },
  amount: '1200.50',
  currency: 'EUR',
  probability: 40,
  stage: 'new',
  expectedCloseDate: '2027-04-30',
  ownerId: null,
  partners: [],
  competitors: [],
  campaign: null,
  description: null,
  ...overrides,
});

export const quoteContent = (overrides: Partial<QuoteContent> = {}): QuoteContent => ({
  party: { kind: 'company', id: 'acme' },
  contact: null,
  operatorId: 'olga',
  validFrom: '2027-03-01',
  validUntil: '2027-03-31',
  currency: 'EUR',
  pricing: { mode: 'amount', amount: '100.00', vatRate: '22' },
  totals: { net: '100.00', vat: [{ rate: '22', base: '100.00', vat: '22.00' }], vatTotal: '22.00', gross: '122.00' },
  probability: null,
  description: 'Fit-out, phase 1',
  opportunityId: null,
  campaign: null,
  ...overrides,
});

export const salesOrderData = (orderId: string, quoteId: string, party: Party, overrides: Record<string, unknown> = {}) => ({
  orderId,
  reference: 'SO-2027-00001',
  year: 2027,
  number: 1,
  orderDate: '2027-03-10',
  quoteId,
  quoteReference: 'Q-2027-00001',
  quoteRevision: 1,
  opportunityId: null,
  party,
  contact: null,
  operatorId: 'olga',
  currency: 'EUR',
  pricing: { mode: 'amount', amount: '100.00', vatRate: '22' },
  totals: { net: '100.00', vat: [{ rate: '22', base: '100.00', vat: '22.00' }], vatTotal: '22.00', gross: '122.00' },
  description: 'Fit-out, phase 1',
  campaign: null,
  ...overrides,
});

/** Appends `events` to a stream after `expectedVersion`, as `actor` at `at`. */
export const appendTo = (
  store: EventStorePort,
  tenant: string,
  stream: { aggregateType: string; aggregateId: string; expectedVersion: number },
  events: readonly { type: string; data: unknown }[],
  options: { at: string; actor?: string },
): Promise<void> =>
  store.commit({
    tenant,
    at: options.at,
    meta: { actor: options.actor ?? 'olga', commandId: randomUUID(), correlationId: 'sales-test' },
    streams: [{ ...stream, events }],
  });
