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
import { standardSigner } from '../../adapters/webhooks/standard-signer.ts';
import { endpointRegistry } from '../../application/integrations/tenant-endpoints.ts';
import { webhookEndpointDecider, type WebhookEndpointCommand } from '../../domain/integrations/webhook-endpoint.ts';
import { eventTypes } from '../../contract/event-catalogue.ts';
import { loadState } from '../../application/shared/load-state.ts';

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

/**
 * Webhook endpoints committed straight through the event store and the endpoint decider, with the
 * conventions the endpoints API keeps (BRIEF: the registry lookup `webhook-endpoint`/`all`, the secret
 * as a `webhook-secret` private item in the creation commit): the pipeline's tests do not need the API.
 */
const admin = (tenant: string) => ({ tenant, userId: 'admin-1', role: 'admin' as const, groups: [] });

export interface TestEndpoint {
  readonly endpointId: string;
  readonly secret: string;
}

export const createTestEndpoint = async (
  store: EventStorePort,
  tenant: string,
  input: { endpointId: string; url: string; eventTypes?: readonly string[] | null; at: string },
): Promise<TestEndpoint> => {
  const secret = standardSigner.newSecret();
  const secretId = `sec-${input.endpointId}`;
  const events = webhookEndpointDecider.decide(
    {
      type: 'CreateWebhookEndpoint',
      data: { endpointId: input.endpointId, url: input.url, eventTypes: input.eventTypes ?? null, secretId, rules: { local: true, knownEventTypes: eventTypes } },
    },
    null,
    { actor: admin(tenant), now: input.at },
  );
  await store.commit({
    tenant,
    at: input.at,
    meta: { actor: 'admin-1', commandId: `create-${input.endpointId}`, correlationId: `create-${input.endpointId}` },
    streams: [{ aggregateType: 'webhook-endpoint', aggregateId: input.endpointId, expectedVersion: 0, events }],
    lookups: { add: [{ ...endpointRegistry, owner: input.endpointId }], remove: [] },
    privateItems: [{ scope: 'webhook-secret', id: secretId, value: { secret, endpointId: input.endpointId }, mode: 'create' }],
  });
  return { endpointId: input.endpointId, secret };
};

/** An admin command on an existing endpoint (enable, disable, delete), as the endpoints API commits it. */
export const commandTestEndpoint = async (store: EventStorePort, tenant: string, endpointId: string, command: WebhookEndpointCommand, at: string): Promise<void> => {
  const { state, version } = await loadState(store, tenant, 'webhook-endpoint', endpointId, webhookEndpointDecider);
  const events = webhookEndpointDecider.decide(command, state, { actor: admin(tenant), now: at });
  await store.commit({
    tenant,
    at,
    meta: { actor: 'admin-1', commandId: `${command.type}-${endpointId}-${version}`, correlationId: endpointId },
    streams: [{ aggregateType: 'webhook-endpoint', aggregateId: endpointId, expectedVersion: version, events }],
    ...(command.type === 'DeleteWebhookEndpoint' ? { lookups: { add: [], remove: [{ ...endpointRegistry, owner: endpointId }] } } : {}),
  });
};
