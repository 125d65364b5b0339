/** Percentiles and small helpers shared by the bench modules. Durations are in milliseconds. */

/** Nearest-rank percentile (p in 0..100) of the samples; NaN when there are none. */
export const percentile = (samples: readonly number[], p: number): number => {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))]!;
};

export const median = (samples: readonly number[]): number => percentile(samples, 50);

export interface Summary {
  readonly n: number;
  readonly p50: number;
  readonly p90: number;
  readonly p99: number;
  readonly min: number;
  readonly max: number;
  readonly mean: number;
}

export const summarize = (samples: readonly number[]): Summary => ({
  n: samples.length,
  p50: percentile(samples, 50),
  p90: percentile(samples, 90),
  p99: percentile(samples, 99),
  min: samples.length ? Math.min(...samples) : Number.NaN,
  max: samples.length ? Math.max(...samples) : Number.NaN,
  mean: samples.length ? samples.reduce((a, b) => a + b, 0) / samples.length : Number.NaN,
});

/** Times one async call with `performance.now()`. */
export const timed = async <T>(call: () => Promise<T>): Promise<{ ms: number; value: T }> => {
  const start = performance.now();
  const value = await call();
  return { ms: performance.now() - start, value };
};

/**
 * Runs `total` operations with `concurrency` workers pulling the next index from a shared counter;
 * returns the wall time and every operation's latency.
 */
export const runConcurrently = async (
  total: number,
  concurrency: number,
  operation: (index: number, worker: number) => Promise<void>,
): Promise<{ wallMs: number; latencies: number[] }> => {
  let next = 0;
  const latencies: number[] = [];
  const start = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async (_, worker) => {
      for (let index = next++; index < total; index = next++) {
        const t = performance.now();
        await operation(index, worker);
        latencies.push(performance.now() - t);
      }
    }),
  );
  return { wallMs: performance.now() - start, latencies };
};

/** Reads a positive integer from the environment, or the default. */
export const envInt = (name: string, fallback: number): number => {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0) throw new Error(`${name} must be a positive integer, not ${JSON.stringify(raw)}`);
  return value;
};

export const fmtMs = (ms: number): string => (Number.isNaN(ms) ? 'n/a' : ms < 10 ? `${ms.toFixed(2)} ms` : `${ms.toFixed(1)} ms`);
export const fmtNum = (value: number, digits = 1): string => (Number.isNaN(value) ? 'n/a' : value.toFixed(digits));
export const fmtBytes = (bytes: number): string =>
  bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(2)} MiB` : `${(bytes / 1024).toFixed(1)} KiB`;
