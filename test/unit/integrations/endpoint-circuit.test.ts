import { describe, expect, it } from 'vitest';
import {
  circuitGate,
  circuitOutcome,
  defaultCircuitSettings,
  deferWaitMs,
  endpointHealthOf,
  healthAfterAttempt,
  healthWhenSlow,
  healthyEndpoint,
  type EndpointHealth,
} from '../../../domain/integrations/endpoint-circuit.ts';
import type { AttemptResult } from '../../../domain/integrations/retry-policy.ts';

const t0 = Date.parse('2030-01-02T00:00:00.000Z');
const at = (ms: number) => new Date(t0 + ms).toISOString();
const timeout: AttemptResult = { kind: 'timeout' };
const status = (code: number, retryAfter: string | null = null): AttemptResult => ({ kind: 'response', status: code, retryAfter });
const open = (overrides: Partial<EndpointHealth> = {}): EndpointHealth => ({ failingSince: at(0), openUntil: at(5_000), failures: 1, probeClaimedAt: null, ...overrides });

describe('endpoint circuit breaker', () => {
  describe('given a closed circuit', () => {
    it('when a message comes, then it is sent', () => {
      expect(circuitGate(healthyEndpoint, at(0))).toEqual({ kind: 'send' });
    });
    it('when an attempt succeeds, then nothing is written', () => {
      expect(healthAfterAttempt(healthyEndpoint, { result: status(200), attemptAt: at(0), now: at(10), probeClaim: null })).toBeNull();
    });
    it('when an attempt times out (or a network error, 3xx, 408, 429, 5xx, a refused address), then it opens for 5 s from the attempt\'s end and the streak begins', () => {
      expect(healthAfterAttempt(healthyEndpoint, { result: timeout, attemptAt: at(0), now: at(10_000), probeClaim: null })).toEqual({
        failingSince: at(0),
        openUntil: at(15_000),
        failures: 1,
        probeClaimedAt: null,
      });
      for (const result of [{ kind: 'network' } as const, { kind: 'unsafe_address' } as const, status(302), status(408), status(429), status(500), status(503)]) {
        expect(circuitOutcome(result)).toBe('trip');
      }
    });
    it('when a final 4xx comes back, then the circuit stays closed but the streak begins (only a 2xx ends it)', () => {
      expect(healthAfterAttempt(healthyEndpoint, { result: status(410), attemptAt: at(0), now: at(20), probeClaim: null })).toEqual({ ...healthyEndpoint, failingSince: at(0) });
    });
  });

  describe('given an open circuit', () => {
    it('when a message comes before the probe time, then it is deferred until then', () => {
      expect(circuitGate(open(), at(1_000))).toEqual({ kind: 'defer', waitMs: 4_000 });
    });
    it('when a message comes at the probe time, then its sender claims the probe', () => {
      expect(circuitGate(open(), at(5_000))).toEqual({ kind: 'probe', claimed: open({ probeClaimedAt: at(5_000) }) });
    });
    it('when a probe is claimed, then other messages wait for the claim\'s lease; a lapsed claim (a crashed prober) is taken over', () => {
      const claimed = open({ probeClaimedAt: at(5_000) });
      expect(circuitGate(claimed, at(6_000))).toEqual({ kind: 'defer', waitMs: defaultCircuitSettings.probeLeaseMs - 1_000 });
      expect(circuitGate(claimed, at(5_000 + defaultCircuitSettings.probeLeaseMs))).toEqual({
        kind: 'probe',
        claimed: open({ probeClaimedAt: at(5_000 + defaultCircuitSettings.probeLeaseMs) }),
      });
    });
    it('when the probe fails, then it opens again for twice as long, up to 5 minutes', () => {
      let health = open({ probeClaimedAt: at(5_000) });
      const openings: number[] = [];
      for (let i = 0; i < 8; i += 1) {
        const probeAt = Date.parse(health.openUntil!) - t0;
        health = { ...health, probeClaimedAt: at(probeAt) };
        health = healthAfterAttempt(health, { result: timeout, attemptAt: at(probeAt), now: at(probeAt), probeClaim: at(probeAt) })!;
        openings.push(Date.parse(health.openUntil!) - t0 - probeAt);
      }
      expect(openings).toEqual([10_000, 20_000, 40_000, 80_000, 160_000, 300_000, 300_000, 300_000]);
      expect(health.failingSince).toBe(at(0));
      expect(health.probeClaimedAt).toBeNull();
    });
    it('when the failed probe\'s response asks to wait longer (Retry-After), then that is honoured, up to 4 h', () => {
      const claimed = open({ probeClaimedAt: at(5_000) });
      expect(healthAfterAttempt(claimed, { result: status(429, '600'), attemptAt: at(5_000), now: at(5_000), probeClaim: at(5_000) })?.openUntil).toBe(at(605_000));
      expect(healthAfterAttempt(claimed, { result: status(503, '86400'), attemptAt: at(5_000), now: at(5_000), probeClaim: at(5_000) })?.openUntil).toBe(
        at(5_000 + 4 * 60 * 60 * 1000),
      );
    });
    it('when the probe succeeds (or gets a final answer), then it closes', () => {
      const claimed = open({ probeClaimedAt: at(5_000), failures: 3 });
      expect(healthAfterAttempt(claimed, { result: status(204), attemptAt: at(5_000), now: at(5_100), probeClaim: at(5_000) })).toEqual(healthyEndpoint);
      expect(healthAfterAttempt(claimed, { result: status(404), attemptAt: at(5_000), now: at(5_100), probeClaim: at(5_000) })).toEqual({ ...healthyEndpoint, failingSince: at(0) });
    });
    it('when an attempt sent before it opened fails (not the probe), then nothing changes', () => {
      expect(healthAfterAttempt(open(), { result: timeout, attemptAt: at(0), now: at(9_000), probeClaim: null })).toBeNull();
      const claimedByOther = open({ probeClaimedAt: at(5_000) });
      expect(healthAfterAttempt(claimedByOther, { result: timeout, attemptAt: at(4_000), now: at(6_000), probeClaim: at(4_000) })).toBeNull();
    });
  });

  describe('given an attempt of a closed circuit still unanswered after 5 s', () => {
    it('when noticed, then the circuit opens with that attempt as its probe, and its answer decides as a probe\'s does', () => {
      const slow = healthWhenSlow(healthyEndpoint, at(0), at(5_000))!;
      expect(slow).toEqual({ failingSince: null, openUntil: at(10_000), failures: 0, probeClaimedAt: at(0) });
      expect(circuitGate(slow, at(6_000))).toEqual({ kind: 'defer', waitMs: 4_000 });
      expect(healthAfterAttempt(slow, { result: timeout, attemptAt: at(0), now: at(10_000), probeClaim: at(0) })).toEqual({
        failingSince: at(0),
        openUntil: at(15_000),
        failures: 1,
        probeClaimedAt: null,
      });
      expect(healthAfterAttempt(slow, { result: status(200), attemptAt: at(0), now: at(7_000), probeClaim: at(0) })).toEqual(healthyEndpoint);
    });
    it('when the circuit is open already, then nothing changes', () => {
      expect(healthWhenSlow(open(), at(0), at(5_000))).toBeNull();
    });
  });

  describe('given a record from before an admin enabled the endpoint again', () => {
    it('when read, then the streak and the circuit are over', () => {
      const value = { endpointId: 'ep-1', failingSince: at(0), openUntil: at(300_000), failures: 6, probeClaimedAt: null };
      expect(endpointHealthOf(value, at(60_000))).toEqual(healthyEndpoint);
      expect(endpointHealthOf(value, at(-60_000))).toEqual({ failingSince: at(0), openUntil: at(300_000), failures: 6, probeClaimedAt: null });
      expect(endpointHealthOf({ endpointId: 'ep-1', failingSince: at(0) }, null)).toEqual({ ...healthyEndpoint, failingSince: at(0) });
      expect(endpointHealthOf(undefined, null)).toEqual(healthyEndpoint);
    });
  });

  describe('a deferred message\'s wait', () => {
    it('is at least the time to the probe, with up to 20 % (at most 5 s) of jitter', () => {
      expect(deferWaitMs(4_000, 1, 0)).toBe(5_000);
      expect(deferWaitMs(8_000, 1, 0.5)).toBe(8_800);
      expect(deferWaitMs(100_000, 1, 0.999)).toBe(104_995);
    });
    it('grows with the message\'s receive count up to 20 min, so a 5-day outage costs it a few hundred receives, within the queue\'s 1,000', () => {
      expect([1, 2, 3, 8, 9, 40].map((receives) => deferWaitMs(0, receives, 0))).toEqual([5_000, 10_000, 20_000, 640_000, 1_200_000, 1_200_000]);
      // A probe time further off is waited for, up to the retry policy's longest wait.
      expect(deferWaitMs(3 * 60 * 60 * 1000, 40, 0)).toBe(3 * 60 * 60 * 1000);
      expect(deferWaitMs(9 * 60 * 60 * 1000, 1, 0)).toBe(4 * 60 * 60 * 1000);
      let elapsed = 0;
      let receives = 0;
      while (elapsed < 5 * 24 * 60 * 60 * 1000) {
        receives += 1;
        elapsed += deferWaitMs(defaultCircuitSettings.openMaxMs, receives, 0);
      }
      expect(receives).toBeLessThanOrEqual(400);
    });
    it('refuses a random number outside [0, 1)', () => {
      expect(() => deferWaitMs(0, 1, 1)).toThrow(RangeError);
    });
  });
});
