import { retryAfterMs, statusClass, type AttemptResult } from './retry-policy.ts';

/**
 * The circuit breaker of one webhook endpoint (docs/webhooks.md "Pipeline", Fairness). Pure: the time
 * and the random number are passed in.
 *
 * Without it, a timing-out endpoint costs one 10 s request per queued message, and enough of them hold
 * every sender invocation, delaying other tenants' deliveries. With it, the first failure that says "not
 * now" (a timeout, a network error, 3xx/408/429/5xx, an address refused: what the retry policy retries)
 * opens the circuit until a probe time; until then the endpoint's messages are deferred without being
 * sent; at the probe time exactly one sender (the one whose claim is written first) sends its message
 * as the probe; its success closes the circuit, its failure opens it again for longer (5 s, 10 s, …,
 * 5 min). Any answer that is not "not now" (2xx, a final 4xx) closes it: the endpoint is responsive.
 *
 * The same record holds the failure streak (`failingSince`, 5 days of it disable the endpoint): it
 * continues on any attempt that is not a 2xx and ends on a 2xx, whatever the circuit.
 */
export interface EndpointHealth {
  /** When the current failure streak began; null when the last attempt was a 2xx. */
  readonly failingSince: string | null;
  /** Open until then (the probe time); null: closed. */
  readonly openUntil: string | null;
  /** Failed probes since the circuit opened, the first failure included (the back-off's exponent). */
  readonly failures: number;
  /** When a sender claimed the probe (it is sending it); null: no probe in flight. */
  readonly probeClaimedAt: string | null;
}

export const healthyEndpoint: EndpointHealth = { failingSince: null, openUntil: null, failures: 0, probeClaimedAt: null };

export interface CircuitSettings {
  /** How long the first failure opens the circuit; doubled per failed probe up to `openMaxMs`. */
  readonly openBaseMs: number;
  readonly openMaxMs: number;
  /** How long a probe claim holds (the attempt's timeout and a margin): a crashed prober's claim lapses. */
  readonly probeLeaseMs: number;
  /** A deferred message's wait grows with its receive count (SQS dead-letters after maxReceiveCount)… */
  readonly deferBaseMs: number;
  /**
   * …up to this: the receive count also counts the message's own attempts and re-receives behind a
   * retried group-mate, so its growth is capped low — a message that was retried often is not held
   * hours behind a circuit that opened for seconds.
   */
  readonly deferGrowthMaxMs: number;
  /** No deferral is longer (the retry policy's longest wait; a probe time past it is waited for in steps). */
  readonly deferMaxMs: number;
  /** A Retry-After is honoured up to this (the retry policy's `maxDelayMs`). */
  readonly retryAfterMaxMs: number;
  /**
   * An attempt still unanswered after this long opens a closed circuit at once, itself as the probe
   * (see healthWhenSlow): a timing-out endpoint then holds senders for this long, not the whole timeout.
   */
  readonly slowMs: number;
}

export const defaultCircuitSettings: CircuitSettings = {
  openBaseMs: 5_000,
  openMaxMs: 5 * 60 * 1000,
  probeLeaseMs: 30_000,
  deferBaseMs: 5_000,
  deferGrowthMaxMs: 20 * 60 * 1000,
  deferMaxMs: 4 * 60 * 60 * 1000,
  retryAfterMaxMs: 4 * 60 * 60 * 1000,
  slowMs: 5_000,
};

const text = (value: unknown): string | null => (typeof value === 'string' ? value : null);

/**
 * The record as stored (`webhook-health` private item value; absent: healthy). A streak that began
 * before the endpoint was last enabled by an admin is over, and so is the circuit it opened.
 */
export const endpointHealthOf = (value: Readonly<Record<string, unknown>> | undefined, enabledAt: string | null): EndpointHealth => {
  if (!value) return healthyEndpoint;
  const health: EndpointHealth = {
    failingSince: text(value['failingSince']),
    openUntil: text(value['openUntil']),
    failures: typeof value['failures'] === 'number' ? value['failures'] : 0,
    probeClaimedAt: text(value['probeClaimedAt']),
  };
  const reEnabled = health.failingSince !== null && enabledAt !== null && Date.parse(enabledAt) > Date.parse(health.failingSince);
  return reEnabled ? healthyEndpoint : health;
};

export const endpointHealthValue = (endpointId: string, health: EndpointHealth): Record<string, string | number | null> => ({
  endpointId,
  failingSince: health.failingSince,
  openUntil: health.openUntil,
  failures: health.failures,
  probeClaimedAt: health.probeClaimedAt,
});

/** What a sender does with a message for the endpoint before sending it. */
export type CircuitGate =
  | { readonly kind: 'send' }
  /** Write `claimed` (conditioned on the revision read): the sender whose write lands sends the probe. */
  | { readonly kind: 'probe'; readonly claimed: EndpointHealth }
  /** Do not send: come back in `waitMs` at the earliest (see deferWaitMs). */
  | { readonly kind: 'defer'; readonly waitMs: number };

export const circuitGate = (health: EndpointHealth, now: string, settings: CircuitSettings = defaultCircuitSettings): CircuitGate => {
  if (health.openUntil === null) return { kind: 'send' };
  const at = Date.parse(now);
  const probeAt = Date.parse(health.openUntil);
  if (at < probeAt) return { kind: 'defer', waitMs: probeAt - at };
  if (health.probeClaimedAt !== null) {
    const leaseEnd = Date.parse(health.probeClaimedAt) + settings.probeLeaseMs;
    if (at < leaseEnd) return { kind: 'defer', waitMs: leaseEnd - at };
  }
  return { kind: 'probe', claimed: { ...health, probeClaimedAt: now } };
};

/**
 * How long a deferred message stays invisible: until the probe time at least, and at least
 * deferBase × 2^(receives − 1) capped at deferGrowthMax (20 min: a 5-day outage costs a message
 * about 370 receives, not one per probe — within the queue's 1,000, contract/webhook-queue.ts), at most
 * deferMax; plus up to 20 % (≤ 5 s) of jitter so that the endpoint's deferred messages do not all come
 * back at the same instant.
 */
export const deferWaitMs = (untilMs: number, receiveCount: number, random: number, settings: CircuitSettings = defaultCircuitSettings): number => {
  if (!(random >= 0 && random < 1)) throw new RangeError(`random must be in [0, 1): ${random}`);
  const exponent = Math.min(Math.max(receiveCount, 1) - 1, 30);
  const floor = Math.min(settings.deferGrowthMaxMs, settings.deferBaseMs * 2 ** exponent);
  const wait = Math.min(settings.deferMaxMs, Math.max(untilMs, floor));
  return wait + Math.floor(random * Math.min(wait * 0.2, 5_000));
};

/**
 * The record when an attempt of a closed circuit has had no answer for `slowMs`: open until now + the
 * first opening, that attempt being the probe (claimed at its start), so the endpoint's next messages
 * are deferred instead of piling up behind it. Its answer decides as a probe's does: a success closes
 * the circuit, a failure keeps it open (the streak begins with the failure, not here). Null: the circuit
 * is not closed (someone opened it already).
 */
export const healthWhenSlow = (health: EndpointHealth, attemptAt: string, now: string, settings: CircuitSettings = defaultCircuitSettings): EndpointHealth | null => {
  if (health.openUntil !== null) return null;
  return { failingSince: health.failingSince, openUntil: new Date(Date.parse(now) + settings.openBaseMs).toISOString(), failures: 0, probeClaimedAt: attemptAt };
};

/** `trip`: "not now", what the retry policy retries; `answered`: any other response; `delivered`: 2xx. */
export const circuitOutcome = (result: AttemptResult): 'delivered' | 'answered' | 'trip' => {
  if (result.kind !== 'response') return 'trip';
  const kind = statusClass(result.status);
  return kind === 'delivered' ? 'delivered' : kind === 'final' ? 'answered' : 'trip';
};

export interface AttemptSeen {
  readonly result: AttemptResult;
  /** When the attempt was made (a streak it starts begins then). */
  readonly attemptAt: string;
  /** When it ended: the circuit opens from then. */
  readonly now: string;
  /** The probe claim this sender wrote before sending (probeClaimedAt), or null: not a probe. */
  readonly probeClaim: string | null;
}

const openFor = (failures: number, settings: CircuitSettings): number => Math.min(settings.openMaxMs, settings.openBaseMs * 2 ** Math.min(failures - 1, 30));

const same = (a: EndpointHealth, b: EndpointHealth): boolean =>
  a.failingSince === b.failingSince && a.openUntil === b.openUntil && a.failures === b.failures && a.probeClaimedAt === b.probeClaimedAt;

/**
 * The record after an attempt, or null when it does not change (no write while healthy). A failure
 * opens a closed circuit; the failed probe (still ours: `probeClaimedAt` is our claim) opens it again
 * for twice as long; a failure of an attempt sent before the circuit opened changes nothing but the
 * streak. A Retry-After longer than the back-off is honoured (up to `retryAfterMaxMs`).
 */
export const healthAfterAttempt = (health: EndpointHealth, seen: AttemptSeen, settings: CircuitSettings = defaultCircuitSettings): EndpointHealth | null => {
  const outcome = circuitOutcome(seen.result);
  const failingSince = outcome === 'delivered' ? null : (health.failingSince ?? seen.attemptAt);
  let next: EndpointHealth;
  if (outcome !== 'trip') {
    next = { failingSince, openUntil: null, failures: 0, probeClaimedAt: null };
  } else if (health.openUntil !== null && (seen.probeClaim === null || health.probeClaimedAt !== seen.probeClaim)) {
    next = { ...health, failingSince };
  } else {
    const failures = health.openUntil === null ? 1 : health.failures + 1;
    const asked = seen.result.kind === 'response' ? retryAfterMs(seen.result.retryAfter, seen.now) : null;
    const wait = Math.max(openFor(failures, settings), Math.min(asked ?? 0, settings.retryAfterMaxMs));
    next = { failingSince, openUntil: new Date(Date.parse(seen.now) + wait).toISOString(), failures, probeClaimedAt: null };
  }
  return same(next, health) ? null : next;
};
