import { assertAdministrator } from '../../../domain/access/administration.ts';
import { catalogueDecider, catalogueOf, type CatalogueState } from '../../../domain/settings/catalogue-settings.ts';
import { catalogueNames, type CatalogueName } from '../../../domain/settings/catalogues.ts';
import { customFieldsDecider, customFieldsOf, type CustomFieldsState } from '../../../domain/settings/custom-field-settings.ts';
import { customFieldEntities, type CustomFieldEntity } from '../../../domain/settings/custom-fields.ts';
import type { Actor } from '../../../domain/shared/actor.ts';
import type { Decider, DomainEvent } from '../../../domain/shared/decider.ts';
import { notFound } from '../../../domain/shared/errors.ts';
import type { DependencySource } from '../../shared/dependencies.ts';
import { recorded } from '../../../application/shared/recorded.ts';
import { runCommand } from '../../../application/shared/command-runner.ts';
import { directoryDefaultsId, settingsAggregates } from '../../../adapters/settings/event-store-tenant-settings.ts';
import { directoryDefaultsDecider, directoryDefaultsOf, type DirectoryDefaultsState } from '../../../domain/settings/directory-defaults.ts';
import { answer, idempotencyOf } from '../idempotency.ts';
import { expectedVersionOf } from '../record-commands.ts';
import { etag, json } from '../responses.ts';
import type { Operations, RequestInfo } from '../router.ts';

type SettingsOperations = Pick<
  Operations<'adminApi'>,
  'getCatalogue' | 'setCatalogue' | 'getCustomFields' | 'setCustomFields' | 'getDirectoryDefaults' | 'setDirectoryDefaults'
>;

const catalogueName = (name: string): CatalogueName => {
  if (!(catalogueNames as readonly string[]).includes(name)) throw notFound(`no catalogue ${name}: there are ${catalogueNames.join(', ')}`);
  return name as CatalogueName;
};

const customFieldEntity = (entity: string): CustomFieldEntity => {
  if (!(customFieldEntities as readonly string[]).includes(entity)) {
    throw notFound(`no custom fields for ${entity}: there are ${customFieldEntities.join(', ')}`);
  }
  return entity as CustomFieldEntity;
};

const catalogueView = (name: CatalogueName) => (state: CatalogueState, version: number) => ({ ...catalogueOf(name, state), version });
const customFieldsView = (entity: CustomFieldEntity) => (state: CustomFieldsState, version: number) => ({
  entity,
  fields: customFieldsOf(state),
  version,
});

/**
 * A setting is a stream that may be empty (the defaults, version 0): read and set it whether or not
 * it was ever set, unlike a record that must exist. `If-Match: "0"` pins "still the defaults".
 */
const setting = <C, S, E extends DomainEvent>(dependencies: DependencySource, aggregateType: string, decider: Decider<C, S, E>) => ({
  read: async (actor: Actor, id: string, view: (state: S, version: number) => unknown) => {
    const { events, version } = await dependencies().eventStore.load(actor.tenant, aggregateType, id);
    const state = events.reduce((s, e) => decider.evolve(s, recorded<E>(e)), decider.initialState);
    return json(200, view(state, version), { etag: etag(version) });
  },
  set: async (actor: Actor, request: RequestInfo, id: string, command: C, view: (state: S, version: number) => unknown) => {
    // The deciders check it too; here it comes before If-Match, so a non-administrator always gets 403.
    assertAdministrator(actor);
    const { eventStore, newId, now } = dependencies();
    const outcome = await runCommand({
      store: eventStore,
      decider,
      actor,
      aggregateType,
      aggregateId: id,
      command,
      expectedVersion: expectedVersionOf(request),
      idempotency: idempotencyOf(actor, request),
      meta: { commandId: newId(), correlationId: request.correlationId, requestId: request.requestId },
      now,
      result: ({ state, version }) => json(200, view(state, version), { etag: etag(version) }),
    });
    return answer(outcome, (response) => response); // TODO(issue 12): a neutral result, rendered here
  },
});

/** Catalogues and custom fields: read by every user of the tenant (forms, pickers), set by administrators. */
export const settingsOperations = (dependencies: DependencySource): SettingsOperations => {
  const catalogues = setting(dependencies, settingsAggregates.catalogue, catalogueDecider);
  const customFields = setting(dependencies, settingsAggregates.customFields, customFieldsDecider);
  const directoryDefaults = setting(dependencies, settingsAggregates.directoryDefaults, directoryDefaultsDecider);
  const directoryDefaultsView = (state: DirectoryDefaultsState, version: number) => ({ ...directoryDefaultsOf(state), version });
  return {
    getDirectoryDefaults: ({ actor }) => directoryDefaults.read(actor, directoryDefaultsId, directoryDefaultsView),
    setDirectoryDefaults: ({ actor, body, ...request }) =>
      directoryDefaults.set(actor, request, directoryDefaultsId, { type: 'SetDirectoryDefaults', data: { defaultCountry: body.defaultCountry } }, directoryDefaultsView),
    getCatalogue: ({ actor, params }) => {
      const name = catalogueName(params.name);
      return catalogues.read(actor, name, catalogueView(name));
    },
    setCatalogue: ({ actor, params, body, ...request }) => {
      const name = catalogueName(params.name);
      return catalogues.set(actor, request, name, { type: 'SetCatalogue', data: { name, entries: body.entries } }, catalogueView(name));
    },
    getCustomFields: ({ actor, params }) => {
      const entity = customFieldEntity(params.entity);
      return customFields.read(actor, entity, customFieldsView(entity));
    },
    setCustomFields: ({ actor, params, body, ...request }) => {
      const entity = customFieldEntity(params.entity);
      return customFields.set(actor, request, entity, { type: 'SetCustomFields', data: { entity, fields: body.fields } }, customFieldsView(entity));
    },
  };
};
