import { describe, expect, it } from 'vitest';
import { validateForAppend } from '../../../contract/event-catalogue.ts';
import type { DecisionContext } from '../../../domain/shared/decider.ts';
import { DomainError } from '../../../domain/shared/errors.ts';
import { decideAcceptance, isExpired, type AcceptableQuote, type AcceptQuoteData } from '../../../domain/sales/quote-acceptance.ts';
import type { QuoteStatus } from '../../../events/sales/quote-events.ts';
import { opportunityState, quoteContent, salesActor } from '../../support/acceptance-fixtures.ts';

// Given a quote (and its opportunity) as their streams have them, when it is accepted on `today` by
// an actor, then these events for the quote, the new order and the opportunity — or this refusal.

const now = '2026-03-10T09:00:00.000Z';
const today = '2026-03-10';
const olga = salesActor('olga');
const tom = salesActor('tom');
const rita = salesActor('rita', 'restricted');
const mara = salesActor('mara', 'manager');
const ada = salesActor('ada', 'admin');

const quote = (status: QuoteStatus, change: Partial<AcceptableQuote> = {}): AcceptableQuote => ({
  id: 'qte-1',
  reference: 'Q-2026-00007',
  revision: 2,
  status,
  content: quoteContent(),
  createdBy: 'olga',
  ...change,
});

const given = (data: Partial<AcceptQuoteData> = {}) => ({
  when: (actor = olga, context: Partial<DecisionContext> = {}) => {
    const input: AcceptQuoteData = {
      quote: quote('sent'),
      opportunity: opportunityState('opp-1'),
      order: { orderId: 'ord-1', year: 2026, number: 12 },
      today,
      validityDay: today,
      allowExpired: false,
      note: null,
      ...data,
    };
    const run = () => decideAcceptance(input, { actor, now, ...context });
    return {
      then: () => {
        const decision = run();
        // Every decided event is one the log accepts.
        for (const event of [...decision.quote, ...decision.order.events, ...(decision.opportunity?.events ?? [])]) validateForAppend(event.type, event.data);
        return decision;
      },
      thenThrows: (kind: DomainError['kind'], message?: RegExp) => {
        let error: unknown;
        try {
          run();
        } catch (e) {
          error = e;
        }
        expect(error).toBeInstanceOf(DomainError);
        expect((error as DomainError).kind).toBe(kind);
        if (message) expect((error as DomainError).message).toMatch(message);
        return error as DomainError;
      },
    };
  },
});

describe('accepting a quote', () => {
  it('accepts a sent quote: QuoteAccepted, the order with the quote’s lines and totals, and the opportunity won, linked both ways', () => {
    const decision = given({ note: '  signed by fax ' }).when().then();
    expect(decision.quote).toStrictEqual([
      {
        type: 'QuoteAccepted',
        data: { quoteId: 'qte-1', revision: 2, orderId: 'ord-1', orderReference: 'SO-2026-00012', opportunityId: 'opp-1', acceptedExpired: false, note: 'signed by fax' },
      },
    ]);
    const content = quoteContent();
    expect(decision.order).toStrictEqual({
      orderId: 'ord-1',
      reference: 'SO-2026-00012',
      events: [
        {
          type: 'SalesOrderCreated',
          data: {
            orderId: 'ord-1',
            reference: 'SO-2026-00012',
            year: 2026,
            number: 12,
            orderDate: today,
            quoteId: 'qte-1',
            quoteReference: 'Q-2026-00007',
            quoteRevision: 2,
            opportunityId: 'opp-1',
            party: content.party,
            contact: content.contact,
            operatorId: 'olga',
            currency: 'EUR',
            pricing: content.pricing,
            totals: content.totals,
            description: 'Licences and setup',
            campaign: 'spring',
          },
        },
      ],
    });
    expect(decision.opportunity).toStrictEqual({
      opportunityId: 'opp-1',
      events: [{ type: 'OpportunityWon', data: { opportunityId: 'opp-1', orderId: 'ord-1', quoteId: 'qte-1', note: null, from: 'open', closedOn: today } }],
    });
  });

  it('a quote without opportunity: no opportunity events, no link', () => {
    const decision = given({ quote: quote('sent', { content: quoteContent({ opportunityId: null }) }), opportunity: null }).when().then();
    expect(decision.opportunity).toBeNull();
    expect(decision.quote[0]!.data).toMatchObject({ opportunityId: null });
    expect(decision.order.events[0]!.data).toMatchObject({ opportunityId: null });
  });

  it('an opportunity that no longer exists is not linked', () => {
    const decision = given({ opportunity: null }).when().then();
    expect(decision.opportunity).toBeNull();
    expect(decision.order.events[0]!.data).toMatchObject({ opportunityId: null });
  });

  it('a lost opportunity is won by the order (from lost)', () => {
    const decision = given({ opportunity: opportunityState('opp-1', 'lost') }).when().then();
    expect(decision.opportunity!.events[0]!.data).toMatchObject({ from: 'lost', orderId: 'ord-1' });
  });

  it('an opportunity already won (by hand or another order) stays as it is, still linked', () => {
    const decision = given({ opportunity: opportunityState('opp-1', 'won') }).when().then();
    expect(decision.opportunity).toStrictEqual({ opportunityId: 'opp-1', events: [] });
    expect(decision.order.events[0]!.data).toMatchObject({ opportunityId: 'opp-1' });
  });

  it('amount-priced quotes copy their pricing as is', () => {
    const content = quoteContent({ pricing: { mode: 'amount', amount: '1000', vatRate: '27' }, currency: 'HUF', totals: { net: '1000', vat: [{ rate: '27', base: '1000', vat: '270' }], vatTotal: '270', gross: '1270' } });
    const decision = given({ quote: quote('sent', { content }) }).when().then();
    expect(decision.order.events[0]!.data).toMatchObject({ currency: 'HUF', pricing: content.pricing, totals: content.totals });
  });

  it('numbers past 99 999 take more digits', () => {
    const decision = given({ order: { orderId: 'ord-9', year: 2027, number: 123_456 } }).when().then();
    expect(decision.order.reference).toBe('SO-2027-123456');
  });

  it('the last valid day is still valid', () => {
    const decision = given({ quote: quote('sent', { content: quoteContent({ validUntil: today }) }) }).when().then();
    expect(decision.quote[0]!.data.acceptedExpired).toBe(false);
  });

  it('validity is judged on the tenant’s day, the order dated on the user’s day', () => {
    const lastDay = quote('sent', { content: quoteContent({ validUntil: today }) });
    // The tenant's day is already the 11th: the validity is over, whatever the user's calendar says.
    given({ quote: lastDay, validityDay: '2026-03-11' }).when().thenThrows('conflict', /expired/);
    // The user's day is the 11th but the tenant's still the 10th: valid, the order dated the 11th.
    const decision = given({ quote: lastDay, today: '2026-03-11', validityDay: today }).when().then();
    expect(decision.order.events[0]!.data).toMatchObject({ orderDate: '2026-03-11' });
    expect(decision.opportunity!.events[0]!.data).toMatchObject({ closedOn: '2026-03-11' });
  });

  it('a manager passing allowExpired on a valid quote accepts it normally', () => {
    const decision = given({ allowExpired: true }).when(mara).then();
    expect(decision.quote[0]!.data.acceptedExpired).toBe(false);
  });

  it('a standard user passing allowExpired on a valid quote: the flag is not used, the quote is accepted', () => {
    expect(given({ allowExpired: true }).when(tom).then().quote[0]!.data.acceptedExpired).toBe(false);
  });

  it('a restricted operator accepts their own quote', () => {
    const content = quoteContent({ operatorId: 'rita' });
    expect(given({ quote: quote('sent', { content }) }).when(rita).then().order.events[0]!.data.operatorId).toBe('rita');
  });
});

describe('refusals', () => {
  it('a missing quote is not found', () => {
    given({ quote: null }).when().thenThrows('not_found', /quote not found/);
  });

  it('a quote a restricted user cannot see is not found (not forbidden, not a conflict)', () => {
    given({ quote: quote('accepted') }).when(rita).thenThrows('not_found');
    given().when(rita).thenThrows('not_found');
  });

  it('a draft must be sent first', () => {
    given({ quote: quote('draft') }).when().thenThrows('conflict', /send it first/);
  });

  it('accepting twice is a conflict', () => {
    given({ quote: quote('accepted') }).when().thenThrows('conflict', /already accepted/);
    given({ quote: quote('accepted') }).when(mara).thenThrows('conflict');
  });

  it('accepting a rejected quote is a conflict', () => {
    given({ quote: quote('rejected') }).when().thenThrows('conflict', /rejected/);
    given({ quote: quote('rejected'), allowExpired: true }).when(ada).thenThrows('conflict');
  });

  it('an expired quote is a conflict without allowExpired, whoever asks', () => {
    for (const actor of [olga, mara, ada]) given({ quote: quote('expired') }).when(actor).thenThrows('conflict', /expired/);
  });

  it('a sent quote past validUntil (the job has not run yet) is expired too', () => {
    const stale = quote('sent', { content: quoteContent({ validUntil: '2026-03-09' }) });
    given({ quote: stale }).when().thenThrows('conflict', /valid until 2026-03-09/);
  });

  it('allowExpired by a standard or restricted user is forbidden', () => {
    given({ quote: quote('expired'), allowExpired: true }).when(tom).thenThrows('forbidden');
    const ritas = quote('expired', { content: quoteContent({ operatorId: 'rita' }) });
    given({ quote: ritas, allowExpired: true }).when(rita).thenThrows('forbidden');
  });

  it('allowExpired by a manager or an admin accepts an expired quote, marked as such', () => {
    for (const actor of [mara, ada]) {
      const decision = given({ quote: quote('expired'), allowExpired: true }).when(actor).then();
      expect(decision.quote[0]!.data.acceptedExpired).toBe(true);
      expect(decision.order.events).toHaveLength(1);
    }
    const stale = quote('sent', { content: quoteContent({ validUntil: '2026-01-31' }) });
    expect(given({ quote: stale, allowExpired: true }).when(mara).then().quote[0]!.data.acceptedExpired).toBe(true);
  });

  it('a note longer than 2000 characters names the field', () => {
    const error = given({ note: 'x'.repeat(2_001) }).when().thenThrows('invalid');
    expect(error.issues).toStrictEqual([{ path: 'note', message: 'must be at most 2000 characters' }]);
  });
});

describe('isExpired', () => {
  it('is about the status and validUntil against today', () => {
    expect(isExpired(quote('expired'), today)).toBe(true);
    expect(isExpired(quote('sent', { content: quoteContent({ validUntil: '2026-03-09' }) }), today)).toBe(true);
    expect(isExpired(quote('sent', { content: quoteContent({ validUntil: '2026-03-10' }) }), today)).toBe(false);
    expect(isExpired(quote('draft', { content: quoteContent({ validUntil: '2026-01-01' }) }), today)).toBe(false);
  });
});
