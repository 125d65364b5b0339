import type { DirectorySettings } from '../../domain/directory/directory-settings.ts';
import type { CatalogueName } from '../../domain/settings/catalogues.ts';
import type { TenantSettings } from '../../domain/settings/tenant-settings.ts';

/** Which catalogues each kind of directory record has fields in. */
const cataloguesOf = {
  company: ['company-statuses'],
  contact: ['stages', 'sources', 'positions'],
  lead: ['stages', 'sources', 'positions'],
} as const satisfies Record<string, readonly CatalogueName[]>;

/** The tenant's default country (null: none), read only when `needed` (a search that may hold a phone number). */
export const tenantDefaultCountry = async (settings: TenantSettings, tenant: string, needed = true): Promise<string | null> =>
  needed ? ((await settings.directoryDefaults?.(tenant))?.defaultCountry ?? null) : null;

/** The settings a command on a directory record is decided against, read through the port. */
export const directorySettings = async (
  settings: TenantSettings,
  tenant: string,
  entity: keyof typeof cataloguesOf,
): Promise<DirectorySettings> => {
  const names: readonly CatalogueName[] = cataloguesOf[entity];
  const [customFields, catalogues, defaultCountry] = await Promise.all([
    settings.customFields(tenant, entity),
    Promise.all(names.map((name) => settings.catalogue(tenant, name))),
    tenantDefaultCountry(settings, tenant, entity === 'company'),
  ]);
  return {
    customFields,
    catalogues: Object.fromEntries(catalogues.map((catalogue) => [catalogue.name, catalogue])),
    ...(defaultCountry ? { defaultCountry } : {}),
  };
};
