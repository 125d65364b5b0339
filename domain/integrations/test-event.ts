/**
 * "Send a test event" (API.md `POST /v1/webhooks/{id}/test`): a delivery of its own whose event is
 * not in the log. Its `WebhookDeliveryScheduled` has this `eventType`, `eventId` = the delivery id and
 * `recordRef` = the endpoint at its current version; the sender builds its body without loading an
 * event (`data.event` = `testEventData`). Receivers can tell it by its type.
 */
export const testEventType = 'webhook.test';

export const testEventData = (endpointId: string) => ({
  endpointId,
  message: 'A test event sent from Cronaca: deliveries to this endpoint are signed and received.',
});
