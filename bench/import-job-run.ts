/**
 * Child process of `npm run bench:import`: runs ONE import job to its end through the import
 * worker's own message handler, as the deployed Lambda would, so the figures are the job's alone (the
 * S3 emulator and the bench's bookkeeping live in the parent). Prints one JSON line: wall time, time in
 * garbage collection and peak RSS (`resourceUsage().maxRSS`).
 * Usage (environment from bench/environment.ts `handlerEnv` + AWS_ENDPOINT_URL_S3): node bench/import-job-run.ts <tenant> <jobId>
 */
import { PerformanceObserver } from 'node:perf_hooks';
import { createImportMessageHandler } from '../functions/queue/import-worker.ts';

const [tenant, jobId] = process.argv.slice(2);
if (!tenant || !jobId) throw new Error('usage: node bench/import-job-run.ts <tenant> <jobId>');

// The budget below never runs out, so the job never queues its own continuation.
const noContinuation = { send: () => Promise.reject(new Error('the bench job asked to continue in a new message')) };
// No slices either (contract/job-limits.ts): the bench measures one job alone, not its turns with other tenants'.
const handle = createImportMessageHandler({ engine: { queue: noContinuation }, sliceMs: Number.POSITIVE_INFINITY });
const started = performance.now();
// Time spent collecting garbage: what a tighter heap limit costs the job.
let gcMs = 0;
const gc = new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) gcMs += entry.duration;
});
gc.observe({ entryTypes: ['gc'] });
// BENCH_IMPORT_TRACE=1: the process's memory every 5 s on stderr (where a peak comes from).
const trace = process.env['BENCH_IMPORT_TRACE']
  ? setInterval(() => {
      const m = process.memoryUsage();
      console.error(`[job] ${((performance.now() - started) / 1000).toFixed(0)} s: rss ${(m.rss / 2 ** 20).toFixed(0)} MB, heap used ${(m.heapUsed / 2 ** 20).toFixed(0)} MB, external ${(m.external / 2 ** 20).toFixed(0)} MB, array buffers ${(m.arrayBuffers / 2 ** 20).toFixed(0)} MB`);
    }, 5_000)
  : undefined;
// A budget that does not run out (a day): the whole job in one run (in AWS a run stops at a checkpoint
// near the 15-minute limit and the next invocation continues; that hand-over is tested, not benched).
// A day, not Number.MAX_SAFE_INTEGER: the run's lease on the job ends at now + budget, a real time.
await handle(JSON.stringify({ tenant, jobId }), () => 24 * 3_600_000);
const ms = performance.now() - started;
clearInterval(trace);
gc.disconnect();
console.log(JSON.stringify({ ms, gcMs, maxRssMb: process.resourceUsage().maxRSS / 1024 }));
