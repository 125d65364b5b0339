import { localWebhookFifo, localWebhookQueueControl } from '../adapters/queue/webhook-queue.ts';
import type { LocalFifoQueue } from '../adapters/queue/local-fifo-queue.ts';
import type { SenderDependencies } from '../application/integrations/webhook-sender.ts';
import { importFunctionModule } from './functions.ts';

type SenderModule = typeof import('../functions/queue/send-webhooks.ts');

export interface LocalWebhooksOptions {
  /** Replace some of the sender's dependencies (a test's clock, random numbers, resolver, fault injection). */
  readonly sender?: (defaults: SenderDependencies) => SenderDependencies;
}

export interface LocalWebhooks {
  readonly queue: LocalFifoQueue;
  /** Stops taking messages and waits for the batches in flight. */
  stop(): Promise<void>;
}

/**
 * Webhook deliveries in the local cloud: the in-process FIFO queue (`WEBHOOK_QUEUE_URL=local:webhooks`,
 * filled by the dispatcher on the local bus and by the integrations API) feeds the sender's real batch
 * handler in this process (SQS FIFO and the WebhookSender function in AWS), with SQS's group order,
 * visibility waits and dead letters (adapters/queue/local-fifo-queue.ts). The queue in use is the one
 * `localWebhookFifo()` answers when this starts: a test replaces it first to run on its own clock.
 */
export const startLocalWebhooks = async (options: LocalWebhooksOptions = {}): Promise<LocalWebhooks> => {
  const worker = (await importFunctionModule('webhookSender')) as unknown as SenderModule;
  const queue = localWebhookFifo();
  const control = localWebhookQueueControl(queue);
  const defaults = worker.senderDependenciesFromEnv();
  const dependencies = options.sender ? options.sender(defaults) : defaults;
  const { parseDispatch, sendWebhook } = await import('../application/integrations/webhook-sender.ts');
  queue.consume(async (batch) => {
    const failed = await worker.processWebhookBatch(
      batch.map((message) => ({ id: message.messageId, handle: message.messageId, body: message.body, groupId: message.groupId, receiveCount: message.receiveCount })),
      {
        control,
        send: (body, receiveCount) => sendWebhook(dependencies, parseDispatch(body), receiveCount),
        log: (message, details) => console.error(`[webhooks] ${message}`, details),
      },
    );
    return { failed };
  });
  let stopping: Promise<void> | undefined;
  return {
    queue,
    stop() {
      stopping ??= (async () => {
        queue.consume(undefined);
        await queue.idle();
      })();
      return stopping;
    },
  };
};
