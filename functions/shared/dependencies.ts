import { createDocumentClient, tableNamesFromEnv } from '../../adapters/dynamodb/client.ts';
import { EventStore } from '../../adapters/dynamodb/event-store.ts';
import { ReadModelStore } from '../../adapters/dynamodb/read-model-store.ts';
import { randomIds, systemClock, type Clock, type IdGenerator } from '../../adapters/clock.ts';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/** What handlers need from the outside world; tests and the local cloud may pass their own. */
export interface Dependencies {
  readonly db: DynamoDBDocumentClient;
  readonly eventsTable: string;
  readonly eventStore: EventStore;
  readonly readModels: ReadModelStore;
  readonly now: Clock;
  readonly newId: IdGenerator;
}

let fromEnvironment: Dependencies | undefined;

/**
 * Built on first use, not at import: the module can be imported (by the local cloud, by bench/) before
 * the environment names the tables, and a warm Lambda reuses the clients.
 */
export const dependenciesFromEnv = (): Dependencies => {
  if (!fromEnvironment) {
    const db = createDocumentClient();
    const tables = tableNamesFromEnv();
    fromEnvironment = {
      db,
      eventsTable: tables.events,
      eventStore: new EventStore(db, tables.events),
      readModels: new ReadModelStore(db, tables.readModels),
      now: systemClock,
      newId: randomIds,
    };
  }
  return fromEnvironment;
};

export type DependencySource = () => Dependencies;
