import type { PeopleDirectory } from '../../../domain/access/people.ts';
import { defaultCatalogues } from '../../../domain/settings/catalogues.ts';
import type { TenantSettings } from '../../../domain/settings/tenant-settings.ts';

/** What the activities handlers look up besides the log and the read models: people and settings. */
export interface ActivityLookups {
  readonly people: PeopleDirectory;
  readonly settings: TenantSettings;
}

/** A tenant that configured nothing: the default catalogues, no custom fields. */
export const defaultTenantSettings: TenantSettings = {
  catalogue: async (_tenant, name) => defaultCatalogues[name],
  customFields: async () => [],
};

/**
 * Until administration's DynamoDB `PeopleDirectory` lands (branch `admin`), the deployed handler has
 * no source of users: it refuses loudly rather than accept any assignee. Tests and the local cloud
 * pass their own lookups.
 */
const unwiredPeople: PeopleDirectory = {
  user: () => Promise.reject(new Error('PeopleDirectory is not wired yet (administration)')),
  group: () => Promise.reject(new Error('PeopleDirectory is not wired yet (administration)')),
  users: () => Promise.reject(new Error('PeopleDirectory is not wired yet (administration)')),
  tenants: () => Promise.reject(new Error('PeopleDirectory is not wired yet (administration)')),
};

export const lookupsFromEnv = (): ActivityLookups => ({ people: unwiredPeople, settings: defaultTenantSettings });
