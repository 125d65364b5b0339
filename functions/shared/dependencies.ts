import { createDocumentClient, tableNamesFromEnv } from '../../adapters/dynamodb/client.ts';
import { EventStore } from '../../adapters/dynamodb/event-store.ts';
import { ReadModelStore } from '../../adapters/dynamodb/read-model-store.ts';
import { randomIds, systemClock, type Clock, type IdGenerator } from '../../adapters/clock.ts';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { ApplicationDependencies } from '../../application/ports/application-dependencies.ts';
import type { ApiClientGrants } from '../../application/ports/api-client-grants.ts';
import type { WebhookQueue } from '../../application/ports/webhook-queue.ts';
import { EventStorePeople } from '../../adapters/people/event-store-people.ts';
import { ReadModelPeopleDirectory } from '../../adapters/people/read-model-people-directory.ts';
import { EventStoreTenantSettings } from '../../adapters/settings/event-store-tenant-settings.ts';
import type { ApiClientIssuer } from '../../application/ports/api-client-issuer.ts';
import { EventStoreApiClientGrants } from '../../application/integrations/api-client-grants.ts';
import { cognitoApiClientIssuerFromEnv } from '../../adapters/identity/cognito-api-client-issuer.ts';
import type { UserDirectory } from '../../application/ports/user-directory.ts';
import type { UserAccess } from '../../application/ports/user-access.ts';
import { EventStoreUserAccess, usersOfRecordOnlyEnv } from '../../adapters/people/event-store-user-access.ts';
import { cognitoUserDirectoryFromEnv, unconfiguredUserDirectory } from '../../adapters/identity/cognito-user-directory.ts';
import { LocalUserDirectory } from '../../adapters/identity/local-user-directory.ts';
import { OutboxMailer } from '../../adapters/mail/outbox-mailer.ts';
import { businessMetrics } from './observability.ts';

/**
 * What handlers need from the outside world: the application's ports (ApplicationDependencies) on
 * their DynamoDB implementations, and the clients themselves for what runs at the edge. Tests and
 * the local cloud may pass their own.
 */
export interface Dependencies extends ApplicationDependencies {
  readonly db: DynamoDBDocumentClient;
  readonly eventsTable: string;
  readonly eventStore: EventStore;
  readonly readModels: ReadModelStore;
  readonly now: Clock;
  readonly newId: IdGenerator;
  /**
   * API clients' grants (tenant, role, revoked by client id), read by the HTTP edge for
   * client-credentials tokens. Absent: no API client is recognised (docs/api-clients.md).
   */
  readonly apiClients?: ApiClientGrants;
  /**
   * The queue test events and redeliveries go to. Absent (AWS, the local cloud): the one WEBHOOK_QUEUE_URL
   * names (adapters/queue/webhook-queue.ts `webhookQueueFromEnv()`); tests give a recording queue.
   */
  readonly webhookQueue?: WebhookQueue;
  /**
   * The identity provider that creates and deletes API clients' app clients (Cognito when USER_POOL_ID
   * is set; `npm start` and tests give the local registry). Absent: creating a client fails.
   */
  readonly apiClientIssuer?: ApiClientIssuer;
  /**
   * The sign-in identities of users (Cognito when USER_POOL_ID is set; else the local directory, whose
   * invitations go to the outbox when LOCAL_OUTBOX_DIR is set). Absent: the admin API uses a local one.
   */
  readonly userDirectory?: UserDirectory;
  /** Users of record as the HTTP edge checks them on every request (deactivated, current role). Absent: token claims stand. */
  readonly userAccess?: UserAccess;
}

/** The local cloud's directory: its invitations land in the `.eml` outbox (`npm start`). */
const localUserDirectory = (env: NodeJS.ProcessEnv = process.env): UserDirectory => {
  // In Lambda without the pool (a function that does not manage users, or a misconfigured one): refuse, never make local identities.
  if (env['AWS_LAMBDA_FUNCTION_NAME']) return unconfiguredUserDirectory;
  const outbox = env['LOCAL_OUTBOX_DIR'];
  const mailer = outbox ? new OutboxMailer({ directory: outbox, from: { name: 'Cronaca', address: 'no-reply@cronaca.local' }, now: systemClock }) : undefined;
  return new LocalUserDirectory(randomIds, () => mailer);
};

let fromEnvironment: Dependencies | undefined;

/**
 * Built on first use, not at import: the module can be imported (by the local cloud, by bench/) before
 * the environment names the tables, and a warm Lambda reuses the clients.
 */
export const dependenciesFromEnv = (): Dependencies => {
  if (!fromEnvironment) {
    const db = createDocumentClient();
    const tables = tableNamesFromEnv();
    const readModels = new ReadModelStore(db, tables.readModels);
    const eventStore = new EventStore(db, tables.events);
    const people = new ReadModelPeopleDirectory(readModels);
    fromEnvironment = {
      db,
      eventsTable: tables.events,
      eventStore,
      readModels,
      now: systemClock,
      newId: randomIds,
      people,
      peopleOfRecord: new EventStorePeople(eventStore),
      settings: new EventStoreTenantSettings(eventStore),
      apiClients: new EventStoreApiClientGrants(eventStore, systemClock),
      // CloudWatch EMF, written by the observability middleware at the end of each invocation.
      metrics: businessMetrics,
      ...cognitoApiClientIssuerFromEnv(),
      userDirectory: cognitoUserDirectoryFromEnv().userDirectory ?? localUserDirectory(),
      userAccess: new EventStoreUserAccess(eventStore, { usersOfRecordOnly: process.env[usersOfRecordOnlyEnv] === 'true', people }),
    };
  }
  return fromEnvironment;
};

export type DependencySource = () => Dependencies;
