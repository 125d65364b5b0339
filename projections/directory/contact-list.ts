import { customFieldAttributes } from './custom-field-attributes.ts';
import type { StoredEvent } from '../../events/envelope.ts';
import type { ContactEvent } from '../../events/directory/contact-events.ts';
import { contactDecider, type Contact } from '../../domain/directory/contact.ts';
import { foldText } from '../../domain/directory/search/fold.ts';
import { normaliseName } from '../../domain/directory/search/names.ts';
import { normalisePhone } from '../../domain/directory/search/phones.ts';
import { countryCode } from '../../domain/directory/countries.ts';
import { searchBucket, searchTokens } from '../../domain/directory/search/tokens.ts';
import { searchIndexItems } from './search-index.ts';
import type { Projection, ReadItem } from '../projection.ts';

/**
 * The contact lists read the contact as the domain folds it, without its recent interactions and
 * notes (the detail reads those from the log; the timeline read model comes with activities), so an
 * item stays small whatever the contact's history.
 */
export type ContactRow = Contact;

const listed = (contact: Contact): Contact => ({ ...contact, recentInteractions: [], recentNotes: [] });

const fold = (row: ContactRow | null, event: StoredEvent): ContactRow | null => {
  const next = contactDecider.evolve(row, { ...(event as StoredEvent & ContactEvent), actor: event.meta.actor });
  return next === null ? null : listed(next);
};

/** Folded (case and accents), as the text filters compare. */
export const foldedText = (text: string): string => foldText(text).trim();

/** The country national phone numbers of a contact are read in: the country of its address, if any. */
const countryOf = (contact: Contact): string | undefined => contact.profile.address?.country ?? undefined;

/**
 * The digits a phone filter matches: each number's national significant number and E.164 digits
 * (`normalisePhone`), or its bare digits when it does not parse, space-separated.
 */
export const phoneDigits = (contact: Contact): string =>
  contact.profile.phones
    .flatMap((p) => {
      const phone = normalisePhone(p.number, countryOf(contact));
      return phone ? [phone.national, ...(phone.e164Digits ? [phone.e164Digits] : [])] : [p.number.replace(/\D/g, '')];
    })
    .join(' ');

/** "last first", folded: the order of the list by name. */
export const contactSortName = (contact: Contact): string =>
  [contact.profile.lastName, contact.profile.firstName]
    .filter((n): n is string => n !== null)
    .map((n) => normaliseName(n, { legalForms: false }))
    .join(' ');

/** Search tokens of a contact: its names (no legal forms: people), e-mails, phones and city. */
export const contactSearchTokens = (contact: Contact): string[] => {
  const { profile } = contact;
  const name = [profile.firstName, profile.lastName].filter((n): n is string => n !== null).join(' ');
  const country = countryOf(contact);
  return searchTokens(
    {
      names: [name],
      emails: profile.emails.map((e) => e.address),
      phones: profile.phones.map((p) => p.number),
      cities: profile.address?.city ? [profile.address.city] : [],
    },
    { legalForms: false, ...(country ? { defaultCountry: country } : {}) },
  );
};

/** Keys of the contact lists and of the contact search index (see company-list.ts for the design). */
export const contactIndexKeys = {
  byName: (tenant: string) => `${tenant}#contacts#name`,
  byUpdate: (tenant: string) => `${tenant}#contacts#updated`,
  search: (tenant: string, token: string) => `${tenant}#contact-search#${searchBucket(token)}`,
};

const optional = (text: string | null | undefined) => (text ? foldedText(text) : null);

export const contactListProjection: Projection<ContactRow> = {
  name: 'contact-list',
  aggregateType: 'contact',
  evolve: fold,
  key: (tenant, id) => ({ pk: `${tenant}#contact#${id}`, sk: 'list' }),
  toItem(tenant, id, row, version): ReadItem {
    const contact = listed(row);
    const { profile } = contact;
    const address = profile.address;
    return {
      ...this.key(tenant, id),
      version,
      aggregateType: 'contact',
      aggregateId: id,
      tenant,
      contact,
      // Flat, folded copies for filter expressions (the Polish seed's filters).
      ...customFieldAttributes(contact.customFields),
      firstName: optional(profile.firstName),
      lastName: optional(profile.lastName),
      street: optional([address?.street, address?.street2].filter(Boolean).join(' ')),
      postcode: address?.postcode ? foldedText(address.postcode).replace(/\s+/g, '') : null,
      city: optional(address?.city),
      region: optional(address?.region),
      // The ISO code (names written before codes were stored read as theirs), so `?country=Polska` finds `PL`.
      country: optional(countryCode(address?.country) ?? address?.country),
      position: optional(profile.position),
      stage: optional(profile.stage),
      source: optional(profile.source),
      emails: profile.emails.map((e) => e.address).join(' ') || null,
      phoneDigits: phoneDigits(contact) || null,
      tags: profile.tags.map(foldedText),
      segments: (contact.segments ?? []).map(foldedText),
      companyId: contact.companyId,
      accountManagers: [...contact.accountManagers],
      assigned: contact.accountManagers.length > 0,
      searchTokens: contactSearchTokens(contact),
      gsi1pk: contactIndexKeys.byName(tenant),
      gsi1sk: `${contactSortName(contact) || '~'}#${id}`,
      gsi2pk: contactIndexKeys.byUpdate(tenant),
      gsi2sk: `${contact.updatedAt}#${id}`,
    };
  },
  fromItem: (item) => item.contact as ContactRow,
  satellites: (tenant, id, contact) =>
    searchIndexItems('contact', contactIndexKeys.search, tenant, id, contactSearchTokens(contact), contactSortName(contact)),
};
