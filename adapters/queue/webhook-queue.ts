import { createHash } from 'node:crypto';
import { ChangeMessageVisibilityCommand, DeleteMessageCommand, SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { WebhookDispatch, WebhookQueue } from '../../application/ports/webhook-queue.ts';
import { integrationEnv } from '../../contract/tables.ts';
import { LocalFifoQueue } from './local-fifo-queue.ts';
import { awsClient } from '../aws/instrument-client.ts';

/**
 * The webhook queue (application/ports/webhook-queue.ts) on SQS FIFO, or on the in-process
 * `LocalFifoQueue` when WEBHOOK_QUEUE_URL starts with `local:` (docs/webhooks.md "Pipeline").
 *
 * - MessageGroupId: a hash of the tenant and the ordering key (endpoint + record; SQS allows 128
 *   characters and the ids may be longer): what is in one group is sent in order, the groups proceed
 *   independently.
 * - MessageDeduplicationId: a hash of `<tenant>.<deliveryId>.<round>`: the dispatcher queues a delivery again when
 *   a bus event is retried, and SQS drops it within five minutes (later, the sender skips a finished one).
 * - The body is the dispatch as JSON.
 */

/** The most entries SQS takes in one SendMessageBatch. */
export const sqsBatchLimit = 10;

const hash = (text: string): string => createHash('sha256').update(text).digest('base64url');

// The queue is shared by every tenant and ids are only unique within a tenant: the tenant is hashed in too.
export const messageGroupIdOf = (dispatch: WebhookDispatch): string => hash(`${dispatch.tenant}.${dispatch.orderingKey}`);
export const deduplicationIdOf = (dispatch: WebhookDispatch): string => hash(`${dispatch.tenant}.${dispatch.deliveryId}.${dispatch.round}`);

export class SqsWebhookQueue implements WebhookQueue {
  readonly #sqs: SQSClient;
  readonly #url: string;

  constructor(sqs: SQSClient, url: string) {
    this.#sqs = sqs;
    this.#url = url;
  }

  async enqueue(dispatches: readonly WebhookDispatch[]): Promise<void> {
    // Batches one after the other: the order within a group is the order of the sends.
    for (let start = 0; start < dispatches.length; start += sqsBatchLimit) {
      const batch = dispatches.slice(start, start + sqsBatchLimit);
      const result = await this.#sqs.send(
        new SendMessageBatchCommand({
          QueueUrl: this.#url,
          Entries: batch.map((dispatch, index) => ({
            Id: String(index),
            MessageBody: JSON.stringify(dispatch),
            MessageGroupId: messageGroupIdOf(dispatch),
            MessageDeduplicationId: deduplicationIdOf(dispatch),
          })),
        }),
      );
      // A partial failure must not let later messages of the same group overtake: the caller retries all
      // (deduplication drops those already queued).
      if (result.Failed && result.Failed.length > 0) {
        throw new Error(`the webhook queue refused ${result.Failed.length} dispatches: ${result.Failed.map((f) => f.Message ?? f.Code).join('; ')}`);
      }
    }
  }
}

/**
 * What the sender does to messages it is handling: hide one for the retry's wait, or delete one at
 * once (its group goes on before the batch ends). `handle` is the SQS receipt handle (the local
 * queue's message id).
 */
export interface WebhookQueueControl {
  changeVisibility(handle: string, seconds: number): Promise<void>;
  acknowledge(handle: string): Promise<void>;
}

/** SQS caps a message's visibility at 12 hours (the retry policy waits at most 4 h). */
export const maxVisibilitySeconds = 12 * 60 * 60;

export const sqsWebhookQueueControl = (sqs: SQSClient, url: string): WebhookQueueControl => ({
  async changeVisibility(handle, seconds) {
    const timeout = Math.min(maxVisibilitySeconds, Math.max(0, Math.ceil(seconds)));
    await sqs.send(new ChangeMessageVisibilityCommand({ QueueUrl: url, ReceiptHandle: handle, VisibilityTimeout: timeout }));
  },
  async acknowledge(handle) {
    await sqs.send(new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: handle }));
  },
});

/** The local queue as the port: same group and deduplication ids as SQS. */
export const localWebhookQueue = (queue: LocalFifoQueue): WebhookQueue => ({
  async enqueue(dispatches) {
    queue.send(
      dispatches.map((dispatch) => ({
        body: JSON.stringify(dispatch),
        groupId: messageGroupIdOf(dispatch),
        deduplicationId: deduplicationIdOf(dispatch),
      })),
    );
  },
});

export const localWebhookQueueControl = (queue: LocalFifoQueue): WebhookQueueControl => ({
  async changeVisibility(handle, seconds) {
    queue.changeVisibility(handle, seconds * 1000);
  },
  async acknowledge(handle) {
    queue.acknowledge(handle);
  },
});

/**
 * One per process: the dispatcher, the HTTP functions (test events, redeliveries) and the local sender
 * share it when they run in the same process. Its clock is replaceable (`setLocalWebhookQueue`) so a
 * test can run the 24 h retry schedule on a test clock.
 */
let localQueue = new LocalFifoQueue();

export const localWebhookFifo = (): LocalFifoQueue => localQueue;

/** Replaces the process's local webhook queue (tests: a queue on a test clock). Returns the previous one. */
export const setLocalWebhookQueue = (queue: LocalFifoQueue): LocalFifoQueue => {
  const previous = localQueue;
  localQueue = queue;
  return previous;
};

const isLocal = (url: string): boolean => url.startsWith('local:');

const queueUrl = (): string => {
  const url = process.env[integrationEnv.webhookQueue];
  if (!url) throw new Error(`${integrationEnv.webhookQueue} is not set`);
  return url;
};

let sqs: SQSClient | undefined;
const sqsClient = (): SQSClient => (sqs ??= awsClient(new SQSClient({})));

export const webhookQueueFromEnv = (): WebhookQueue => {
  const url = queueUrl();
  return isLocal(url) ? localWebhookQueue(localQueue) : new SqsWebhookQueue(sqsClient(), url);
};

export const webhookQueueControlFromEnv = (): WebhookQueueControl => {
  const url = queueUrl();
  return isLocal(url) ? localWebhookQueueControl(localQueue) : sqsWebhookQueueControl(sqsClient(), url);
};
