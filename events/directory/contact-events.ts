import { z } from 'zod';
import { defineEvent, type EventOf } from '../define.ts';
import { CustomFieldChanges } from './custom-field-values.ts';
import { Address, Email, Phone } from './company-events.ts';
import { RemovalReason } from './company-events.ts';

const source = 'cronaca.directory';

/** A contact has one address (Polish seed: street, second line, postcode, city, region, country). */
export const ContactAddress = Address.omit({ type: true });
export type ContactAddress = z.infer<typeof ContactAddress>;

export const interactionChannels = ['call', 'email', 'sms', 'fax'] as const;
export const InteractionChannel = z.enum(interactionChannels);
export const interactionDirections = ['inbound', 'outbound'] as const;
export const InteractionDirection = z.enum(interactionDirections);

/** The descriptive data of a contact: what `ContactProfileChanged` may change. */
export const ContactProfile = z.strictObject({
  firstName: z.string().nullable(),
  lastName: z.string().nullable(),
  position: z.string().nullable(),
  stage: z.string().nullable(),
  source: z.string().nullable().describe('Acquisition source'),
  emails: z.array(Email),
  phones: z.array(Phone),
  address: ContactAddress.nullable(),
  tags: z.array(z.string()),
  avatarKey: z.string().nullable(),
});
export type ContactProfile = z.infer<typeof ContactProfile>;

const named = (profile: { firstName: string | null; lastName: string | null }) =>
  Boolean(profile.firstName?.trim() || profile.lastName?.trim());

export const ContactCreated = defineEvent({
  type: 'ContactCreated',
  version: 1,
  source,
  description: 'A contact (a person) was created, with at least a first or a last name; optionally linked to one company.',
  schema: z.strictObject({
    contactId: z.string(),
    profile: ContactProfile.refine(named, { message: 'a contact has a first or a last name', path: ['firstName'] }),
    companyId: z.string().nullable(),
    accountManagers: z.array(z.string()),
  }),
});

export const ContactProfileChanged = defineEvent({
  type: 'ContactProfileChanged',
  version: 1,
  source,
  description: 'Fields of the contact profile changed: each carries its new value (the previous one is in the history).',
  schema: z.strictObject({ contactId: z.string(), changes: ContactProfile.partial() }),
});

export const ContactLinkedToCompany = defineEvent({
  type: 'ContactLinkedToCompany',
  version: 1,
  source,
  description:
    'The contact now belongs to this company. A contact belongs to at most one company: a link replaces the previous one (`previousCompanyId`), with no separate unlink event.',
  schema: z.strictObject({ contactId: z.string(), companyId: z.string(), previousCompanyId: z.string().nullable() }),
});

export const ContactUnlinkedFromCompany = defineEvent({
  type: 'ContactUnlinkedFromCompany',
  version: 1,
  source,
  description: 'The contact no longer belongs to the company it was linked to.',
  schema: z.strictObject({ contactId: z.string(), companyId: z.string() }),
});

export const ContactAccountManagersChanged = defineEvent({
  type: 'ContactAccountManagersChanged',
  version: 1,
  source,
  description: 'Account managers were attached to or detached from the contact.',
  schema: z.strictObject({ contactId: z.string(), added: z.array(z.string()), removed: z.array(z.string()) }),
});

export const ContactInteractionLogged = defineEvent({
  type: 'ContactInteractionLogged',
  version: 1,
  source,
  description: 'A call, e-mail, SMS or fax with the contact was logged (it belongs on the contact timeline).',
  schema: z.strictObject({
    contactId: z.string(),
    interactionId: z.string(),
    channel: InteractionChannel,
    direction: InteractionDirection,
    outcome: z.string().nullable(),
    notes: z.string().nullable(),
    occurredAt: z.iso.datetime(),
  }),
});

export const ContactNoteAdded = defineEvent({
  type: 'ContactNoteAdded',
  version: 1,
  source,
  description: 'A note was left on the contact (it belongs on the contact timeline).',
  schema: z.strictObject({ contactId: z.string(), noteId: z.string(), body: z.string() }),
});

/** A separate event, not a new version of a v1 event: see `CompanyCustomFieldsChanged`. */
export const ContactCustomFieldsChanged = defineEvent({
  type: 'ContactCustomFieldsChanged',
  version: 1,
  source,
  description: "Custom-field values of the contact changed: each key carries its new value, `null` clears it.",
  schema: z.strictObject({ contactId: z.string(), changes: CustomFieldChanges }),
});

/**
 * The Polish seed's "Segmentacja": the segments the contact is in (labels, like a company's). A
 * separate event rather than a v2 of the strict v1 `ContactCreated`/`ContactProfileChanged`: their
 * published schemas and meaning stay; consumers that know nothing of segments skip one type. A
 * creation with segments commits `ContactCreated` and this event together. Carries the whole new set.
 */
export const ContactSegmentsChanged = defineEvent({
  type: 'ContactSegmentsChanged',
  version: 1,
  source,
  description: "The contact's segments (the Polish seed's \"Segmentacja\") changed: the whole new set.",
  schema: z.strictObject({ contactId: z.string(), segments: z.array(z.string()) }),
});

export const ContactAvatarChanged = defineEvent({
  type: 'ContactAvatarChanged',
  version: 1,
  source,
  description: "The contact's picture changed: an image uploaded to the drop bucket under the contact's avatar prefix, checked (type, size) when confirmed.",
  schema: z.strictObject({
    contactId: z.string(),
    key: z.string(),
    contentType: z.enum(['image/png', 'image/jpeg', 'image/webp']),
    size: z.number().int().positive(),
  }),
});

export const ContactRemoved = defineEvent({
  type: 'ContactRemoved',
  version: 1,
  source,
  description: 'The contact was removed by a compensation (an import reverted): it leaves lists and search, its unique values are free again.',
  schema: z.strictObject({ contactId: z.string(), reason: RemovalReason }),
});

export const contactEvents = [
  ContactRemoved,
  ContactCreated,
  ContactProfileChanged,
  ContactLinkedToCompany,
  ContactUnlinkedFromCompany,
  ContactAccountManagersChanged,
  ContactInteractionLogged,
  ContactNoteAdded,
  ContactCustomFieldsChanged,
  ContactAvatarChanged,
  ContactSegmentsChanged,
] as const;

export type ContactEvent = EventOf<(typeof contactEvents)[number]>;
