import { UniqueKeyTakenError } from '../../../adapters/dynamodb/event-store-errors.ts';
import type { EventStore, UniqueClaim } from '../../../adapters/dynamodb/event-store.ts';
import { companyDecider, vatClaimValue, type Company } from '../../../domain/directory/company.ts';
import { recorded } from '../../shared/recorded.ts';

/**
 * VAT claims are `<country>:<number>`; companies registered before hold `<number>` claims (country
 * dropped, so two countries' equal numbers collided). Before a new VAT claim commits, the legacy claim
 * of the same number is looked up: if another company holds it and its VAT number is the same country
 * and number, the claim is refused exactly as a taken claim is (409 naming it). A legacy claim whose
 * holder has since changed its number, or holds another country's number, refuses nothing.
 */
export const refuseLegacyVatHolders = async (store: EventStore, tenant: string, claims: readonly UniqueClaim[]): Promise<void> => {
  for (const claim of claims) {
    if (claim.scope !== 'company-vat') continue;
    const number = claim.value.slice(claim.value.indexOf(':') + 1);
    const holder = await store.readClaim(tenant, 'company-vat', number);
    if (holder === undefined || holder === claim.owner) continue;
    const { events } = await store.load(tenant, 'company', holder);
    const company = events.reduce<Company | null>((state, event) => companyDecider.evolve(state, recorded(event)), null);
    if (company !== null && vatClaimValue(company) === claim.value) throw new UniqueKeyTakenError('company-vat', claim.value, holder);
  }
};
