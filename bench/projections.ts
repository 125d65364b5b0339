/**
 * `npm run bench:projections`: how fast the projector handler turns stream records into read models,
 * per projection, and how far behind an unrelated tenant's ticket list falls while an import runs.
 *
 *   (t) throughput: BENCH_PROJ_N [200] records of every kind, each with a follow-up command, written
 *       through the HTTP API with nothing projecting; the stream records are then read back and given
 *       to the real projector handler (`functions/streams/project.ts`) in batches of the mapping's
 *       size, one aggregate type at a time (its projections named), then all of them in stream
 *       order: events/s = records / handler time. Each type starts from empty read models.
 *   (l) lag under load: bench/projection-load.ts.
 *
 * BENCH_PROJ_ONLY [t,l] runs a subset. Progress goes to stderr, results to stdout.
 */
import { loadavg } from 'node:os';
import { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import type { Context, DynamoDBRecord } from 'aws-lambda';
import { localTableNames } from '../adapters/dynamodb/client.ts';
import { functions } from '../contract/functions.ts';
import { createLambdaContext } from '../local/lambda-context.ts';
import { localAwsConfig } from '../local/dynamodb-local.ts';
import { memoryCheckpoints, startStreamPoller } from '../local/stream-poller.ts';
import { projectionsFor } from '../projections/catalogue.ts';
import { startBenchEnvironment } from './environment.ts';
import { measureLagUnderLoad } from './projection-load.ts';
import { aggregateTypeOf, seedHistories } from './projection-seed.ts';
import { envInt, fmtNum } from './stats.ts';

const n = envInt('BENCH_PROJ_N', 200);
const batchSize = envInt('BENCH_PROJ_BATCH', 100);
const only = new Set((process.env['BENCH_PROJ_ONLY'] ?? 't,l').split(',').map((s) => s.trim()));
const log = (line: string) => process.stderr.write(`[bench] ${line}\n`);
const load = () => loadavg().map((l) => l.toFixed(2)).join(' ');

const env = await startBenchEnvironment();
process.env['AWS_ENDPOINT_URL_S3'] ??= 'http://127.0.0.1:9';
const { startLocalStack } = await import('../test/support/local-stack.ts');
const { createProjectHandler } = await import('../functions/streams/project.ts');
const { dependenciesFromEnv } = await import('../functions/shared/dependencies.ts');

const context = (): Context => createLambdaContext({ functionName: 'cronaca-projector', timeoutSeconds: functions.projector.timeoutSeconds });

/** Runs the handler over `records` in batches; returns the handler's wall time and the failures it reported. */
const project = async (records: readonly DynamoDBRecord[]): Promise<{ ms: number; failures: number }> => {
  const handler = createProjectHandler(dependenciesFromEnv);
  let failures = 0;
  const started = performance.now();
  for (let start = 0; start < records.length; start += batchSize) {
    const result = await handler({ Records: records.slice(start, start + batchSize) }, context());
    failures += result?.batchItemFailures.length ?? 0;
  }
  return { ms: performance.now() - started, failures };
};

try {
  if (only.has('t')) {
    log(`(t) seeding ${n} records of every kind through the HTTP API (nothing projects meanwhile)… load ${load()}`);
    const stack = await startLocalStack({ consumers: [] });
    const tenants = [`bench-proj-a-${Date.now().toString(36)}`, `bench-proj-b-${Date.now().toString(36)}`, `bench-proj-warm-${Date.now().toString(36)}`];
    try {
      for (const tenant of tenants) await seedHistories(stack, tenant, tenant === tenants[2] ? 5 : n, 8);
    } finally {
      await stack.stop();
    }
    log('(t) reading the records back from the stream…');
    const records: DynamoDBRecord[] = [];
    const streamsClient = new DynamoDBStreamsClient({ ...localAwsConfig, endpoint: env.endpoint });
    const poller = await startStreamPoller({
      streamsClient,
      tableName: localTableNames.events,
      consumers: [{ name: 'collector', handler: async (event) => void records.push(...event.Records), batchSize: 1000 }],
      checkpoints: memoryCheckpoints(),
      startingPosition: 'TRIM_HORIZON',
      log: false,
    });
    await poller.idle();
    await poller.stop();
    streamsClient.destroy();
    const ofTenant = (tenant: string) => records.filter((r) => r.dynamodb?.Keys?.['pk']?.S?.startsWith(`${tenant}#`));
    // A small tenant first, unmeasured: module loading, JIT and connections are not the first row's.
    await project(ofTenant(tenants[2]!));
    // Tenant a: one aggregate type at a time; tenant b: everything in stream order, as live.
    const byType = new Map<string, DynamoDBRecord[]>();
    for (const record of ofTenant(tenants[0]!)) {
      const type = aggregateTypeOf(record);
      if (projectionsFor(type).length === 0) continue;
      byType.set(type, [...(byType.get(type) ?? []), record]);
    }
    const rows: string[] = [];
    for (const [type, list] of byType) {
      const { ms, failures } = await project(list);
      const names = projectionsFor(type).map((p) => p.name).join(', ');
      rows.push(`| ${type} | ${names} | ${list.length} | ${fmtNum(ms / 1000, 2)} s | **${fmtNum(list.length / (ms / 1000), 0)}** | ${failures} | ${load()} |`);
      log(`(t) ${type}: ${list.length} records in ${fmtNum(ms, 0)} ms`);
    }
    const mixed = ofTenant(tenants[1]!);
    const { ms, failures } = await project(mixed);
    rows.push(`| all, in stream order | every projection | ${mixed.length} | ${fmtNum(ms / 1000, 2)} s | **${fmtNum(mixed.length / (ms / 1000), 0)}** | ${failures} | ${load()} |`);
    console.log(`\n(t) projector handler throughput, batches of ${batchSize}, ${n} records of each kind (+ a follow-up each)\n`);
    console.log('| aggregate type | projections | records | handler time | events/s | failures reported | load average after |\n|---|---|---|---|---|---|---|');
    for (const row of rows) console.log(row);
  }
  if (only.has('l')) {
    const result = await measureLagUnderLoad(env, { log });
    console.log(`\n${result}`);
  }
} finally {
  await env.stop();
}
process.exit(0);
