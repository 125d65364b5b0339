import type { WebhookAttemptErrorKind, WebhookAttemptOutcome, WebhookDeliveryEvent } from '../../events/integrations/webhook-events.ts';
import type { Recorded } from '../shared/decider.ts';
import { evolve as evolveDelivery, type WebhookAttempt, type WebhookDelivery } from './webhook-delivery.ts';

/**
 * A delivery as its endpoint's delivery log shows it (`GET /v1/webhooks/{id}/deliveries`): bounded,
 * whatever the number of attempts and rounds. The delivery's stream holds every attempt in full (each
 * with up to 1 KB of response and 1 KB of error message); a read item that copied them all could grow
 * past DynamoDB's 400 KB item limit and stop the projection. The log keeps:
 * - a summary of the latest `loggedAttempts` attempts (one round's worth at most: the retry policy's
 *   `maxAttempts` is 40), without response or message;
 * - the LAST attempt's response prefix and error message only (what an admin reads to see why it fails);
 * - the total number of attempts.
 * So an entry is a few KB at most: 40 summaries of ~150 bytes + 2 KB.
 */
export const loggedAttempts = 40;

export interface LoggedAttempt {
  readonly attempt: number;
  readonly at: string;
  readonly outcome: WebhookAttemptOutcome;
  readonly status: number | null;
  readonly durationMs: number;
  readonly errorKind: WebhookAttemptErrorKind | null;
}

export interface WebhookDeliveryLogEntry extends Omit<WebhookDelivery, 'attempts'> {
  /** Every attempt, all rounds. */
  readonly attemptCount: number;
  /** The latest `loggedAttempts` attempts, oldest first. */
  readonly attempts: readonly LoggedAttempt[];
  readonly lastResponsePrefix: string | null;
  readonly lastErrorMessage: string | null;
}

const logged = (attempt: WebhookAttempt): LoggedAttempt => ({
  attempt: attempt.attempt,
  at: attempt.attemptedAt,
  outcome: attempt.outcome,
  status: attempt.status,
  durationMs: attempt.durationMs,
  errorKind: attempt.error?.kind ?? null,
});

const entryOf = (
  { attempts: _attempts, ...delivery }: WebhookDelivery,
  attemptCount: number,
  attempts: readonly LoggedAttempt[],
  last: WebhookAttempt | undefined,
  previous: WebhookDeliveryLogEntry | null,
): WebhookDeliveryLogEntry => ({
  ...delivery,
  attemptCount,
  attempts: attempts.slice(-loggedAttempts),
  lastResponsePrefix: last ? last.responsePrefix : (previous?.lastResponsePrefix ?? null),
  lastErrorMessage: last ? (last.error?.message ?? null) : (previous?.lastErrorMessage ?? null),
});

/** The log entry of a delivery's full state (what the service answers after a command). */
export const deliveryLogEntry = (delivery: WebhookDelivery): WebhookDeliveryLogEntry =>
  entryOf(delivery, delivery.attempts.length, delivery.attempts.map(logged), delivery.attempts.at(-1), null);

/**
 * Folds one event into a log entry. The delivery decider's `evolve` decides every field (status, round,
 * next attempt): it is given the entry without attempts, so the attempt it appends is the event's own.
 * Equal to `deliveryLogEntry` of the decider's fold of the same events (test/unit/integrations/webhook-delivery-log.test.ts).
 */
export const evolveDeliveryLog = (
  entry: WebhookDeliveryLogEntry | null,
  event: Recorded<WebhookDeliveryEvent>,
): WebhookDeliveryLogEntry | null => {
  const state: WebhookDelivery | null =
    entry === null
      ? null
      : (({ attemptCount: _count, attempts: _attempts, lastResponsePrefix: _prefix, lastErrorMessage: _message, ...rest }) => ({ ...rest, attempts: [] }))(entry);
  const next = evolveDelivery(state, event);
  if (next === null) return null;
  const added = next.attempts.at(-1);
  return entryOf(
    next,
    (entry?.attemptCount ?? 0) + (added ? 1 : 0),
    [...(entry?.attempts ?? []), ...(added ? [logged(added)] : [])],
    added,
    entry,
  );
};
