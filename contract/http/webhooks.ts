import { z } from 'zod';
import { WebhookAttemptErrorKind, WebhookAttemptOutcome } from '../../events/integrations/webhook-events.ts';
import { Cursor, Limit, RecordId } from './common.ts';

/**
 * Wire schemas of webhook endpoints and their delivery log (API.md "Integration": `/v1/webhooks`,
 * docs/webhooks.md). Bodies are checked for shape here; the URL rules (https, no private address, …)
 * and the known event types are the decider's, which names `body.url` / `body.eventTypes.<i>`.
 */

const Url = z.string().max(4096).describe('https URL the deliveries are POSTed to (plain http to a loopback address only in the local cloud); no private, link-local or loopback address, no user:password, no fragment');
const EventTypes = z
  .array(z.string().max(200))
  .max(500)
  .nullable()
  .describe('The event types to deliver (see /v1/meta/events); `null` or absent: every event type');
const Description = z.string().max(2000).nullable().describe('A note for the admins (at most 500 characters once trimmed)');

export const CreateWebhookBody = z
  .strictObject({
    url: Url,
    eventTypes: EventTypes.optional(),
    description: Description.optional(),
    enabled: z.boolean().optional().describe('Default true'),
  })
  .meta({ id: 'CreateWebhookBody' });

export const ChangeWebhookBody = z
  .strictObject({
    url: Url.optional(),
    eventTypes: EventTypes.optional(),
    description: Description.optional(),
    enabled: z.boolean().optional().describe('true enables the endpoint (again), false disables it'),
  })
  .meta({ id: 'ChangeWebhookBody' });

export const WebhookView = z
  .object({
    id: z.string(),
    url: z.string(),
    eventTypes: z.array(z.string()).nullable(),
    description: z.string().nullable(),
    enabled: z.boolean(),
    disabledReason: z.enum(['admin', 'failing']).nullable(),
    failingSince: z.iso.datetime().nullable().describe('When disabled for failing: the first failure of that streak'),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
    version: z.number().int(),
  })
  .meta({ id: 'Webhook' });

export const CreatedWebhook = WebhookView.extend({
  secret: z
    .string()
    .describe('The signing secret (`whsec_…`, Standard Webhooks), shown once: a retry under the same Idempotency-Key within a day gets it again'),
}).meta({ id: 'CreatedWebhook' });

export const RotatedWebhookSecret = WebhookView.extend({
  secret: z.string().describe('The new signing secret (`whsec_…`), shown once'),
  previousSecretValidUntil: z.iso.datetime().describe('Until when deliveries are signed with the previous secret too'),
}).meta({ id: 'RotatedWebhookSecret' });

export const WebhookList = z.object({ items: z.array(WebhookView).describe('Oldest first') }).meta({ id: 'WebhookList' });

/** Delivery ids: a UUID (test events) or what the dispatcher derives from endpoint and event (may hold `.`, `:`). */
export const DeliveryId = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,199}$/, { message: 'must be a delivery id: letters, digits, ., :, - or _' });

export const WebhookDeliveryParams = z.strictObject({ id: RecordId, deliveryId: DeliveryId });

export const DeliveryStatus = z.enum(['pending', 'delivered', 'failed']);

export const WebhookDeliveryListQuery = z.strictObject({ status: DeliveryStatus.optional(), limit: Limit, cursor: Cursor });

export const WebhookAttemptView = z
  .object({
    attempt: z.number().int(),
    at: z.iso.datetime(),
    outcome: WebhookAttemptOutcome,
    status: z.number().int().nullable().describe('The HTTP status, when there was a response'),
    durationMs: z.number().int(),
    errorKind: WebhookAttemptErrorKind.nullable().describe('Why there was no response (`endpoint_deleted` / `endpoint_disabled`: nothing was sent)'),
  })
  .meta({ id: 'WebhookAttempt' });

export const WebhookDeliveryView = z
  .object({
    id: z.string().describe('Also the `webhook-id` header of every attempt'),
    endpointId: z.string(),
    eventId: z.string(),
    eventType: z.string(),
    recordRef: z.object({ type: z.string(), id: z.string(), version: z.number().int() }),
    status: DeliveryStatus,
    scheduledAt: z.iso.datetime(),
    nextAttemptAt: z.iso.datetime().nullable(),
    round: z.number().int().describe('1, then one more per redelivery'),
    attemptCount: z.number().int().describe('Every attempt, all rounds'),
    attempts: z.array(WebhookAttemptView).describe('The latest 40 attempts, oldest first'),
    lastResponsePrefix: z.string().nullable().describe('The first 1 KB of the last attempt’s response body'),
    lastErrorMessage: z.string().nullable().describe('Why the last attempt got no response, when it got none'),
  })
  .meta({ id: 'WebhookDelivery' });

export const WebhookDeliveryPage = z
  .object({ items: z.array(WebhookDeliveryView).describe('Newest first'), nextCursor: z.string().nullable() })
  .meta({ id: 'WebhookDeliveryPage' });
