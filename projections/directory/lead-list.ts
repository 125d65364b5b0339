import { customFieldAttributes } from './custom-field-attributes.ts';
import type { StoredEvent } from '../../events/envelope.ts';
import type { LeadEvent } from '../../events/directory/lead-events.ts';
import { leadDecider } from '../../domain/directory/lead.ts';
import type { Lead } from '../../domain/directory/lead-state.ts';
import { foldText } from '../../domain/directory/search/fold.ts';
import { normaliseName } from '../../domain/directory/search/names.ts';
import { searchBucket, searchTokens } from '../../domain/directory/search/tokens.ts';
import { searchIndexItems } from './search-index.ts';
import type { Projection, ReadItem } from '../projection.ts';

/** The lead lists read the whole lead (small and bounded), folded by the domain's own `evolve`. */
export type LeadRow = Lead;

const fold = (row: LeadRow | null, event: StoredEvent): LeadRow | null =>
  leadDecider.evolve(row, { ...(event as StoredEvent & LeadEvent), actor: event.meta.actor });

/** Folded (case and accents), as the filters compare. */
export const foldedText = (text: string): string => foldText(text).trim();

const countryOf = (lead: Lead): string | undefined =>
  lead.profile.vatNumber?.match(/^[A-Z]{2}(?=\d)/)?.[0] ?? lead.profile.address?.country ?? undefined;

/** The person of a lead: "first last", or whichever of the two there is. */
export const leadPersonName = (lead: Lead): string =>
  [lead.profile.firstName, lead.profile.lastName].filter((n): n is string => n !== null).join(' ');

/** Search tokens of a lead: the company name, the person's name, VAT, e-mails, phones and city. */
export const leadSearchTokens = (lead: Lead): string[] => {
  const { profile } = lead;
  const person = leadPersonName(lead);
  const country = countryOf(lead);
  return searchTokens(
    {
      names: [profile.companyName, ...(person ? [person] : [])],
      vat: profile.vatNumber ? [profile.vatNumber] : [],
      emails: profile.emails.map((e) => e.address),
      phones: profile.phones.map((p) => p.number),
      cities: profile.address?.city ? [profile.address.city] : [],
    },
    { ...(country ? { defaultCountry: country } : {}) },
  );
};

/** Keys of the lead lists and of the lead search index (see company-list.ts for the design). */
export const leadIndexKeys = {
  byName: (tenant: string) => `${tenant}#leads#name`,
  byUpdate: (tenant: string) => `${tenant}#leads#updated`,
  search: (tenant: string, token: string) => `${tenant}#lead-search#${searchBucket(token)}`,
};

const optional = (text: string | null | undefined) => (text ? foldedText(text) : null);

export const leadListProjection: Projection<LeadRow> = {
  name: 'lead-list',
  aggregateType: 'lead',
  evolve: fold,
  key: (tenant, id) => ({ pk: `${tenant}#lead#${id}`, sk: 'list' }),
  toItem(tenant, id, lead, version): ReadItem {
    const { profile } = lead;
    return {
      ...this.key(tenant, id),
      version,
      aggregateType: 'lead',
      aggregateId: id,
      tenant,
      lead,
      // Flat, folded copies for filter expressions.
      ...customFieldAttributes(lead.customFields),
      stage: optional(lead.stage),
      source: optional(profile.source),
      tags: profile.tags.map(foldedText),
      ownerId: lead.ownerId,
      assigned: lead.ownerId !== null,
      searchTokens: leadSearchTokens(lead),
      gsi1pk: leadIndexKeys.byName(tenant),
      gsi1sk: `${normaliseName(profile.companyName) || '~'}#${id}`,
      gsi2pk: leadIndexKeys.byUpdate(tenant),
      gsi2sk: `${lead.updatedAt}#${id}`,
    };
  },
  fromItem: (item) => item.lead as LeadRow,
  satellites: (tenant, id, lead) =>
    searchIndexItems('lead', leadIndexKeys.search, tenant, id, leadSearchTokens(lead), normaliseName(lead.profile.companyName)),
};
