import type { CompanyEvent, CompanyProfile } from '../../events/directory/company-events.ts';
import type { ContactAddress, ContactEvent, ContactProfile } from '../../events/directory/contact-events.ts';
import type { LeadEvent, LeadProfile } from '../../events/directory/lead-events.ts';
import type { Actor } from '../shared/actor.ts';
import type { DecisionContext, Decider, Recorded } from '../shared/decider.ts';
import { sameValue } from '../shared/canonical-json.ts';
import { conflict, DomainError, invalid, notFound } from '../shared/errors.ts';
import { companyDecider, type Company } from './company.ts';
import { applySet, type SetChange } from './set-change.ts';
import { canSeeOwned, isMine } from './company-policy.ts';
import { contactDecider, type Contact } from './contact.ts';
import { canSeeContact } from './contact-policy.ts';
import * as field from './company-fields.ts';
import type { OpportunityEvent } from '../../events/sales/opportunity-events.ts';
import { opportunityDecider } from '../sales/opportunity.ts';
import type { CustomFieldValues } from '../settings/custom-fields.ts';
import { catalogued, customFieldChanges, unconfigured, withCustomFields, withoutRequiredFields, type DirectorySettings } from './directory-settings.ts';

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

type ProfileInput = Partial<Omit<LeadProfile, 'tags'>> & { tags?: SetChange };

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

export type LeadCommand =
  /** A compensation (an import reverted): the lead leaves lists and search and frees its unique values. */
  | { type: 'RemoveLead'; data: { reason: 'import_reverted' } }
  | {
      type: 'CreateLead';
      data: {
        leadId: string;
        profile: ProfileInput & { companyName: string };
        ownerId?: string | null;
        stage?: string | null;
        customFields?: Readonly<Record<string, unknown>>;
        /** The stage, source and position catalogues and lead custom-field definitions. */
        settings?: DirectorySettings;
      };
    }
  | {
      type: 'UpdateLead';
      data: {
        profile?: ProfileInput;
        ownerId?: string | null;
        stage?: string | null;
        /** Keys given are set; `null` clears. */
        customFields?: Readonly<Record<string, unknown>>;
        settings?: DirectorySettings;
      };
    }
  | { type: 'ConvertLead'; data: ConvertLeadData }
  | { type: 'AddNote'; data: { noteId: string; body: string } };

/** The duplicate check found companies like the lead's: a 409 that names them. */
export class DuplicatesFoundError extends DomainError {
  readonly candidates: readonly DuplicateCandidate[];

  constructor(candidates: readonly DuplicateCandidate[]) {
    super('conflict', `the lead looks like ${candidates.length} existing compan${candidates.length === 1 ? 'y' : 'ies'}; merge into one or skip the duplicate check`);
    this.name = 'DuplicatesFoundError';
    this.candidates = candidates;
  }
}

/** Visibility as for companies, the owner standing for the responsible user. */
export const leadOwnership = (lead: Pick<Lead, 'ownerId'>) => ({ responsibleUserId: lead.ownerId, accountManagers: [] as string[] });
export const canSeeLead = (actor: Actor, lead: Pick<Lead, 'ownerId'>): boolean => canSeeOwned(actor, leadOwnership(lead));
export const isMyLead = (actor: Actor, lead: Pick<Lead, 'ownerId'>): boolean => isMine(actor, leadOwnership(lead));

const emptyProfile: LeadProfile = {
  companyName: '',
  vatNumber: null,
  firstName: null,
  lastName: null,
  position: null,
  emails: [],
  phones: [],
  address: null,
  website: null,
  source: null,
  tags: [],
};

const address = (value: ContactAddress | null | undefined): ContactAddress | null => {
  if (value === null || value === undefined) return null;
  const lines = field.addressLines('address', value);
  return Object.keys(lines).length > 0 ? lines : null;
};

/** Validates and normalises every profile field given, on top of `base` (the company field rules). */
const profileFrom = (base: LeadProfile, input: ProfileInput, settings: DirectorySettings): LeadProfile => ({
  companyName: input.companyName === undefined ? base.companyName : field.requiredText('companyName', input.companyName, 200),
  vatNumber: input.vatNumber === undefined ? base.vatNumber : field.vatNumber('vatNumber', input.vatNumber),
  firstName: input.firstName === undefined ? base.firstName : field.optionalText('firstName', input.firstName, 100),
  lastName: input.lastName === undefined ? base.lastName : field.optionalText('lastName', input.lastName, 100),
  // The position becomes the contact's on conversion: the same catalogue applies.
  position:
    input.position === undefined
      ? base.position
      : catalogued(settings, 'positions', 'position', field.optionalText('position', input.position, 100), base.position),
  emails: input.emails === undefined ? base.emails : field.emails('emails', input.emails),
  phones: input.phones === undefined ? base.phones : field.phones('phones', input.phones),
  address: input.address === undefined ? base.address : address(input.address),
  website: input.website === undefined ? base.website : field.website('website', input.website),
  source: input.source === undefined ? base.source : catalogued(settings, 'sources', 'source', field.optionalText('source', input.source, 100), base.source),
  tags: field.labels('tags', applySet(base.tags, input.tags), 50, 50),
});

const existing = (state: LeadState, context: DecisionContext): Lead => {
  if (state === null || !canSeeLead(context.actor, state)) throw notFound('lead not found');
  return state;
};

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
  const lead = existing(state, context);
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

export const decide = (command: LeadCommand, state: LeadState, context: DecisionContext): LeadEvent[] => {
  switch (command.type) {
    case 'RemoveLead': {
      const removed = existing(state, context);
      return [{ type: 'LeadRemoved', data: { leadId: removed.id, reason: command.data.reason } }];
    }
    case 'CreateLead': {
      if (state !== null) throw conflict('lead already exists');
      const { data } = command;
      const created: LeadEvent = {
        type: 'LeadCreated',
        data: {
          leadId: data.leadId,
          profile: profileFrom(emptyProfile, data.profile, data.settings ?? unconfigured),
          ownerId: field.optionalText('ownerId', data.ownerId, 100),
          stage: catalogued(data.settings ?? unconfigured, 'stages', 'stage', field.optionalText('stage', data.stage, 100), null),
        },
      };
      const changes = customFieldChanges((data.settings ?? unconfigured).customFields, {}, data.customFields, true);
      return Object.keys(changes).length > 0 ? [created, { type: 'LeadCustomFieldsChanged', data: { leadId: data.leadId, changes } }] : [created];
    }
    case 'UpdateLead': {
      const lead = existing(state, context);
      const { data } = command;
      const events: LeadEvent[] = [];
      if (data.profile) {
        const next = profileFrom(lead.profile, data.profile, data.settings ?? unconfigured);
        const changes = Object.fromEntries(
          Object.entries(next).filter(([key, value]) => !sameValue(value, lead.profile[key as keyof LeadProfile])),
        );
        if (Object.keys(changes).length > 0) events.push({ type: 'LeadProfileChanged', data: { leadId: lead.id, changes } });
      }
      if (data.ownerId !== undefined) {
        const to = field.optionalText('ownerId', data.ownerId, 100);
        if (to !== lead.ownerId) events.push({ type: 'LeadOwnerChanged', data: { leadId: lead.id, from: lead.ownerId, to } });
      }
      if (data.stage !== undefined) {
        const to = catalogued(data.settings ?? unconfigured, 'stages', 'stage', field.optionalText('stage', data.stage, 100), lead.stage);
        if (to !== lead.stage) events.push({ type: 'LeadStageChanged', data: { leadId: lead.id, from: lead.stage, to } });
      }
      const changes = customFieldChanges((data.settings ?? unconfigured).customFields, lead.customFields, data.customFields, false);
      if (Object.keys(changes).length > 0) events.push({ type: 'LeadCustomFieldsChanged', data: { leadId: lead.id, changes } });
      // A converted lead is a record of what it was: an update that changes nothing (a re-imported
      // export) is not a change, anything else goes to the company or the contact.
      if (lead.converted && events.length > 0) throw conflict('lead is converted; change the company or the contact instead');
      return events;
    }
    case 'ConvertLead':
      return decideConversion(command.data, state, context).lead;
    case 'AddNote': {
      // A converted lead still takes notes: its history goes on with what it produced.
      const lead = existing(state, context);
      return [{ type: 'LeadNoteAdded', data: { leadId: lead.id, noteId: command.data.noteId, body: field.requiredText('body', command.data.body, 4000) } }];
    }
  }
};

export const evolve = (state: LeadState, event: Recorded<LeadEvent>): LeadState => {
  if (event.type === 'LeadCreated') {
    const { data } = event;
    return {
      id: data.leadId,
      profile: data.profile,
      ownerId: data.ownerId,
      stage: data.stage,
      customFields: {},
      noteCount: 0,
      converted: null,
      createdBy: event.actor,
      createdAt: event.at,
      updatedAt: event.at,
    };
  }
  if (event.type === 'LeadRemoved') return null;
  if (state === null) return state;
  const at = event.at;
  switch (event.type) {
    case 'LeadProfileChanged':
      return { ...state, profile: { ...state.profile, ...event.data.changes }, updatedAt: at };
    case 'LeadOwnerChanged':
      return { ...state, ownerId: event.data.to, updatedAt: at };
    case 'LeadStageChanged':
      return { ...state, stage: event.data.to, updatedAt: at };
    case 'LeadConverted': {
      const { companyId, contactId, createdCompany, createdContact, opportunityId } = event.data;
      return {
        ...state,
        converted: { companyId, contactId, createdCompany, createdContact, opportunityId: opportunityId ?? null, at, by: event.actor },
        updatedAt: at,
      };
    }
    case 'LeadCustomFieldsChanged':
      // `?? {}`: list rows written before custom fields existed lack the map until rebuilt.
      return { ...state, customFields: withCustomFields(state.customFields ?? {}, event.data.changes), updatedAt: at };
    case 'LeadNoteAdded':
      return { ...state, noteCount: (state.noteCount ?? 0) + 1, updatedAt: at };
  }
};

export const leadDecider: Decider<LeadCommand, LeadState, LeadEvent> = { initialState: null, decide, evolve };
