import { readModelsTable } from '../../contract/tables.ts';
import type { Actor } from '../../domain/shared/actor.ts';
import { webhookDeliveriesProjection, webhookDeliveryIndexKeys } from '../../projections/integrations/webhook-deliveries.ts';
import type { ApplicationDependencySource } from '../ports/application-dependencies.ts';
import { decodeCursor, encodeCursor } from '../shared/cursor.ts';
import { forbidden } from '../shared/errors.ts';
import { liveEndpoint, loadWebhookEndpoint, webhookEndpointRegistry } from './webhook-endpoint-service.ts';
import { webhookDeliveryLogView, webhookEndpointView } from './webhook-views.ts';

const [gsi1, gsi2] = readModelsTable.globalSecondaryIndexes;

const adminOnly = (actor: Actor): void => {
  if (actor.role !== 'admin') throw forbidden('only an admin manages webhooks');
};

/**
 * Webhook endpoints and their delivery logs, for admins. Endpoints are read from their streams through
 * the registry (strongly consistent, at most 20); the log is the `webhook-deliveries` projection.
 */
export const webhookQueries = (dependencies: ApplicationDependencySource) => ({
  listEndpoints: async (actor: Actor) => {
    adminOnly(actor);
    const { eventStore } = dependencies();
    const ids = await eventStore.readLookup(actor.tenant, webhookEndpointRegistry.scope, webhookEndpointRegistry.value);
    const loaded = await Promise.all(ids.map((id) => loadWebhookEndpoint(eventStore, actor.tenant, id)));
    return loaded
      .flatMap(({ state, version }) => (state !== null && !state.deleted ? [webhookEndpointView(state, version)] : []))
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
  },

  getEndpoint: async (actor: Actor, endpointId: string) => {
    adminOnly(actor);
    const { state, version } = await loadWebhookEndpoint(dependencies().eventStore, actor.tenant, endpointId);
    return { record: webhookEndpointView(liveEndpoint(state), version), version };
  },

  /** The endpoint's deliveries, newest first, all or of one status; a cursor serves only this endpoint's log. */
  listDeliveries: async (
    actor: Actor,
    endpointId: string,
    query: { readonly status?: 'pending' | 'delivered' | 'failed' | undefined; readonly limit: number; readonly cursor?: string | undefined },
  ) => {
    adminOnly(actor);
    liveEndpoint((await loadWebhookEndpoint(dependencies().eventStore, actor.tenant, endpointId)).state);
    const index = query.status === undefined ? gsi1! : gsi2!;
    const partitionKey = {
      name: index.partitionKey.name,
      value: query.status === undefined ? webhookDeliveryIndexKeys.all(actor.tenant, endpointId) : webhookDeliveryIndexKeys.status(actor.tenant, endpointId, query.status),
    };
    const startKey = decodeCursor(query.cursor, partitionKey);
    const page = await dependencies().readModels.query({ index: index.indexName, partitionKey, newestFirst: true, limit: query.limit, ...(startKey ? { startKey } : {}) });
    return { items: page.items.map((item) => webhookDeliveryLogView(webhookDeliveriesProjection.fromItem(item))), nextCursor: encodeCursor(page.lastKey) };
  },
});

export type WebhookQueries = ReturnType<typeof webhookQueries>;
