import type { OpportunityEvent } from '../../events/sales/opportunity-events.ts';
import type { OrderEvent } from '../../events/sales/order-events.ts';
import type { QuoteContent, QuoteEvent, QuoteStatus } from '../../events/sales/quote-events.ts';
import type { DecisionContext } from '../shared/decider.ts';
import { conflict, forbidden, invalid, notFound } from '../shared/errors.ts';
import { orderReference, salesOrderDecider } from './sales-order.ts';
import { decideWinByOrder, type Opportunity } from './opportunity.ts';
import { canSeeQuote } from './quote.ts';

/**
 * What the acceptance reads of a quote (domain/sales/quote.ts's `Quote` has these fields, so it is
 * passed as is; the decision does not depend on the rest of the quote's state).
 */
export interface AcceptableQuote {
  readonly id: string;
  readonly reference: string;
  readonly revision: number;
  readonly status: QuoteStatus;
  readonly content: QuoteContent;
  /** Who drafted it (a restricted user sees the quotes they drafted or operate). */
  readonly createdBy: string;
}

/** The sales order the caller reserved: its new id, and the year's next number (per-tenant, gapless). */
export interface NewOrder {
  readonly orderId: string;
  readonly year: number;
  readonly number: number;
}

export interface AcceptQuoteData {
  /** null: there is no such quote. */
  readonly quote: AcceptableQuote | null;
  /** The quote's opportunity as its stream has it (null: the quote names none, or it does not exist). */
  readonly opportunity: Opportunity | null;
  readonly order: NewOrder;
  /** The acceptance date in the accepting user's time zone: the order date (and its year), the opportunity's close date. */
  readonly today: string;
  /**
   * The acceptance date in the tenant's time zone, against which `validUntil` is compared — the
   * expiry job's rule (domain/sales/sales-time-zone.ts), so a quote the job would expire is expired here.
   */
  readonly validityDay: string;
  /** Accept although the quote's validity has ended: managers and admins only. */
  readonly allowExpired: boolean;
  readonly note: string | null;
}

/** The events of the three streams one acceptance commits together. */
export interface AcceptanceDecision {
  readonly quote: Extract<QuoteEvent, { type: 'QuoteAccepted' }>[];
  readonly order: { readonly orderId: string; readonly reference: string; readonly events: OrderEvent[] };
  readonly opportunity: { readonly opportunityId: string; readonly events: OpportunityEvent[] } | null;
}

const maxNote = 2_000;

/** Whether the quote's validity has ended: expired by the job, or sent and past `validUntil` before the job ran. */
export const isExpired = (quote: AcceptableQuote, validityDay: string): boolean =>
  quote.status === 'expired' || (quote.status === 'sent' && quote.content.validUntil < validityDay);

const mayAcceptExpired = (role: string): boolean => role === 'manager' || role === 'admin';

/**
 * Accepts a quote (API `POST /v1/quotes/{id}/accept`). Refusals first: a missing or invisible quote
 * is not found; a draft must be sent first, an accepted or rejected one is final (conflicts); an
 * expired one is a conflict unless a manager or admin passes `allowExpired` (anyone else passing it
 * for an expired quote is forbidden — the flag is ignored on a quote still valid). Then, for ONE
 * commit: `QuoteAccepted` (locks the quote, links the order), `SalesOrderCreated` (the quote's lines,
 * pricing and totals copied as sent, linked to the quote and its opportunity) and, when the quote has
 * an opportunity, its `OpportunityWon` by this order (the opportunity decider's own rule: nothing when
 * it is already won). The opportunity is won whether or not the accepting user may see it: the quote's
 * link decides, not the user's view of the opportunity.
 */
export const decideAcceptance = (data: AcceptQuoteData, context: DecisionContext): AcceptanceDecision => {
  const { quote, order, today } = data;
  const { actor } = context;
  if (quote === null || !canSeeQuote(actor, quote)) throw notFound('quote not found');
  const note = data.note?.trim() ? data.note.trim() : null;
  if (note !== null && note.length > maxNote) throw invalid('note', `must be at most ${maxNote} characters`);

  switch (quote.status) {
    case 'draft':
      throw conflict('a draft quote cannot be accepted: send it first');
    case 'accepted':
      throw conflict('the quote is already accepted');
    case 'rejected':
      throw conflict('the quote was rejected: revise it to make a new offer');
    default:
      break;
  }
  const expired = isExpired(quote, data.validityDay);
  if (expired) {
    if (!data.allowExpired) throw conflict(`the quote expired (valid until ${quote.content.validUntil}); a manager or admin may accept it with allowExpired`);
    if (!mayAcceptExpired(actor.role)) throw forbidden('only a manager or an admin may accept an expired quote');
  }

  const { content } = quote;
  const reference = orderReference(order.year, order.number);
  const opportunity = content.opportunityId !== null && data.opportunity?.id === content.opportunityId ? data.opportunity : null;
  const opportunityId = opportunity?.id ?? null;

  const orderEvents = salesOrderDecider.decide(
    {
      type: 'CreateSalesOrder',
      data: {
        orderId: order.orderId,
        reference,
        year: order.year,
        number: order.number,
        orderDate: today,
        quoteId: quote.id,
        quoteReference: quote.reference,
        quoteRevision: quote.revision,
        opportunityId,
        party: content.party,
        contact: content.contact,
        operatorId: content.operatorId,
        currency: content.currency,
        pricing: content.pricing,
        totals: content.totals,
        description: content.description,
        campaign: content.campaign,
      },
    },
    null,
    context,
  );

  return {
    quote: [
      {
        type: 'QuoteAccepted',
        data: {
          quoteId: quote.id,
          revision: quote.revision,
          orderId: order.orderId,
          orderReference: reference,
          opportunityId,
          acceptedExpired: expired,
          note,
        },
      },
    ],
    order: { orderId: order.orderId, reference, events: orderEvents },
    opportunity: opportunity
      ? { opportunityId: opportunity.id, events: decideWinByOrder(opportunity, { orderId: order.orderId, quoteId: quote.id, closedOn: today }) }
      : null,
  };
};
