import { MemoryEventStore } from '../../adapters/memory/memory-event-store.ts';
import { EventStorePeople } from '../../adapters/people/event-store-people.ts';
import { EventStoreTenantSettings } from '../../adapters/settings/event-store-tenant-settings.ts';
import type { ApplicationDependencies } from '../../application/ports/application-dependencies.ts';
import type { ReadModels } from '../../application/ports/read-models.ts';
import type { PeopleDirectory } from '../../domain/access/people.ts';

/** A port the service under test must not touch: any call fails the test, naming the port. */
export const unused = <T>(name: string): T =>
  new Proxy({}, { get: () => () => Promise.reject(new Error(`${name} is not used by the code under test`)) }) as T;

/**
 * The application's dependencies on the in-memory event store: a fixed clock, ids `id-1`, `id-2`, …,
 * users, groups and settings read from that store; the read models and the people read model are
 * `unused` (commands never read them) unless given.
 */
export const memoryDependencies = (at: string, overrides: Partial<ApplicationDependencies> = {}) => {
  const eventStore = new MemoryEventStore();
  let ids = 0;
  const dependencies: ApplicationDependencies = {
    eventStore,
    readModels: unused<ReadModels>('readModels'),
    now: () => at,
    newId: () => `id-${++ids}`,
    people: unused<PeopleDirectory>('people'),
    peopleOfRecord: new EventStorePeople(eventStore),
    settings: new EventStoreTenantSettings(eventStore),
    ...overrides,
  };
  return { eventStore, dependencies, source: () => dependencies };
};

/** The error a promise is rejected with, or undefined when it resolves. */
export const failure = (promise: Promise<unknown>): Promise<unknown> => promise.then(() => undefined, (error: unknown) => error);
