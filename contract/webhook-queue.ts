/**
 * The webhook queue's limits, one definition for SQS (infra/constructs/webhook-delivery.ts) and the
 * local cloud's in-process FIFO queue (adapters/queue/local-fifo-queue.ts), docs/webhooks.md.
 *
 * A message is received many times without anything being wrong: once per attempt (up to 40 a
 * round), once per deferral while its endpoint's circuit is open (about 370 over a 5-day outage: the wait grows to 20 minutes),
 * and again each time a message ahead of it in the same group (one endpoint, one record) is retried
 * in the same batch. So the receive count is no poison signal: the dead-letter queue takes only what
 * SQS's maximum lets through (a handler failing on every receive), and the age of the oldest message
 * is what is alarmed — nothing healthy waits longer than the 5 days after which a failing endpoint
 * is disabled and its messages end.
 */
export const webhookQueueLimits = {
  /** SQS's maximum: only a message whose handler fails every time reaches the dead-letter queue. */
  maxReceiveCount: 1000,
  /** The longest SQS keeps a message: a record's deliveries may wait out a 5-day outage behind each other. */
  retentionDays: 14,
  /** An alarm when the oldest message is older: past the 5-day disable plus a day's round. */
  oldestMessageAlarmDays: 6,
} as const;
