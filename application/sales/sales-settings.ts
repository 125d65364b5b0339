import { assertAdministrator } from '../../domain/access/administration.ts';
import { salesDefaultsDecider, salesDefaultsOf, type SalesDefaults, type SalesDefaultsState } from '../../domain/settings/sales-defaults.ts';
import { salesDefaultsId, settingsAggregates } from '../../domain/settings/settings-streams.ts';
import type { TenantSettings } from '../../domain/settings/tenant-settings.ts';
import type { Actor } from '../../domain/shared/actor.ts';
import type { ApplicationDependencySource } from '../ports/application-dependencies.ts';
import type { CommandContext, CommandOptions } from '../shared/command-context.ts';
import { runCommand } from '../shared/command-runner.ts';
import type { RecordResult } from '../shared/record-command.ts';
import { recorded } from '../shared/recorded.ts';
import type { SalesDefaultsSetEvent } from '../../events/administration/settings-events.ts';

/** The sales defaults as read: what is in force, the country it follows, and what an administrator set. */
export interface SalesDefaultsView extends SalesDefaults {
  readonly country: string | null;
  /** What an administrator set; `null` follows the country. */
  readonly set: { readonly defaultVatRate: string | null; readonly defaultCurrency: string | null };
  readonly version: number;
}

const countryOf = async (settings: TenantSettings, tenant: string): Promise<string | null> =>
  (await settings.directoryDefaults?.(tenant))?.defaultCountry ?? null;

/** The defaults in force for a tenant (strongly consistent: both settings streams are read). */
export const salesDefaultsFor = async (settings: TenantSettings, tenant: string): Promise<SalesDefaults> => {
  const [set, country] = await Promise.all([settings.salesDefaults?.(tenant), countryOf(settings, tenant)]);
  return salesDefaultsOf(set ?? null, country);
};

const view = (state: SalesDefaultsState, country: string | null, version: number): SalesDefaultsView => ({
  ...salesDefaultsOf(state, country),
  country,
  set: { defaultVatRate: state?.defaultVatRate ?? null, defaultCurrency: state?.defaultCurrency ?? null },
  version,
});

/**
 * `GET|PUT /v1/settings/sales`: read by every user of the tenant (quote forms), set by administrators.
 * A setting stream may be empty (version 0: follows the country); `expectedVersion: 0` pins that.
 */
export const salesSettingsService = (dependencies: ApplicationDependencySource) => ({
  getSalesDefaults: async (actor: Actor): Promise<{ record: SalesDefaultsView; version: number }> => {
    const { eventStore, settings } = dependencies();
    const [{ events, version }, country] = await Promise.all([
      eventStore.load(actor.tenant, settingsAggregates.salesDefaults, salesDefaultsId),
      countryOf(settings, actor.tenant),
    ]);
    const state = events.map((e) => recorded<SalesDefaultsSetEvent>(e)).reduce(salesDefaultsDecider.evolve, salesDefaultsDecider.initialState);
    return { record: view(state, country, version), version };
  },
  setSalesDefaults: async (
    context: CommandContext,
    input: { readonly defaultVatRate?: string | null | undefined; readonly defaultCurrency?: string | null | undefined },
    options: CommandOptions = {},
  ) => {
    const { actor } = context;
    // Before the pinned version: a non-administrator is always forbidden.
    assertAdministrator(actor);
    const { eventStore, newId, now, settings, metrics } = dependencies();
    const country = await countryOf(settings, actor.tenant);
    return runCommand({
      store: eventStore,
      ...(metrics ? { metrics } : {}),
      decider: salesDefaultsDecider,
      actor,
      aggregateType: settingsAggregates.salesDefaults,
      aggregateId: salesDefaultsId,
      command: { type: 'SetSalesDefaults', data: { defaultVatRate: input.defaultVatRate ?? null, defaultCurrency: input.defaultCurrency ?? null } },
      ...(options.expectedVersion !== undefined ? { expectedVersion: options.expectedVersion } : {}),
      ...(options.idempotency ? { idempotency: options.idempotency } : {}),
      meta: { commandId: newId(), correlationId: context.correlationId, ...(context.requestId ? { requestId: context.requestId } : {}) },
      now,
      result: ({ state, version }): RecordResult<SalesDefaultsView> => ({ id: salesDefaultsId, version, created: false, record: view(state, country, version) }),
    });
  },
});

export type SalesSettingsService = ReturnType<typeof salesSettingsService>;
