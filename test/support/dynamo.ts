import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { localTableNames, createDocumentClient, type TableNames } from '../../adapters/dynamodb/client.ts';
import { ensureTables } from '../../local/tables.ts';
import { EventStore } from '../../adapters/dynamodb/event-store.ts';
import { ReadModelStore } from '../../adapters/dynamodb/read-model-store.ts';
import { randomIds } from '../../adapters/clock.ts';
import type { Dependencies } from '../../functions/shared/dependencies.ts';
import { EventStorePeople } from '../../adapters/people/event-store-people.ts';
import { ReadModelPeopleDirectory } from '../../adapters/people/read-model-people-directory.ts';
import { EventStoreTenantSettings } from '../../adapters/settings/event-store-tenant-settings.ts';
import type { Actor, Role } from '../../domain/shared/actor.ts';

/**
 * Clients on the run's DynamoDB Local (started by test/support/global-setup.ts, which sets
 * AWS_ENDPOINT_URL_DYNAMODB and creates the tables). Each test works in its own tenant.
 */
export const testDependencies = (overrides: Partial<Dependencies> = {}): Dependencies => {
  const db = createDocumentClient();
  const readModels = new ReadModelStore(db, localTableNames.readModels);
  const eventStore = new EventStore(db, localTableNames.events);
  return {
    db,
    eventsTable: localTableNames.events,
    eventStore,
    readModels,
    now: () => new Date().toISOString(),
    newId: randomIds,
    people: new ReadModelPeopleDirectory(readModels),
    peopleOfRecord: new EventStorePeople(overrides.eventStore ?? eventStore),
    settings: new EventStoreTenantSettings(eventStore),
    ...overrides,
  };
};

/**
 * Dependencies on tables of their own (created here on the run's DynamoDB Local), for tests whose
 * cost grows with everything in the table — a rebuild scans the whole events table, and the shared
 * one holds what every other test file wrote.
 */
export const isolatedDependencies = async (): Promise<Dependencies> => {
  const suffix = randomUUID().slice(0, 8);
  const names: TableNames = { events: `${localTableNames.events}-${suffix}`, readModels: `${localTableNames.readModels}-${suffix}` };
  const client = new DynamoDBClient({});
  try {
    await ensureTables(client, names);
  } finally {
    client.destroy();
  }
  const db = createDocumentClient();
  const readModels = new ReadModelStore(db, names.readModels);
  const eventStore = new EventStore(db, names.events);
  return testDependencies({
    db,
    eventsTable: names.events,
    eventStore,
    readModels,
    people: new ReadModelPeopleDirectory(readModels),
    peopleOfRecord: new EventStorePeople(eventStore),
    settings: new EventStoreTenantSettings(eventStore),
  });
};

export const uniqueTenant = (prefix = 't'): string => `${prefix}-${randomUUID().slice(0, 8)}`;

export const actorIn = (tenant: string, userId: string, role: Role = 'standard', groups: string[] = []): Actor => ({
  tenant,
  userId,
  role,
  groups,
});
