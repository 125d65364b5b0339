/**
 * `node bench/single-append.ts`: the latency and rate of a one-event commit (EventStore.commit), as
 * it is now (one conditioned PutItem) and as it was (the same item in a one-item TransactWriteItems),
 * on ONE DynamoDB Local, the two taking turns so that neither profits alone from a warmer JVM or
 * suffers alone from a busier machine. Prints figures, asserts nothing.
 *
 * "Before" is the same EventStore (same validation, same item, same condition) on a document client
 * that sends each PutCommand as a one-item TransactWriteCommand — exactly what commit sent before.
 *
 * Workloads: new streams (expectedVersion 0, a fresh id each time) and existing streams (each writer
 * appends to its own stream, tracking its version). 1 writer: p50/p99 of BENCH_SINGLE_N [500] appends
 * per path and workload, alternating path on every append. BENCH_SINGLE_WRITERS [16] writers:
 * appends/s and p50/p99 of BENCH_SINGLE_CONCURRENT_N [1600] appends per path and workload, in
 * BENCH_SINGLE_ROUNDS [4] alternating rounds.
 */
import { randomUUID } from 'node:crypto';
import { loadavg } from 'node:os';
import { PutCommand, TransactWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { EventStore, type Commit } from '../adapters/dynamodb/event-store.ts';
import { startBenchEnvironment } from './environment.ts';
import { cpuSnapshot, foreignLoad } from './machine-load.ts';
import { envInt, fmtMs, fmtNum, runConcurrently, summarize, timed, type Summary } from './stats.ts';

const n = envInt('BENCH_SINGLE_N', 500);
const writers = envInt('BENCH_SINGLE_WRITERS', 16);
const concurrentN = envInt('BENCH_SINGLE_CONCURRENT_N', 1600);
const rounds = envInt('BENCH_SINGLE_ROUNDS', 4);
const log = (line: string) => process.stderr.write(`[single-append] ${line}\n`);

/** The document client as the store used it before: a lone Put goes as a one-item transaction. */
const asOneItemTransactions = (db: DynamoDBDocumentClient): DynamoDBDocumentClient => {
  const wrapped = Object.create(db) as DynamoDBDocumentClient;
  const send = (command: unknown) =>
    db.send((command instanceof PutCommand ? new TransactWriteCommand({ TransactItems: [{ Put: command.input as never }] }) : command) as never);
  wrapped.send = send as DynamoDBDocumentClient['send'];
  return wrapped;
};

type Path = 'before' | 'after';
type Workload = 'new' | 'existing';

const comment = (tenant: string, streamId: string, expectedVersion: number): Commit => ({
  tenant,
  at: new Date().toISOString(),
  meta: { actor: 'bench-operator', commandId: randomUUID(), correlationId: randomUUID() },
  streams: [
    {
      aggregateType: 'ticket',
      aggregateId: streamId,
      expectedVersion,
      events: [{ type: 'TicketCommented', data: { ticketId: streamId, commentId: randomUUID(), body: 'Tried again after a restart: same error.', visibility: 'public' } }],
    },
  ],
});

const env = await startBenchEnvironment();
try {
  const stores: Record<Path, EventStore> = {
    before: new EventStore(asOneItemTransactions(env.db), env.tables.events),
    after: new EventStore(env.db, env.tables.events),
  };
  /** Each path's own streams per writer (existing workload), so the paths never collide. */
  const streams = (path: Path) => Array.from({ length: writers }, () => ({ tenant: `bench-single-${path}`, id: randomUUID(), version: 0 }));
  const own: Record<Path, ReturnType<typeof streams>> = { before: streams('before'), after: streams('after') };
  const append = (path: Path, workload: Workload, writer: number) => {
    if (workload === 'new') return stores[path].commit(comment(`bench-single-${path}`, randomUUID(), 0));
    const stream = own[path][writer]!;
    return stores[path].commit(comment(stream.tenant, stream.id, stream.version)).then(() => {
      stream.version += 1;
    });
  };

  log('warming up (JIT, connections, DynamoDB Local)');
  for (let i = 0; i < 200; i += 1) await append(i % 2 ? 'before' : 'after', i % 4 < 2 ? 'new' : 'existing', 0);
  await runConcurrently(400, writers, (i, w) => append(i % 2 ? 'before' : 'after', 'new', w));

  const cpuBefore = cpuSnapshot(env.dynamoProcessGroup);
  const started = performance.now();
  const single: Record<string, Summary> = {};
  for (const workload of ['new', 'existing'] as const) {
    log(`1 writer, ${workload} streams, ${n} appends per path`);
    const samples: Record<Path, number[]> = { before: [], after: [] };
    for (let i = 0; i < 2 * n; i += 1) {
      const path: Path = i % 2 ? 'before' : 'after';
      samples[path].push((await timed(() => append(path, workload, 0))).ms);
    }
    single[`before/${workload}`] = summarize(samples.before);
    single[`after/${workload}`] = summarize(samples.after);
  }

  const concurrent: Record<string, { perSecond: number; latency: Summary }> = {};
  for (const workload of ['new', 'existing'] as const) {
    log(`${writers} writers, ${workload} streams, ${concurrentN} appends per path in ${rounds} rounds`);
    const acc: Record<Path, { wallMs: number; latencies: number[] }> = { before: { wallMs: 0, latencies: [] }, after: { wallMs: 0, latencies: [] } };
    for (let round = 0; round < rounds; round += 1) {
      const share = Math.floor(concurrentN / rounds) + (round < concurrentN % rounds ? 1 : 0);
      for (const path of (round % 2 ? ['before', 'after'] : ['after', 'before']) as Path[]) {
        const result = await runConcurrently(share, writers, (_i, w) => append(path, workload, w));
        acc[path].wallMs += result.wallMs;
        acc[path].latencies.push(...result.latencies);
      }
    }
    for (const path of ['before', 'after'] as const) {
      concurrent[`${path}/${workload}`] = { perSecond: (acc[path].latencies.length / acc[path].wallMs) * 1000, latency: summarize(acc[path].latencies) };
    }
  }
  const load = foreignLoad(cpuBefore, cpuSnapshot(env.dynamoProcessGroup));
  const seconds = (performance.now() - started) / 1000;

  const lines = [
    `Single-event append, ${new Date().toISOString().slice(0, 10)}, Node ${process.version}, measured section ${fmtNum(seconds, 0)} s; ` +
      `load average ${loadavg().map((x) => x.toFixed(2)).join(' ')}; other processes used ${load ? `${(load.otherProcesses * 100).toFixed(0)} %` : 'n/a'} of the machine's CPU` +
      `${load ? `, steal ${(load.steal * 100).toFixed(0)} %` : ''}.`,
    '',
    `| workload | path | 1 writer p50 | 1 writer p99 | ${writers} writers appends/s | ${writers} writers p50 | ${writers} writers p99 |`,
    '|---|---|---|---|---|---|---|',
  ];
  for (const workload of ['new', 'existing'] as const) {
    for (const path of ['before', 'after'] as const) {
      const s = single[`${path}/${workload}`]!;
      const c = concurrent[`${path}/${workload}`]!;
      const label = path === 'before' ? 'before: one-item TransactWriteItems' : 'after: conditioned PutItem';
      lines.push(`| ${workload} streams | ${label} | ${fmtMs(s.p50)} | ${fmtMs(s.p99)} | ${fmtNum(c.perSecond, 0)} | ${fmtMs(c.latency.p50)} | ${fmtMs(c.latency.p99)} |`);
    }
    const ratio = concurrent[`after/${workload}`]!.perSecond / concurrent[`before/${workload}`]!.perSecond;
    const p50 = single[`before/${workload}`]!.p50 / single[`after/${workload}`]!.p50;
    lines.push(`| ${workload} streams | after vs before | ${fmtNum(p50, 2)}× faster | | ${fmtNum(ratio, 2)}× | | |`);
  }
  process.stdout.write(`${lines.join('\n')}\n`);
} finally {
  await env.stop();
}
