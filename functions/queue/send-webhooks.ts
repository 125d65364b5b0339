import { setTimeout as sleep } from 'node:timers/promises';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { monotonicClock, systemClock, systemRandom } from '../../adapters/clock.ts';
import { safeHttpClient } from '../../adapters/http/safe-http-client.ts';
import { webhookQueueControlFromEnv, type WebhookQueueControl } from '../../adapters/queue/webhook-queue.ts';
import { standardSigner } from '../../adapters/webhooks/standard-signer.ts';
import { parseDispatch, sendWebhook, type SendVerdict, type SenderDependencies } from '../../application/integrations/webhook-sender.ts';
import { integrationEnv } from '../../contract/tables.ts';
import { dependenciesFromEnv } from '../shared/dependencies.ts';
import { logger } from '../shared/logger.ts';
import { observed, tracer } from '../shared/observability.ts';
import { tracedOutboundHttp } from '../shared/traced-outbound-http.ts';

/**
 * The webhook sender (contract/contexts/integrations.ts `webhookSender`) on a batch of the FIFO queue
 * (docs/webhooks.md "Pipeline"). The batch's groups (endpoint + record) are handled in parallel, so one
 * endpoint's 10 s timeout delays no other group; a group's messages one after the other, in order.
 *
 * - delivered / failed for good / nothing to do: the message is deleted at once (`acknowledge`), not at
 *   the end of the batch, so its group's next message can be received by another invocation while a
 *   slow group of this batch is still waiting for its endpoint;
 * - retry: the message's visibility is set to the wait (ChangeMessageVisibility) and it is reported as a
 *   batch item failure, with the group's later messages of this batch (hidden for the same wait): SQS
 *   hands out none of the group while one of it is invisible, so the record's order holds;
 * - an error (a crash, a store failure): reported failed with the queue's visibility timeout; it comes
 *   back and is sent again under the same `webhook-id` (at least once).
 */

export interface WebhookMessage {
  readonly id: string;
  /** The SQS receipt handle (the local queue's message id). */
  readonly handle: string;
  readonly body: string;
  readonly groupId: string;
  readonly receiveCount: number;
}

export interface WebhookBatchOptions {
  readonly control: WebhookQueueControl;
  readonly send: (body: string, receiveCount: number) => Promise<SendVerdict>;
  readonly log?: (message: string, details: Record<string, unknown>) => void;
}

/** The ids of the messages to report as failed (retry or error, and the rest of their groups). */
export const processWebhookBatch = async (messages: readonly WebhookMessage[], options: WebhookBatchOptions): Promise<string[]> => {
  const groups = new Map<string, WebhookMessage[]>();
  for (const message of messages) groups.set(message.groupId, [...(groups.get(message.groupId) ?? []), message]);
  const failed = await Promise.all(
    [...groups.values()].map(async (group) => {
      for (const [index, message] of group.entries()) {
        const rest = group.slice(index).map((m) => m.id);
        try {
          const verdict = await options.send(message.body, message.receiveCount);
          if (verdict.kind === 'retry') {
            // The group's later messages of this batch come back with it, not before (nor 90 s later).
            await Promise.all(group.slice(index).map((m) => options.control.changeVisibility(m.handle, verdict.waitMs / 1000)));
            return rest;
          }
          // Deleting early is an optimisation: a failure here is the batch's deletion's to do.
          await options.control.acknowledge(message.handle).catch(() => undefined);
        } catch (error) {
          options.log?.('webhook dispatch failed', { messageId: message.id, error: error instanceof Error ? error.message : String(error) });
          return rest;
        }
      }
      return [];
    }),
  );
  return failed.flat();
};

let senderDependencies: SenderDependencies | undefined;

export const senderDependenciesFromEnv = (): SenderDependencies => {
  senderDependencies ??= {
    eventStore: dependenciesFromEnv().eventStore,
    // A subsegment per attempt: host, status, outcome (never the URL's path or query).
    http: tracedOutboundHttp(safeHttpClient({ allowLoopbackHttp: process.env[integrationEnv.webhookLoopbackAllowed] === 'true', clock: monotonicClock }), tracer),
    signer: standardSigner,
    now: systemClock,
    random: systemRandom,
    after: (ms, signal) => sleep(ms, undefined, { signal }),
    ...(dependenciesFromEnv().metrics ? { metrics: dependenciesFromEnv().metrics! } : {}),
  };
  return senderDependencies;
};

export const createSendWebhooksHandler =
  (dependencies: () => SenderDependencies = senderDependenciesFromEnv, control: () => WebhookQueueControl = webhookQueueControlFromEnv) =>
  async (event: SQSEvent): Promise<SQSBatchResponse> => {
    const messages: WebhookMessage[] = event.Records.map((record) => ({
      id: record.messageId,
      handle: record.receiptHandle,
      body: record.body,
      groupId: record.attributes.MessageGroupId ?? record.messageId,
      receiveCount: Number(record.attributes.ApproximateReceiveCount ?? '1'),
    }));
    const failed = await processWebhookBatch(messages, {
      control: control(),
      send: (body, receiveCount) => sendWebhook(dependencies(), parseDispatch(body), receiveCount),
      log: (message, details) => logger.error(message, details),
    });
    return { batchItemFailures: failed.map((itemIdentifier) => ({ itemIdentifier })) };
  };

export const handler = observed(createSendWebhooksHandler());
