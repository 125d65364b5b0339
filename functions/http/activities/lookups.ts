import type { PeopleDirectory } from '../../../domain/access/people.ts';
import { defaultCatalogues } from '../../../domain/settings/catalogues.ts';
import type { TenantSettings } from '../../../domain/settings/tenant-settings.ts';
import type { DependencySource } from '../../shared/dependencies.ts';

/** What the activities handlers look up besides the log and the read models: people and settings. */
export interface ActivityLookups {
  readonly people: PeopleDirectory;
  readonly settings: TenantSettings;
}

/**
 * A tenant that configured nothing: the default catalogues, no custom fields. Used until the
 * settings read model (`/v1/settings/catalogs/{name}`) provides a `TenantSettings`.
 */
export const defaultTenantSettings: TenantSettings = {
  catalogue: async (_tenant, name) => defaultCatalogues[name],
  customFields: async () => [],
};

/** People from administration's read model (the dependencies' `PeopleDirectory`); default settings. */
export const lookupsFrom = (dependencies: DependencySource) => (): ActivityLookups => ({
  people: dependencies().people,
  settings: defaultTenantSettings,
});
