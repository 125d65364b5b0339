import { z } from 'zod';
import { activityEvents } from './activities/activity-events.ts';
import { groupEvents } from './administration/group-events.ts';
import { rebuildEvents } from './administration/rebuild-events.ts';
import { settingsEvents } from './administration/settings-events.ts';
import { userEvents } from './administration/user-events.ts';
import type { EventDefinition } from './define.ts';
import { companyEvents } from './directory/company-events.ts';
import { contactEvents } from './directory/contact-events.ts';
import { leadEvents } from './directory/lead-events.ts';
import { exportEvents } from './exports/export-events.ts';
import { importEvents } from './imports/import-events.ts';
import { reminderEvents } from './reminders/reminder-events.ts';
import { opportunityEvents } from './sales/opportunity-events.ts';
import { ticketEvents } from './support/ticket-events.ts';

/** Every event type of the log, by name. The public contract of the events table and the bus. */
export const catalogue: ReadonlyMap<string, EventDefinition> = new Map(
  [
    ...ticketEvents,
    ...companyEvents,
    ...contactEvents,
    ...leadEvents,
    ...activityEvents,
    ...userEvents,
    ...groupEvents,
    ...settingsEvents,
    ...reminderEvents,
    ...opportunityEvents,
    ...importEvents,
    ...exportEvents,
    ...rebuildEvents,
  ].map((definition) => [definition.type, definition as EventDefinition]),
);

export const eventTypes = [...catalogue.keys()];

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

const definitionOf = (type: string): EventDefinition => {
  const definition = catalogue.get(type);
  if (!definition) throw new UnknownEventError(type);
  return definition;
};

/** Validates data about to be appended against the current version; returns it with that version. */
export const validateForAppend = (type: string, data: unknown): { schemaVersion: number; data: unknown } => {
  const definition = definitionOf(type);
  const result = definition.schema.safeParse(data);
  if (!result.success) throw new InvalidEventError(type, result.error.issues);
  return { schemaVersion: definition.version, data: result.data };
};

/**
 * Reads stored data of any published version: validates it against the schema it was written with,
 * lifts it through the upcasters to the current version and validates the result.
 */
export const readStored = (type: string, schemaVersion: number, data: unknown): unknown => {
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
