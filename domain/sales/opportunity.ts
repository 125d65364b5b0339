import type { OpportunityEvent } from '../../events/sales/opportunity-events.ts';
import type { Actor } from '../shared/actor.ts';
import type { Decider, Recorded } from '../shared/decider.ts';
import { conflict } from '../shared/errors.ts';
import { canSeeOwned } from '../directory/company-policy.ts';
import { requiredText } from '../directory/company-fields.ts';

/**
 * The opportunity stub a lead conversion may open: title, company, contact, the lead, stage `new`.
 * The sales context extends it (amounts, stages, won/lost, quotes).
 */
export interface Opportunity {
  readonly id: string;
  readonly title: string;
  readonly companyId: string;
  /** `null`: a company only (a company-only lead's conversion). */
  readonly contactId: string | null;
  readonly leadId: string | null;
  readonly stage: string;
  readonly ownerId: string | null;
  readonly createdBy: string;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export type OpportunityState = Opportunity | null;

export type OpportunityCommand = {
  type: 'OpenOpportunityFromLead';
  data: { opportunityId: string; title: string; companyId: string; contactId: string | null; leadId: string; ownerId: string | null };
};

/** Visibility as for companies, the owner standing for the responsible user. */
export const canSeeOpportunity = (actor: Actor, opportunity: Pick<Opportunity, 'ownerId'>): boolean =>
  canSeeOwned(actor, { responsibleUserId: opportunity.ownerId, accountManagers: [] });

export const opportunityDecider: Decider<OpportunityCommand, OpportunityState, OpportunityEvent> = {
  initialState: null,
  decide: (command, state) => {
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
  },
  evolve: (state, event: Recorded<OpportunityEvent>) => {
    if (event.type !== 'OpportunityCreated') return state;
    const { data } = event;
    return {
      id: data.opportunityId,
      title: data.title,
      companyId: data.parties.find((party) => party.kind === 'company')?.id ?? '',
      contactId: data.contactId,
      leadId: data.leadId,
      stage: data.stage,
      ownerId: data.ownerId,
      createdBy: event.actor,
      createdAt: event.at,
      updatedAt: event.at,
    };
  },
};
