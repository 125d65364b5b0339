import { directoryDefaultsId, salesDefaultsId, settingsAggregates } from '../../domain/settings/settings-streams.ts';
import { salesDefaultsDecider, type SalesDefaultsSetting } from '../../domain/settings/sales-defaults.ts';
import type { EventStorePort } from '../../application/ports/event-store.ts';
import { catalogueDecider, catalogueOf } from '../../domain/settings/catalogue-settings.ts';
import type { Catalogue, CatalogueName } from '../../domain/settings/catalogues.ts';
import { customFieldsDecider, customFieldsOf } from '../../domain/settings/custom-field-settings.ts';
import type { CustomFieldDefinition, CustomFieldEntity } from '../../domain/settings/custom-fields.ts';
import type { TenantSettings } from '../../domain/settings/tenant-settings.ts';
import { directoryDefaultsDecider, directoryDefaultsOf, type DirectoryDefaults } from '../../domain/settings/directory-defaults.ts';
import type { CatalogueSetEvent, CustomFieldsSetEvent, DirectoryDefaultsSetEvent, SalesDefaultsSetEvent } from '../../events/administration/settings-events.ts';
import { recorded } from '../../application/shared/recorded.ts';

export { directoryDefaultsId, settingsAggregates } from '../../domain/settings/settings-streams.ts';

/**
 * `TenantSettings` read from the settings' own streams: one strongly consistent Query each, folded
 * by the deciders' `evolve` — so a command decided right after an administrator's change already
 * sees it (no projection lag, no cache to go stale across Lambdas). Settings streams are small (a
 * few KB per change, changed rarely), so this costs about one read unit; no per-process cache,
 * because a stale catalogue would let a deactivated value through, or refuse a new one, for as long
 * as the cache lived in every warm Lambda.
 */
export class EventStoreTenantSettings implements TenantSettings {
  readonly #store: EventStorePort;

  constructor(store: EventStorePort) {
    this.#store = store;
  }

  async catalogue(tenant: string, name: CatalogueName): Promise<Catalogue> {
    const { events } = await this.#store.load(tenant, settingsAggregates.catalogue, name);
    return catalogueOf(name, events.map((e) => recorded<CatalogueSetEvent>(e)).reduce(catalogueDecider.evolve, catalogueDecider.initialState));
  }

  async customFields(tenant: string, entity: CustomFieldEntity): Promise<readonly CustomFieldDefinition[]> {
    const { events } = await this.#store.load(tenant, settingsAggregates.customFields, entity);
    return customFieldsOf(events.map((e) => recorded<CustomFieldsSetEvent>(e)).reduce(customFieldsDecider.evolve, customFieldsDecider.initialState));
  }

  async directoryDefaults(tenant: string): Promise<DirectoryDefaults> {
    const { events } = await this.#store.load(tenant, settingsAggregates.directoryDefaults, directoryDefaultsId);
    return directoryDefaultsOf(
      events.map((e) => recorded<DirectoryDefaultsSetEvent>(e)).reduce(directoryDefaultsDecider.evolve, directoryDefaultsDecider.initialState),
    );
  }

  async salesDefaults(tenant: string): Promise<SalesDefaultsSetting> {
    const { events } = await this.#store.load(tenant, settingsAggregates.salesDefaults, salesDefaultsId);
    const state = events.map((e) => recorded<SalesDefaultsSetEvent>(e)).reduce(salesDefaultsDecider.evolve, salesDefaultsDecider.initialState);
    return state ?? { defaultVatRate: null, defaultCurrency: null };
  }
}
