import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createSocket } from 'node:dgram';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { functions } from '../contract/functions.ts';
import { ensureBenchCompany } from './http-open-ticket.ts';
import { esbuildOptions } from '../infra/constructs/functions.ts';
import { apiEvent } from './api-event.ts';
import { handlerEnv, startBenchEnvironment } from './environment.ts';
import { envInt, fmtBytes, fmtMs, median, percentile } from './stats.ts';

/**
 * Issue 18: what Powertools metrics + tracer add to a function. The support API (`POST /v1/tickets`:
 * one command, so one `Commands` EMF line per invocation) is bundled with the deployed esbuild options
 * (infra/constructs/functions.ts `esbuildOptions`) three times over:
 *   - baseline: the same entry from the int18 worktree, i.e. before the observability code (no tracer,
 *     no metrics in the bundle) — set BENCH_BASELINE_ROOT to another checkout, or skip it if absent;
 *   - off: this branch's bundle, POWERTOOLS_METRICS_DISABLED=true, POWERTOOLS_TRACE_ENABLED=false;
 *   - metrics-only: Lambda's environment, metrics on, tracing off (what the metrics cost alone);
 *   - on-unsampled: as `on` with `Sampled=0` in the trace header, as X-Ray's default sampling (the first
 *     request each second, then 5 %) marks most invocations of a busy function;
 *   - on: this branch's bundle, metrics on (EMF lines on the child's stdout, a pipe the parent drains,
 *     as Lambda's runtime does) and tracing on in "Lambda mode" (AWS_EXECUTION_ENV, LAMBDA_TASK_ROOT,
 *     a fresh `_X_AMZN_TRACE_ID` per invocation, Sampled=1) sending its segments over UDP to
 *     AWS_XRAY_DAEMON_ADDRESS — a socket of this process that counts the datagrams (a real send, no stub).
 * Each run is a fresh `node` process (Node 24, `--enable-source-maps` as deployed): cold = import of the
 * bundle + the first invocation; then BENCH_OBS_WARM warm invocations against DynamoDB Local (p50/p99).
 * Runs alternate between the variants (BENCH_OBS_RUNS each) so machine noise spreads evenly. Figures are
 * printed, never asserted.
 */
const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const baselineRoot = process.env['BENCH_BASELINE_ROOT'] ?? resolve(projectRoot, '../int18');
const runs = envInt('BENCH_OBS_RUNS', 7);
const warm = envInt('BENCH_OBS_WARM', 300);
const nodeBinary = join(projectRoot, 'node_modules/.bin/node');

/**
 * Two functions: a command (DynamoDB writes, a `Commands` EMF line, SDK subsegments) and `GET /health`
 * (no I/O at all: only the middlewares' own cost is left, without DynamoDB Local's jitter).
 */
interface Scenario {
  readonly label: string;
  readonly entry: string;
  readonly event: (tenant: string) => unknown;
}
const scenarios: readonly Scenario[] = [
  {
    label: 'supportApi POST /v1/tickets',
    entry: functions.supportApi.entry,
    event: (tenant) => apiEvent({ method: 'POST', routePath: '/v1/tickets', path: '/v1/tickets', body: { companyId: 'company-1', subject: 'Observability bench' }, tenant, userId: 'bench-user' }),
  },
  {
    label: 'metaApi GET /health',
    entry: functions.metaApi.entry,
    event: (tenant) => apiEvent({ method: 'GET', routePath: '/health', path: '/health', tenant, userId: 'bench-user' }),
  },
];

type Variant = 'baseline' | 'off' | 'metrics-only' | 'on' | 'on-unsampled';

/** The child: imports the bundle, invokes it once cold and `warm` times, writes its timings to BENCH_OUT. */
const runnerSource = `
import { writeFileSync, readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
const started = performance.now();
const { handler } = await import(process.env.BENCH_BUNDLE);
const imported = performance.now();
const template = JSON.parse(readFileSync(process.env.BENCH_EVENT, 'utf8'));
const traceId = () => 'Root=1-' + Math.floor(Date.now() / 1000).toString(16) + '-' + randomBytes(12).toString('hex') + ';Parent=' + randomBytes(8).toString('hex') + ';Sampled=' + (process.env.BENCH_SAMPLED ?? '1');
const context = (id) => ({ functionName: 'bench-support', functionVersion: '$LATEST', awsRequestId: id, invokedFunctionArn: 'arn:aws:lambda:eu-south-1:000000000000:function:bench-support', memoryLimitInMB: '512', logGroupName: 'bench', logStreamName: 'bench', callbackWaitsForEmptyEventLoop: true, getRemainingTimeInMillis: () => 20000 });
const invoke = async (i) => {
  process.env._X_AMZN_TRACE_ID = traceId();
  const event = { ...template, requestContext: { ...template.requestContext, requestId: 'r' + i } };
  const t = performance.now();
  const result = await handler(event, context('r' + i));
  return { ms: performance.now() - t, status: result.statusCode };
};
const first = await invoke(0);
const warmMs = [];
const statuses = {};
for (let i = 1; i <= Number(process.env.BENCH_WARM); i++) {
  const { ms, status } = await invoke(i);
  warmMs.push(ms);
  statuses[status] = (statuses[status] ?? 0) + 1;
}
writeFileSync(process.env.BENCH_OUT, JSON.stringify({ importMs: imported - started, firstMs: first.ms, firstStatus: first.status, warmMs, statuses }));
// The X-Ray SDK sends on a UDP socket that would keep the process alive a moment; Lambda freezes it instead.
setTimeout(() => process.exit(0), 200);
`;

interface RunResult {
  readonly importMs: number;
  readonly firstMs: number;
  readonly firstStatus: number;
  readonly warmMs: number[];
  readonly statuses: Record<string, number>;
  readonly stdoutLines: number;
  readonly datagrams: number;
}

const bundle = async (root: string, entry: string, outdir: string): Promise<string> => {
  await build({ ...esbuildOptions, entryPoints: { index: join(root, entry) }, outdir, absWorkingDir: root, logLevel: 'error' });
  return join(outdir, 'index.mjs');
};

const main = async (): Promise<void> => {
  const work = mkdtempSync(join(tmpdir(), 'cronaca-bench-obs-'));
  const environment = await startBenchEnvironment();
  const daemon = createSocket('udp4');
  let datagrams = 0;
  daemon.on('message', () => (datagrams += 1));
  await new Promise<void>((done) => daemon.bind(0, '127.0.0.1', done));
  const daemonAddress = `127.0.0.1:${daemon.address().port}`;
  try {
    const tenant = `bench-obs-${randomUUID().slice(0, 8)}`;
    await ensureBenchCompany(tenant, 'company-1');
    const runnerFile = join(work, 'runner.mjs');
    writeFileSync(runnerFile, runnerSource);
    for (const scenario of scenarios) {
      const bundles: Partial<Record<Variant, string>> = { on: await bundle(projectRoot, scenario.entry, join(work, scenario.label.split(' ')[0]!, 'current')) };
      bundles.off = bundles.on;
      bundles['on-unsampled'] = bundles.on;
      bundles['metrics-only'] = bundles.on;
      try {
        statSync(join(baselineRoot, scenario.entry));
        bundles.baseline = await bundle(baselineRoot, scenario.entry, join(work, scenario.label.split(' ')[0]!, 'baseline'));
      } catch (error) {
        console.log(`baseline skipped (${baselineRoot}: ${(error as Error).message.split('\n')[0]})`);
      }
      const eventFile = join(work, `${scenario.label.split(' ')[0]!}-event.json`);
      writeFileSync(eventFile, JSON.stringify(scenario.event(tenant)));

      const common = {
        ...process.env,
        ...handlerEnv(environment.endpoint, environment.tables),
        NODE_OPTIONS: '--enable-source-maps',
        POWERTOOLS_SERVICE_NAME: 'cronaca-support-api',
        POWERTOOLS_METRICS_NAMESPACE: 'Cronaca',
        AWS_LAMBDA_FUNCTION_NAME: 'bench-support',
        // Lambda's own: without it Powertools never sees a cold start (no ColdStart metric, cold_start false).
        AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
        _HANDLER: 'index.handler',
        BENCH_EVENT: eventFile,
        BENCH_WARM: String(warm),
      };
      const envOf = (variant: Variant): NodeJS.ProcessEnv =>
        variant === 'metrics-only'
          ? { ...common, POWERTOOLS_METRICS_DISABLED: 'false', POWERTOOLS_TRACE_ENABLED: 'false', AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs24.x', LAMBDA_TASK_ROOT: work }
          : variant === 'on' || variant === 'on-unsampled'
          ? { ...common, BENCH_SAMPLED: variant === 'on' ? '1' : '0', POWERTOOLS_METRICS_DISABLED: 'false', POWERTOOLS_TRACE_ENABLED: 'true', AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs24.x', LAMBDA_TASK_ROOT: work, AWS_XRAY_DAEMON_ADDRESS: daemonAddress }
          : { ...common, POWERTOOLS_METRICS_DISABLED: 'true', POWERTOOLS_TRACE_ENABLED: 'false' };

      const runOnce = (variant: Variant, index: number): Promise<RunResult> =>
        new Promise((settle, reject) => {
          const out = join(work, `${scenario.label.split(' ')[0]!}-${variant}-${index}.json`);
          const before = datagrams;
          const child = spawn(nodeBinary, [runnerFile], { env: { ...envOf(variant), BENCH_BUNDLE: bundles[variant]!, BENCH_OUT: out }, stdio: ['ignore', 'pipe', 'inherit'] });
          let stdoutLines = 0;
          child.stdout.on('data', (chunk: Buffer) => {
            for (const byte of chunk) if (byte === 10) stdoutLines += 1;
            if (process.env['BENCH_OBS_SHOW_STDOUT']) process.stderr.write(chunk);
          });
          child.on('error', reject);
          child.on('exit', (code) => {
            if (code !== 0) return reject(new Error(`${variant} run ${index} exited with ${code}`));
            // Datagrams still in flight land within a few ms.
            setTimeout(() => settle({ ...(JSON.parse(readFileSync(out, 'utf8')) as Omit<RunResult, 'stdoutLines' | 'datagrams'>), stdoutLines, datagrams: datagrams - before }), 50);
          });
        });

      const variants = (['baseline', 'off', 'metrics-only', 'on', 'on-unsampled'] as const).filter((variant) => bundles[variant]);
      const results = new Map<Variant, RunResult[]>(variants.map((variant) => [variant, []]));
      for (let index = 0; index < runs; index += 1) {
        for (const variant of variants) results.get(variant)!.push(await runOnce(variant, index));
      }

      console.log(`\nObservability overhead: ${scenario.entry} (${scenario.label}), ${runs} fresh processes per variant, ${warm} warm invocations each`);
      console.log(`bundle: ${fmtBytes(statSync(bundles.on!).size)} with observability${bundles.baseline ? `, ${fmtBytes(statSync(bundles.baseline).size)} baseline` : ''}`);
      const rows = variants.map((variant) => {
        const all = results.get(variant)!;
        const cold = all.map((r) => r.importMs + r.firstMs);
        const warmAll = all.flatMap((r) => r.warmMs);
        return {
          variant,
          importMs: median(all.map((r) => r.importMs)),
          coldMs: median(cold),
          p50: median(warmAll),
          p99: percentile(warmAll, 99),
          statuses: all.reduce<Record<string, number>>((sum, r) => {
            for (const [status, n] of Object.entries(r.statuses)) sum[status] = (sum[status] ?? 0) + n;
            return sum;
          }, {}),
          stdoutLinesPerRun: median(all.map((r) => r.stdoutLines)),
          datagramsPerRun: median(all.map((r) => r.datagrams)),
        };
      });
      console.log('| variant | import (median) | cold: import + 1st invocation (median) | warm p50 | warm p99 | statuses | stdout lines / run | X-Ray datagrams / run |');
      console.log('|---|---|---|---|---|---|---|---|');
      for (const row of rows) {
        console.log(`| ${row.variant} | ${fmtMs(row.importMs)} | ${fmtMs(row.coldMs)} | ${fmtMs(row.p50)} | ${fmtMs(row.p99)} | ${JSON.stringify(row.statuses)} | ${row.stdoutLinesPerRun} | ${row.datagramsPerRun} |`);
      }
      const references = rows.filter((row) => row.variant === 'baseline' || row.variant === 'off');
      for (const on of rows.filter((row) => row.variant !== 'baseline' && row.variant !== 'off')) {
        for (const reference of references) {
          const added = (key: 'coldMs' | 'p50' | 'p99') => `${fmtMs(on[key] - reference[key])} (${((on[key] / reference[key] - 1) * 100).toFixed(1)} %)`;
          console.log(`${on.variant} vs ${reference.variant}: cold ${added('coldMs')}, warm p50 ${added('p50')}, p99 ${added('p99')} (target ≤ 10 %)`);
        }
      }
    }
  } finally {
    daemon.close();
    await environment.stop();
    rmSync(work, { recursive: true, force: true });
  }
};

await main();
