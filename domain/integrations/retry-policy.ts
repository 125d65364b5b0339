/**
 * What to do after one webhook attempt (docs/webhooks.md "Retries"). Pure: the time and the random
 * number are passed in, so a test pins both.
 *
 * - 2xx: delivered.
 * - 408, 429, 5xx, a timeout, a network error, an address refused at this attempt: retried.
 * - 3xx: retried. Redirects are never followed (the target could be anything, SSRF), so a redirect is
 *   a failure; but it is often transient (a maintenance page, a load balancer mid-deploy) and an admin
 *   who fixes the URL within the window rescues the pending deliveries (each attempt reads the URL then).
 *   A permanent one shows in the delivery log, and 5 days of it disable the endpoint.
 * - 1xx or any status outside 100–599: retried like a 5xx (the receiver is misbehaving, maybe for now).
 * - Any other 4xx: failed for good — the receiver understood and refused; sending the same bytes again
 *   gets the same answer.
 *
 * Back-off: exponential with full jitter — the n-th retry waits a uniform random time in
 * [minDelay, min(maxDelay, baseDelay × 2^(n-1))]. A `Retry-After` (seconds or an HTTP date) on a
 * retried response is honoured: the wait is at least what it asks, capped at `maxDelay`. Retries end
 * `window` after the first attempt of the round: the last one is made at that instant at the latest,
 * and a Retry-After asking to wait past it ends the round. `maxAttempts` bounds the events a
 * delivery's stream can hold, whatever the random numbers.
 */
export interface RetryPolicy {
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  readonly minDelayMs: number;
  readonly windowMs: number;
  readonly maxAttempts: number;
}

export const defaultRetryPolicy: RetryPolicy = {
  baseDelayMs: 30_000,
  maxDelayMs: 4 * 60 * 60 * 1000,
  minDelayMs: 1_000,
  windowMs: 24 * 60 * 60 * 1000,
  maxAttempts: 40,
};

/** What one attempt got. */
export type AttemptResult =
  | { readonly kind: 'response'; readonly status: number; readonly retryAfter?: string | null }
  | { readonly kind: 'timeout' | 'network' | 'unsafe_address' }
  /** Nothing was sent: the endpoint is gone or disabled. Final. */
  | { readonly kind: 'endpoint_deleted' | 'endpoint_disabled' };

export type RetryReason = 'status' | 'timeout' | 'network' | 'unsafe_address';

export type RetryDecision =
  | { readonly outcome: 'delivered' }
  | { readonly outcome: 'retry'; readonly nextAttemptAt: string; readonly reason: RetryReason }
  | { readonly outcome: 'failed'; readonly reason: 'final_status' | 'exhausted' | 'endpoint' };

export interface AttemptFacts {
  readonly result: AttemptResult;
  /** The attempt's number within the round (1 = the first attempt after scheduling or a redelivery). */
  readonly attempt: number;
  /** When the round's first attempt was made. */
  readonly firstAttemptAt: string;
  /** When this attempt ended: retries are counted from then. */
  readonly now: string;
  /** Uniform in [0, 1): the jitter. */
  readonly random: number;
}

/** The class of a response status, for the delivery log and for the decision. */
export const statusClass = (status: number): 'delivered' | 'retry' | 'final' => {
  if (!Number.isInteger(status) || status < 100 || status > 599) return 'retry';
  if (status >= 200 && status <= 299) return 'delivered';
  if (status === 408 || status === 429) return 'retry';
  if (status >= 400 && status <= 499) return 'final';
  return 'retry';
};

/**
 * A `Retry-After` value in milliseconds from `now`: delta-seconds or an HTTP date (a date in the past
 * is 0). `null` when absent or unreadable — then the back-off alone decides.
 */
export const retryAfterMs = (value: string | null | undefined, now: string): number | null => {
  const text = value?.trim();
  if (!text) return null;
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  // An HTTP date always names its weekday and GMT (RFC 9110 IMF-fixdate; the obsolete forms too).
  if (!/[a-z]{3}/i.test(text) || !/\bGMT\b/.test(text)) return null;
  const at = Date.parse(text);
  if (Number.isNaN(at)) return null;
  return Math.max(0, at - Date.parse(now));
};

/** The jittered wait before retry number `retry` (1 = the first retry). */
export const backoffMs = (retry: number, random: number, policy: RetryPolicy = defaultRetryPolicy): number => {
  if (!(random >= 0 && random < 1)) throw new RangeError(`random must be in [0, 1): ${random}`);
  // 2^(retry-1) overflows nothing before the cap applies: min() first on the exponent.
  const exponent = Math.min(retry - 1, 52);
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** exponent);
  return Math.max(policy.minDelayMs, Math.floor(random * ceiling));
};

const reasonOf = (result: AttemptResult): RetryReason => {
  if (result.kind === 'response') return 'status';
  // The endpoint kinds never retry (decideRetry fails them first).
  return result.kind === 'endpoint_deleted' || result.kind === 'endpoint_disabled' ? 'network' : result.kind;
};

export const decideRetry = (facts: AttemptFacts, policy: RetryPolicy = defaultRetryPolicy): RetryDecision => {
  const { result } = facts;
  if (result.kind === 'endpoint_deleted' || result.kind === 'endpoint_disabled') return { outcome: 'failed', reason: 'endpoint' };
  if (result.kind === 'response') {
    const kind = statusClass(result.status);
    if (kind === 'delivered') return { outcome: 'delivered' };
    if (kind === 'final') return { outcome: 'failed', reason: 'final_status' };
  }
  if (facts.attempt >= policy.maxAttempts) return { outcome: 'failed', reason: 'exhausted' };
  const now = Date.parse(facts.now);
  const deadline = Date.parse(facts.firstAttemptAt) + policy.windowMs;
  if (now >= deadline) return { outcome: 'failed', reason: 'exhausted' };
  const asked = result.kind === 'response' ? retryAfterMs(result.retryAfter, facts.now) : null;
  const honoured = asked === null ? 0 : Math.min(asked, policy.maxDelayMs);
  if (asked !== null && now + honoured > deadline) return { outcome: 'failed', reason: 'exhausted' };
  const wait = Math.max(honoured, backoffMs(facts.attempt, facts.random, policy));
  const next = Math.min(now + wait, deadline);
  return { outcome: 'retry', nextAttemptAt: new Date(next).toISOString(), reason: reasonOf(result) };
};
