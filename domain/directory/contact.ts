import type { ContactAddress, ContactEvent, ContactProfile } from '../../events/directory/contact-events.ts';
import type { DecisionContext, Decider, Recorded } from '../shared/decider.ts';
import { sameValue } from '../shared/canonical-json.ts';
import { conflict, invalid, notFound } from '../shared/errors.ts';
import type { Company } from './company.ts';
import { applySet, managersAfter, type SetChange } from './set-change.ts';
import { canSeeOwned } from './company-policy.ts';
import { canSeeContact } from './contact-policy.ts';
import * as field from './company-fields.ts';
import { avatarKeyPrefix, confirmedAvatar, type UploadedObject } from './contact-avatar.ts';
import type { CustomFieldValues } from '../settings/custom-fields.ts';
import { catalogued, customFieldChanges, unconfigured, withCustomFields, type DirectorySettings } from './directory-settings.ts';

type InteractionData = Extract<ContactEvent, { type: 'ContactInteractionLogged' }>['data'];

export interface Interaction {
  readonly id: string;
  readonly channel: InteractionData['channel'];
  readonly direction: InteractionData['direction'];
  readonly outcome: string | null;
  readonly notes: string | null;
  readonly occurredAt: string;
  readonly loggedBy: string;
  readonly loggedAt: string;
}

export interface Note {
  readonly id: string;
  readonly body: string;
  readonly author: string;
  readonly at: string;
}

export interface Contact {
  readonly id: string;
  readonly profile: ContactProfile;
  readonly companyId: string | null;
  readonly accountManagers: readonly string[];
  /** The Polish seed's "Segmentacja" (`ContactSegmentsChanged`); list rows written before lack it until rebuilt. */
  readonly segments: readonly string[];
  /** Values of the tenant's contact custom fields (cleared ones are absent). */
  readonly customFields: CustomFieldValues;
  /**
   * The latest interactions and notes, newest first, at most `recentLimit` of each, with the totals.
   * The full timeline is a read model of its own (it comes with activities); the log keeps everything.
   */
  readonly recentInteractions: readonly Interaction[];
  readonly interactionCount: number;
  readonly recentNotes: readonly Note[];
  readonly noteCount: number;
  readonly createdBy: string;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export type ContactState = Contact | null;

export const recentLimit = 50;

/** The profile fields of a command, plus `segments` (set apart from the profile: its own event). */
type ProfileInput = Partial<Omit<ContactProfile, 'tags' | 'avatarKey'>> & { tags?: SetChange; segments?: SetChange };

const segmentsOf = (current: readonly string[], change: SetChange | undefined) => field.labels('segments', applySet(current, change), 50, 100);

/**
 * The company a command links the contact to, as the caller loaded it from its stream (null when it
 * has no events): the decider checks it exists and that the actor may see it, and stays pure.
 */
export interface CompanyLink {
  readonly companyId: string;
  readonly company: Company | null;
}

export type ContactCommand =
  /** A compensation (an import reverted): the contact leaves lists and search and frees its unique values. */
  | { type: 'RemoveContact'; data: { reason: 'import_reverted' } }
  | {
      type: 'CreateContact';
      data: {
        contactId: string;
        profile: ProfileInput;
        company?: CompanyLink | null;
        accountManagers?: readonly string[];
        customFields?: Readonly<Record<string, unknown>>;
        /** The stage, source and position catalogues and contact custom-field definitions. */
        settings?: DirectorySettings;
      };
    }
  | {
      type: 'UpdateContact';
      data: {
        profile?: ProfileInput;
        /** A link (replacing any other: one company per contact) or `null` to unlink. */
        company?: CompanyLink | null;
        accountManagers?: SetChange;
        /** Keys given are set; `null` clears. */
        customFields?: Readonly<Record<string, unknown>>;
        settings?: DirectorySettings;
      };
    }
  | {
      type: 'LogInteraction';
      data: {
        interactionId: string;
        channel: InteractionData['channel'];
        direction: InteractionData['direction'];
        outcome?: string | null;
        notes?: string | null;
        /** Defaults to now; never in the future (a few minutes of clock skew allowed). */
        occurredAt?: string;
      };
    }
  | { type: 'AddNote'; data: { noteId: string; body: string } }
  | {
      type: 'ChangeAvatar';
      /** The key the client uploaded to and what S3 reports about the object there (HEAD), looked up by the caller. */
      data: { key: string; uploaded: UploadedObject | null };
    };

const emptyProfile: ContactProfile = {
  firstName: null,
  lastName: null,
  position: null,
  stage: null,
  source: null,
  emails: [],
  phones: [],
  address: null,
  tags: [],
  avatarKey: null,
};

/** A person's display name: "first last", or whichever of the two there is. */
export const contactName = (profile: Pick<ContactProfile, 'firstName' | 'lastName'>): string =>
  [profile.firstName, profile.lastName].filter((n): n is string => n !== null).join(' ');

const address = (value: ContactAddress | null | undefined): ContactAddress | null => {
  if (value === null || value === undefined) return null;
  const lines = field.addressLines('address', value);
  return Object.keys(lines).length > 0 ? lines : null;
};

/** Validates and normalises every profile field given, on top of `base`; a contact keeps a name. */
const profileFrom = (base: ContactProfile, input: ProfileInput, settings: DirectorySettings): ContactProfile => {
  const profile: ContactProfile = {
    firstName: input.firstName === undefined ? base.firstName : field.optionalText('firstName', input.firstName, 100),
    lastName: input.lastName === undefined ? base.lastName : field.optionalText('lastName', input.lastName, 100),
    position:
      input.position === undefined
        ? base.position
        : catalogued(settings, 'positions', 'position', field.optionalText('position', input.position, 100), base.position),
    stage: input.stage === undefined ? base.stage : catalogued(settings, 'stages', 'stage', field.optionalText('stage', input.stage, 100), base.stage),
    source:
      input.source === undefined ? base.source : catalogued(settings, 'sources', 'source', field.optionalText('source', input.source, 100), base.source),
    emails: input.emails === undefined ? base.emails : field.emails('emails', input.emails),
    phones: input.phones === undefined ? base.phones : field.phones('phones', input.phones),
    address: input.address === undefined ? base.address : address(input.address),
    tags: field.labels('tags', applySet(base.tags, input.tags), 50, 50),
    avatarKey: base.avatarKey,
  };
  if (profile.firstName === null && profile.lastName === null) throw invalid('firstName', 'give a first or a last name');
  return profile;
};

const userIds = (path: string, values: readonly string[]) => field.labels(path, values, 20, 100);


const existing = (state: ContactState, context: DecisionContext): Contact => {
  if (state === null || !canSeeContact(context.actor, state)) throw notFound('contact not found');
  return state;
};

/**
 * The company to link to: it must exist and be visible to the actor. Both refusals read the same, so
 * a restricted user learns nothing about companies they cannot see.
 */
const linkable = (link: CompanyLink, context: DecisionContext): string => {
  const companyId = field.requiredText('companyId', link.companyId, 100);
  const { company } = link;
  if (company === null || company.id !== companyId || !canSeeOwned(context.actor, company)) {
    throw invalid('companyId', 'no such company');
  }
  return companyId;
};

/** Clock skew tolerated on `occurredAt`. */
const skewMs = 5 * 60_000;

export const decide = (command: ContactCommand, state: ContactState, context: DecisionContext): ContactEvent[] => {
  switch (command.type) {
    case 'RemoveContact': {
      const removed = existing(state, context);
      return [{ type: 'ContactRemoved', data: { contactId: removed.id, reason: command.data.reason } }];
    }
    case 'CreateContact': {
      if (state !== null) throw conflict('contact already exists');
      const { data } = command;
      const created: ContactEvent = {
        type: 'ContactCreated',
        data: {
          contactId: data.contactId,
          profile: profileFrom(emptyProfile, data.profile, data.settings ?? unconfigured),
          companyId: data.company ? linkable(data.company, context) : null,
          accountManagers: userIds('accountManagers', data.accountManagers ?? []),
        },
      };
      const events: ContactEvent[] = [created];
      const segments = segmentsOf([], data.profile.segments);
      if (segments.length > 0) events.push({ type: 'ContactSegmentsChanged', data: { contactId: data.contactId, segments } });
      const changes = customFieldChanges((data.settings ?? unconfigured).customFields, {}, data.customFields, true);
      if (Object.keys(changes).length > 0) events.push({ type: 'ContactCustomFieldsChanged', data: { contactId: data.contactId, changes } });
      return events;
    }
    case 'UpdateContact': {
      const contact = existing(state, context);
      const { data } = command;
      const events: ContactEvent[] = [];
      if (data.profile) {
        const next = profileFrom(contact.profile, data.profile, data.settings ?? unconfigured);
        const changes = Object.fromEntries(
          Object.entries(next).filter(([key, value]) => !sameValue(value, contact.profile[key as keyof ContactProfile])),
        );
        if (Object.keys(changes).length > 0) events.push({ type: 'ContactProfileChanged', data: { contactId: contact.id, changes } });
        if (data.profile.segments !== undefined) {
          const current = contact.segments ?? [];
          const segments = segmentsOf(current, data.profile.segments);
          if (!sameValue(segments, current)) events.push({ type: 'ContactSegmentsChanged', data: { contactId: contact.id, segments } });
        }
      }
      if (data.company === null && contact.companyId !== null) {
        events.push({ type: 'ContactUnlinkedFromCompany', data: { contactId: contact.id, companyId: contact.companyId } });
      } else if (data.company && data.company.companyId.trim() !== contact.companyId) {
        const companyId = linkable(data.company, context);
        events.push({ type: 'ContactLinkedToCompany', data: { contactId: contact.id, companyId, previousCompanyId: contact.companyId } });
      }
      if (data.accountManagers !== undefined) {
        const next = userIds('accountManagers', applySet(contact.accountManagers, data.accountManagers));
        const added = next.filter((m) => !contact.accountManagers.includes(m));
        const removed = contact.accountManagers.filter((m) => !next.includes(m));
        if (added.length || removed.length) {
          events.push({ type: 'ContactAccountManagersChanged', data: { contactId: contact.id, added, removed } });
        }
      }
      const changes = customFieldChanges((data.settings ?? unconfigured).customFields, contact.customFields, data.customFields, false);
      if (Object.keys(changes).length > 0) events.push({ type: 'ContactCustomFieldsChanged', data: { contactId: contact.id, changes } });
      return events;
    }
    case 'LogInteraction': {
      const contact = existing(state, context);
      const { data } = command;
      const occurred = Date.parse(data.occurredAt ?? context.now);
      if (Number.isNaN(occurred)) throw invalid('occurredAt', 'is not a date-time');
      if (occurred > Date.parse(context.now) + skewMs) throw invalid('occurredAt', 'must not be in the future');
      return [
        {
          type: 'ContactInteractionLogged',
          data: {
            contactId: contact.id,
            interactionId: data.interactionId,
            channel: data.channel,
            direction: data.direction,
            outcome: field.optionalText('outcome', data.outcome, 100),
            notes: field.optionalText('notes', data.notes, 4000),
            occurredAt: new Date(occurred).toISOString(),
          },
        },
      ];
    }
    case 'ChangeAvatar': {
      const contact = existing(state, context);
      const avatar = confirmedAvatar(avatarKeyPrefix(context.actor.tenant, contact.id), command.data.key, command.data.uploaded);
      if (avatar.key === contact.profile.avatarKey) return [];
      return [{ type: 'ContactAvatarChanged', data: { contactId: contact.id, ...avatar } }];
    }
    case 'AddNote': {
      const contact = existing(state, context);
      return [
        {
          type: 'ContactNoteAdded',
          data: { contactId: contact.id, noteId: command.data.noteId, body: field.requiredText('body', command.data.body, 4000) },
        },
      ];
    }
  }
};

/** Newest first (interactions by when they happened), at most `recentLimit`. */
const recentInteractions = (list: readonly Interaction[], added: Interaction): Interaction[] =>
  [added, ...list]
    .toSorted((a, b) => b.occurredAt.localeCompare(a.occurredAt) || b.loggedAt.localeCompare(a.loggedAt))
    .slice(0, recentLimit);

export const evolve = (state: ContactState, event: Recorded<ContactEvent>): ContactState => {
  if (event.type === 'ContactCreated') {
    const { data } = event;
    return {
      id: data.contactId,
      profile: data.profile,
      companyId: data.companyId,
      accountManagers: data.accountManagers,
      segments: [],
      customFields: {},
      recentInteractions: [],
      interactionCount: 0,
      recentNotes: [],
      noteCount: 0,
      createdBy: event.actor,
      createdAt: event.at,
      updatedAt: event.at,
    };
  }
  if (event.type === 'ContactRemoved') return null;
  if (state === null) return state;
  const at = event.at;
  switch (event.type) {
    case 'ContactProfileChanged':
      return { ...state, profile: { ...state.profile, ...event.data.changes }, updatedAt: at };
    case 'ContactLinkedToCompany':
      return { ...state, companyId: event.data.companyId, updatedAt: at };
    case 'ContactUnlinkedFromCompany':
      return { ...state, companyId: null, updatedAt: at };
    case 'ContactAccountManagersChanged':
      return { ...state, accountManagers: managersAfter(state.accountManagers, event.data), updatedAt: at };
    case 'ContactInteractionLogged': {
      const { data } = event;
      const interaction: Interaction = {
        id: data.interactionId,
        channel: data.channel,
        direction: data.direction,
        outcome: data.outcome,
        notes: data.notes,
        occurredAt: data.occurredAt,
        loggedBy: event.actor,
        loggedAt: at,
      };
      return {
        ...state,
        recentInteractions: recentInteractions(state.recentInteractions, interaction),
        interactionCount: state.interactionCount + 1,
        updatedAt: at,
      };
    }
    case 'ContactNoteAdded': {
      const note: Note = { id: event.data.noteId, body: event.data.body, author: event.actor, at };
      return { ...state, recentNotes: [note, ...state.recentNotes].slice(0, recentLimit), noteCount: state.noteCount + 1, updatedAt: at };
    }
    case 'ContactAvatarChanged':
      return { ...state, profile: { ...state.profile, avatarKey: event.data.key }, updatedAt: at };
    case 'ContactSegmentsChanged':
      return { ...state, segments: event.data.segments, updatedAt: at };
    case 'ContactCustomFieldsChanged':
      // `?? {}`: list rows written before custom fields existed lack the map until rebuilt.
      return { ...state, customFields: withCustomFields(state.customFields ?? {}, event.data.changes), updatedAt: at };
  }
};

export const contactDecider: Decider<ContactCommand, ContactState, ContactEvent> = { initialState: null, decide, evolve };
