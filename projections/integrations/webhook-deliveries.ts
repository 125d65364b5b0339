import { evolveDeliveryLog, type WebhookDeliveryLogEntry } from '../../domain/integrations/webhook-delivery-log.ts';
import type { StoredEvent } from '../../events/envelope.ts';
import type { WebhookDeliveryEvent } from '../../events/integrations/webhook-events.ts';
import type { Projection, ReadItem } from '../projection.ts';

/**
 * The delivery log of a webhook endpoint (`GET /v1/webhooks/{id}/deliveries`): one row per delivery,
 * folded with domain/integrations/webhook-delivery-log.ts (the delivery decider's `evolve`, so the log
 * says what the sender decided, kept bounded: a summary of the latest 40 attempts and only the last
 * attempt's response prefix and error message — an item never nears DynamoDB's 400 KB). Keys, both under the endpoint — a cursor of one endpoint's log cannot page into another's:
 * - gsi1 `<tenant>#webhook-deliveries#<endpointId>` by `<scheduledAt>#<deliveryId>`: every delivery,
 *   newest first read descending;
 * - gsi2 `<tenant>#webhook-deliveries#<endpointId>#<status>`, same sort key: one status (pending,
 *   delivered, failed) without a filter that would read the others.
 */
export type WebhookDeliveryRow = WebhookDeliveryLogEntry;

export const webhookDeliveryIndexKeys = {
  all: (tenant: string, endpointId: string) => `${tenant}#webhook-deliveries#${endpointId}`,
  status: (tenant: string, endpointId: string, status: string) => `${tenant}#webhook-deliveries#${endpointId}#${status}`,
};

const aggregateType = 'webhook-delivery';

const evolve = (row: WebhookDeliveryRow | null, stored: StoredEvent): WebhookDeliveryRow | null =>
  evolveDeliveryLog(row, { ...(stored as StoredEvent & WebhookDeliveryEvent), actor: stored.meta.actor });

const rowFields = [
  'id',
  'endpointId',
  'eventId',
  'eventType',
  'recordRef',
  'status',
  'nextAttemptAt',
  'attemptCount',
  'attempts',
  'lastResponsePrefix',
  'lastErrorMessage',
  'round',
  'scheduledAt',
] as const satisfies readonly (keyof WebhookDeliveryRow)[];

const key = (tenant: string, id: string) => ({ pk: `${tenant}#${aggregateType}#${id}`, sk: 'list' });

export const webhookDeliveriesProjection: Projection<WebhookDeliveryRow> = {
  name: 'webhook-deliveries',
  aggregateType,
  evolve,
  key,
  toItem(tenant, id, row, version): ReadItem {
    const sk = `${row.scheduledAt}#${row.id}`;
    return {
      ...key(tenant, id),
      version,
      aggregateType,
      aggregateId: id,
      tenant,
      ...row,
      gsi1pk: webhookDeliveryIndexKeys.all(tenant, row.endpointId),
      gsi1sk: sk,
      gsi2pk: webhookDeliveryIndexKeys.status(tenant, row.endpointId, row.status),
      gsi2sk: sk,
    };
  },
  fromItem(item) {
    return Object.fromEntries(rowFields.map((field) => [field, item[field]])) as unknown as WebhookDeliveryRow;
  },
};
