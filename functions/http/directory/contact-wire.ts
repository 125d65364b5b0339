import type { z } from 'zod';
import type { UpdateContactBody } from '../../../contract/http/contacts.ts';
import { contactDecider, contactName, type Contact } from '../../../domain/directory/contact.ts';
import { canSeeContact } from '../../../domain/directory/contact-policy.ts';
import type { RecordReader } from '../../../application/shared/record-reads.ts';

/** On the wire a contact is flat: its profile fields next to company, managers and recent timeline. */
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

/** Splits a request body into profile, company link and managers (the company is resolved by the caller). */
export const splitBody = (body: z.output<typeof UpdateContactBody>) => {
  const { companyId, accountManagers, customFields, ...profile } = body;
  return { profile, companyId, accountManagers, customFields };
};

export const contactReader: RecordReader<Contact> = {
  aggregateType: 'contact',
  decider: contactDecider as RecordReader<Contact>['decider'],
  canSee: canSeeContact,
  label: 'contact',
};
