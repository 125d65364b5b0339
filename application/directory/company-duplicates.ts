import type { EventStorePort } from '../ports/event-store.ts';
import type { ReadModels } from '../ports/read-models.ts';
import { legacyVatClaimValue, type Company } from '../../domain/directory/company.ts';
import { canSeeOwned } from '../../domain/directory/company-policy.ts';
import type { DuplicateCandidate } from '../../domain/directory/lead-conversion.ts';
import type { Lead } from '../../domain/directory/lead-state.ts';
import { lookupScopes, vatLookupValue } from '../../domain/directory/lookup-keys.ts';
import { normaliseEmail } from '../../domain/directory/search/emails.ts';
import { normaliseName } from '../../domain/directory/search/names.ts';
import { queryTokens } from '../../domain/directory/search/tokens.ts';
import type { Actor } from '../../domain/shared/actor.ts';
import { companyIndexKeys, companyListProjection } from '../../projections/directory/company-list.ts';
import { visibleRecord } from '../shared/record-references.ts';
import { searchCandidates } from './search-candidates.ts';

/** Holders of one value a duplicate check verifies at most (each is one strongly consistent read). */
const maxHolders = 50;

/** Whether a company is like the lead: the same normalised legal name, VAT number or an e-mail. */
const isLike = (lead: Lead) => {
  const { companyName, vatNumber, emails } = lead.profile;
  const name = normaliseName(companyName);
  const addresses = new Set(emails.map((e) => e.address.toLowerCase()));
  return (company: Company) =>
    (name !== '' && normaliseName(company.profile.legalName) === name) ||
    (vatNumber !== null && company.profile.vatNumber !== null && legacyVatClaimValue(company.profile.vatNumber) === legacyVatClaimValue(vatNumber)) ||
    company.profile.emails.some((e) => addresses.has(e.address.toLowerCase()));
};

/**
 * From the lookup items (committed with each company's events, so strongly consistent): the holders
 * of the lead's name, VAT number and e-mails, each verified on its own stream with the actor's
 * visibility. Finds a company registered a moment ago, whatever the projections' lag.
 */
const fromLookups = async (store: EventStorePort, actor: Actor, lead: Lead): Promise<Company[]> => {
  const { companyName, vatNumber, emails } = lead.profile;
  const values: [string, string | null][] = [
    [lookupScopes.companyName, normaliseName(companyName) || null],
    [lookupScopes.companyVat, vatNumber ? vatLookupValue(vatNumber) : null],
    ...emails.map((e): [string, string | null] => [lookupScopes.companyEmail, normaliseEmail(e.address)]),
  ];
  const holders = await Promise.all(values.filter(([, value]) => value).map(([scope, value]) => store.readLookup(actor.tenant, scope, value!, maxHolders)));
  const ids = [...new Set(holders.flat())];
  const companies = await Promise.all(ids.map((id) => visibleRecord(store, actor, 'company', id)));
  return companies.filter((company): company is Company => company !== null);
};

/**
 * From the company search index, verified on the list items: companies written before lookup items
 * existed have none, and the index (long caught up with them) still finds them.
 */
const fromSearchIndex = async (readModels: ReadModels, actor: Actor, lead: Lead): Promise<Company[]> => {
  const { companyName, vatNumber, emails } = lead.profile;
  const texts = [companyName, ...(vatNumber ? [vatNumber] : []), ...emails.map((e) => e.address)];
  const ids = new Set<string>();
  const partitionOf = (prefix: string) => companyIndexKeys.search(actor.tenant, prefix);
  for (const text of texts) for (const id of await searchCandidates(readModels, partitionOf, queryTokens(text))) ids.add(id);
  if (ids.size === 0) return [];
  const items = await readModels.batchGet([...ids].map((id) => companyListProjection.key(actor.tenant, id)));
  return items.map((item) => companyListProjection.fromItem(item)).filter((company) => canSeeOwned(actor, company));
};

/**
 * Companies like the lead that the actor can see, by code: the union of the lookup items (read your
 * writes) and the search index (records that predate lookup items). A company both find is shown as
 * its own stream has it.
 */
export const findDuplicates = async (store: EventStorePort, readModels: ReadModels, actor: Actor, lead: Lead): Promise<DuplicateCandidate[]> => {
  const like = isLike(lead);
  const [logged, indexed] = await Promise.all([fromLookups(store, actor, lead), fromSearchIndex(readModels, actor, lead)]);
  const byId = new Map<string, Company>();
  for (const company of [...indexed, ...logged]) byId.set(company.id, company);
  return [...byId.values()]
    .filter(like)
    .toSorted((a, b) => a.code.localeCompare(b.code))
    .map((company) => ({ id: company.id, code: company.code, legalName: company.profile.legalName }));
};
