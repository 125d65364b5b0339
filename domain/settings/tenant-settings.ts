import type { Catalogue, CatalogueName } from './catalogues.ts';
import type { CustomFieldDefinition, CustomFieldEntity } from './custom-fields.ts';
import type { DirectoryDefaults } from './directory-defaults.ts';
import type { SalesDefaultsSetting } from './sales-defaults.ts';

/**
 * Read port over a tenant's settings, for handlers that pass them into a decision (the deciders stay
 * pure: they receive the catalogue or the definitions, they never fetch them). A tenant that never
 * configured a catalogue gets `defaultCatalogues`.
 */
export interface TenantSettings {
  catalogue(tenant: string, name: CatalogueName): Promise<Catalogue>;
  customFields(tenant: string, entity: CustomFieldEntity): Promise<readonly CustomFieldDefinition[]>;
  /** The directory defaults (default country); absent on fakes that configure none. */
  directoryDefaults?(tenant: string): Promise<DirectoryDefaults>;
  /** The sales defaults an administrator set (each null: follows the country); absent on fakes that configure none. */
  salesDefaults?(tenant: string): Promise<SalesDefaultsSetting>;
}
