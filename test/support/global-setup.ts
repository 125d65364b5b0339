import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { TestProject } from 'vitest/node';
import { localTableNames } from '../../adapters/dynamodb/client.ts';
import { localAwsConfig, startDynamoDbLocal } from '../../local/dynamodb-local.ts';
import { applyLocalEnvironment } from '../../local/env.ts';
import { startLocalS3 } from '../../local/s3.ts';
import { ensureTables } from '../../local/tables.ts';

/**
 * One DynamoDB Local (in memory) and one S3 emulator (temporary folder) for the whole run, with the
 * contract tables (`localTableNames`) and the drop bucket. Test workers are forked after this runs
 * and inherit `process.env`, so the unchanged SDK clients find both through the standard endpoint
 * variables (`AWS_ENDPOINT_URL_DYNAMODB`, `…_DYNAMODB_STREAMS`, `…_S3`) with fake credentials; the
 * endpoints are also available as `inject('dynamodbEndpoint')` / `inject('s3Endpoint')`.
 */

declare module 'vitest' {
  export interface ProvidedContext {
    dynamodbEndpoint: string;
    s3Endpoint: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const started: { stop(): Promise<void> }[] = [];
  const teardown = async (): Promise<void> => {
    for (const service of started.reverse()) await service.stop().catch((error: unknown) => console.error('[global-setup] stop failed:', error));
  };
  try {
    const dynamodb = await startDynamoDbLocal();
    started.push(dynamodb);
    const s3 = await startLocalS3();
    started.push(s3);
    applyLocalEnvironment({ dynamodbEndpoint: dynamodb.endpoint, s3Endpoint: s3.endpoint });

    const client = new DynamoDBClient({ ...localAwsConfig, endpoint: dynamodb.endpoint });
    try {
      await ensureTables(client, localTableNames);
    } finally {
      client.destroy();
    }
    project.provide('dynamodbEndpoint', dynamodb.endpoint);
    project.provide('s3Endpoint', s3.endpoint);
  } catch (error) {
    await teardown();
    throw error;
  }
  return teardown;
}
