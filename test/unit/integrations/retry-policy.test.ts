import { describe, expect, it } from 'vitest';
import {
  backoffMs,
  decideRetry,
  defaultRetryPolicy,
  retryAfterMs,
  statusClass,
  type AttemptFacts,
  type AttemptResult,
} from '../../../domain/integrations/retry-policy.ts';

const first = '2030-01-01T00:00:00.000Z';
const at = (ms: number): string => new Date(Date.parse(first) + ms).toISOString();
const SECOND = 1000;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

const facts = (result: AttemptResult, change: Partial<AttemptFacts> = {}): AttemptFacts => ({
  result,
  attempt: 1,
  firstAttemptAt: first,
  now: at(2 * SECOND),
  random: 0.5,
  ...change,
});
const response = (status: number, retryAfter?: string): AttemptResult => ({ kind: 'response', status, ...(retryAfter === undefined ? {} : { retryAfter }) });

describe('statusClass', () => {
  it.each([200, 201, 202, 204, 299])('%i is delivered', (status) => expect(statusClass(status)).toBe('delivered'));
  it.each([408, 429, 500, 502, 503, 504, 599])('%i is retried', (status) => expect(statusClass(status)).toBe('retry'));
  it.each([400, 401, 403, 404, 405, 409, 410, 413, 415, 422, 499])('%i is final', (status) => expect(statusClass(status)).toBe('final'));
  it.each([300, 301, 302, 303, 307, 308])('%i (a redirect, never followed) is retried', (status) => expect(statusClass(status)).toBe('retry'));
  it.each([100, 101, 0, 99, 600, 999, 200.5, NaN])('%s (no final status) is retried', (status) => expect(statusClass(status)).toBe('retry'));
});

describe('retryAfterMs', () => {
  const now = '2030-01-01T00:00:00.000Z';
  it('reads delta-seconds', () => {
    expect(retryAfterMs('120', now)).toBe(120_000);
    expect(retryAfterMs(' 0 ', now)).toBe(0);
  });
  it('reads an HTTP date (IMF-fixdate and the obsolete RFC 850 form), relative to now', () => {
    expect(retryAfterMs('Tue, 01 Jan 2030 00:05:00 GMT', now)).toBe(300_000);
    expect(retryAfterMs('Tuesday, 01-Jan-30 00:01:00 GMT', now)).toBe(60_000);
  });
  it('a date in the past waits nothing', () => {
    expect(retryAfterMs('Mon, 31 Dec 2029 23:00:00 GMT', now)).toBe(0);
  });
  it.each([undefined, null, '', '  ', '-5', '1.5', 'soon', '2030-01-01T00:05:00Z', 'Tue, 01 Jan 2030 00:05:00', 'Xyz, 99 Foo 2030 GMT'])(
    'ignores %j',
    (value) => expect(retryAfterMs(value, now)).toBeNull(),
  );
});

describe('backoffMs: exponential, full jitter', () => {
  it('the ceiling doubles from 30 s and stops at 4 h', () => {
    const ceiling = (retry: number): number => backoffMs(retry, 0.999_999_999);
    expect([1, 2, 3, 4].map(ceiling)).toEqual([29_999, 59_999, 119_999, 239_999]);
    expect(ceiling(10)).toBe(4 * HOUR - 1);
    expect(ceiling(40)).toBe(4 * HOUR - 1);
    expect(ceiling(5000)).toBe(4 * HOUR - 1);
  });
  it('the wait is the random fraction of the ceiling, at least 1 s', () => {
    expect(backoffMs(3, 0.5)).toBe(60_000);
    expect(backoffMs(3, 0.25)).toBe(30_000);
    expect(backoffMs(1, 0)).toBe(SECOND);
    expect(backoffMs(20, 0)).toBe(SECOND);
  });
  it.each([-0.1, 1, 1.5, NaN])('refuses the random number %s', (random) => {
    expect(() => backoffMs(1, random)).toThrow(RangeError);
  });
});

describe('decideRetry', () => {
  it('2xx is delivered, whatever the attempt or the time', () => {
    expect(decideRetry(facts(response(200)))).toEqual({ outcome: 'delivered' });
    expect(decideRetry(facts(response(204), { attempt: 40, now: at(2 * DAY) }))).toEqual({ outcome: 'delivered' });
  });

  it('a 4xx other than 408/429 is final at once', () => {
    for (const status of [400, 401, 404, 410, 422]) {
      expect(decideRetry(facts(response(status)))).toEqual({ outcome: 'failed', reason: 'final_status' });
    }
  });

  it.each<[string, AttemptResult, string]>([
    ['a 500', response(500), 'status'],
    ['a 503', response(503), 'status'],
    ['a 408', response(408), 'status'],
    ['a 429', response(429), 'status'],
    ['a 302', response(302), 'status'],
    ['a timeout', { kind: 'timeout' }, 'timeout'],
    ['a network error', { kind: 'network' }, 'network'],
    ['a refused address', { kind: 'unsafe_address' }, 'unsafe_address'],
  ])('%s is retried after the jittered back-off', (_, result, reason) => {
    // attempt 3 -> ceiling 120 s; random 0.5 -> 60 s after now.
    expect(decideRetry(facts(result, { attempt: 3, random: 0.5 }))).toEqual({
      outcome: 'retry',
      nextAttemptAt: at(2 * SECOND + 60_000),
      reason,
    });
  });

  it('honours Retry-After in seconds when it asks more than the back-off', () => {
    expect(decideRetry(facts(response(429, '600'), { random: 0.5 }))).toMatchObject({ nextAttemptAt: at(2 * SECOND + 600_000) });
  });

  it('honours Retry-After as an HTTP date', () => {
    const decision = decideRetry(facts(response(503, 'Tue, 01 Jan 2030 01:00:00 GMT'), { random: 0.1 }));
    expect(decision).toMatchObject({ outcome: 'retry', nextAttemptAt: at(HOUR) });
  });

  it('never retries sooner than the back-off, even when Retry-After says less', () => {
    expect(decideRetry(facts(response(429, '1'), { attempt: 3, random: 0.5 }))).toMatchObject({ nextAttemptAt: at(2 * SECOND + 60_000) });
  });

  it('caps Retry-After at 4 h', () => {
    expect(decideRetry(facts(response(429, String(10 * 3600)), { random: 0 }))).toMatchObject({ nextAttemptAt: at(2 * SECOND + 4 * HOUR) });
  });

  it('ignores an unreadable Retry-After: the back-off alone decides', () => {
    expect(decideRetry(facts(response(429, 'later'), { attempt: 1, random: 0.5 }))).toMatchObject({ nextAttemptAt: at(2 * SECOND + 15_000) });
  });

  it('the last retry is made at the end of the 24 h window at the latest', () => {
    const now = at(DAY - HOUR);
    expect(decideRetry(facts(response(500), { attempt: 15, now, random: 0.9 }))).toEqual({
      outcome: 'retry',
      nextAttemptAt: at(DAY),
      reason: 'status',
    });
  });

  it('a failure at or after the end of the window exhausts the delivery', () => {
    expect(decideRetry(facts(response(500), { attempt: 16, now: at(DAY) }))).toEqual({ outcome: 'failed', reason: 'exhausted' });
    expect(decideRetry(facts({ kind: 'timeout' }, { attempt: 16, now: at(DAY + 10 * SECOND) }))).toEqual({ outcome: 'failed', reason: 'exhausted' });
  });

  it('a Retry-After that asks to wait past the window ends the round rather than knock early', () => {
    expect(decideRetry(facts(response(503, '7200'), { attempt: 9, now: at(DAY - HOUR) }))).toEqual({ outcome: 'failed', reason: 'exhausted' });
  });

  it('stops at the attempt limit whatever the random numbers', () => {
    expect(decideRetry(facts(response(500), { attempt: defaultRetryPolicy.maxAttempts, random: 0 }))).toEqual({ outcome: 'failed', reason: 'exhausted' });
    expect(decideRetry(facts(response(500), { attempt: defaultRetryPolicy.maxAttempts - 1, random: 0 }))).toMatchObject({ outcome: 'retry' });
  });

  it('a custom policy is used when given', () => {
    const policy = { ...defaultRetryPolicy, baseDelayMs: 1000, maxDelayMs: 2000, windowMs: 10_000, maxAttempts: 3 };
    expect(decideRetry(facts(response(500), { attempt: 2, random: 0.99, now: first }), policy)).toMatchObject({ nextAttemptAt: at(1980) });
    expect(decideRetry(facts(response(500), { attempt: 3, now: first }), policy)).toEqual({ outcome: 'failed', reason: 'exhausted' });
  });

  it('a full schedule of failures with the worst-case jitter stays within the window and ends about 24 h after the first attempt', () => {
    for (const random of [0, 0.5, 0.999_999]) {
      let now = Date.parse(first);
      let attempt = 1;
      let last = now;
      for (;;) {
        const decision = decideRetry({ result: response(500), attempt, firstAttemptAt: first, now: new Date(now).toISOString(), random });
        if (decision.outcome !== 'retry') {
          expect(decision).toEqual({ outcome: 'failed', reason: 'exhausted' });
          break;
        }
        const next = Date.parse(decision.nextAttemptAt);
        expect(next).toBeGreaterThan(now);
        expect(next).toBeLessThanOrEqual(Date.parse(first) + DAY);
        last = next;
        now = next + 500; // the attempt takes half a second
        attempt += 1;
      }
      expect(attempt).toBeLessThanOrEqual(defaultRetryPolicy.maxAttempts);
      if (random > 0) expect(last).toBe(Date.parse(first) + DAY);
    }
  });
});
