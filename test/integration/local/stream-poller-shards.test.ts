import {
  DescribeStreamCommand,
  GetRecordsCommand,
  GetShardIteratorCommand,
  ListStreamsCommand,
} from '@aws-sdk/client-dynamodb-streams';
import type { _Record, DynamoDBStreamsClient, Shard } from '@aws-sdk/client-dynamodb-streams';
import type { DynamoDBRecord } from 'aws-lambda';
import { afterEach, describe, expect, it } from 'vitest';
import { memoryCheckpoints, startStreamPoller } from '../../../local/stream-poller.ts';
import type { StreamPoller } from '../../../local/stream-poller.ts';

/**
 * Shard lineage cannot be provoked on DynamoDB Local (one shard per stream there), so these cases run
 * against a scripted DynamoDB Streams API: closed shards (no NextShardIterator), children that must
 * wait for their parent, and shards that appear while polling.
 */

const streamArn = 'arn:aws:dynamodb:ddblocal:000000000000:table/fake/stream/2026-01-01T00:00:00.000';

interface FakeShard {
  readonly id: string;
  readonly parent?: string;
  readonly records: _Record[];
  closed: boolean;
}

let sequence = 0;
const record = (id: string): _Record => {
  sequence++;
  const seq = String(sequence).padStart(21, '0');
  return {
    eventID: `ev-${seq}`,
    eventName: 'INSERT',
    eventVersion: '1.1',
    eventSource: 'aws:dynamodb',
    awsRegion: 'ddblocal',
    dynamodb: {
      ApproximateCreationDateTime: new Date(),
      Keys: { pk: { S: id }, version: { N: '1' } },
      NewImage: { pk: { S: id }, version: { N: '1' }, kind: { S: 'event' } },
      SequenceNumber: seq,
      SizeBytes: 20,
      StreamViewType: 'NEW_IMAGE',
    },
  };
};

/** A scripted DynamoDB Streams API; `describeOrder` lets children be listed before parents. */
const fakeStreams = (shards: FakeShard[]) => {
  const calls: string[] = [];
  const client = {
    send: async (command: unknown) => {
      if (command instanceof ListStreamsCommand) return { Streams: [{ StreamArn: streamArn, TableName: 'fake', StreamLabel: '2026-01-01T00:00:00.000' }] };
      if (command instanceof DescribeStreamCommand) {
        const listed: Shard[] = [...shards].reverse().map((shard) => ({
          ShardId: shard.id,
          ...(shard.parent ? { ParentShardId: shard.parent } : {}),
          SequenceNumberRange: { StartingSequenceNumber: shard.records[0]?.dynamodb?.SequenceNumber ?? '0' },
        }));
        return { StreamDescription: { StreamArn: streamArn, Shards: listed } };
      }
      if (command instanceof GetShardIteratorCommand) {
        const { ShardId, ShardIteratorType, SequenceNumber } = command.input;
        const shard = shards.find((candidate) => candidate.id === ShardId)!;
        let position = 0;
        if (ShardIteratorType === 'LATEST') position = shard.records.length;
        if (ShardIteratorType === 'AFTER_SEQUENCE_NUMBER') position = shard.records.findIndex((r) => r.dynamodb!.SequenceNumber === SequenceNumber) + 1;
        return { ShardIterator: `${ShardId}|${position}` };
      }
      if (command instanceof GetRecordsCommand) {
        const [id, at] = command.input.ShardIterator!.split('|');
        const shard = shards.find((candidate) => candidate.id === id)!;
        calls.push(id!);
        const records = shard.records.slice(Number(at));
        const next = Number(at) + records.length;
        const atEnd = next >= shard.records.length;
        return { Records: records, ...(shard.closed && atEnd ? {} : { NextShardIterator: `${id}|${next}` }) };
      }
      throw new Error(`unexpected command ${String((command as object).constructor.name)}`);
    },
  };
  return { client: client as unknown as DynamoDBStreamsClient, calls };
};

const pollers: StreamPoller[] = [];
afterEach(async () => {
  await Promise.all(pollers.splice(0).map((poller) => poller.stop()));
});

const collect = () => {
  const seen: DynamoDBRecord[] = [];
  return {
    seen,
    ids: () => seen.map((r) => r.dynamodb!.Keys!['pk']!.S),
    consumer: { name: 'collector', handler: async (event: { Records: DynamoDBRecord[] }) => void seen.push(...event.Records) },
  };
};

describe('stream poller shard handling', () => {
  it('drains a closed parent shard before its child and stops polling the closed shard', async () => {
    const parent: FakeShard = { id: 'shardId-parent', records: [record('p1'), record('p2')], closed: true };
    const child: FakeShard = { id: 'shardId-child', parent: 'shardId-parent', records: [record('c1')], closed: false };
    const { client, calls } = fakeStreams([parent, child]);
    const { consumer, ids } = collect();
    const poller = await startStreamPoller({ streamsClient: client, tableName: 'fake', consumers: [consumer], checkpoints: memoryCheckpoints(), pollIntervalMs: 5, log: false });
    pollers.push(poller);
    await poller.idle();
    expect(ids()).toEqual(['p1', 'p2', 'c1']);
    const before = calls.filter((id) => id === 'shardId-parent').length;
    await poller.idle();
    await poller.idle();
    expect(calls.filter((id) => id === 'shardId-parent').length).toBe(before);
  });

  it('picks up a new child shard when the open shard closes, from its start', async () => {
    const first: FakeShard = { id: 'shardId-1', records: [record('a')], closed: false };
    const shards = [first];
    const { client } = fakeStreams(shards);
    const { consumer, ids } = collect();
    const poller = await startStreamPoller({ streamsClient: client, tableName: 'fake', consumers: [consumer], pollIntervalMs: 5, log: false });
    pollers.push(poller);
    await poller.idle();
    expect(ids()).toEqual(['a']);

    first.records.push(record('b'));
    first.closed = true;
    shards.push({ id: 'shardId-2', parent: 'shardId-1', records: [record('c'), record('d')], closed: false });
    await poller.idle();
    await poller.idle();
    expect(ids()).toEqual(['a', 'b', 'c', 'd']);
  });
});
