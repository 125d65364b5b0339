import { UniqueKeyTakenError } from '../ports/event-store-errors.ts';
import type { EventStorePort, UniqueClaim } from '../ports/event-store.ts';
import { companyDecider, vatClaimValue, type Company } from '../../domain/directory/company.ts';
import { countryCode } from '../../domain/directory/countries.ts';
import { recorded } from '../shared/recorded.ts';

/**
 * The claim an older company would hold today for the same number: companies registered before
 * countries were stored as ISO codes hold `:<number>` when their address said "Italia" (free text);
 * read as a code now, that is `IT:<number>`.
 */
const claimReadToday = (company: Company): string | null => {
  const claim = vatClaimValue(company);
  if (claim === null || !claim.startsWith(':')) return claim;
  const country = countryCode(company.profile.addresses.find((a) => a.country)?.country);
  return country ? `${country}${claim}` : claim;
};

/**
 * VAT claims are `<country>:<number>`; older companies hold claims of another form for the same
 * number: `<number>` (registered before claims carried the country) or `:<number>` (their address
 * country was free text, e.g. "Italia", before countries were stored as ISO codes). Before a new VAT
 * claim commits, those claims of the same number are looked up (strongly consistent, on the log): if
 * another company holds one and its VAT number read today is the same country and number, the claim
 * is refused exactly as a taken claim is (409 naming it). A holder that has since changed its number,
 * or holds another country's number, refuses nothing.
 */
export const refuseLegacyVatHolders = async (store: EventStorePort, tenant: string, claims: readonly UniqueClaim[]): Promise<void> => {
  for (const claim of claims) {
    if (claim.scope !== 'company-vat') continue;
    const number = claim.value.slice(claim.value.indexOf(':') + 1);
    const older = claim.value.startsWith(':') ? [number] : [number, `:${number}`];
    for (const value of older) {
      const holder = await store.readClaim(tenant, 'company-vat', value);
      if (holder === undefined || holder === claim.owner) continue;
      const { events } = await store.load(tenant, 'company', holder);
      const company = events.reduce<Company | null>((state, event) => companyDecider.evolve(state, recorded(event)), null);
      if (company !== null && claimReadToday(company) === claim.value) throw new UniqueKeyTakenError('company-vat', claim.value, holder);
    }
  }
};
