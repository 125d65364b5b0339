import { contactDecider, contactName, type Contact, type ContactCommand } from '../../domain/directory/contact.ts';
import type { SetChange } from '../../domain/directory/set-change.ts';
import { canSeeContact } from '../../domain/directory/contact-policy.ts';
import type { RecordReader } from '../shared/record-reads.ts';

/** As its readers see it, a contact is flat: its profile fields next to company, managers and recent timeline. */
export const contactView = (contact: Contact, version: number) => {
  const { profile, ...rest } = contact;
  // `?? []`: list rows written before segments existed lack them until rebuilt.
  return { ...rest, segments: contact.segments ?? [], name: contactName(profile), ...profile, version };
};

export const contactListItem = (contact: Contact, version: number) => ({
  id: contact.id,
  name: contactName(contact.profile),
  firstName: contact.profile.firstName,
  lastName: contact.profile.lastName,
  position: contact.profile.position,
  stage: contact.profile.stage,
  email: contact.profile.emails[0]?.address ?? null,
  phone: contact.profile.phones[0]?.number ?? null,
  city: contact.profile.address?.city ?? null,
  tags: contact.profile.tags,
  segments: contact.segments ?? [],
  companyId: contact.companyId,
  accountManagers: contact.accountManagers,
  updatedAt: contact.updatedAt,
  version,
});

type UpdateData = Extract<ContactCommand, { type: 'UpdateContact' }>['data'];

/** The profile fields a command gives (sets whole or as `{ add, remove }`). */
export type ContactProfileInput = NonNullable<UpdateData['profile']>;

/** A change of a contact: the fields given are changed, `null` clears; a `companyId` replaces the link. */
export type UpdateContactInput = ContactProfileInput & {
  readonly companyId?: string | null | undefined;
  readonly accountManagers?: SetChange | undefined;
  /** Keys given are set; `null` clears. */
  readonly customFields?: Readonly<Record<string, unknown>> | undefined;
};

/** A contact to create: whole sets. */
export type CreateContactInput = Omit<UpdateContactInput, 'accountManagers' | 'tags' | 'segments'> & {
  readonly tags?: readonly string[] | undefined;
  readonly segments?: readonly string[] | undefined;
  readonly accountManagers?: readonly string[] | undefined;
};

/** Splits an input into profile, company link and managers (the company is resolved by the caller). */
export const splitBody = (body: UpdateContactInput) => {
  const { companyId, accountManagers, customFields, ...profile } = body;
  return { profile, companyId, accountManagers, customFields };
};

export const contactReader: RecordReader<Contact> = {
  aggregateType: 'contact',
  decider: contactDecider as RecordReader<Contact>['decider'],
  canSee: canSeeContact,
  label: 'contact',
};
