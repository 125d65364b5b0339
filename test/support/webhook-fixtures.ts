import { randomUUID } from 'node:crypto';
import type { EventStorePort } from '../../application/ports/event-store.ts';
import type { WebhookDispatch, WebhookQueue } from '../../application/ports/webhook-queue.ts';
import type { EndpointRules } from '../../domain/integrations/webhook-endpoint.ts';
import { httpFunction } from '../../functions/http/http-function.ts';
import { integrationsOperations } from '../../functions/http/integrations.ts';
import { webhookOperations } from '../../functions/http/integrations/webhook-operations.ts';
import type { Operations } from '../../functions/http/router.ts';
import { dependenciesFromEnv } from '../../functions/shared/dependencies.ts';
import type { HttpHandler } from '../../local/http-server.ts';

/**
 * The webhook queue as the tests see it: what the HTTP function queued, in order (SQS has no local
 * engine; the pipeline's own queue adapter is tested apart).
 */
export const recordingQueue = (): WebhookQueue & { readonly dispatches: WebhookDispatch[] } => {
  const dispatches: WebhookDispatch[] = [];
  return {
    dispatches,
    enqueue: async (queued) => {
      dispatches.push(...queued);
    },
  };
};

/**
 * The integrations API on the run's DynamoDB Local with this queue, and optionally this clock and
 * these endpoint rules (else the environment's: the local cloud's).
 */
export const integrationsHandler = (queue: WebhookQueue, options: { now?: () => string; rules?: () => EndpointRules } = {}): HttpHandler => {
  const dependencies = () => ({ ...dependenciesFromEnv(), webhookQueue: queue, ...(options.now ? { now: options.now } : {}) });
  const operations = {
    ...integrationsOperations(dependencies),
    ...webhookOperations(dependencies, options.rules ? { rules: options.rules } : {}),
  } as Operations<'integrationsApi'>;
  return httpFunction('integrationsApi', operations) as unknown as HttpHandler;
};

/** The sender's record of one attempt, appended as the sender would (it is not part of this API). */
export const recordAttempt = async (
  store: EventStorePort,
  tenant: string,
  deliveryId: string,
  expectedVersion: number,
  data: Record<string, unknown> & { attempt: number; attemptedAt: string; outcome: 'delivered' | 'retry' | 'failed' },
): Promise<void> =>
  store.commit({
    tenant,
    at: data.attemptedAt,
    meta: { actor: 'system:webhook-sender', commandId: randomUUID(), correlationId: 'sender' },
    streams: [{ aggregateType: 'webhook-delivery', aggregateId: deliveryId, expectedVersion, events: [{ type: 'WebhookAttemptRecorded', data: { deliveryId, durationMs: 12, ...data } }] }],
  });
