import { standardSigner } from '../../adapters/webhooks/standard-signer.ts';
import type { EventStorePort } from '../../application/ports/event-store.ts';
import { endpointRegistry } from '../../application/integrations/tenant-endpoints.ts';
import { webhookEndpointDecider, type WebhookEndpointCommand } from '../../domain/integrations/webhook-endpoint.ts';
import { eventTypes } from '../../contract/event-catalogue.ts';
import { loadState } from '../../application/shared/load-state.ts';

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
