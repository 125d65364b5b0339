import type { OpportunityEvent, OpportunityFields } from '../../events/sales/opportunity-events.ts';
import { localDateOf } from '../activities/local-time.ts';
import { canSeeOwned } from '../directory/company-policy.ts';
import { catalogueAccepts, defaultCatalogues, type Catalogue } from '../settings/catalogues.ts';
import type { Actor } from '../shared/actor.ts';
import type { DecisionContext, Decider, Recorded } from '../shared/decider.ts';
import { conflict, invalid, notFound } from '../shared/errors.ts';
import { changedFields, openingFields, optionalText, requiredText, type OpportunityInput } from './opportunity-fields.ts';

export type { OpportunityInput } from './opportunity-fields.ts';

export type OpportunityStatus = 'open' | 'won' | 'lost';

/** How a won opportunity was won: by hand (a note) or by a quote accepted into a sales order. */
export interface OpportunityWonDetails {
  readonly orderId: string | null;
  readonly quoteId: string | null;
  readonly note: string | null;
  readonly closedOn: string;
}

export interface OpportunityLostDetails {
  readonly reason: string;
  readonly note: string | null;
  readonly closedOn: string;
}

/**
 * An opportunity: the fields a user edits (`OpportunityFields`: parties, pricing and its net
 * `amount`, currency, probability, stage, owner, …), where it came from (`leadId`) and its outcome.
 * `closedOn` is the local date it was won or lost (null while open).
 */
export interface Opportunity extends OpportunityFields {
  readonly id: string;
  readonly leadId: string | null;
  readonly status: OpportunityStatus;
  readonly won: OpportunityWonDetails | null;
  readonly lost: OpportunityLostDetails | null;
  readonly closedOn: string | null;
  readonly createdBy: string;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export type OpportunityState = Opportunity | null;

/**
 * `timeZone`: the acting user's IANA zone (from their profile), so `closedOn` is the date on their
 * calendar when they closed it; null when unknown: the UTC date.
 */
export type OpportunityCommand =
  | {
      type: 'OpenOpportunity';
      data: { opportunityId: string; input: OpportunityInput; stages?: Catalogue };
    }
  | {
      type: 'OpenOpportunityFromLead';
      data: { opportunityId: string; title: string; companyId: string; contactId: string | null; leadId: string; ownerId: string | null };
    }
  | { type: 'UpdateOpportunity'; data: { input: OpportunityInput; stages?: Catalogue } }
  | { type: 'WinOpportunity'; data: { orderId?: string | null; note?: string | null; timeZone?: string | null } }
  | { type: 'LoseOpportunity'; data: { reason: string; note?: string | null; timeZone?: string | null; lossReasons?: Catalogue } }
  | { type: 'ReopenOpportunity'; data: { reason?: string | null } };

/** Visibility as for companies, the owner standing for the responsible user: restricted users see theirs and unassigned ones. */
export const canSeeOpportunity = (actor: Actor, opportunity: Pick<Opportunity, 'ownerId'>): boolean =>
  canSeeOwned(actor, { responsibleUserId: opportunity.ownerId, accountManagers: [] });

/** The opportunity as the actor may act on it: 404 when absent or invisible to them. */
const existing = (state: OpportunityState, context: DecisionContext): Opportunity => {
  if (state === null || !canSeeOpportunity(context.actor, state)) throw notFound('opportunity not found');
  return state;
};

/** The local date of `now` on the actor's calendar (UTC when their zone is unknown or not a zone). */
const closedOn = (now: string, timeZone: string | null | undefined): string => {
  try {
    return localDateOf(now, timeZone ?? 'UTC');
  } catch {
    return localDateOf(now, 'UTC');
  }
};

/**
 * Winning by an accepted quote (helper of the quote acceptance, in the commit that accepts the quote
 * and creates the order): an open or lost opportunity is won with the order; an already won one is
 * left as it is (its first win stands).
 */
export const decideWinByOrder = (
  opportunity: Opportunity,
  win: { readonly orderId: string; readonly quoteId: string; readonly closedOn: string },
): OpportunityEvent[] =>
  opportunity.status === 'won'
    ? []
    : [
        {
          type: 'OpportunityWon',
          data: { opportunityId: opportunity.id, orderId: win.orderId, quoteId: win.quoteId, note: null, from: opportunity.status, closedOn: win.closedOn },
        },
      ];

export const decide = (command: OpportunityCommand, state: OpportunityState, context: DecisionContext): OpportunityEvent[] => {
  switch (command.type) {
    case 'OpenOpportunity': {
      if (state !== null) throw conflict('opportunity already exists');
      const { opportunityId, input, stages } = command.data;
      const fields = openingFields(input, { ownerId: context.actor.userId, stages: stages ?? defaultCatalogues.stages });
      return [{ type: 'OpportunityCreated', data: { opportunityId, ...fields, leadId: null } }];
    }
    case 'OpenOpportunityFromLead': {
      if (state !== null) throw conflict('opportunity already exists');
      const { data } = command;
      return [
        {
          type: 'OpportunityCreated',
          data: {
            opportunityId: data.opportunityId,
            title: requiredText('title', data.title, 200),
            parties: [{ kind: 'company', id: data.companyId }],
            contactId: data.contactId,
            leadId: data.leadId,
            pricing: null,
            amount: null,
            currency: null,
            probability: null,
            stage: 'new',
            expectedCloseDate: null,
            ownerId: data.ownerId,
            partners: [],
            competitors: [],
            campaign: null,
            description: null,
          },
        },
      ];
    }
    case 'UpdateOpportunity': {
      const opportunity = existing(state, context);
      if (opportunity.status !== 'open') throw conflict(`a ${opportunity.status} opportunity cannot be changed: reopen it first`);
      const changes = changedFields(opportunity, command.data.input, command.data.stages ?? defaultCatalogues.stages);
      return Object.keys(changes).length === 0 ? [] : [{ type: 'OpportunityUpdated', data: { opportunityId: opportunity.id, changes } }];
    }
    case 'WinOpportunity': {
      const opportunity = existing(state, context);
      if (opportunity.status !== 'open') throw conflict(`only an open opportunity can be won; this one is ${opportunity.status}`);
      const { data } = command;
      return [
        {
          type: 'OpportunityWon',
          data: {
            opportunityId: opportunity.id,
            orderId: optionalText('orderId', data.orderId, 100),
            quoteId: null,
            note: optionalText('note', data.note, 2_000),
            from: 'open',
            closedOn: closedOn(context.now, data.timeZone),
          },
        },
      ];
    }
    case 'LoseOpportunity': {
      const opportunity = existing(state, context);
      if (opportunity.status !== 'open') throw conflict(`only an open opportunity can be lost; this one is ${opportunity.status}`);
      const { data } = command;
      const reasons = data.lossReasons ?? defaultCatalogues['loss-reasons'];
      const reason = requiredText('reason', data.reason, 100);
      if (!catalogueAccepts(reasons, reason)) {
        throw invalid('reason', `must be an active value of the loss-reasons catalogue (${reasons.entries.filter((e) => e.active).map((e) => e.value).join(', ')})`);
      }
      return [
        {
          type: 'OpportunityLost',
          data: { opportunityId: opportunity.id, reason, note: optionalText('note', data.note, 2_000), closedOn: closedOn(context.now, data.timeZone) },
        },
      ];
    }
    case 'ReopenOpportunity': {
      const opportunity = existing(state, context);
      if (opportunity.status === 'open') throw conflict('only a won or lost opportunity can be reopened; this one is open');
      return [
        { type: 'OpportunityReopened', data: { opportunityId: opportunity.id, from: opportunity.status, reason: optionalText('reason', command.data.reason, 2_000) } },
      ];
    }
  }
};

const touch = (opportunity: Opportunity, at: string, change: Partial<Opportunity>): Opportunity => ({ ...opportunity, ...change, updatedAt: at });

export const evolve = (state: OpportunityState, event: Recorded<OpportunityEvent>): OpportunityState => {
  if (event.type === 'OpportunityCreated') {
    const { opportunityId, ...fields } = event.data;
    return {
      ...fields,
      id: opportunityId,
      status: 'open',
      won: null,
      lost: null,
      closedOn: null,
      createdBy: event.actor,
      createdAt: event.at,
      updatedAt: event.at,
    };
  }
  // Later events of an opportunity never created cannot be in a valid log; ignore rather than crash.
  if (state === null) return state;
  switch (event.type) {
    case 'OpportunityUpdated':
      return touch(state, event.at, event.data.changes);
    case 'OpportunityWon': {
      const { orderId, quoteId, note, closedOn: on } = event.data;
      return touch(state, event.at, { status: 'won', won: { orderId, quoteId, note, closedOn: on }, lost: null, closedOn: on });
    }
    case 'OpportunityLost': {
      const { reason, note, closedOn: on } = event.data;
      return touch(state, event.at, { status: 'lost', lost: { reason, note, closedOn: on }, won: null, closedOn: on });
    }
    case 'OpportunityReopened':
      return touch(state, event.at, { status: 'open', won: null, lost: null, closedOn: null });
  }
};

export const opportunityDecider: Decider<OpportunityCommand, OpportunityState, OpportunityEvent> = {
  initialState: null,
  decide,
  evolve,
};
