import type { WebhookRecordRef } from '../../events/integrations/webhook-events.ts';
import type { WebhookSigner } from '../ports/webhook-signer.ts';

/**
 * What a webhook sends (docs/webhooks.md "Messages"), per the Standard Webhooks specification:
 * the body `{ type, timestamp, data }` and the three headers. The body is built once per delivery
 * and sent byte for byte on every attempt; only the timestamp header and the signature are per attempt.
 */

/** The domain event a delivery carries, as the sender read it from the log. */
export interface WebhookSource {
  readonly eventId: string;
  readonly eventType: string;
  /** When the event was recorded (ISO 8601). */
  readonly at: string;
  readonly data: unknown;
  readonly record: WebhookRecordRef;
}

export interface WebhookBody {
  readonly type: string;
  readonly timestamp: string;
  /**
   * The event's data under `event`, beside the record it belongs to (type, id, version: receivers
   * order by the version and fetch the record if they want it whole) and the event's id (one event sent
   * to two endpoints of a receiver has two `webhook-id`s but one `eventId`). The event's fields are not
   * spread beside them: some events have a `record` field of their own (MessagePosted).
   */
  readonly data: { readonly eventId: string; readonly record: WebhookRecordRef; readonly event: unknown };
}

export const webhookBody = (source: WebhookSource): string => {
  const body: WebhookBody = {
    type: source.eventType,
    timestamp: source.at,
    data: { eventId: source.eventId, record: source.record, event: source.data },
  };
  return JSON.stringify(body);
};

export interface WebhookHeaders {
  readonly 'content-type': 'application/json';
  readonly 'webhook-id': string;
  readonly 'webhook-timestamp': string;
  readonly 'webhook-signature': string;
}

export interface SignedWebhook {
  readonly headers: WebhookHeaders;
  readonly body: string;
}

export interface WebhookAttemptInput {
  /** The delivery id: the same on every attempt and redelivery, so receivers deduplicate by it. */
  readonly deliveryId: string;
  readonly body: string;
  /** When the attempt is made: receivers refuse timestamps far from their clock (5 min in the package). */
  readonly attemptAt: string;
  /** The values of the endpoint's valid secrets at `attemptAt` (`validSecretIds`), current first. */
  readonly secrets: readonly string[];
}

/**
 * One attempt's request: signed with every valid secret, space-separated (`v1,… v1,…`), so a receiver
 * still on the previous secret during a rotation verifies as well as one already on the new one.
 */
export const signedWebhook = (signer: WebhookSigner, input: WebhookAttemptInput): SignedWebhook => {
  if (input.secrets.length === 0) throw new Error('a webhook is signed with at least one secret');
  const time = Date.parse(input.attemptAt);
  if (Number.isNaN(time)) throw new RangeError(`attemptAt is not a date: ${input.attemptAt}`);
  const timestamp = Math.floor(time / 1000);
  const signature = input.secrets.map((secret) => signer.sign(secret, input.deliveryId, timestamp, input.body)).join(' ');
  return {
    body: input.body,
    headers: {
      'content-type': 'application/json',
      'webhook-id': input.deliveryId,
      'webhook-timestamp': String(timestamp),
      'webhook-signature': signature,
    },
  };
};
