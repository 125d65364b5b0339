import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { EventBridgePublisher } from '../../../adapters/eventbridge/publisher.ts';
import { createPublishHandler } from '../../../functions/streams/publish.ts';

const bus = mockClient(EventBridgeClient);
const publisher = new EventBridgePublisher(new EventBridgeClient({ region: 'eu-south-1' }), 'cronaca-test');
const publish = createPublishHandler({ publisher });

const eventRecord = (version: number, kind = 'event'): DynamoDBRecord => ({
  eventName: 'INSERT',
  dynamodb: {
    SequenceNumber: String(1000 + version),
    NewImage: marshall({
      pk: 'acme#ticket#t1',
      version,
      kind,
      tenant: 'acme',
      aggregateType: 'ticket',
      aggregateId: 't1',
      type: 'TicketCommented',
      schemaVersion: 1,
      data: { ticketId: 't1', commentId: `c${version}`, body: 'hi', visibility: 'public' },
      meta: { tenant: 'acme', actor: 'olga', commandId: 'x', correlationId: 'y' },
      at: '2026-11-23T10:00:00.000Z',
    }) as never,
  },
});

const batch = (...records: DynamoDBRecord[]): DynamoDBStreamEvent => ({ Records: records });

describe('publisher (EventBridge mocked: no local engine)', () => {
  beforeEach(() => bus.reset());

  it('sends events in PutEvents calls of ten with source, detail-type and a dedup id', async () => {
    bus.on(PutEventsCommand).callsFake((input) => ({ FailedEntryCount: 0, Entries: input.Entries.map(() => ({ EventId: 'e' })) }));
    const records = Array.from({ length: 12 }, (_, i) => eventRecord(i + 1));
    expect(await publish(batch(...records))).toEqual({ batchItemFailures: [] });
    const calls = bus.commandCalls(PutEventsCommand);
    expect(calls.map((c) => c.args[0].input.Entries?.length)).toEqual([10, 2]);
    const entry = calls[0]!.args[0].input.Entries![0]!;
    expect(entry).toMatchObject({ EventBusName: 'cronaca-test', Source: 'cronaca.support', DetailType: 'TicketCommented' });
    expect(JSON.parse(entry.Detail!)).toMatchObject({ id: 'acme#ticket#t1#1', version: 1, meta: { tenant: 'acme' } });
  });

  it('reports the first entry the bus refused (FailedEntryCount) so the mapping retries from it', async () => {
    bus.on(PutEventsCommand).resolves({
      FailedEntryCount: 1,
      Entries: [{ EventId: 'a' }, { ErrorCode: 'ThrottlingException', ErrorMessage: 'slow down' }, { EventId: 'c' }],
    });
    const result = await publish(batch(eventRecord(1), eventRecord(2), eventRecord(3)));
    expect(result).toEqual({ batchItemFailures: [{ itemIdentifier: '1002' }] });
  });

  it('skips records that are not inserted events', async () => {
    bus.on(PutEventsCommand).resolves({ FailedEntryCount: 0, Entries: [] });
    const modify = { ...eventRecord(1), eventName: 'MODIFY' as const };
    expect(await publish(batch(eventRecord(1, 'sequence'), modify))).toEqual({ batchItemFailures: [] });
    expect(bus.commandCalls(PutEventsCommand)).toHaveLength(0);
  });

  it('fails the batch when the bus call itself fails (the mapping retries, bisects, then parks it)', async () => {
    bus.on(PutEventsCommand).rejects(new Error('network down'));
    await expect(publish(batch(eventRecord(1)))).rejects.toThrow('network down');
  });
});
