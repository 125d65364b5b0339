import { eventCatalogue } from '../events/catalogue.ts';
import type { EventDefinition } from '../events/define.ts';
import { contexts } from './contexts.ts';

export { InvalidEventError, UnknownEventError } from '../events/catalogue.ts';

const log = eventCatalogue(contexts.flatMap((context): readonly EventDefinition[] => context.events));

/**
 * Every event type of the log, by name: the events the context modules declare. The public contract
 * of the events table and the bus.
 */
export const catalogue: ReadonlyMap<string, EventDefinition> = log.definitions;

export const eventTypes = [...catalogue.keys()];

/** Validates data about to be appended against the current version; returns it with that version. */
export const validateForAppend = log.validateForAppend;

/**
 * Reads stored data of any published version: validates it against the schema it was written with,
 * lifts it through the upcasters to the current version and validates the result.
 */
export const readStored = log.readStored;
