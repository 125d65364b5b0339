import { randomInt, randomUUID } from 'node:crypto';

/** Time and identity are passed into the domain; these are the production sources. */
export type Clock = () => string;
export type IdGenerator = () => string;

export const systemClock: Clock = () => new Date().toISOString();
export const randomIds: IdGenerator = () => randomUUID();

/** Milliseconds on a monotonic clock, for durations only (an outbound call's `durationMs`): never a date. */
export type MonotonicClock = () => number;
export const monotonicClock: MonotonicClock = () => performance.now();

/** Uniform in [0, 1) (48 random bits): the jitter of webhook retries. */
export type RandomSource = () => number;
export const systemRandom: RandomSource = () => randomInt(0, 2 ** 48 - 1) / 2 ** 48;
