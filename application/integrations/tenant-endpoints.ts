import { webhookEndpointDecider, type WebhookEndpoint } from '../../domain/integrations/webhook-endpoint.ts';
import type { EventStorePort } from '../ports/event-store.ts';
import { loadState } from '../shared/load-state.ts';
import { webhookEndpointRegistry, webhookRegistryReadLimit } from './webhook-constants.ts';

/**
 * The tenant's webhook endpoints, strongly consistent: the registry lookup (scope `webhook-endpoint`,
 * value `all`, one holder per endpoint: given in the creation commit, taken in the deletion commit —
 * the endpoints API writes it) and then each endpoint's own stream. A tenant without endpoints costs
 * one lookup read. Deleted endpoints (a deletion racing this read) are left out.
 */
export const endpointRegistry = webhookEndpointRegistry;

export const endpointIdsOf = (store: EventStorePort, tenant: string): Promise<string[]> =>
  store.readLookup(tenant, endpointRegistry.scope, endpointRegistry.value, webhookRegistryReadLimit);

export const tenantEndpoints = async (store: EventStorePort, tenant: string): Promise<WebhookEndpoint[]> => {
  const ids = await endpointIdsOf(store, tenant);
  if (ids.length === 0) return [];
  const states = await Promise.all(ids.map(async (id) => (await loadState(store, tenant, 'webhook-endpoint', id, webhookEndpointDecider)).state));
  return states.filter((endpoint): endpoint is WebhookEndpoint => endpoint !== null && !endpoint.deleted);
};
