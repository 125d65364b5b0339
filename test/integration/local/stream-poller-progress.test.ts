import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { BatchWriteItemCommand, CreateTableCommand, DeleteTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import type { Context, DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { eventsTable } from '../../../contract/tables.ts';
import { localAwsConfig } from '../../../local/dynamodb-local.ts';
import { memoryCheckpoints, startStreamPoller } from '../../../local/stream-poller.ts';
import type { StartStreamPollerOptions, StreamPoller } from '../../../local/stream-poller.ts';
import { createTableInput } from '../../../local/tables.ts';

/**
 * The local event source mapping under slow consumers (issue 11, item 5): a handler that stops at its
 * deadline makes progress record by record, a timed-out invocation is not run twice at once, and a
 * parallelization factor delivers lanes by partition key concurrently, each key in order.
 */
const endpoint = process.env['AWS_ENDPOINT_URL_DYNAMODB']!;
const dynamo = new DynamoDBClient({ ...localAwsConfig, endpoint });
const streams = new DynamoDBStreamsClient({ ...localAwsConfig, endpoint });
const tables: string[] = [];
const pollers: StreamPoller[] = [];
const dirs: string[] = [];

afterEach(async () => {
  await Promise.all(pollers.splice(0).map((poller) => poller.stop()));
});
afterAll(async () => {
  for (const table of tables) await dynamo.send(new DeleteTableCommand({ TableName: table })).catch(() => undefined);
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  dynamo.destroy();
  streams.destroy();
});

/** A fresh events-shaped table holding `perStream` events of each of `streamIds`, written stream after stream interleaved. */
const tableWith = async (streamIds: readonly string[], perStream: number): Promise<string> => {
  const name = `progress-${randomUUID().slice(0, 8)}`;
  await dynamo.send(new CreateTableCommand(createTableInput(eventsTable, name)));
  tables.push(name);
  const items = [];
  for (let version = 1; version <= perStream; version += 1) {
    for (const id of streamIds) items.push({ PutRequest: { Item: { pk: { S: `t1#ticket#${id}` }, version: { N: String(version) }, kind: { S: 'event' }, type: { S: 'TicketOpened' } } } });
  }
  for (let i = 0; i < items.length; i += 25) await dynamo.send(new BatchWriteItemCommand({ RequestItems: { [name]: items.slice(i, i + 25) } }));
  return name;
};

const start = async (options: Partial<StartStreamPollerOptions> & Pick<StartStreamPollerOptions, 'tableName' | 'consumers'>): Promise<StreamPoller> => {
  const poller = await startStreamPoller({ streamsClient: streams, dynamoClient: dynamo, log: false, pollIntervalMs: 20, retryBaseDelayMs: 5, ...options });
  pollers.push(poller);
  return poller;
};

const keyOf = (record: DynamoDBRecord): string => `${record.dynamodb!.Keys!['pk']!.S!.split('#')[2]}/${record.dynamodb!.Keys!['version']!.N}`;
const failuresFrom = (records: readonly DynamoDBRecord[]): DynamoDBBatchResponse => ({
  batchItemFailures: records.map((record) => ({ itemIdentifier: record.dynamodb!.SequenceNumber! })),
});

describe('stream poller: progress record by record', () => {
  it('a handler that hands the rest of each batch back (its deadline) moves the checkpoint on and is never set aside', async () => {
    const table = await tableWith(['a'], 10);
    const failedDir = mkdtempSync(join(tmpdir(), 'cronaca-progress-'));
    dirs.push(failedDir);
    const checkpoints = memoryCheckpoints();
    const batches: string[][] = [];
    let last = '';
    // Two records per invocation, then "the deadline": the rest are reported as failures.
    const handler = async (event: DynamoDBStreamEvent) => {
      batches.push(event.Records.map(keyOf));
      last = event.Records.at(-1)!.dynamodb!.SequenceNumber!;
      return failuresFrom(event.Records.slice(2));
    };
    const poller = await start({ tableName: table, consumers: [{ name: 'deadline', handler }], checkpoints, failedDir, maximumRetryAttempts: 1 });
    await poller.idle();
    expect(batches.map((batch) => batch.length)).toEqual([10, 8, 6, 4, 2]);
    expect(batches.flatMap((batch) => batch.slice(0, 2))).toEqual(Array.from({ length: 10 }, (_, i) => `a/${i + 1}`));
    expect(readdirSync(failedDir)).toEqual([]);
    expect(Object.values(await checkpoints.load('deadline', poller.streamArn))).toEqual([last]);
  });

  it('passes the consumer timeout as the remaining time, and retries a timed-out invocation only after it ended', async () => {
    const table = await tableWith(['a'], 3);
    const runs: { started: number; ended: number; remaining: number }[] = [];
    let running = 0;
    let overlapped = false;
    const handler = async (event: DynamoDBStreamEvent, context: Context) => {
      const run = { started: performance.now(), ended: 0, remaining: context.getRemainingTimeInMillis() };
      runs.push(run);
      running += 1;
      if (running > 1) overlapped = true;
      // The first invocation ignores its deadline and runs past the 1 s timeout.
      if (runs.length === 1) await sleep(1_600);
      running -= 1;
      run.ended = performance.now();
      return { batchItemFailures: [] as { itemIdentifier: string }[] };
    };
    const poller = await start({ tableName: table, consumers: [{ name: 'slow', handler, timeoutSeconds: 1 }] });
    await poller.idle();
    expect(runs).toHaveLength(2);
    expect(runs[0]!.remaining).toBeLessThanOrEqual(1_000);
    expect(runs[0]!.remaining).toBeGreaterThan(500);
    expect(overlapped).toBe(false);
    expect(runs[1]!.started).toBeGreaterThanOrEqual(runs[0]!.ended);
  });

  it('with a parallelization factor delivers lanes by partition key at once, each key in order; the checkpoint waits for the slowest lane', async () => {
    const ids = Array.from({ length: 8 }, (_, i) => `s${i}`);
    const table = await tableWith(ids, 5);
    const checkpoints = memoryCheckpoints();
    const seen: string[] = [];
    let newest = 0n;
    let running = 0;
    let mostAtOnce = 0;
    const handler = async (event: DynamoDBStreamEvent) => {
      running += 1;
      mostAtOnce = Math.max(mostAtOnce, running);
      await sleep(50);
      seen.push(...event.Records.map(keyOf));
      for (const record of event.Records) if (BigInt(record.dynamodb!.SequenceNumber!) > newest) newest = BigInt(record.dynamodb!.SequenceNumber!);
      running -= 1;
      return { batchItemFailures: [] as { itemIdentifier: string }[] };
    };
    const poller = await start({ tableName: table, consumers: [{ name: 'lanes', handler, batchSize: 2, parallelizationFactor: 4 }], checkpoints });
    await poller.idle();
    expect(mostAtOnce).toBeGreaterThan(1);
    expect(seen).toHaveLength(40);
    for (const id of ids) {
      const versions = seen.filter((key) => key.startsWith(`${id}/`)).map((key) => Number(key.split('/')[1]));
      expect(versions).toEqual([1, 2, 3, 4, 5]);
    }
    expect(Object.values(await checkpoints.load('lanes', poller.streamArn)).map(BigInt)).toEqual([newest]);
  });
});
