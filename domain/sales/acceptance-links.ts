import type { OpportunityEvent } from '../../events/sales/opportunity-events.ts';
import type { QuoteContent, QuoteEvent, QuoteStatus } from '../../events/sales/quote-events.ts';
import type { Recorded } from '../shared/decider.ts';
import type { Actor } from '../shared/actor.ts';
import { conflict } from '../shared/errors.ts';

/**
 * TEMPORARY (until wp13-quote and wp13-opp are merged): what the acceptance needs from the quote and
 * opportunity modules, with the same names and shapes, so that the switch is an import change.
 */

export interface WinnableOpportunity {
  readonly id: string;
  readonly status: 'open' | 'won' | 'lost';
}

export const canSeeQuote = (actor: Actor, quote: { readonly content: Pick<QuoteContent, 'operatorId'> }): boolean =>
  actor.role !== 'restricted' || quote.content.operatorId === actor.userId;

export const decideWinByOrder = (
  opportunity: WinnableOpportunity,
  win: { readonly orderId: string; readonly quoteId: string; readonly closedOn: string },
): OpportunityEvent[] => {
  if (opportunity.status === 'won') throw conflict('the opportunity is already won');
  return [
    {
      type: 'OpportunityWon',
      data: { opportunityId: opportunity.id, orderId: win.orderId, quoteId: win.quoteId, note: null, from: opportunity.status, closedOn: win.closedOn },
    },
  ];
};

/** The quote as far as the acceptance reads it (private fold; domain/sales/quote.ts's `Quote` replaces it). */
export interface LinkedQuote {
  readonly id: string;
  readonly reference: string;
  readonly revision: number;
  readonly status: QuoteStatus;
  readonly content: QuoteContent;
  readonly orderId: string | null;
}

export const quoteFold = {
  initialState: null as LinkedQuote | null,
  evolve: (state: LinkedQuote | null, event: Recorded<QuoteEvent>): LinkedQuote | null => {
    if (event.type === 'QuoteDrafted') {
      const { data } = event;
      return { id: data.quoteId, reference: data.reference, revision: 1, status: 'draft', content: data.content, orderId: null };
    }
    if (state === null) return state;
    switch (event.type) {
      case 'QuoteEdited':
        return { ...state, content: event.data.content };
      case 'QuoteSent':
        return { ...state, status: 'sent' };
      case 'QuoteAccepted':
        return { ...state, status: 'accepted', orderId: event.data.orderId };
      case 'QuoteRejected':
        return { ...state, status: 'rejected' };
      case 'QuoteExpired':
        return { ...state, status: 'expired' };
      case 'QuoteRevised':
        return { ...state, status: 'draft', revision: event.data.revision };
      default:
        return state;
    }
  },
};

/** The opportunity's status (private fold; domain/sales/opportunity.ts's decider replaces it). */
export const opportunityFold = {
  initialState: null as WinnableOpportunity | null,
  evolve: (state: WinnableOpportunity | null, event: Recorded<OpportunityEvent>): WinnableOpportunity | null => {
    switch (event.type) {
      case 'OpportunityCreated':
        return { id: event.data.opportunityId, status: 'open' };
      case 'OpportunityWon':
        return state && { ...state, status: 'won' };
      case 'OpportunityLost':
        return state && { ...state, status: 'lost' };
      case 'OpportunityReopened':
        return state && { ...state, status: 'open' };
      default:
        return state;
    }
  },
};
