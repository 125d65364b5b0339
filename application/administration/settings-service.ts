import { assertAdministrator } from '../../domain/access/administration.ts';
import { catalogueDecider, catalogueOf, type CatalogueCommand, type CatalogueState } from '../../domain/settings/catalogue-settings.ts';
import { catalogueNames, type CatalogueName } from '../../domain/settings/catalogues.ts';
import { customFieldsDecider, customFieldsOf, type CustomFieldsCommand, type CustomFieldsState } from '../../domain/settings/custom-field-settings.ts';
import { customFieldEntities, type CustomFieldEntity } from '../../domain/settings/custom-fields.ts';
import { directoryDefaultsDecider, directoryDefaultsOf, type DirectoryDefaultsState } from '../../domain/settings/directory-defaults.ts';
import { directoryDefaultsId, settingsAggregates } from '../../domain/settings/settings-streams.ts';
import type { Actor } from '../../domain/shared/actor.ts';
import type { Decider, DomainEvent } from '../../domain/shared/decider.ts';
import type { ApplicationDependencySource } from '../ports/application-dependencies.ts';
import type { CommandContext, CommandOptions, CommandOutcome } from '../shared/command-context.ts';
import { runCommand } from '../shared/command-runner.ts';
import { notFound } from '../shared/errors.ts';
import type { RecordResult } from '../shared/record-command.ts';
import { recorded } from '../shared/recorded.ts';

/** The catalogue `name` names; an unknown one is not found. */
export const catalogueName = (name: string): CatalogueName => {
  if (!(catalogueNames as readonly string[]).includes(name)) throw notFound(`no catalogue ${name}: there are ${catalogueNames.join(', ')}`);
  return name as CatalogueName;
};

/** The entity `entity` names; one without custom fields is not found. */
export const customFieldEntity = (entity: string): CustomFieldEntity => {
  if (!(customFieldEntities as readonly string[]).includes(entity)) {
    throw notFound(`no custom fields for ${entity}: there are ${customFieldEntities.join(', ')}`);
  }
  return entity as CustomFieldEntity;
};

const catalogueView = (name: CatalogueName) => (state: CatalogueState, version: number) => ({ ...catalogueOf(name, state), version });
const customFieldsView = (entity: CustomFieldEntity) => (state: CustomFieldsState, version: number) => ({ entity, fields: customFieldsOf(state), version });
const directoryDefaultsView = (state: DirectoryDefaultsState, version: number) => ({ ...directoryDefaultsOf(state), version });

/** A setting as read: the setting at its version (0: never set, the defaults). */
export interface SettingRead<V> {
  readonly record: V;
  readonly version: number;
}

/**
 * A setting is a stream that may be empty (the defaults, version 0): read and set it whether or not
 * it was ever set, unlike a record that must exist. `expectedVersion: 0` pins "still the defaults".
 */
const setting = <C, S, E extends DomainEvent>(dependencies: ApplicationDependencySource, aggregateType: string, decider: Decider<C, S, E>) => ({
  read: async <V>(actor: Actor, id: string, view: (state: S, version: number) => V): Promise<SettingRead<V>> => {
    const { events, version } = await dependencies().eventStore.load(actor.tenant, aggregateType, id);
    const state = events.reduce((s, e) => decider.evolve(s, recorded<E>(e)), decider.initialState);
    return { record: view(state, version), version };
  },
  set: async <V>(context: CommandContext, id: string, command: C, view: (state: S, version: number) => V, options: CommandOptions): Promise<CommandOutcome<RecordResult<V>>> => {
    const { actor } = context;
    // The deciders check it too; here it comes before the pinned version, so a non-administrator is always forbidden.
    assertAdministrator(actor);
    const { eventStore, newId, now, metrics } = dependencies();
    return runCommand({
      store: eventStore,
      ...(metrics ? { metrics } : {}),
      decider,
      actor,
      aggregateType,
      aggregateId: id,
      command,
      ...(options.expectedVersion !== undefined ? { expectedVersion: options.expectedVersion } : {}),
      ...(options.idempotency ? { idempotency: options.idempotency } : {}),
      meta: { commandId: newId(), correlationId: context.correlationId, ...(context.requestId ? { requestId: context.requestId } : {}) },
      now,
      result: ({ state, version }): RecordResult<V> => ({ id, version, created: false, record: view(state, version) }),
    });
  },
});

/** Catalogues, custom fields and directory defaults: read by every user of the tenant (forms, pickers), set by administrators. */
export const settingsService = (dependencies: ApplicationDependencySource) => {
  const catalogues = setting(dependencies, settingsAggregates.catalogue, catalogueDecider);
  const customFields = setting(dependencies, settingsAggregates.customFields, customFieldsDecider);
  const directoryDefaults = setting(dependencies, settingsAggregates.directoryDefaults, directoryDefaultsDecider);
  return {
    getDirectoryDefaults: (actor: Actor) => directoryDefaults.read(actor, directoryDefaultsId, directoryDefaultsView),
    setDirectoryDefaults: (context: CommandContext, input: { readonly defaultCountry: string | null }, options: CommandOptions = {}) =>
      directoryDefaults.set(context, directoryDefaultsId, { type: 'SetDirectoryDefaults', data: { defaultCountry: input.defaultCountry } }, directoryDefaultsView, options),
    /** An unknown catalogue is not found. */
    getCatalogue: async (actor: Actor, name: string) => {
      const known = catalogueName(name);
      return catalogues.read(actor, known, catalogueView(known));
    },
    setCatalogue: async (context: CommandContext, name: string, input: Omit<CatalogueCommand['data'], 'name'>, options: CommandOptions = {}) => {
      const known = catalogueName(name);
      return catalogues.set(context, known, { type: 'SetCatalogue', data: { ...input, name: known } }, catalogueView(known), options);
    },
    getCustomFields: async (actor: Actor, entity: string) => {
      const known = customFieldEntity(entity);
      return customFields.read(actor, known, customFieldsView(known));
    },
    setCustomFields: async (context: CommandContext, entity: string, input: Omit<CustomFieldsCommand['data'], 'entity'>, options: CommandOptions = {}) => {
      const known = customFieldEntity(entity);
      return customFields.set(context, known, { type: 'SetCustomFields', data: { ...input, entity: known } }, customFieldsView(known), options);
    },
  };
};

export type SettingsService = ReturnType<typeof settingsService>;
