import { z } from 'zod';
import type { EventDefinition } from './define.ts';

export class UnknownEventError extends Error {
  readonly eventType: string;

  constructor(eventType: string, schemaVersion?: number) {
    super(`unknown event ${eventType}${schemaVersion === undefined ? '' : ` v${schemaVersion}`}`);
    this.name = 'UnknownEventError';
    this.eventType = eventType;
  }
}

export class InvalidEventError extends Error {
  readonly eventType: string;
  readonly issues: z.core.$ZodIssue[];

  constructor(eventType: string, issues: z.core.$ZodIssue[]) {
    super(`invalid ${eventType}: ${issues.map((i) => `${i.path.join('.') || '(root)'} ${i.message}`).join('; ')}`);
    this.name = 'InvalidEventError';
    this.eventType = eventType;
    this.issues = issues;
  }
}

/** Validation and upcasting against a set of event definitions, by type. */
export interface EventCatalogue {
  /** Every event type, by name. */
  readonly definitions: ReadonlyMap<string, EventDefinition>;
  /** Validates data about to be appended against the current version; returns it with that version. */
  validateForAppend(type: string, data: unknown): { schemaVersion: number; data: unknown };
  /**
   * Reads stored data of any published version: validates it against the schema it was written with,
   * lifts it through the upcasters to the current version and validates the result.
   */
  readStored(type: string, schemaVersion: number, data: unknown): unknown;
}

/**
 * A catalogue of the given definitions. The catalogue of the log (every context's events) is built
 * from the list of contexts in `contract/event-catalogue.ts`: events/ imports only zod and itself, so
 * it cannot read that list; it provides the rules, the contract provides the definitions.
 */
export const eventCatalogue = (list: readonly EventDefinition[]): EventCatalogue => {
  const definitions = new Map<string, EventDefinition>();
  for (const definition of list) {
    if (definitions.has(definition.type)) throw new Error(`event type ${definition.type} is defined twice`);
    definitions.set(definition.type, definition);
  }

  const definitionOf = (type: string): EventDefinition => {
    const definition = definitions.get(type);
    if (!definition) throw new UnknownEventError(type);
    return definition;
  };

  const validateForAppend = (type: string, data: unknown): { schemaVersion: number; data: unknown } => {
    const definition = definitionOf(type);
    const result = definition.schema.safeParse(data);
    if (!result.success) throw new InvalidEventError(type, result.error.issues);
    return { schemaVersion: definition.version, data: result.data };
  };

  const readStored = (type: string, schemaVersion: number, data: unknown): unknown => {
    const definition = definitionOf(type);
    let version = schemaVersion;
    let current = data;
    while (version < definition.version) {
      const previous = definition.previous.find((p) => p.version === version);
      if (!previous) throw new UnknownEventError(type, version);
      const parsed = previous.schema.safeParse(current);
      if (!parsed.success) throw new InvalidEventError(type, parsed.error.issues);
      current = previous.upcast(parsed.data);
      version += 1;
    }
    if (version !== definition.version) throw new UnknownEventError(type, schemaVersion);
    const result = definition.schema.safeParse(current);
    if (!result.success) throw new InvalidEventError(type, result.error.issues);
    return result.data;
  };

  return { definitions, validateForAppend, readStored };
};
