import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createDocumentClient, localTableNames, type TableNames } from '../adapters/dynamodb/client.ts';
import { localAwsConfig, startDynamoDbLocal } from '../local/dynamodb-local.ts';
import { ensureTables } from '../local/tables.ts';
import { CapacityMeter, meterCapacity } from './capacity-meter.ts';

/**
 * One DynamoDB Local for the whole run, its tables, and the environment the handlers read. Must run
 * before any handler module is imported (dependenciesFromEnv reads the env on first use).
 */
export interface BenchEnvironment {
  readonly endpoint: string;
  /** Process group of DynamoDB Local (its CPU is not "other work" in machine-load.ts). */
  readonly dynamoProcessGroup: number;
  readonly tables: TableNames;
  /** Plain document client (no capacity accounting): for latency and throughput figures. */
  readonly db: DynamoDBDocumentClient;
  /** Document client whose every command asks for and sums ReturnConsumedCapacity. */
  readonly meteredDb: DynamoDBDocumentClient;
  readonly meter: CapacityMeter;
  stop(): Promise<void>;
}

/** The variables a handler needs; the same values for in-process handlers and child processes. */
export const handlerEnv = (endpoint: string, tables: TableNames): Record<string, string> => ({
  EVENTS_TABLE: tables.events,
  READ_MODELS_TABLE: tables.readModels,
  DROP_BUCKET: 'cronaca-bench-drop',
  EVENT_BUS: 'cronaca-bench-bus',
  AWS_ENDPOINT_URL_DYNAMODB: endpoint,
  AWS_ENDPOINT_URL_DYNAMODB_STREAMS: endpoint,
  AWS_REGION: localAwsConfig.region,
  AWS_ACCESS_KEY_ID: localAwsConfig.credentials.accessKeyId,
  AWS_SECRET_ACCESS_KEY: localAwsConfig.credentials.secretAccessKey,
  POWERTOOLS_LOG_LEVEL: 'ERROR',
  POWERTOOLS_SERVICE_NAME: 'cronaca-bench',
  POWERTOOLS_METRICS_NAMESPACE: 'CronacaBench',
  // No X-Ray daemon locally.
  POWERTOOLS_TRACE_ENABLED: 'false',
});

const lowLevelClient = (endpoint: string): DynamoDBClient =>
  new DynamoDBClient({ ...localAwsConfig, endpoint, maxAttempts: 3 });

export const startBenchEnvironment = async (): Promise<BenchEnvironment> => {
  const dynamo = await startDynamoDbLocal({ timeoutMs: 60_000 });
  try {
    Object.assign(process.env, handlerEnv(dynamo.endpoint, localTableNames));
    const admin = lowLevelClient(dynamo.endpoint);
    await ensureTables(admin, localTableNames);
    admin.destroy();

    const plain = lowLevelClient(dynamo.endpoint);
    const metered = lowLevelClient(dynamo.endpoint);
    const meter = new CapacityMeter();
    meterCapacity(metered, meter);
    return {
      endpoint: dynamo.endpoint,
      dynamoProcessGroup: dynamo.pid,
      tables: localTableNames,
      db: createDocumentClient(plain),
      meteredDb: createDocumentClient(metered),
      meter,
      stop: async () => {
        plain.destroy();
        metered.destroy();
        await dynamo.stop();
      },
    };
  } catch (error) {
    await dynamo.stop();
    throw error;
  }
};
