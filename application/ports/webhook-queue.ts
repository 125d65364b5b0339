/**
 * The queue between the webhook dispatcher (and the test / redeliver commands) and the sender
 * (docs/webhooks.md "Pipeline"). SQS FIFO in AWS, an in-process queue with the same semantics locally.
 *
 * Order: dispatches with the same `orderingKey` (an endpoint and a record) are sent one after the
 * other, in the order they were queued; a retry holds the ones behind it. Different keys proceed
 * independently, so one endpoint's (or one record's) slow deliveries never hold another's.
 * Deduplication: the same `deliveryId` and `round` queued twice (within SQS's five minutes) is one dispatch.
 */
export interface WebhookDispatch {
  readonly tenant: string;
  readonly endpointId: string;
  readonly deliveryId: string;
  /** `<endpointId>:<aggregateType>:<aggregateId>` — what must be delivered in order. */
  readonly orderingKey: string;
  /** 1 for the first round; a redelivery starts the next one (a new message under the same webhook-id). */
  readonly round: number;
}

export interface WebhookQueue {
  /** Queues the dispatches in this order (a batch may be split; the order within a key is kept). */
  enqueue(dispatches: readonly WebhookDispatch[]): Promise<void>;
}

/** The ordering key of a delivery: one endpoint, one record. */
export const webhookOrderingKey = (endpointId: string, record: { readonly aggregateType: string; readonly aggregateId: string }): string =>
  `${endpointId}:${record.aggregateType}:${record.aggregateId}`;
