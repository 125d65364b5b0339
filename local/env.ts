import { localTableNames } from '../adapters/dynamodb/client.ts';
import type { TableNames } from '../adapters/dynamodb/client.ts';
import { importQueueEnv } from '../adapters/queue/job-queue.ts';
import { rebuildQueueEnv } from '../adapters/queue/rebuild-queue.ts';
import { reportQueueEnv } from '../adapters/queue/report-queue.ts';
import { integrationEnv, resourceEnv } from '../contract/tables.ts';
import { localAwsConfig } from './aws.ts';
import { dropBucketName } from './s3.ts';

/** Name of the (absent) event bus locally; the publisher uses an in-memory bus. */
export const localEventBusName = 'cronaca-local-bus';

export interface LocalEnvironmentInput {
  readonly dynamodbEndpoint: string;
  readonly s3Endpoint?: string;
  /** Mail outbox folder (`.eml` files). */
  readonly outboxDir?: string;
  readonly tableNames?: TableNames;
}

/**
 * The environment the handlers see locally: the same variables as in Lambda (tables, bucket, bus,
 * Powertools) plus the standard SDK endpoint variables that point the unchanged AWS clients at
 * DynamoDB Local and the S3 emulator, and fixed fake credentials (no AWS account involved).
 */
export const localEnvironment = (input: LocalEnvironmentInput): Record<string, string> => {
  const names = input.tableNames ?? localTableNames;
  return {
    AWS_REGION: localAwsConfig.region,
    AWS_DEFAULT_REGION: localAwsConfig.region,
    AWS_ACCESS_KEY_ID: localAwsConfig.credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: localAwsConfig.credentials.secretAccessKey,
    // DynamoDB Local serialises writes and, on a busy machine, answers a transaction "timed out
    // waiting for a lock" (a 500 that "will succeed in actual DynamoDB"); the SDK retries server
    // errors with back-off, three tries by default — five here ride out a busy moment.
    AWS_MAX_ATTEMPTS: '5',
    AWS_ENDPOINT_URL_DYNAMODB: input.dynamodbEndpoint,
    AWS_ENDPOINT_URL_DYNAMODB_STREAMS: input.dynamodbEndpoint,
    ...(input.s3Endpoint ? { AWS_ENDPOINT_URL_S3: input.s3Endpoint } : {}),
    // s3rver predates the SDK's default CRC checksums; these are the SDK's own switches for that.
    AWS_REQUEST_CHECKSUM_CALCULATION: 'WHEN_REQUIRED',
    AWS_RESPONSE_CHECKSUM_VALIDATION: 'WHEN_REQUIRED',
    [resourceEnv.eventsTable]: names.events,
    [resourceEnv.readModelsTable]: names.readModels,
    [resourceEnv.dropBucket]: dropBucketName,
    [resourceEnv.eventBus]: localEventBusName,
    // SQS has no local engine: the in-process queue of adapters/queue/job-queue.ts.
    [importQueueEnv]: 'local:imports',
    [rebuildQueueEnv]: 'local:rebuilds',
    [reportQueueEnv]: 'local:reports',
    [integrationEnv.webhookQueue]: 'local:webhooks',
    // Webhooks to a receiver on this machine (http://127.0.0.1:…): allowed here only (docs/webhooks.md).
    [integrationEnv.webhookLoopbackAllowed]: 'true',
    POWERTOOLS_SERVICE_NAME: 'cronaca',
    POWERTOOLS_METRICS_NAMESPACE: 'Cronaca',
    // No EMF documents on stdout and no X-Ray segments (no daemon here): docs/observability.md.
    POWERTOOLS_METRICS_DISABLED: 'true',
    POWERTOOLS_TRACE_ENABLED: 'false',
    ...(input.outboxDir ? { LOCAL_OUTBOX_DIR: input.outboxDir } : {}),
  };
};

/** Sets the local environment on `process.env` (and drops a session token that would not fit the fake keys). */
export const applyLocalEnvironment = (input: LocalEnvironmentInput): Record<string, string> => {
  const environment = localEnvironment(input);
  Object.assign(process.env, environment);
  delete process.env['AWS_SESSION_TOKEN'];
  delete process.env['AWS_PROFILE'];
  return environment;
};
