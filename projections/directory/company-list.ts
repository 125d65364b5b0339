import { customFieldAttributes } from './custom-field-attributes.ts';
import type { StoredEvent } from '../../events/envelope.ts';
import type { CompanyEvent } from '../../events/directory/company-events.ts';
import { companyDecider, type Company } from '../../domain/directory/company.ts';
import { foldText } from '../../domain/directory/search/fold.ts';
import { normaliseName } from '../../domain/directory/search/names.ts';
import { searchBucket, searchTokens } from '../../domain/directory/search/tokens.ts';
import { searchIndexItems } from './search-index.ts';
import type { Projection, ReadItem } from '../projection.ts';

/**
 * The company lists read the whole company (it is small and bounded), so the row is the domain state
 * itself, folded by the domain's own `evolve`.
 */
export type CompanyRow = Company;

const fold = (row: CompanyRow | null, event: StoredEvent): CompanyRow | null =>
  companyDecider.evolve(row, { ...(event as StoredEvent & CompanyEvent), actor: event.meta.actor });

/**
 * The country national phone numbers of a company are read in (e.g. Hungarian "06 1 …"): its VAT
 * prefix, else the country of its first address that has one. The tenant's own default country comes
 * with the tenant settings.
 */
const countryOf = (company: Company): string | undefined =>
  company.profile.vatNumber?.match(/^[A-Z]{2}(?=\d)/)?.[0] ?? company.profile.addresses.find((a) => a.country)?.country;

/** Search tokens of a company: its names, code, VAT and tax code, e-mails, phones and cities. */
export const companySearchTokens = (company: Company): string[] =>
  searchTokens({
    names: [company.profile.legalName, ...company.profile.aliases],
    code: company.code,
    vat: [company.profile.vatNumber, company.profile.taxCode].filter((v): v is string => v !== null),
    emails: company.profile.emails.map((e) => e.address),
    phones: company.profile.phones.map((p) => p.number),
    cities: company.profile.addresses.flatMap((a) => (a.city ? [a.city] : [])),
  }, { ...(countryOf(company) ? { defaultCountry: countryOf(company) } : {}) });

/**
 * Search index items: partition = the token's bucket (kind + first characters, `searchBucket`), sort
 * key = `<token>#<sort name>#<companyId>` (search-index.ts); a query prefix is ONE `Query` with
 * `begins_with(sk, prefix)` on the bucket of that prefix (see domain/directory/search/tokens.ts). The
 * company's own tokens are kept on its list item, so candidates are verified there and a stale index
 * item is never shown.
 */
export const companyIndexKeys = {
  byName: (tenant: string) => `${tenant}#companies#name`,
  byUpdate: (tenant: string) => `${tenant}#companies#updated`,
  search: (tenant: string, token: string) => `${tenant}#company-search#${searchBucket(token)}`,
};

/**
 * Filter values are folded as the contacts' are (`foldText`: accents and special letters, so "Łódź"
 * is "lodz" — NFKD alone leaves "ł"). Changing this fold changes stored list items: `npm run rebuild`.
 */
export const foldedFilterValue = (text: string): string => foldText(text).trim();
const folded = foldedFilterValue;

export const companyListProjection: Projection<CompanyRow> = {
  name: 'company-list',
  aggregateType: 'company',
  evolve: fold,
  key: (tenant, id) => ({ pk: `${tenant}#company#${id}`, sk: 'list' }),
  toItem(tenant, id, company, version): ReadItem {
    const { profile } = company;
    return {
      ...this.key(tenant, id),
      version,
      aggregateType: 'company',
      aggregateId: id,
      tenant,
      company,
      // Flat, folded copies for filter expressions.
      ...customFieldAttributes(company.customFields),
      kind: profile.kind,
      tags: profile.tags.map(folded),
      categories: profile.categories.map(folded),
      segments: profile.segments.map(folded),
      area: profile.area === null ? null : folded(profile.area),
      cities: profile.addresses.flatMap((a) => (a.city ? [folded(a.city)] : [])),
      status: company.status,
      responsibleUserId: company.responsibleUserId,
      accountManagers: [...company.accountManagers],
      assigned: company.responsibleUserId !== null || company.accountManagers.length > 0,
      searchTokens: companySearchTokens(company),
      gsi1pk: companyIndexKeys.byName(tenant),
      gsi1sk: `${normaliseName(profile.legalName) || '~'}#${id}`,
      gsi2pk: companyIndexKeys.byUpdate(tenant),
      gsi2sk: `${company.updatedAt}#${id}`,
    };
  },
  fromItem: (item) => item.company as CompanyRow,
  satellites: (tenant, id, company) =>
    searchIndexItems('company', companyIndexKeys.search, tenant, id, companySearchTokens(company), normaliseName(company.profile.legalName)),
};
