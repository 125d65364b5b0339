import type { PeopleDirectory } from '../../../domain/access/people.ts';
import { defaultCatalogues } from '../../../domain/settings/catalogues.ts';
import type { TenantSettings } from '../../../domain/settings/tenant-settings.ts';
import type { DependencySource } from '../../shared/dependencies.ts';

/** What the activities handlers look up besides the log and the read models: people and settings. */
export interface ActivityLookups {
  readonly people: PeopleDirectory;
  readonly settings: TenantSettings;
}

/** A tenant that configured nothing: the default catalogues, no custom fields (tests, bench). */
export const defaultTenantSettings: TenantSettings = {
  catalogue: async (_tenant, name) => defaultCatalogues[name],
  customFields: async () => [],
};

/** Administration's people read model and the tenant's settings, from the dependencies. */
export const lookupsFrom = (dependencies: DependencySource) => (): ActivityLookups => ({
  people: dependencies().people,
  settings: dependencies().settings,
});
