import type { PeopleDirectory, PeopleOfRecord } from '../../../domain/access/people.ts';
import { defaultCatalogues } from '../../../domain/settings/catalogues.ts';
import type { TenantSettings } from '../../../domain/settings/tenant-settings.ts';
import type { DependencySource } from '../../shared/dependencies.ts';

/** What the activities handlers look up besides the log and the read models: people and settings. */
export interface ActivityLookups {
  /** Users and groups for reads (calendars, timezones): the people read model. */
  readonly people: PeopleDirectory;
  readonly settings: TenantSettings;
  /**
   * Users and groups a command assigns to, strongly consistent; default: their own streams
   * (`EventStorePeople`), so a user registered a moment ago can be assigned at once.
   */
  readonly assignees?: PeopleOfRecord;
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
