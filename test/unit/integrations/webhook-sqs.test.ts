import { ChangeMessageVisibilityCommand, DeleteMessageCommand, SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { SQSEvent, SQSRecord } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { deduplicationIdOf, messageGroupIdOf, SqsWebhookQueue, sqsWebhookQueueControl } from '../../../adapters/queue/webhook-queue.ts';
import type { SendVerdict } from '../../../application/integrations/webhook-sender.ts';
import { webhookOrderingKey, type WebhookDispatch } from '../../../application/ports/webhook-queue.ts';
import { createSendWebhooksHandler, processWebhookBatch } from '../../../functions/queue/send-webhooks.ts';

const url = 'https://sqs.eu-central-1.amazonaws.com/123456789012/cronaca-webhooks.fifo';
const sqs = mockClient(SQSClient);
afterEach(() => sqs.reset());

const dispatch = (i: number, record = 'r1'): WebhookDispatch => ({
  tenant: 'acme',
  endpointId: 'ep-1',
  deliveryId: `d${i}`,
  orderingKey: webhookOrderingKey('ep-1', { aggregateType: 'ticket', aggregateId: `${record}-${'x'.repeat(200)}` }),
  round: 1,
});

describe('the SQS FIFO webhook queue', () => {
  it('sends batches of at most ten, in order, grouped by a short hash of the ordering key, deduplicated per delivery and round', async () => {
    sqs.on(SendMessageBatchCommand).resolves({ Successful: [], Failed: [] });
    const dispatches = Array.from({ length: 23 }, (_, i) => dispatch(i));
    await new SqsWebhookQueue(new SQSClient({ region: 'eu-central-1' }), url).enqueue(dispatches);
    const calls = sqs.commandCalls(SendMessageBatchCommand).map((call) => call.args[0].input);
    expect(calls.map((input) => input.Entries!.length)).toEqual([10, 10, 3]);
    const entries = calls.flatMap((input) => input.Entries!);
    expect(entries.map((entry) => JSON.parse(entry.MessageBody!))).toEqual(dispatches);
    expect(new Set(entries.map((entry) => entry.MessageGroupId))).toEqual(new Set([messageGroupIdOf(dispatches[0]!)]));
    expect(entries[0]!.MessageGroupId!.length).toBeLessThanOrEqual(128);
    expect(new Set(entries.map((entry) => entry.MessageDeduplicationId)).size).toBe(23);
    expect(deduplicationIdOf({ ...dispatches[0]!, round: 2 })).not.toBe(deduplicationIdOf(dispatches[0]!));
    expect(calls.every((input) => input.QueueUrl === url)).toBe(true);
  });

  it('fails the whole enqueue when SQS refuses an entry (the retry re-sends; deduplication drops the rest)', async () => {
    sqs.on(SendMessageBatchCommand).resolves({ Successful: [], Failed: [{ Id: '1', SenderFault: false, Code: 'InternalError', Message: 'try again' }] });
    await expect(new SqsWebhookQueue(new SQSClient({ region: 'eu-central-1' }), url).enqueue([dispatch(1), dispatch(2)])).rejects.toThrow('try again');
  });
});

const record = (id: string, group: string, body: string): SQSRecord =>
  ({
    messageId: id,
    receiptHandle: `handle-${id}`,
    body,
    attributes: { MessageGroupId: group, ApproximateReceiveCount: '1' },
  }) as unknown as SQSRecord;

describe('the webhook sender on an SQS batch', () => {
  it('hides a retried message for its wait and reports it with the rest of its group; deletes a success at once', async () => {
    sqs.on(ChangeMessageVisibilityCommand).resolves({});
    sqs.on(DeleteMessageCommand).resolves({});
    const verdicts: Record<string, SendVerdict> = {
      a1: { kind: 'retry', waitMs: 90_500, reason: 'retry' },
      b1: { kind: 'done', reason: 'delivered' },
      b2: { kind: 'done', reason: 'delivered' },
    };
    const sent: string[] = [];
    const control = sqsWebhookQueueControl(new SQSClient({ region: 'eu-central-1' }), url);
    const failed = await processWebhookBatch(
      [
        { id: 'a1', handle: 'handle-a1', body: 'a1', groupId: 'A', receiveCount: 1 },
        { id: 'b1', handle: 'handle-b1', body: 'b1', groupId: 'B', receiveCount: 1 },
        { id: 'a2', handle: 'handle-a2', body: 'a2', groupId: 'A', receiveCount: 1 },
        { id: 'b2', handle: 'handle-b2', body: 'b2', groupId: 'B', receiveCount: 1 },
      ],
      { control, send: async (body) => (sent.push(body), verdicts[body]!) },
    );
    expect(failed.sort()).toEqual(['a1', 'a2']);
    // a2 was not sent: it waits behind a1 (the record's order).
    expect(sent.sort()).toEqual(['a1', 'b1', 'b2']);
    expect(sqs.commandCalls(ChangeMessageVisibilityCommand).map((c) => c.args[0].input)).toEqual([
      { QueueUrl: url, ReceiptHandle: 'handle-a1', VisibilityTimeout: 91 },
      { QueueUrl: url, ReceiptHandle: 'handle-a2', VisibilityTimeout: 91 },
    ]);
    expect(sqs.commandCalls(DeleteMessageCommand).map((c) => c.args[0].input.ReceiptHandle).sort()).toEqual(['handle-b1', 'handle-b2']);
  });

  it('reports a message whose handling threw (a crash), leaving its visibility to the queue', async () => {
    const handler = createSendWebhooksHandler(
      () => {
        throw new Error('store unavailable');
      },
      () => ({ changeVisibility: async () => undefined, acknowledge: async () => undefined }),
    );
    const event: SQSEvent = { Records: [record('m1', 'A', JSON.stringify(dispatch(1)))] };
    expect(await handler(event)).toEqual({ batchItemFailures: [{ itemIdentifier: 'm1' }] });
  });
});

describe('the production jitter source', () => {
  it('draws numbers in [0, 1)', async () => {
    const { systemRandom } = await import('../../../adapters/clock.ts');
    const draws = Array.from({ length: 1000 }, () => systemRandom());
    expect(draws.every((r) => r >= 0 && r < 1)).toBe(true);
    expect(new Set(draws).size).toBeGreaterThan(990);
  });
});
