/**
 * `npm run bench:job-fairness`: how long a small import of tenant B waits behind a large import of
 * tenant A queued just before it, on one worker (the worst case of the import worker's reserved
 * concurrency), with the job slices of contract/job-limits.ts and without them (a message may use
 * its whole 15-minute invocation). The import worker's own message handler runs both jobs, its
 * checkpoints and continuations against DynamoDB Local, through the local queue (round-robin across
 * tenants, as an SQS fair queue). The directory is a stub whose every row costs BENCH_FAIR_ROW_MS
 * (default 1 ms, timer-based): the rows' own cost is what bench:import measures; this measures the
 * queueing. Figures are printed; nothing is asserted.
 */
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { LocalJobQueue } from '../adapters/queue/job-queue.ts';
import type { DropBucket } from '../adapters/s3/drop-bucket.ts';
import { createImportMessageHandler } from '../functions/queue/import-worker.ts';
import type { DirectoryGateway } from '../import/engine/directory-gateway.ts';
import { startBenchEnvironment } from './environment.ts';

const rowsOfA = Number(process.env['BENCH_FAIR_ROWS_A'] ?? 20_000);
const rowsOfB = Number(process.env['BENCH_FAIR_ROWS_B'] ?? 50);
const rowMs = Number(process.env['BENCH_FAIR_ROW_MS'] ?? 1);
const sliceMs = Number(process.env['BENCH_FAIR_SLICE_MS'] ?? 5_000);

const csv = (count: number, prefix: string) => new TextEncoder().encode(`legalName\n${Array.from({ length: count }, (_, i) => `${prefix} ${i + 1}`).join('\n')}\n`);

const run = async (slice: number) => {
  const [a, b] = [`bench-fair-a-${randomUUID().slice(0, 8)}`, `bench-fair-b-${randomUUID().slice(0, 8)}`];
  const files = new Map([
    [`${a}/imports/companies/big.csv`, csv(rowsOfA, 'Alfa')],
    [`${b}/imports/companies/small.csv`, csv(rowsOfB, 'Beta')],
  ]);
  const bucket = {
    size: async (key: string) => files.get(key)?.length ?? null,
    metadata: async () => ({}),
    put: async () => undefined,
    read: (key: string, offset: number) =>
      Object.assign(
        (async function* () {
          yield files.get(key)!.subarray(offset);
        })(),
        { cancel: async () => undefined },
      ),
  } as unknown as DropBucket;
  const finished = new Map<string, number>();
  const remaining = new Map([
    [a, rowsOfA],
    [b, rowsOfB],
  ]);
  const queue = new LocalJobQueue();
  let messages = 0;
  const handle = createImportMessageHandler({
    sliceMs: slice,
    engine: {
      bucket,
      queue,
      directory: {
        create: async (actor: { tenant: string }) => {
          await sleep(rowMs);
          const left = remaining.get(actor.tenant)! - 1;
          remaining.set(actor.tenant, left);
          if (left === 0) finished.set(actor.tenant, performance.now());
          return { outcome: 'created', id: randomUUID() };
        },
      } as unknown as DirectoryGateway,
    },
  });
  queue.consume(
    (body) => {
      messages += 1;
      const started = performance.now();
      return handle(body, () => 900_000 - (performance.now() - started));
    },
    { concurrency: 1 },
  );
  const notification = (key: string) => JSON.stringify({ Records: [{ eventName: 'ObjectCreated:Put', s3: { object: { key, sequencer: randomUUID().replace(/-/g, '') } } }] });
  const sent = performance.now();
  for (const key of files.keys()) queue.sendRaw(notification(key));
  await queue.drain();
  if (queue.deadLetters.length > 0) throw new Error(`dead letters: ${queue.deadLetters.join(', ')}`);
  return { waitOfBMs: finished.get(b)! - sent, totalOfAMs: finished.get(a)! - sent, messages };
};

const env = await startBenchEnvironment();
// The handler resolves its default queue before the bench's own replaces it.
process.env['IMPORT_QUEUE_URL'] ??= 'local:bench';
try {
  console.log(`A: ${rowsOfA} rows, B: ${rowsOfB} rows queued just after A's, ${rowMs} ms per row, one worker`);
  await run(sliceMs); // warm-up (modules, connections, DynamoDB Local's JIT)
  for (const [label, slice] of [
    [`with ${sliceMs / 1000} s slices`, sliceMs],
    ['without slices', 15 * 60 * 1000],
  ] as const) {
    const { waitOfBMs, totalOfAMs, messages } = await run(slice);
    console.log(`${label.padEnd(20)} B done after ${(waitOfBMs / 1000).toFixed(1)} s; A done after ${(totalOfAMs / 1000).toFixed(1)} s; ${messages} messages`);
  }
} finally {
  await env.stop();
}
