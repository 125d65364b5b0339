import type { Actor } from '../../domain/shared/actor.ts';
import type { ApplicationDependencySource } from '../ports/application-dependencies.ts';
import { listCompanies } from './company-list.ts';
import { listContacts } from './contact-list.ts';
import { tenantDefaultCountry } from './directory-settings.ts';
import { listLeads } from './lead-list.ts';

/** Candidates a search gives an import's match, at most (each is then verified on its record). */
const limit = 20;

/**
 * The directory lists' search (`GET /v1/companies?q=…`: the search index, visibility, best first),
 * for an import looking for the record a row matches among those written before lookup items existed
 * (the import engine's `DirectorySearch`): the ids found, best first.
 */
export const directorySearch =
  (dependencies: ApplicationDependencySource) =>
  async (actor: Actor, kind: 'companies' | 'contacts' | 'leads', q: string): Promise<readonly string[]> => {
    const { readModels, settings } = dependencies();
    const defaultCountry = await tenantDefaultCountry(settings, actor.tenant);
    // As the list's query string would give it: trimmed, first page by name.
    const query = { q: q.trim(), limit, sort: 'name' } as const;
    const page =
      kind === 'companies'
        ? await listCompanies(readModels, actor, query, defaultCountry)
        : kind === 'contacts'
          ? await listContacts(readModels, actor, query, defaultCountry)
          : await listLeads(readModels, actor, query, defaultCountry);
    return page.items.map((item) => item.id);
  };
