import { defaultCatalogues } from '../../domain/settings/catalogues.ts';
import type { TenantSettings } from '../../domain/settings/tenant-settings.ts';

/**
 * Tenant settings before a tenant can configure any: the default catalogues and no custom fields.
 * Stands in for the DynamoDB-backed settings until they are wired (the one place to swap).
 */
export const defaultTenantSettings: TenantSettings = {
  catalogue: async (_tenant, name) => defaultCatalogues[name],
  customFields: async () => [],
};
