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
 * A delivery in the log (`WebhookDeliveryView`): its attempts summed up (the response prefix of each
 * would make a long log heavy; the last one's is what an admin looks at to see why it fails).
 */
export const webhookDeliveryView = (delivery: WebhookDelivery) => {
  const last = delivery.attempts.at(-1);
  return {
    id: delivery.id,
    endpointId: delivery.endpointId,
    eventId: delivery.eventId,
    eventType: delivery.eventType,
    recordRef: { ...delivery.recordRef },
    status: delivery.status,
    scheduledAt: delivery.scheduledAt,
    nextAttemptAt: delivery.nextAttemptAt,
    round: delivery.round.number,
    attemptCount: delivery.attempts.length,
    attempts: delivery.attempts.map((attempt) => ({
      attempt: attempt.attempt,
      at: attempt.attemptedAt,
      outcome: attempt.outcome,
      status: attempt.status,
      durationMs: attempt.durationMs,
      errorKind: attempt.error?.kind ?? null,
    })),
    lastResponsePrefix: last?.responsePrefix ?? null,
  };
};
export type WebhookDeliveryView = ReturnType<typeof webhookDeliveryView>;
