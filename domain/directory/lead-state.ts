import type { LeadProfile } from '../../events/directory/lead-events.ts';
import type { Actor } from '../shared/actor.ts';
import type { DecisionContext } from '../shared/decider.ts';
import { notFound } from '../shared/errors.ts';
import { canSeeOwned, isMine } from './company-policy.ts';
import type { CustomFieldValues } from '../settings/custom-fields.ts';

// The lead's state and who may see it, apart from its decider: both the lifecycle decider (lead.ts)
// and the conversion decision (lead-conversion.ts) read them, and lead.ts delegates ConvertLead to
// lead-conversion.ts, so keeping them in either file would make an import circle.

/** What the lead produced when it was converted. */
export interface LeadConversion {
  readonly companyId: string;
  /** `null`: the lead named no person and no contact was given, so it became a company alone. */
  readonly contactId: string | null;
  readonly createdCompany: boolean;
  readonly createdContact: boolean;
  /** The opportunity stub opened with the conversion, if one was asked for. */
  readonly opportunityId: string | null;
  readonly at: string;
  readonly by: string;
}

export interface Lead {
  readonly id: string;
  readonly profile: LeadProfile;
  readonly ownerId: string | null;
  readonly stage: string | null;
  /** Values of the tenant's lead custom fields (cleared ones are absent). */
  readonly customFields: CustomFieldValues;
  /** Notes left on the lead; the notes themselves are on its timeline (and in its history). */
  readonly noteCount: number;
  readonly converted: LeadConversion | null;
  readonly createdBy: string;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export type LeadState = Lead | null;

/** Visibility as for companies, the owner standing for the responsible user. */
export const leadOwnership = (lead: Pick<Lead, 'ownerId'>) => ({ responsibleUserId: lead.ownerId, accountManagers: [] as string[] });
export const canSeeLead = (actor: Actor, lead: Pick<Lead, 'ownerId'>): boolean => canSeeOwned(actor, leadOwnership(lead));
export const isMyLead = (actor: Actor, lead: Pick<Lead, 'ownerId'>): boolean => isMine(actor, leadOwnership(lead));

/** The lead, if there is one and the actor may see it (an invisible lead is as good as none: 404). */
export const existingLead = (state: LeadState, context: DecisionContext): Lead => {
  if (state === null || !canSeeLead(context.actor, state)) throw notFound('lead not found');
  return state;
};
