import type { CompanyEvent, CompanyProfile } from '../../events/directory/company-events.ts';
import type { ContactEvent, ContactProfile } from '../../events/directory/contact-events.ts';
import type { LeadEvent, LeadProfile } from '../../events/directory/lead-events.ts';
import type { DecisionContext, Recorded } from '../shared/decider.ts';
import { conflict, DomainError, invalid } from '../shared/errors.ts';
import { companyDecider, type Company } from './company.ts';
import { canSeeOwned } from './company-policy.ts';
import { contactDecider, type Contact } from './contact.ts';
import { canSeeContact } from './contact-policy.ts';
import type { OpportunityEvent } from '../../events/sales/opportunity-events.ts';
import { opportunityDecider } from '../sales/opportunity.ts';
import { unconfigured, withoutRequiredFields, type DirectorySettings } from './directory-settings.ts';
import { existingLead, type LeadState } from './lead-state.ts';

/** A company the duplicate check found for the lead (same normalised name, VAT number or e-mail). */
export interface DuplicateCandidate {
  readonly id: string;
  readonly code: string;
  readonly legalName: string;
}

/**
 * Where the conversion puts the company part: a new company (with the id and the company-code
 * sequence number the caller reserved), or an existing one the caller loaded (null: no events).
 */
export type CompanyTarget =
  | { readonly mode: 'create'; readonly companyId: string; readonly sequence: number }
  | { readonly mode: 'merge'; readonly companyId: string; readonly company: Company | null };

/**
 * Where the person part goes: a new contact (created only when the lead names a person — a
 * company-only lead converts into a company alone), or an existing one (always linked).
 */
export type ContactTarget =
  | { readonly mode: 'create'; readonly contactId: string }
  | { readonly mode: 'merge'; readonly contactId: string; readonly contact: Contact | null };

export interface ConvertLeadData {
  readonly company: CompanyTarget;
  readonly contact: ContactTarget;
  /** Companies the duplicate check found (the caller looks them up; the decision is made here). */
  readonly duplicates: readonly DuplicateCandidate[];
  readonly skipDuplicateCheck?: boolean;
  readonly createOpportunity?: boolean;
  /** The id of the opportunity to open (required with `createOpportunity`). */
  readonly opportunityId?: string;
  /**
   * The settings of the records the conversion writes (catalogues, custom-field definitions). The new
   * company and contact carry no custom-field values yet, so required ones are not enforced here.
   */
  readonly settings?: { readonly company: DirectorySettings; readonly contact: DirectorySettings };
}

/** The duplicate check found companies like the lead's: a 409 that names them. */
export class DuplicatesFoundError extends DomainError {
  readonly candidates: readonly DuplicateCandidate[];

  constructor(candidates: readonly DuplicateCandidate[]) {
    super('conflict', `the lead looks like ${candidates.length} existing compan${candidates.length === 1 ? 'y' : 'ies'}; merge into one or skip the duplicate check`);
    this.name = 'DuplicatesFoundError';
    this.candidates = candidates;
  }
}

const stamp = <E extends { type: string; data: unknown }>(events: readonly E[], context: DecisionContext): Recorded<E>[] =>
  events.map((event) => ({ ...event, at: context.now, actor: context.actor.userId }));

/** The fields of `fill` whose current value is empty (null or an empty list). */
const emptyOnly = <P extends object>(current: P, fill: Partial<P>): Partial<P> =>
  Object.fromEntries(
    Object.entries(fill).filter(([key, value]) => {
      const now = current[key as keyof P] as unknown;
      const empty = now === null || now === undefined || (Array.isArray(now) && now.length === 0);
      const given = value !== null && value !== undefined && !(Array.isArray(value) && value.length === 0);
      return empty && given;
    }),
  ) as Partial<P>;

/** The company part of a lead, as company profile fields. */
const companyPart = (profile: LeadProfile): Partial<CompanyProfile> => ({
  vatNumber: profile.vatNumber,
  addresses: profile.address ? [{ type: 'registered', ...profile.address }] : [],
  phones: profile.phones,
  emails: profile.emails,
  website: profile.website,
  tags: profile.tags,
});

/** Whether the lead names a person (a contact needs a first or a last name). */
const namesPerson = (profile: LeadProfile): boolean => Boolean(profile.firstName?.trim() || profile.lastName?.trim());

/** The person part of a lead, as contact profile fields. */
const contactPart = (profile: LeadProfile): Partial<ContactProfile> => ({
  firstName: profile.firstName,
  lastName: profile.lastName,
  position: profile.position,
  source: profile.source,
  emails: profile.emails,
  phones: profile.phones,
  address: profile.address,
  tags: profile.tags,
});

/** Everything one conversion commits, stream by stream (events may be empty for a merged record). */
export interface ConversionDecision {
  readonly lead: LeadEvent[];
  readonly company: { readonly companyId: string; readonly created: boolean; readonly events: CompanyEvent[]; readonly state: Company };
  /** `null` for a company-only conversion (the lead names no person and no contact was given). */
  readonly contact: { readonly contactId: string; readonly created: boolean; readonly events: ContactEvent[]; readonly state: Contact } | null;
  readonly opportunity: { readonly opportunityId: string; readonly events: OpportunityEvent[] } | null;
}

/**
 * Converts a lead: refusals first (an invisible lead is 404, a converted one 409, an opportunity
 * stub 422, an unknown or invisible target 422, duplicates 409 unless skipped), then the events of
 * the company (registered, or its empty fields filled), the contact (created and linked, or its
 * empty fields filled and linked) and `LeadConverted` — for ONE commit. The company and contact
 * rules are the company and contact deciders' own.
 */
export const decideConversion = (data: ConvertLeadData, state: LeadState, context: DecisionContext): ConversionDecision => {
  const lead = existingLead(state, context);
  if (lead.converted) throw conflict('lead already converted');
  if (data.createOpportunity && !data.opportunityId) throw invalid('createOpportunity', 'no opportunity id was reserved');
  const { actor } = context;
  const withContact = data.contact.mode === 'merge' || namesPerson(lead.profile);

  const target = data.company;
  if (target.mode === 'merge') {
    const { company } = target;
    if (company === null || company.id !== target.companyId || !canSeeOwned(actor, company)) throw invalid('companyId', 'no such company');
  }
  const contactTarget = data.contact;
  if (contactTarget.mode === 'merge') {
    const { contact } = contactTarget;
    if (contact === null || contact.id !== contactTarget.contactId || !canSeeContact(actor, contact)) {
      throw invalid('contactId', 'no such contact');
    }
  }
  if (target.mode === 'create' && !data.skipDuplicateCheck && data.duplicates.length > 0) throw new DuplicatesFoundError(data.duplicates);

  const part = companyPart(lead.profile);
  const companyEvents: CompanyEvent[] =
    target.mode === 'create'
      ? companyDecider.decide(
          {
            type: 'RegisterCompany',
            data: {
              companyId: target.companyId,
              sequence: target.sequence,
              profile: { ...part, legalName: lead.profile.companyName, kind: 'client' },
              responsibleUserId: lead.ownerId,
              accountManagers: [],
              settings: withoutRequiredFields(data.settings?.company ?? unconfigured),
            },
          },
          null,
          context,
        )
      : (() => {
          const fills = emptyOnly(target.company!.profile, part);
          return Object.keys(fills).length > 0
            ? companyDecider.decide({ type: 'UpdateCompany', data: { profile: fills, settings: data.settings?.company ?? unconfigured } }, target.company, context)
            : [];
        })();
  const companyBefore = target.mode === 'create' ? null : target.company;
  const company = stamp(companyEvents, context).reduce(companyDecider.evolve, companyBefore)!;
  const link = { companyId: company.id, company };

  const person = contactPart(lead.profile);
  const contactEvents: ContactEvent[] = !withContact
    ? []
    : contactTarget.mode === 'create'
      ? contactDecider.decide(
          {
            type: 'CreateContact',
            data: {
              contactId: contactTarget.contactId,
              profile: person,
              company: link,
              accountManagers: lead.ownerId ? [lead.ownerId] : [],
              settings: withoutRequiredFields(data.settings?.contact ?? unconfigured),
            },
          },
          null,
          context,
        )
      : (() => {
          const fills = emptyOnly(contactTarget.contact!.profile, person);
          return contactDecider.decide(
            {
              type: 'UpdateContact',
              data: { ...(Object.keys(fills).length > 0 ? { profile: fills } : {}), company: link, settings: data.settings?.contact ?? unconfigured },
            },
            contactTarget.contact,
            context,
          );
        })();
  const contactBefore = contactTarget.mode === 'create' ? null : contactTarget.contact;
  const contact = withContact ? stamp(contactEvents, context).reduce(contactDecider.evolve, contactBefore)! : null;

  const opportunity =
    data.createOpportunity && data.opportunityId
      ? {
          opportunityId: data.opportunityId,
          events: opportunityDecider.decide(
            {
              type: 'OpenOpportunityFromLead',
              data: {
                opportunityId: data.opportunityId,
                title: lead.profile.companyName,
                companyId: company.id,
                contactId: contact?.id ?? null,
                leadId: lead.id,
                ownerId: lead.ownerId,
              },
            },
            null,
            context,
          ),
        }
      : null;

  return {
    lead: [
      {
        type: 'LeadConverted',
        data: {
          leadId: lead.id,
          companyId: company.id,
          contactId: contact?.id ?? null,
          createdCompany: target.mode === 'create',
          createdContact: contact !== null && contactTarget.mode === 'create',
          ...(opportunity ? { opportunityId: opportunity.opportunityId } : {}),
        },
      },
    ],
    opportunity,
    company: { companyId: company.id, created: target.mode === 'create', events: companyEvents, state: company },
    contact: contact && { contactId: contact.id, created: contactTarget.mode === 'create', events: contactEvents, state: contact },
  };
};
