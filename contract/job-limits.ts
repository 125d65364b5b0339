/**
 * Per-tenant fairness of the job queues (imports and exports, reports, projection rebuilds), in one
 * place. docs/deploy.md "Limits" explains it to operators.
 *
 * 1. Every job message carries its tenant as `MessageGroupId`. On a standard queue that makes it an
 *    Amazon SQS fair queue: when one tenant holds a disproportionate share of the in-flight messages
 *    (or of the consumers' processing time), SQS hands the consumers the other tenants' messages first;
 *    nothing is dropped or throttled, the busy tenant's messages only wait longer. No queue setting:
 *    the group id on the message is the whole switch. Of SQS's two measures (SQS developer guide, "How
 *    Amazon SQS fair queues work"), the in-flight share needs a tenant with ≥ 30 messages in flight,
 *    more than our workers' reserved concurrency ever takes; the processing-time share (> 10 % of the
 *    consumers' recent time) is the one that flags a tenant's big import here — and it only can if the
 *    import comes in many messages, hence (2).
 * 2. A message holds a worker for at most `jobSliceSeconds`; a job that is not done by then checkpoints
 *    and continues in a new message, which queues behind the other tenants' waiting messages. Without
 *    slices, a 100k-row import would hold a worker for its whole 15-minute invocation, again and again,
 *    and fairness between messages could not help a tenant waiting behind a single long message.
 * 3. The workers' reserved concurrency (contract/contexts/*.ts `reservedConcurrency`) bounds all
 *    tenants together, so jobs never starve the API.
 */

/**
 * How long one message of a job runs before the job continues in a new message. Long enough that a
 * continuation's cost (one checkpoint commit, one SendMessage, one cold or warm start) is noise next
 * to it, short enough that a tenant queued behind a big import waits about this long per free worker.
 */
export const jobSliceSeconds = 60;

/** The message group of a job message: its tenant (the unit SQS fair queues balance). */
export const jobMessageGroupId = (message: { readonly tenant: string }): string => message.tenant;

/**
 * The remaining-time function a job handler sees: the invocation's own, less what lies beyond this
 * message's slice. A job that checks it at its checkpoints (`remainingMs() < reserveMs`: continue in a
 * new message) then yields once the slice is spent, without a clock of its own. `reserveMs` is the time
 * the job keeps back after a checkpoint; the slice ends where that reserve begins.
 */
export const slicedRemainingMs = (remainingMs: () => number, reserveMs: number, sliceMs = jobSliceSeconds * 1000): (() => number) => {
  const beyondSlice = Math.max(0, remainingMs() - reserveMs - sliceMs);
  return () => remainingMs() - beyondSlice;
};
