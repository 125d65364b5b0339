import { describe, expect, it } from 'vitest';
import { failure } from '../../support/memory-dependencies.ts';
import { MemoryEventStore } from '../../../adapters/memory/memory-event-store.ts';
import { settingsService } from '../../../application/administration/settings-service.ts';
import type { ApplicationDependencies } from '../../../application/ports/application-dependencies.ts';
import { idempotencyFor, type CommandContext } from '../../../application/shared/command-context.ts';
import { StaleVersionError } from '../../../application/shared/errors.ts';
import type { Actor } from '../../../domain/shared/actor.ts';

/** The settings service on the in-memory event store: neutral results, typed errors, no HTTP. */
const at = '2026-03-02T09:00:00.000Z';
const ada: Actor = { tenant: 't1', userId: 'ada', role: 'admin', groups: [] };
const olga: Actor = { tenant: 't1', userId: 'olga', role: 'standard', groups: [] };
const context = (actor: Actor): CommandContext => ({ actor, correlationId: 'c1' });

const given = () => {
  let ids = 0;
  const dependencies = { eventStore: new MemoryEventStore(), now: () => at, newId: () => `id-${++ids}` } as unknown as ApplicationDependencies;
  return settingsService(() => dependencies);
};



describe('settings service (in-memory event store)', () => {
  it('given defaults (version 0), when an administrator sets them at version 0, then the result is the setting at version 1; a replay returns it again', async () => {
    const settings = given();
    expect(await settings.getDirectoryDefaults(ada)).toMatchObject({ version: 0 });
    const key = { idempotency: idempotencyFor(ada, 'k1', 'IT') };
    const first = await settings.setDirectoryDefaults(context(ada), { defaultCountry: 'IT' }, { ...key, expectedVersion: 0 });
    expect(first).toEqual({ replayed: false, result: { id: 'directory', version: 1, created: false, record: { defaultCountry: 'IT', version: 1 } } });
    expect(await settings.setDirectoryDefaults(context(ada), { defaultCountry: 'IT' }, { ...key, expectedVersion: 0 })).toEqual({ ...first, replayed: true });
  });

  it('when the version moved, it is stale; a non-administrator is forbidden; an unknown catalogue is not found', async () => {
    const settings = given();
    await settings.setDirectoryDefaults(context(ada), { defaultCountry: 'IT' });
    expect(await failure(settings.setDirectoryDefaults(context(ada), { defaultCountry: 'FR' }, { expectedVersion: 0 }))).toBeInstanceOf(StaleVersionError);
    expect(await failure(settings.setDirectoryDefaults(context(olga), { defaultCountry: 'FR' }, { expectedVersion: 0 }))).toMatchObject({ kind: 'forbidden' });
    expect(await failure(settings.getCatalogue(olga, 'colours'))).toMatchObject({ kind: 'not_found' });
  });
});
