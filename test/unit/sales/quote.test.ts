import { describe, expect, it } from 'vitest';
import type { Actor } from '../../../domain/shared/actor.ts';
import { canSeeQuote, quoteDecider, quoteReference, type QuoteCommand, type QuoteContentInput } from '../../../domain/sales/quote.ts';
import type { QuoteContent, QuoteEvent } from '../../../events/sales/quote-events.ts';
import { deciderSpec, type GivenEvent } from '../../support/decider-spec.ts';

const now = '2026-03-10T09:00:00.000Z';
const quoteId = 'q-1';
const actor = (userId: string, role: Actor['role'] = 'standard'): Actor => ({ tenant: 'acme', userId, role, groups: [] });
const olga = actor('olga');
const rita = actor('rita', 'restricted');
const spec = deciderSpec(quoteDecider, { actor: olga, now });
const defaults = { vatRate: '22', currency: 'EUR' as const };

const input = (change: Partial<QuoteContentInput> = {}): QuoteContentInput => ({
  party: { kind: 'company', id: 'cmp-1' },
  operatorId: 'olga',
  validFrom: '2026-03-10',
  validUntil: '2026-04-09',
  lines: [{ description: 'Consulting', quantity: '3', unitPrice: '33.33' }],
  description: 'Offer for the new website',
  ...change,
});

const content: QuoteContent = {
  party: { kind: 'company', id: 'cmp-1' },
  contact: null,
  operatorId: 'olga',
  validFrom: '2026-03-10',
  validUntil: '2026-04-09',
  currency: 'EUR',
  pricing: {
    mode: 'lines',
    lines: [{ lineId: '1', description: 'Consulting', productCode: null, quantity: '3', unitPrice: '33.33', discountPercent: '0', vatRate: '22', net: '99.99' }],
  },
  totals: { net: '99.99', vat: [{ rate: '22', base: '99.99', vat: '22.00' }], vatTotal: '22.00', gross: '121.99' },
  probability: null,
  description: 'Offer for the new website',
  opportunityId: null,
  campaign: null,
};

const draft = (number = 1): QuoteCommand => ({ type: 'DraftQuote', data: { quoteId, year: 2026, number, content: input(), defaults } });
const drafted: GivenEvent<QuoteEvent> = { type: 'QuoteDrafted', data: { quoteId, reference: 'Q-2026-00001', year: 2026, number: 1, content } };
const sent = (revision = 1): GivenEvent<QuoteEvent> => ({ type: 'QuoteSent', data: { quoteId, revision, sentTo: null } });
const rejected = (revision = 1): GivenEvent<QuoteEvent> => ({ type: 'QuoteRejected', data: { quoteId, revision, reason: 'too expensive' } });
const expired = (revision = 1): GivenEvent<QuoteEvent> => ({ type: 'QuoteExpired', data: { quoteId, revision, validUntil: '2026-04-09' } });
const revised = (from: 'sent' | 'rejected' | 'expired', fromRevision = 1): GivenEvent<QuoteEvent> => ({
  type: 'QuoteRevised',
  data: { quoteId, fromRevision, revision: fromRevision + 1, from },
});
const accepted: GivenEvent<QuoteEvent> = {
  type: 'QuoteAccepted',
  data: { quoteId, revision: 1, orderId: 'so-1', orderReference: 'SO-2026-00001', opportunityId: null, acceptedExpired: false, note: null },
};
const edit = (patch: QuoteContentInput): QuoteCommand => ({ type: 'EditQuote', data: { patch, defaults } });

describe('drafting a quote', () => {
  it('drafts revision 1 with the reference of its number, priced exactly, VAT from the tenant default', () => {
    spec
      .when(draft())
      .then([drafted as QuoteEvent])
      .andState({ reference: 'Q-2026-00001', revision: 1, status: 'draft', createdBy: 'olga', revisions: [] });
  });

  it('keeps the origin a command gives (a customer request generating the quote) in its event and state; none otherwise', () => {
    const origin = { kind: 'request', id: 'req-1' } as const;
    spec
      .when({ type: 'DraftQuote', data: { quoteId, year: 2026, number: 1, content: input(), defaults, origin } })
      .then([{ type: 'QuoteDrafted', data: { ...drafted.data, origin } } as QuoteEvent])
      .andState({ origin });
    spec.when(draft()).then([drafted as QuoteEvent]).andState({ origin: null });
  });

  it('formats references with five digits and grows past them', () => {
    expect(quoteReference(2026, 42)).toBe('Q-2026-00042');
    expect(quoteReference(2027, 123456)).toBe('Q-2027-123456');
  });

  it('sums 0.1 + 0.2 exactly, and prices 1 HUF in whole forints at 27 %', () => {
    const lines = [
      { description: 'a', quantity: '1', unitPrice: '0.1' },
      { description: 'b', quantity: '1', unitPrice: '0.2' },
    ];
    const outcome = spec.when({ type: 'DraftQuote', data: { quoteId, year: 2026, number: 1, content: input({ lines }), defaults } }).outcome();
    expect(outcome.state?.content.totals).toStrictEqual({ net: '0.30', vat: [{ rate: '22', base: '0.30', vat: '0.07' }], vatTotal: '0.07', gross: '0.37' });
    const huf = spec
      .when({ type: 'DraftQuote', data: { quoteId, year: 2026, number: 1, content: input({ currency: 'HUF', amount: '1', lines: undefined }), defaults: { vatRate: '27', currency: 'HUF' } } })
      .outcome();
    expect(huf.state?.content.pricing).toStrictEqual({ mode: 'amount', amount: '1', vatRate: '27' });
    expect(huf.state?.content.totals).toStrictEqual({ net: '1', vat: [{ rate: '27', base: '1', vat: '0' }], vatTotal: '0', gross: '1' });
  });

  it('takes the currency from the tenant default when the input has none, and a line VAT rate when given', () => {
    const outcome = spec
      .when({ type: 'DraftQuote', data: { quoteId, year: 2026, number: 1, content: input({ lines: [{ description: 'x', quantity: '2', unitPrice: '10', vatRate: '8' }] }), defaults: { vatRate: '23', currency: 'PLN' } } })
      .outcome();
    expect(outcome.state?.content.currency).toBe('PLN');
    expect(outcome.state?.content.totals.vat).toStrictEqual([{ rate: '8', base: '20.00', vat: '1.60' }]);
  });

  it.each([
    ['party', { party: undefined }],
    ['operatorId', { operatorId: ' ' }],
    ['validFrom', { validFrom: undefined }],
    ['validUntil', { validUntil: '2026-03-09' }],
    ['validUntil', { validUntil: '2026-02-30' }],
    ['currency', { currency: 'XYZ' }],
    ['lines.0.quantity', { lines: [{ description: 'x', quantity: '-1', unitPrice: '1' }] }],
    ['lines.0.vatRate', { lines: [{ description: 'x', quantity: '1', unitPrice: '1', vatRate: '101' }] }],
    ['amount', { amount: '10' }],
    ['lines', { lines: undefined }],
    ['lines', { lines: [] }],
    ['probability', { probability: 101 }],
    ['description', { description: '' }],
    ['contact.email', { contact: { email: 'nope' } }],
  ] as [string, Partial<QuoteContentInput>][])('refuses bad input naming %s', (path, change) => {
    spec.when({ type: 'DraftQuote', data: { quoteId, year: 2026, number: 1, content: input(change), defaults } }).thenThrows('invalid', { path });
  });

  it('names every refused field at once', () => {
    const error = spec.when({ type: 'DraftQuote', data: { quoteId, year: 2026, number: 1, content: input({ description: '', currency: 'ZZZ' }), defaults } }).thenThrows('invalid');
    expect(error.issues.map((issue) => issue.path)).toStrictEqual(['currency', 'description']);
  });

  it('refuses drafting over an existing quote', () => {
    spec.given([drafted]).when(draft()).thenThrows('conflict');
  });
});

describe('editing', () => {
  it('changes a draft with a patch, keeping the rest and repricing', () => {
    const outcome = spec.given([drafted]).when(edit({ description: 'New text', amount: '100', vatRate: '10' })).outcome();
    expect(outcome.events).toHaveLength(1);
    expect(outcome.state).toMatchObject({
      content: { description: 'New text', pricing: { mode: 'amount', amount: '100.00', vatRate: '10' }, totals: { gross: '110.00' }, party: content.party },
    });
  });

  it('reprices the lines in a new currency', () => {
    spec.given([drafted]).when(edit({ currency: 'HUF' })).thenState({ content: { currency: 'HUF', totals: { net: '100', gross: '122' } } });
  });

  it('records nothing when the patch changes nothing', () => {
    spec.given([drafted]).when(edit({ description: content.description })).thenNothing();
  });

  it('refuses validUntil before validFrom and a quote that is not a draft', () => {
    spec.given([drafted]).when(edit({ validUntil: '2026-01-01' })).thenThrows('invalid', { path: 'validUntil' });
    spec.given([drafted, sent()]).when(edit({ description: 'x' })).thenThrows('conflict', 'only a draft');
  });

  it('is not found for an unknown quote or a restricted user who is not its operator', () => {
    spec.when(edit({ description: 'x' })).thenThrows('not_found');
    spec.as(rita).given([drafted]).when(edit({ description: 'x' })).thenThrows('not_found');
  });
});

describe('sending, rejecting, revising, expiring', () => {
  it('sends a draft: frozen', () => {
    spec.given([drafted]).when({ type: 'SendQuote', data: { sentTo: 'buyer@example.com' } })
      .then([{ type: 'QuoteSent', data: { quoteId, revision: 1, sentTo: 'buyer@example.com' } }])
      .andState({ status: 'sent', sentAt: now, sentTo: 'buyer@example.com' });
    spec.given([drafted, sent()]).when({ type: 'SendQuote' }).thenThrows('conflict');
  });

  it('rejects a sent quote once; twice or a draft is a conflict', () => {
    spec.given([drafted, sent()]).when({ type: 'RejectQuote', data: { reason: ' too expensive ' } })
      .then([rejected() as QuoteEvent])
      .andState({ status: 'rejected', rejectionReason: 'too expensive' });
    spec.given([drafted, sent(), rejected()]).when({ type: 'RejectQuote' }).thenThrows('conflict', 'only a sent quote');
    spec.given([drafted]).when({ type: 'RejectQuote' }).thenThrows('conflict');
    spec.given([drafted, sent(), accepted]).when({ type: 'RejectQuote' }).thenThrows('conflict');
  });

  it.each(['sent', 'rejected', 'expired'] as const)('revises a %s quote into revision 2, keeping revision 1', (from) => {
    const history = from === 'sent' ? [drafted, sent()] : from === 'rejected' ? [drafted, sent(), rejected()] : [drafted, sent(), expired()];
    spec.given(history).when({ type: 'ReviseQuote' })
      .then([revised(from) as QuoteEvent])
      .andState({ revision: 2, status: 'draft', sentAt: null, content, revisions: [{ revision: 1, ended: from, content }] });
  });

  it('refuses to revise a draft or an accepted quote', () => {
    spec.given([drafted]).when({ type: 'ReviseQuote' }).thenThrows('conflict');
    spec.given([drafted, sent(), accepted]).when({ type: 'ReviseQuote' }).thenThrows('conflict');
  });

  it('a revision is edited and sent again; the second revision keeps the first one', () => {
    const state = spec.given([drafted, sent(), rejected(), revised('rejected'), sent(2), revised('sent', 2)]).state();
    expect(state?.revision).toBe(3);
    expect(state?.revisions.map((r) => [r.revision, r.ended])).toStrictEqual([[1, 'rejected'], [2, 'sent']]);
    expect(state?.revisions[0]?.rejectionReason).toBe('too expensive');
    spec.given([drafted, sent(), revised('sent')]).when(edit({ description: 'Second offer' })).then([
      { type: 'QuoteEdited', data: { quoteId, revision: 2, content: { ...content, description: 'Second offer' } } },
    ]);
  });

  it('expires a sent quote only once its last valid day is over', () => {
    const expire = (today: string): QuoteCommand => ({ type: 'ExpireQuote', data: { today } });
    spec.given([drafted, sent()]).when(expire('2026-04-09')).thenNothing();
    spec.given([drafted, sent()]).when(expire('2026-04-10')).then([expired() as QuoteEvent]).andState({ status: 'expired', expiredAt: now });
    spec.given([drafted]).when(expire('2026-05-01')).thenNothing();
    spec.given([drafted, sent(), expired()]).when(expire('2026-05-01')).thenNothing();
    spec.given([drafted, sent(), accepted]).when(expire('2026-05-01')).thenNothing();
  });

  it('evolves an acceptance (recorded by the order helper): accepted, linked to its order', () => {
    spec.given([drafted, sent(), accepted]).thenState({ status: 'accepted', orderId: 'so-1', orderReference: 'SO-2026-00001' });
  });
});

describe('visibility', () => {
  it('restricted users see the quotes they make or drafted', () => {
    const quote = spec.given([drafted]).state()!;
    expect(canSeeQuote(olga, quote)).toBe(true);
    expect(canSeeQuote(rita, quote)).toBe(false);
    expect(canSeeQuote(rita, { ...quote, content: { ...quote.content, operatorId: 'rita' } })).toBe(true);
    expect(canSeeQuote(rita, { ...quote, createdBy: 'rita' })).toBe(true);
    spec.as(rita).given([drafted]).when({ type: 'SendQuote' }).thenThrows('not_found');
  });
});
