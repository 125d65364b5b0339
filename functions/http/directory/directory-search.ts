import { tenantDefaultCountry } from '../../../application/directory/directory-settings.ts';
import { CompanyListQuery } from '../../../contract/http/companies.ts';
import { ContactListQuery } from '../../../contract/http/contacts.ts';
import { LeadListQuery } from '../../../contract/http/leads.ts';
import type { DirectorySearch } from '../../../import/engine/directory-gateway.ts';
import type { DependencySource } from '../../shared/dependencies.ts';
import { listCompanies } from './company-list-query.ts';
import { listContacts } from './contact-list-query.ts';
import { listLeads } from './lead-list-query.ts';

/** Candidates a search gives an import's match, at most (each is then verified on its record). */
const limit = '20';

/**
 * The directory lists' search (`GET /v1/companies?q=…`: the search index, visibility, best first),
 * for an import looking for the record a row matches among those written before lookup items existed.
 */
export const directorySearch =
  (dependencies: DependencySource): DirectorySearch =>
  async (actor, kind, q) => {
    const { readModels, settings } = dependencies();
    const defaultCountry = await tenantDefaultCountry(settings, actor.tenant);
    const page =
      kind === 'companies'
        ? await listCompanies(readModels, actor, CompanyListQuery.parse({ q, limit }), defaultCountry)
        : kind === 'contacts'
          ? await listContacts(readModels, actor, ContactListQuery.parse({ q, limit }), defaultCountry)
          : await listLeads(readModels, actor, LeadListQuery.parse({ q, limit }), defaultCountry);
    return page.items.map((item) => item.id);
  };
