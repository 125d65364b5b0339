/**
 * How the events-table stream is delivered to its consumers (the projector, the publisher): the
 * event-source mappings in `infra/` and the local poller (`local/consumers.ts`) read these.
 *
 * - `batchSize` 100 against the 60 s timeout: the projector does a batch in well under a second
 *   (bench/RESULTS.md), and stops starting records 10 s before the timeout, handing the rest back as
 *   batch item failures — a slow batch moves the checkpoint instead of timing out whole.
 * - `parallelizationFactor` 10 (the maximum): up to ten batches of one shard at once, records split
 *   by partition key. The events table's partition key is the aggregate's stream, so each
 *   aggregate's events stay in order — all a projection needs — while a burst of one tenant (an
 *   import) no longer queues every other aggregate of the shard behind it.
 */
export const streamMapping = {
  batchSize: 100,
  parallelizationFactor: 10,
  /**
   * Retries of a batch whose first record fails. A poison record is isolated by bisect-on-error and
   * then set aside (S3) after these; the projector fills such a gap from the log at the aggregate's
   * next event.
   */
  maximumRetryAttempts: 10,
  /** Well inside the stream's 24 h retention. */
  maximumRecordAgeSeconds: 6 * 3600,
  /**
   * The projector starts no new aggregate with less than this left of its invocation: one
   * aggregate's work (a read, a few batch writes, a put) takes far less, so it never times out.
   */
  deadlineMarginMs: 10_000,
} as const;
