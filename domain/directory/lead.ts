import type { ContactAddress } from '../../events/directory/contact-events.ts';
import type { LeadEvent, LeadProfile } from '../../events/directory/lead-events.ts';
import type { DecisionContext, Decider, Recorded } from '../shared/decider.ts';
import { sameValue } from '../shared/canonical-json.ts';
import { conflict } from '../shared/errors.ts';
import { applySet, type SetChange } from './set-change.ts';
import * as field from './company-fields.ts';
import { catalogued, customFieldChanges, unconfigured, withCustomFields, type DirectorySettings } from './directory-settings.ts';
import { decideConversion, type ConvertLeadData } from './lead-conversion.ts';
import { existingLead, type LeadState } from './lead-state.ts';

type ProfileInput = Partial<Omit<LeadProfile, 'tags'>> & { tags?: SetChange };

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

export const decide = (command: LeadCommand, state: LeadState, context: DecisionContext): LeadEvent[] => {
  switch (command.type) {
    case 'RemoveLead': {
      const removed = existingLead(state, context);
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
      const lead = existingLead(state, context);
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
      const lead = existingLead(state, context);
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
