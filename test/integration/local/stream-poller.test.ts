import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import {
  BatchWriteItemCommand,
  CreateTableCommand,
  DeleteItemCommand,
  DeleteTableCommand,
  DynamoDBClient,
  PutItemCommand,
  TransactWriteItemsCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import type { AttributeValue as SdkAttributeValue } from '@aws-sdk/client-dynamodb';
import { DynamoDBStreamsClient, GetRecordsCommand } from '@aws-sdk/client-dynamodb-streams';
import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { eventsTable } from '../../../contract/tables.ts';
import { localAwsConfig } from '../../../local/dynamodb-local.ts';
import { fileCheckpoints, memoryCheckpoints, startStreamPoller } from '../../../local/stream-poller.ts';
import type { StartStreamPollerOptions, StreamConsumer, StreamPoller } from '../../../local/stream-poller.ts';
import { createTableInput } from '../../../local/tables.ts';

const endpoint = process.env['AWS_ENDPOINT_URL_DYNAMODB']!;
const dynamo = new DynamoDBClient({ ...localAwsConfig, endpoint });
const streams = new DynamoDBStreamsClient({ ...localAwsConfig, endpoint });
const tablesCreated: string[] = [];
const pollers: StreamPoller[] = [];
const tempDirs: string[] = [];

afterEach(async () => {
  await Promise.all(pollers.splice(0).map((poller) => poller.stop()));
});

afterAll(async () => {
  for (const table of tablesCreated) await dynamo.send(new DeleteTableCommand({ TableName: table })).catch(() => undefined);
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
  dynamo.destroy();
  streams.destroy();
});

/** A fresh table shaped like the events table (stream NEW_IMAGE), so each test reads only its own stream. */
const newEventsTable = async (): Promise<string> => {
  const name = `poller-${randomUUID().slice(0, 8)}`;
  await dynamo.send(new CreateTableCommand(createTableInput(eventsTable, name)));
  tablesCreated.push(name);
  return name;
};

const tempDir = (): string => {
  const dir = mkdtempSync(join(tmpdir(), 'cronaca-poller-'));
  tempDirs.push(dir);
  return dir;
};

const eventItem = (stream: string, version: number, extra: Record<string, SdkAttributeValue> = {}): Record<string, SdkAttributeValue> => ({
  pk: { S: `t1#ticket#${stream}` },
  version: { N: String(version) },
  kind: { S: 'event' },
  type: { S: 'TicketOpened' },
  data: { M: { subject: { S: `subject ${stream} ${version}` }, tags: { SS: ['a', 'b'] }, raw: { B: Buffer.from('hi') } } },
  ...extra,
});

const put = (table: string, item: Record<string, SdkAttributeValue>) => dynamo.send(new PutItemCommand({ TableName: table, Item: item }));

interface Recorder extends StreamConsumer {
  readonly batches: DynamoDBRecord[][];
  readonly keys: () => string[];
}

type Behaviour = (event: DynamoDBStreamEvent, invocation: number) => DynamoDBBatchResponse | void | Promise<DynamoDBBatchResponse | void>;

/** A consumer that records its batches; `behaviour` may fail some invocations. */
const recorder = (options: { behaviour?: Behaviour; batchSize?: number; name?: string } = {}): Recorder => {
  const { behaviour, batchSize } = options;
  const batches: DynamoDBRecord[][] = [];
  return {
    name: options.name ?? `consumer-${randomUUID().slice(0, 6)}`,
    ...(batchSize ? { batchSize } : {}),
    batches,
    keys: () => batches.flat().map((record) => `${record.dynamodb!.Keys!['pk']!.S}/${record.dynamodb!.Keys!['version']!.N}`),
    handler: async (event) => {
      batches.push(event.Records);
      return (await behaviour?.(event, batches.length)) ?? { batchItemFailures: [] };
    },
  };
};

const start = async (options: Partial<StartStreamPollerOptions> & Pick<StartStreamPollerOptions, 'tableName' | 'consumers'>): Promise<StreamPoller> => {
  const poller = await startStreamPoller({ streamsClient: streams, dynamoClient: dynamo, log: false, pollIntervalMs: 20, ...options });
  pollers.push(poller);
  return poller;
};

const key = (stream: string, version: number): string => `t1#ticket#${stream}/${version}`;

describe('stream poller on DynamoDB Local', () => {
  it('delivers inserted events in order, with the record shape Lambda uses, and skips other items and changes', async () => {
    const table = await newEventsTable();
    await put(table, eventItem('a', 1));
    await put(table, eventItem('a', 2));
    // A commit: two events plus a sequence counter (not an event: filtered out).
    await dynamo.send(
      new TransactWriteItemsCommand({
        TransactItems: [
          { Put: { TableName: table, Item: eventItem('b', 1) } },
          { Put: { TableName: table, Item: eventItem('b', 2) } },
          { Put: { TableName: table, Item: { pk: { S: 't1#sequence#ticket' }, version: { N: '0' }, kind: { S: 'sequence' }, value: { N: '2' } } } },
        ],
      }),
    );
    // MODIFY and REMOVE of event items are not delivered either.
    await dynamo.send(
      new UpdateItemCommand({
        TableName: table,
        Key: { pk: { S: 't1#ticket#a' }, version: { N: '1' } },
        UpdateExpression: 'SET touched = :t',
        ExpressionAttributeValues: { ':t': { BOOL: true } },
      }),
    );
    await dynamo.send(new DeleteItemCommand({ TableName: table, Key: { pk: { S: 't1#ticket#a' }, version: { N: '2' } } }));
    await put(table, eventItem('a', 3));

    const first = recorder();
    const second = recorder();
    const poller = await start({ tableName: table, consumers: [first, second] });
    await poller.idle();

    const expected = [key('a', 1), key('a', 2), key('b', 1), key('b', 2), key('a', 3)];
    expect(first.keys()).toEqual(expected);
    expect(second.keys()).toEqual(expected);

    const record = first.batches[0]![0]!;
    expect(Object.keys(record)).toEqual(['eventID', 'eventName', 'eventVersion', 'eventSource', 'awsRegion', 'dynamodb', 'eventSourceARN']);
    expect(record).toMatchObject({
      eventID: expect.any(String),
      eventName: 'INSERT',
      eventVersion: '1.1',
      eventSource: 'aws:dynamodb',
      awsRegion: expect.any(String),
      eventSourceARN: poller.streamArn,
    });
    expect(poller.streamArn).toMatch(new RegExp(`:table/${table}/stream/`));
    expect(record.dynamodb).toEqual({
      ApproximateCreationDateTime: expect.any(Number),
      Keys: { pk: { S: 't1#ticket#a' }, version: { N: '1' } },
      NewImage: {
        pk: { S: 't1#ticket#a' },
        version: { N: '1' },
        kind: { S: 'event' },
        type: { S: 'TicketOpened' },
        // Binary values arrive base64-encoded, as in Lambda's JSON event.
        data: { M: { subject: { S: 'subject a 1' }, tags: { SS: ['a', 'b'] }, raw: { B: Buffer.from('hi').toString('base64') } } },
      },
      SequenceNumber: expect.stringMatching(/^\d+$/),
      SizeBytes: expect.any(Number),
      StreamViewType: 'NEW_IMAGE',
    });
    expect(Number.isInteger(record.dynamodb!.ApproximateCreationDateTime)).toBe(true);
    expect(Math.abs(record.dynamodb!.ApproximateCreationDateTime! - Date.now() / 1000)).toBeLessThan(600);
    // Sequence numbers increase along the delivery.
    const sequence = first.batches.flat().map((r) => BigInt(r.dynamodb!.SequenceNumber!));
    expect([...sequence].sort((a, b) => (a < b ? -1 : 1))).toEqual(sequence);
  });

  it('delivers empty maps and lists as such (the SDK reads an empty map back as a member-less value)', async () => {
    const table = await newEventsTable();
    const consumer = recorder();
    await start({ tableName: table, consumers: [consumer], startingPosition: 'TRIM_HORIZON' });
    await put(table, eventItem('e', 1, { data: { M: { labels: { M: {} }, entries: { L: [] }, nested: { L: [{ M: {} }, { L: [] }] } } } }));
    await vi.waitFor(() => expect(consumer.batches.flat()).toHaveLength(1), { timeout: 10_000 });
    expect(consumer.batches.flat()[0]!.dynamodb!.NewImage!['data']).toEqual({
      M: { labels: { M: {} }, entries: { L: [] }, nested: { L: [{ M: {} }, { L: [] }] } },
    });
  });

  it('keeps delivering what is written while it runs, within the projection lag target', async () => {
    const table = await newEventsTable();
    const consumer = recorder();
    const poller = await start({ tableName: table, consumers: [consumer], pollIntervalMs: 100 });
    const lags: number[] = [];
    for (let version = 1; version <= 5; version++) {
      const written = Date.now();
      await put(table, eventItem('live', version));
      while (consumer.keys().length < version) await new Promise((resolve) => setTimeout(resolve, 5));
      lags.push(Date.now() - written);
    }
    await poller.idle();
    expect(consumer.keys()).toEqual([1, 2, 3, 4, 5].map((version) => key('live', version)));
    expect(Math.max(...lags)).toBeLessThan(1_000);
  });

  it('invokes with batches of at most 100 records, in order', async () => {
    const table = await newEventsTable();
    for (let start = 1; start <= 230; start += 25) {
      const items = Array.from({ length: Math.min(25, 231 - start) }, (_, index) => ({ PutRequest: { Item: eventItem('bulk', start + index) } }));
      await dynamo.send(new BatchWriteItemCommand({ RequestItems: { [table]: items } }));
    }
    const consumer = recorder();
    const small = recorder({ batchSize: 7 });
    const poller = await start({ tableName: table, consumers: [consumer, small] });
    await poller.idle();
    expect(consumer.batches.map((batch) => batch.length)).toEqual([100, 100, 30]);
    expect(consumer.keys()).toEqual(Array.from({ length: 230 }, (_, index) => key('bulk', index + 1)));
    expect(Math.max(...small.batches.map((batch) => batch.length))).toBe(7);
    expect(small.keys()).toEqual(consumer.keys());
  });

  it('starts at the end of the stream with LATEST', async () => {
    const table = await newEventsTable();
    await put(table, eventItem('old', 1));
    const consumer = recorder();
    const poller = await start({ tableName: table, consumers: [consumer], startingPosition: 'LATEST' });
    await put(table, eventItem('new', 1));
    await poller.idle();
    expect(consumer.keys()).toEqual([key('new', 1)]);
  });

  it('retries from the first reported batch item failure, and checkpoints the records before it', async () => {
    const table = await newEventsTable();
    for (let version = 1; version <= 4; version++) await put(table, eventItem('r', version));
    const checkpoints = memoryCheckpoints();
    const consumer = recorder({
      behaviour: (event, invocation) =>
        invocation === 1
          ? { batchItemFailures: [{ itemIdentifier: event.Records[3]!.dynamodb!.SequenceNumber! }, { itemIdentifier: event.Records[2]!.dynamodb!.SequenceNumber! }] }
          : undefined,
    });
    const poller = await start({ tableName: table, consumers: [consumer], checkpoints, retryBaseDelayMs: 10 });
    await poller.idle();
    expect(consumer.batches.map((batch) => batch.map((record) => record.dynamodb!.Keys!['version']!.N))).toEqual([
      ['1', '2', '3', '4'],
      ['3', '4'],
    ]);
    const saved = await checkpoints.load(consumer.name, poller.streamArn);
    expect(Object.values(saved)).toEqual([consumer.batches[0]![3]!.dynamodb!.SequenceNumber]);
  });

  it('retries a batch whose invocation throws, then sets it aside after the last retry and moves on', async () => {
    const table = await newEventsTable();
    await put(table, eventItem('f', 1));
    await put(table, eventItem('f', 2));
    const failedDir = tempDir();
    const consumer = recorder({
      behaviour: (event) => {
        if (event.Records.some((record) => record.dynamodb!.Keys!['version']!.N === '2')) throw new Error('boom');
        return undefined;
      },
    });
    const poller = await start({ tableName: table, consumers: [consumer], failedDir, maximumRetryAttempts: 2, retryBaseDelayMs: 5 });
    await poller.idle();
    await put(table, eventItem('f', 3));
    await poller.idle();

    // 1st: [1,2] throws -> whole batch again; 2nd: [1,2] throws; 3rd: [1,2] throws -> set aside.
    expect(consumer.batches.map((batch) => batch.map((record) => record.dynamodb!.Keys!['version']!.N))).toEqual([['1', '2'], ['1', '2'], ['1', '2'], ['3']]);
    const files = readdirSync(failedDir);
    expect(files).toHaveLength(1);
    const failed = JSON.parse(readFileSync(join(failedDir, files[0]!), 'utf8'));
    expect(failed).toMatchObject({
      requestContext: { condition: 'RetryAttemptsExhausted', approximateInvokeCount: 3 },
      responseContext: { error: 'Error: boom' },
      DDBStreamBatchInfo: { batchSize: 2, streamArn: poller.streamArn, startSequenceNumber: consumer.batches[0]![0]!.dynamodb!.SequenceNumber },
      event: { Records: [expect.objectContaining({ eventName: 'INSERT' }), expect.objectContaining({ eventName: 'INSERT' })] },
    });
  });

  it('resumes after the checkpoint on restart; a fresh checkpoint store starts from TRIM_HORIZON', async () => {
    const table = await newEventsTable();
    const dir = tempDir();
    for (let version = 1; version <= 3; version++) await put(table, eventItem('c', version));
    const before = recorder();
    const first = await start({ tableName: table, consumers: [before], checkpoints: fileCheckpoints(dir) });
    await first.idle();
    await first.stop();
    expect(before.keys()).toEqual([1, 2, 3].map((version) => key('c', version)));
    expect(JSON.parse(readFileSync(join(dir, `${before.name}.json`), 'utf8'))).toMatchObject({ streamArn: first.streamArn });

    await put(table, eventItem('c', 4));
    await put(table, eventItem('c', 5));
    const resumed = recorder({ name: before.name });
    const second = await start({ tableName: table, consumers: [resumed], checkpoints: fileCheckpoints(dir) });
    await second.idle();
    expect(resumed.keys()).toEqual([key('c', 4), key('c', 5)]);

    const fresh = recorder();
    const third = await start({ tableName: table, consumers: [fresh], checkpoints: memoryCheckpoints() });
    await third.idle();
    expect(fresh.keys()).toEqual([1, 2, 3, 4, 5].map((version) => key('c', version)));
  });

  it('re-acquires an expired iterator from the checkpoint without losing or repeating records', async () => {
    const table = await newEventsTable();
    await put(table, eventItem('e', 1));
    let expireNext = false;
    let expired = 0;
    const flakyStreams = {
      send: (command: unknown, ...rest: unknown[]) => {
        if (expireNext && command instanceof GetRecordsCommand) {
          expireNext = false;
          expired++;
          return Promise.reject(Object.assign(new Error('Iterator expired'), { name: 'ExpiredIteratorException' }));
        }
        return (streams.send as (...args: unknown[]) => Promise<unknown>)(command, ...rest);
      },
    } as unknown as DynamoDBStreamsClient;
    const consumer = recorder();
    const poller = await start({ tableName: table, consumers: [consumer], streamsClient: flakyStreams });
    await poller.idle();
    expireNext = true;
    await put(table, eventItem('e', 2));
    await poller.idle();
    await put(table, eventItem('e', 3));
    await poller.idle();
    expect(expired).toBe(1);
    expect(consumer.keys()).toEqual([1, 2, 3].map((version) => key('e', version)));
  });
});
