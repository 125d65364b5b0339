import type { OpportunityEvent } from '../../events/sales/opportunity-events.ts';
import type { QuoteContent } from '../../events/sales/quote-events.ts';
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
