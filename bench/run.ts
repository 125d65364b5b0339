/**
 * `npm run bench`: prints figures (never asserts) measured against ONE DynamoDB Local (in memory):
 *
 *   (a) raw TransactWriteItems of one conditioned put: p50/p99            bench/raw-transactions.ts
 *   (b) POST /v1/tickets through the local HTTP server, real JWT           bench/http-open-ticket.ts
 *   (c) appends/s with 16 writers on distinct tickets vs the raw rate     bench/concurrent-appends.ts
 *   (d) projection lag commit -> open-tickets index, via the stream poller bench/projection-lag.ts
 *   (e) RCU/WCU per command and per list page                             bench/capacity-units.ts
 *   (f) size and cold import time of every Lambda bundle                  bench/bundles.ts
 *
 * Sizes come from the environment (defaults in brackets):
 *   BENCH_N [500]                 sequential samples for (a)
 *   BENCH_HTTP_N [BENCH_N/2]      requests per series in (b) (half as many with the poller stopped)
 *   BENCH_WARMUP [1500]           mixed put/query/get requests before anything is measured
 *   BENCH_CONCURRENCY [16]        writers in (c)
 *   BENCH_APPENDS [1600]          operations per path in (c)
 *   BENCH_ROUNDS [2]              turns the paths of (c) take
 *   BENCH_EVENTS_PER_TICKET [20]  longest ticket stream in (c)
 *   BENCH_OPEN_HOT [160]          tickets opened concurrently in ONE tenant in (c)
 *   BENCH_LAG_N [100]             commits in (d); BENCH_LAG_POLL_MS [5] how often the index is polled
 *   BENCH_CAPACITY_N [5]          commands per row in (e)
 *   BENCH_COLD_N [10]             fresh processes per bundle in (f), and as many with --enable-source-maps
 *   BENCH_ONLY [a,b,c,d,e,f]      run a subset
 * With the defaults a run takes about two minutes on 2 vCPUs. Progress goes to stderr, results to stdout.
 */
import { randomUUID } from 'node:crypto';
import { loadavg } from 'node:os';
import { findDynamoDbLocalJar } from '../local/dynamodb-local.ts';
import { measureBundles } from './bundles.ts';
import { measureCapacityUnits } from './capacity-units.ts';
import { measureConcurrentAppends } from './concurrent-appends.ts';
import type { ApiHandler } from './api-event.ts';
import { handlerEnv, startBenchEnvironment } from './environment.ts';
import { cpuSnapshot, foreignLoad, type ForeignLoad } from './machine-load.ts';
import { measureHttpOpenTicket } from './http-open-ticket.ts';
import { measureProjectionLag } from './projection-lag.ts';
import { measureRawLatency, openTicketFloorOnce, rawAppend, warmUpDynamoDbLocal } from './raw-transactions.ts';
import { headlineRows, machine, markdown, textTable, type BenchResults } from './report.ts';
import { envInt } from './stats.ts';

const n = envInt('BENCH_N', 500);
const config = {
  BENCH_N: n,
  BENCH_WARMUP: envInt('BENCH_WARMUP', 1500),
  BENCH_CONCURRENCY: envInt('BENCH_CONCURRENCY', 16),
  BENCH_APPENDS: envInt('BENCH_APPENDS', 1600),
  BENCH_EVENTS_PER_TICKET: envInt('BENCH_EVENTS_PER_TICKET', 20),
  BENCH_ROUNDS: envInt('BENCH_ROUNDS', 2),
  BENCH_OPEN_HOT: envInt('BENCH_OPEN_HOT', 160),
  BENCH_HTTP_N: envInt('BENCH_HTTP_N', Math.max(1, Math.round(n / 2))),
  BENCH_LAG_N: envInt('BENCH_LAG_N', 100),
  BENCH_LAG_POLL_MS: envInt('BENCH_LAG_POLL_MS', 5),
  BENCH_CAPACITY_N: envInt('BENCH_CAPACITY_N', 5),
  BENCH_COLD_N: envInt('BENCH_COLD_N', 10),
};
const only = new Set((process.env.BENCH_ONLY ?? 'a,b,c,d,e,f').split(',').map((s) => s.trim().toLowerCase()));
const wanted = (section: string) => only.has(section);

const log = (line: string) => process.stderr.write(`[bench] ${line}\n`);

const startedAt = new Date();
const started = performance.now();
const results: { -readonly [K in keyof BenchResults]: BenchResults[K] } = {
  startedAt,
  config,
  dynamoDbLocalRelease: findDynamoDbLocalJar().release,
  loadAtStart: loadavg()[0]!,
  errors: [],
};
const errors: { section: string; message: string }[] = [];
results.errors = errors;
const sections: { name: string; seconds: number; foreign?: ForeignLoad }[] = [];
results.sections = sections;
let dynamoGroup: number | undefined;

/** Runs one section; a failure is reported and the run goes on with the next section. */
const section = async <T>(name: string, run: () => Promise<T>): Promise<T | undefined> => {
  const t = performance.now();
  const before = cpuSnapshot(dynamoGroup);
  log(`${name}…`);
  try {
    const value = await run();
    const seconds = (performance.now() - t) / 1000;
    const foreign = foreignLoad(before, cpuSnapshot(dynamoGroup));
    sections.push({ name, seconds, ...(foreign === undefined ? {} : { foreign }) });
    const busy =
      foreign === undefined
        ? ''
        : `; meanwhile other processes used ${(foreign.otherProcesses * 100).toFixed(0)}% of the machine, steal ${(foreign.steal * 100).toFixed(0)}%`;
    log(`${name}: done in ${seconds.toFixed(1)} s${busy}`);
    return value;
  } catch (error) {
    const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
    log(`${name}: FAILED: ${message}`);
    errors.push({ section: name, message: message.split('\n')[0]! });
    return undefined;
  }
};

const needsDynamo = ['a', 'b', 'c', 'd', 'e'].some(wanted);
if (needsDynamo) {
  log('starting DynamoDB Local (in memory) and creating the tables…');
  const env = await startBenchEnvironment();
  dynamoGroup = env.dynamoProcessGroup;
  log(`DynamoDB Local ${results.dynamoDbLocalRelease} at ${env.endpoint}`);
  try {
    await section(`warming DynamoDB Local up (${config.BENCH_WARMUP} × put + query + get, ${config.BENCH_CONCURRENCY} at a time)`, () =>
      warmUpDynamoDbLocal(env.db, env.tables.events, { operations: config.BENCH_WARMUP, concurrency: config.BENCH_CONCURRENCY }),
    );
    const warmup = Math.min(50, config.BENCH_WARMUP);
    if (wanted('a')) {
      results.raw = await section('(a) raw TransactWriteItems latency', () =>
        measureRawLatency(env.db, env.tables.events, { n: config.BENCH_N, warmup }),
      );
    }

    // (b) and (d) need the local stack (HTTP server + stream poller). The poller starts at LATEST, so
    // it never replays what (a) wrote; (c) and (e) run after the stack is stopped, on a quiet machine.
    if (wanted('b') || wanted('d')) {
      const stackModule = await section('importing test/support/local-stack.ts', () => import('../test/support/local-stack.ts'));
      // startLocalStack asks vitest (`inject`) for the S3 endpoint unless the variable is set; nothing
      // the bench calls touches S3, so an address where nothing listens is enough outside vitest.
      process.env.AWS_ENDPOINT_URL_S3 ??= 'http://127.0.0.1:9';
      const stack = stackModule ? await section('starting the local stack (HTTP server, stream poller, projector)', () => stackModule.startLocalStack()) : undefined;
      if (stack) {
        try {
          const { handler } = await import('../functions/http/support.ts');
          const caller = { tenant: 'bench-http', userId: 'bench-user' };
          const token = await stack.token(caller.userId, { tenant: caller.tenant, role: 'admin', groups: ['support'] });
          const httpOptions = { url: stack.url, token, ...caller };
          if (wanted('b')) {
            results.http = await section('(b) POST /v1/tickets over HTTP', () =>
              measureHttpOpenTicket(httpOptions, handler as unknown as ApiHandler, {
                n: config.BENCH_HTTP_N,
                warmup,
                idempotent: true,
                raw: () => rawAppend(env.db, env.tables.events, 'bench-raw', randomUUID()),
                floor: () => openTicketFloorOnce(env.db, env.tables.events, 'bench-floor'),
              }),
            );
          }
          if (wanted('d')) {
            results.lag = await section('(d) projection lag', async () => {
              // Let the poller catch up with (b) first: the lag of an idle pipeline is measured.
              await stack.poller.idle();
              return measureProjectionLag(env.db, env.tables, {
                n: config.BENCH_LAG_N,
                warmup: 5,
                pollMs: config.BENCH_LAG_POLL_MS,
                timeoutMs: 10_000,
              });
            });
          }
          if (wanted('b')) {
            // The stream poller runs in this process and its projector writes to the same DynamoDB
            // Local: the same requests once it is stopped show what that costs on this machine.
            await stack.poller.stop();
            results.httpQuiet = await section('(b) POST /v1/tickets over HTTP, stream poller stopped', () =>
              measureHttpOpenTicket(httpOptions, handler as unknown as ApiHandler, {
                n: Math.max(1, Math.round(config.BENCH_HTTP_N / 2)),
                warmup: 5,
                idempotent: false,
                raw: () => rawAppend(env.db, env.tables.events, 'bench-raw', randomUUID()),
              }),
            );
          }
        } finally {
          await stack.stop();
        }
      }
    }

    if (wanted('c')) {
      results.appends = await section('(c) concurrent appends', () =>
        measureConcurrentAppends(env.db, env.tables.events, {
          total: config.BENCH_APPENDS,
          concurrency: config.BENCH_CONCURRENCY,
          eventsPerTicket: config.BENCH_EVENTS_PER_TICKET,
          openTotal: config.BENCH_OPEN_HOT,
          rounds: config.BENCH_ROUNDS,
        }),
      );
    }
    if (wanted('e')) {
      results.capacity = await section('(e) capacity units', () =>
        measureCapacityUnits(env.meteredDb, env.db, env.meter, env.tables, { samples: config.BENCH_CAPACITY_N }),
      );
    }
  } finally {
    await env.stop();
    dynamoGroup = undefined;
  }
}

// Bundles last, with DynamoDB Local stopped: cold imports are CPU-bound.
if (wanted('f')) {
  results.bundles = await section('(f) Lambda bundles', () =>
    measureBundles({
      runs: config.BENCH_COLD_N,
      sourceMapRuns: config.BENCH_COLD_N,
      env: handlerEnv('http://127.0.0.1:1', { events: 'cronaca-events', readModels: 'cronaca-read-models' }),
    }),
  );
}

results.durationMs = performance.now() - started;
const m = machine();

console.log('');
console.log(
  `Cronaca bench — ${startedAt.toISOString()} — ${m.cpus} CPUs, ${m.cpuModel}, Node ${m.node}, DynamoDB Local ${results.dynamoDbLocalRelease}, load average before the run ${results.loadAtStart.toFixed(2)}`,
);
console.log('');
console.log(textTable(headlineRows(results as BenchResults)));
console.log('');
const noisy = sections.filter((s) => s.foreign && s.foreign.otherProcesses + s.foreign.steal > 0.1);
if (noisy.length) {
  console.log('WARNING: other work took a noticeable share of the machine during (other processes / hypervisor steal):');
  for (const s of noisy) console.log(`  ${s.name}: ${(s.foreign!.otherProcesses * 100).toFixed(0)}% / ${(s.foreign!.steal * 100).toFixed(0)}%`);
  console.log('');
}
console.log('----- markdown for bench/RESULTS.md -----');
console.log('');
console.log(markdown(results as BenchResults, m));
console.log('');
console.log('----- end of markdown -----');
// Sockets of the SDK clients and the JVM watchdog must not keep the process alive.
process.exit(0);
