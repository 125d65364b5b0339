import { catalogueName, customFieldEntity, settingsService } from '../../../application/administration/settings-service.ts';
import { assertAdministrator } from '../../../domain/access/administration.ts';
import type { Actor } from '../../../domain/shared/actor.ts';
import type { DependencySource } from '../../shared/dependencies.ts';
import { commandContextOf } from '../idempotency.ts';
import { commandOptionsOf, recordAnswer } from '../record-commands.ts';
import { etag, json } from '../responses.ts';
import type { Operations, RequestInfo } from '../router.ts';

type SettingsOperations = Pick<
  Operations<'adminApi'>,
  'getCatalogue' | 'setCatalogue' | 'getCustomFields' | 'setCustomFields' | 'getDirectoryDefaults' | 'setDirectoryDefaults'
>;

// A setting has no location of its own: a set always answers 200 with the setting after it.
const settingAnswer = recordAnswer(() => '');
const readAnswer = ({ record, version }: { record: unknown; version: number }) => json(200, record, { etag: etag(version) });

/** Catalogues, custom fields and directory defaults over HTTP: each operation calls the settings service and renders its result. */
export const settingsOperations = (dependencies: DependencySource): SettingsOperations => {
  const settings = settingsService(dependencies);
  const context = commandContextOf;
  // The service checks it too; here it comes before the request's headers are read, so a
  // non-administrator is always refused with 403, whatever `If-Match` or `Idempotency-Key` holds.
  const options = (actor: Actor, request: RequestInfo) => {
    assertAdministrator(actor);
    return commandOptionsOf(actor, request);
  };
  return {
    getDirectoryDefaults: async ({ actor }) => readAnswer(await settings.getDirectoryDefaults(actor)),
    setDirectoryDefaults: async ({ actor, body, ...request }) =>
      settingAnswer(await settings.setDirectoryDefaults(context(actor, request), body, options(actor, request))),
    getCatalogue: async ({ actor, params }) => readAnswer(await settings.getCatalogue(actor, params.name)),
    // An unknown catalogue or entity is not found before anything else is checked.
    setCatalogue: async ({ actor, params, body, ...request }) =>
      settingAnswer(await settings.setCatalogue(context(actor, request), catalogueName(params.name), body, options(actor, request))),
    getCustomFields: async ({ actor, params }) => readAnswer(await settings.getCustomFields(actor, params.entity)),
    setCustomFields: async ({ actor, params, body, ...request }) =>
      settingAnswer(await settings.setCustomFields(context(actor, request), customFieldEntity(params.entity), body, options(actor, request))),
  };
};
