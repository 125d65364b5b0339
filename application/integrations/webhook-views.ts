import { deliveryLogEntry, type WebhookDeliveryLogEntry } from '../../domain/integrations/webhook-delivery-log.ts';
import type { WebhookDelivery } from '../../domain/integrations/webhook-delivery.ts';
import type { WebhookEndpoint } from '../../domain/integrations/webhook-endpoint.ts';

/** An endpoint as admins see it (contract/http/webhooks.ts `WebhookView`): never a secret, nor its id. */
export const webhookEndpointView = (endpoint: WebhookEndpoint, version: number) => ({
  id: endpoint.id,
  url: endpoint.url,
  eventTypes: endpoint.eventTypes === null ? null : [...endpoint.eventTypes],
  description: endpoint.description,
  enabled: endpoint.enabled,
  disabledReason: endpoint.disabledReason,
  failingSince: endpoint.failingSince,
  createdAt: endpoint.createdAt,
  updatedAt: endpoint.updatedAt,
  version,
});
export type WebhookEndpointView = ReturnType<typeof webhookEndpointView>;

/**
 * A delivery in the log (`WebhookDeliveryView`): the bounded log entry (domain/integrations/webhook-delivery-log.ts):
 * the latest attempts summed up, the last one's response prefix and error message.
 */
export const webhookDeliveryLogView = (entry: WebhookDeliveryLogEntry) => ({
  id: entry.id,
  endpointId: entry.endpointId,
  eventId: entry.eventId,
  eventType: entry.eventType,
  recordRef: { ...entry.recordRef },
  status: entry.status,
  scheduledAt: entry.scheduledAt,
  nextAttemptAt: entry.nextAttemptAt,
  round: entry.round.number,
  attemptCount: entry.attemptCount,
  attempts: entry.attempts.map((attempt) => ({ ...attempt })),
  lastResponsePrefix: entry.lastResponsePrefix,
  lastErrorMessage: entry.lastErrorMessage,
});
export type WebhookDeliveryView = ReturnType<typeof webhookDeliveryLogView>;

/** The same view of a delivery's full state (a command's answer). */
export const webhookDeliveryView = (delivery: WebhookDelivery): WebhookDeliveryView => webhookDeliveryLogView(deliveryLogEntry(delivery));
