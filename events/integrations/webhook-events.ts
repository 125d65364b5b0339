import { z } from 'zod';
import { defineEvent, type EventDefinition, type EventOf } from '../define.ts';

const source = 'cronaca.integrations';

/**
 * Signed webhooks (issue 17, docs/webhooks.md). Two aggregates: an endpoint (`webhook-endpoint`, id =
 * endpointId: its URL, filter, state and which signing secrets are valid) and a delivery
 * (`webhook-delivery`, id = deliveryId: one event sent to one endpoint, its attempts).
 *
 * The signing secret is never in an event: HMAC signing needs the secret itself (a hash, as for the
 * calendar feeds, would not do), and the log is kept for ever, copied to the bus and to backups. Events
 * carry a `secretId`; the value (`whsec_…`) lives in a `webhook-secret` item of the events table
 * (`<tenant>#$webhook-secret#<secretId>`, version 0) written in the SAME commit as the event that
 * names it, readable only by the admin function (write) and the sender (read). See the doc for the
 * encrypted variant (KMS) this leaves room for.
 */

export const webhookEventTypeFilter = z.array(z.string().min(1)).min(1).nullable();

export const WebhookEndpointCreated = defineEvent({
  type: 'WebhookEndpointCreated',
  version: 1,
  source,
  description:
    'An admin registered a webhook endpoint: its URL, the event types it receives (`null`: all), whether it is enabled, and the id of its signing secret (the secret itself is stored apart, never in the log).',
  schema: z.strictObject({
    endpointId: z.string(),
    url: z.string().min(1),
    eventTypes: webhookEventTypeFilter,
    description: z.string().nullable(),
    enabled: z.boolean(),
    secretId: z.string().min(1),
  }),
});

export const WebhookEndpointChanged = defineEvent({
  type: 'WebhookEndpointChanged',
  version: 1,
  source,
  description: 'An admin changed a webhook endpoint: only the fields that changed are present.',
  schema: z.strictObject({
    endpointId: z.string(),
    url: z.string().min(1).optional(),
    eventTypes: webhookEventTypeFilter.optional(),
    description: z.string().nullable().optional(),
  }),
});

export const WebhookEndpointEnabled = defineEvent({
  type: 'WebhookEndpointEnabled',
  version: 1,
  source,
  description: 'An admin enabled a webhook endpoint again: deliveries to it resume.',
  schema: z.strictObject({ endpointId: z.string() }),
});

export const WebhookDisableReason = z.enum(['admin', 'failing']);
export type WebhookDisableReason = z.infer<typeof WebhookDisableReason>;

export const WebhookEndpointDisabled = defineEvent({
  type: 'WebhookEndpointDisabled',
  version: 1,
  source,
  description:
    'A webhook endpoint was disabled, by an admin or because its deliveries had been failing for 5 days (`failingSince`: the first failure of that streak); the tenant’s admins are told.',
  schema: z.strictObject({
    endpointId: z.string(),
    reason: WebhookDisableReason,
    failingSince: z.iso.datetime().optional(),
  }),
});

export const WebhookSecretRotated = defineEvent({
  type: 'WebhookSecretRotated',
  version: 1,
  source,
  description:
    'The signing secret of a webhook endpoint was rotated: `secretId` signs from now on, `previousSecretId` still signs too until `previousValidUntil` (24 h), so receivers can switch without losing a delivery.',
  schema: z.strictObject({
    endpointId: z.string(),
    secretId: z.string().min(1),
    previousSecretId: z.string().min(1),
    previousValidUntil: z.iso.datetime(),
  }),
});

export const WebhookEndpointDeleted = defineEvent({
  type: 'WebhookEndpointDeleted',
  version: 1,
  source,
  description: 'An admin deleted a webhook endpoint: nothing more is sent to it and its secrets are dropped.',
  schema: z.strictObject({ endpointId: z.string() }),
});

/** The record an event belongs to, as the webhook body names it: receivers order and deduplicate by it. */
export const WebhookRecordRef = z.strictObject({
  type: z.string().min(1),
  id: z.string().min(1),
  version: z.number().int().nonnegative(),
});
export type WebhookRecordRef = z.infer<typeof WebhookRecordRef>;

export const WebhookDeliveryScheduled = defineEvent({
  type: 'WebhookDeliveryScheduled',
  version: 1,
  source,
  description:
    'A domain event is to be sent to a webhook endpoint; `deliveryId` is the `webhook-id` header of every attempt (receivers deduplicate by it).',
  schema: z.strictObject({
    deliveryId: z.string(),
    endpointId: z.string(),
    eventId: z.string().min(1),
    eventType: z.string().min(1),
    recordRef: WebhookRecordRef,
  }),
});

export const WebhookAttemptOutcome = z.enum(['delivered', 'retry', 'failed']);
export type WebhookAttemptOutcome = z.infer<typeof WebhookAttemptOutcome>;

/**
 * Why an attempt got no HTTP response. `unsafe_address`: the name resolved to an address we refuse (SSRF).
 * `endpoint_deleted` / `endpoint_disabled`: nothing was sent, the endpoint was deleted or disabled (by an
 * admin or for failing) before the attempt — the delivery fails at once (an admin can redeliver it).
 */
export const WebhookAttemptErrorKind = z.enum(['timeout', 'network', 'unsafe_address', 'endpoint_deleted', 'endpoint_disabled']);
export type WebhookAttemptErrorKind = z.infer<typeof WebhookAttemptErrorKind>;

export const WebhookAttemptRecorded = defineEvent({
  type: 'WebhookAttemptRecorded',
  version: 1,
  source,
  description:
    'One attempt to deliver a webhook: its outcome (delivered, retry at `nextAttemptAt`, or failed for good), the HTTP status and the first 1 KB of the response when there was one, else the error.',
  schema: z.strictObject({
    deliveryId: z.string(),
    attempt: z.number().int().positive(),
    attemptedAt: z.iso.datetime(),
    outcome: WebhookAttemptOutcome,
    status: z.number().int().min(100).max(599).optional(),
    durationMs: z.number().int().nonnegative(),
    responsePrefix: z.string().max(1024).optional(),
    error: z.strictObject({ kind: WebhookAttemptErrorKind, message: z.string().max(1024) }).optional(),
    nextAttemptAt: z.iso.datetime().optional(),
  }),
});

export const WebhookRedeliveryRequested = defineEvent({
  type: 'WebhookRedeliveryRequested',
  version: 1,
  source,
  description:
    'An admin asked to send a finished delivery again: a new round of attempts (with its own 24 h of retries) under the same `webhook-id`.',
  schema: z.strictObject({ deliveryId: z.string() }),
});

/**
 * The webhook dispatcher's plan for a range of one record's events (stream `webhook-dispatch-plan`, id
 * `<aggregateType>.<aggregateId>.<after>`), written in the same commit as the first of the range's
 * deliveries: the endpoints it scheduled deliveries for, the events after `after` up to `through`. A
 * retry after a crash between that commit and the queueing queues every delivery of these endpoints
 * that exists, whatever the endpoints' state now (docs/webhooks.md "Pipeline"; internal). The order
 * cursor itself is a sequence, not an event.
 */
export const WebhookDispatchPlanned = defineEvent({
  type: 'WebhookDispatchPlanned',
  version: 1,
  source,
  description:
    "The webhook dispatcher scheduled deliveries of a record's events after `after` up to `through` for `endpointIds` (internal: what a retry must queue).",
  schema: z.strictObject({
    recordType: z.string().min(1),
    recordId: z.string().min(1),
    after: z.number().int().nonnegative(),
    through: z.number().int().positive(),
    endpointIds: z.array(z.string().min(1)).min(1),
  }),
});

export const webhookEndpointEvents = [
  WebhookEndpointCreated,
  WebhookEndpointChanged,
  WebhookEndpointEnabled,
  WebhookEndpointDisabled,
  WebhookSecretRotated,
  WebhookEndpointDeleted,
] as const satisfies readonly EventDefinition[];

export const webhookDeliveryEvents = [
  WebhookDeliveryScheduled,
  WebhookAttemptRecorded,
  WebhookRedeliveryRequested,
] as const satisfies readonly EventDefinition[];

export const webhookCursorEvents = [WebhookDispatchPlanned] as const satisfies readonly EventDefinition[];

/** Every event of the integrations context's webhooks, source `cronaca.integrations`. */
export const webhookEvents = [...webhookEndpointEvents, ...webhookDeliveryEvents, ...webhookCursorEvents] as const;

export type WebhookEndpointEvent = EventOf<(typeof webhookEndpointEvents)[number]>;
export type WebhookDeliveryEvent = EventOf<(typeof webhookDeliveryEvents)[number]>;
