/**
 * (l) of `npm run bench:projections`: projection lag of an unrelated tenant's tickets (commit ->
 * open-tickets index, bench/projection-lag.ts) on the local stack (stream poller + real projector),
 * first idle, then while a companies import of BENCH_PROJ_IMPORT_ROWS [10000] rows runs in a child
 * process through the import worker's own handler (bench/import-job-run.ts), writing to the same
 * DynamoDB Local. Also how long the projector needs to drain after the import ends. Targets: lag p99
 * <= 2 s under the import, <= 100 ms idle.
 */
import { spawn } from 'node:child_process';
import { loadavg } from 'node:os';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import iconv from 'iconv-lite';
import { EventStore } from '../adapters/dynamodb/event-store.ts';
import { functions, nodeOptionsOf } from '../contract/functions.ts';
import type { Actor } from '../domain/shared/actor.ts';
import { requestJob, sourceKeyOf } from '../import/engine/start-job.ts';
import { loadJob } from '../import/engine/job-store.ts';
import { dropBucketName, localS3ClientConfig, startLocalS3 } from '../local/s3.ts';
import { handlerEnv, type BenchEnvironment } from './environment.ts';
import { measureProjectionLag } from './projection-lag.ts';
import { envInt, fmtMs, fmtNum, type Summary } from './stats.ts';

const rows = envInt('BENCH_PROJ_IMPORT_ROWS', 10_000);
const idleN = envInt('BENCH_PROJ_IDLE_N', 100);
/**
 * How often the index is polled for the ticket during the import: every poll is a Query on the same
 * DynamoDB Local the projector and the import write to, so polling every 5 ms (as idle) would add up
 * to 200 requests/s of the bench's own to the load it measures.
 */
const busyPollMs = envInt('BENCH_PROJ_BUSY_POLL_MS', 25);

/** Italian-style companies, Windows-1252, `;`, a unique VAT number per row (as bench/import.ts). */
const companiesFile = (count: number): Buffer => {
  let text = 'Ragione sociale;Partita IVA;Indirizzo;CAP;Città;Provincia;Telefono;Email;Etichette\r\n';
  for (let i = 1; i <= count; i += 1) {
    const vat = String(10_000_000_000 + i * 37).slice(-11);
    text += `Società Ferrè ${i} S.r.l.;IT${vat};Via Garibaldi ${i};20121;Milano;MI;02 ${String(1_000_000 + i)};info${i}@ferre${i}.example;vip\r\n`;
  }
  return iconv.encode(text, 'windows-1252');
};

const runJob = (env: Record<string, string>, tenant: string, jobId: string) =>
  new Promise<{ ms: number }>((resolve, reject) => {
    const args = [...nodeOptionsOf(functions.importWorker).split(' ').filter((o) => o !== '--enable-source-maps'), 'bench/import-job-run.ts', tenant, jobId];
    const child = spawn(process.execPath, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out.trim().split('\n').at(-1)!) as { ms: number }) : reject(new Error(`import exited with ${code}: ${out}`))));
  });

const line = (name: string, s: Summary, timeouts: number) =>
  `| ${name} | ${s.n} | ${fmtMs(s.p50)} | ${fmtMs(s.p90)} | **${fmtMs(s.p99)}** | ${fmtMs(s.max)} | ${timeouts} |`;

export const measureLagUnderLoad = async (bench: BenchEnvironment, options: { log: (line: string) => void }): Promise<string> => {
  const { log } = options;
  const s3 = await startLocalS3();
  const childEnv = { ...handlerEnv(bench.endpoint, bench.tables), DROP_BUCKET: dropBucketName, AWS_ENDPOINT_URL_S3: s3.endpoint, IMPORT_QUEUE_URL: 'local:' };
  Object.assign(process.env, childEnv);
  const { startLocalStack } = await import('../test/support/local-stack.ts');
  const { loadStreamConsumers } = await import('../local/consumers.ts');
  // The deployed consumers, each invocation timed: how long a batch takes under the import.
  const invocations: { name: string; records: number; ms: number; at: number }[] = [];
  const { InMemoryPublisher } = await import('../adapters/eventbridge/memory-publisher.ts');
  const consumers = (await loadStreamConsumers(new InMemoryPublisher(() => undefined))).map((consumer) => ({
    ...consumer,
    handler: async (...args: Parameters<typeof consumer.handler>) => {
      const t = performance.now();
      try {
        return await consumer.handler(...args);
      } finally {
        invocations.push({ name: consumer.name, records: args[0].Records.length, ms: performance.now() - t, at: t });
      }
    },
  }));
  const stack = await startLocalStack({ consumers });
  const s3Client = new S3Client(localS3ClientConfig(s3.endpoint));
  try {
    const store = new EventStore(bench.db, bench.tables.events);
    const lag = (tenant: string, until?: () => boolean) =>
      measureProjectionLag(bench.db, bench.tables, { n: idleN, warmup: 5, pollMs: until ? busyPollMs : 5, timeoutMs: 60_000, tenant, ...(until ? { until } : {}) });

    log(`(l) idle lag, ${idleN} tickets… load ${loadavg()[0]!.toFixed(2)}`);
    const idle = await lag(`bench-lag-idle-${Date.now().toString(36)}`);
    const idleLoad = loadavg()[0]!;

    const tenant = `bench-proj-import-${Date.now().toString(36)}`;
    const actor: Actor = { tenant, userId: 'olga', role: 'admin', groups: [] };
    const jobId = `bench-job-${Date.now().toString(36)}`;
    const job = await requestJob(
      store,
      actor,
      jobId,
      { type: 'RequestImport', data: { jobId, kind: 'companies', mode: 'create', options: { encoding: 'windows-1252' }, origin: 'upload', sourceKey: sourceKeyOf(tenant, 'companies', jobId) } },
      { now: () => new Date().toISOString(), newId: () => `bench-${Math.random().toString(36).slice(2)}` },
    );
    await s3Client.send(new PutObjectCommand({ Bucket: dropBucketName, Key: job.sourceKey, Body: companiesFile(rows), ContentType: 'text/csv' }));
    log(`(l) importing ${rows} companies in a child process while tickets are opened in another tenant…`);
    let importing = true;
    const loads: number[] = [];
    const sampler = setInterval(() => loads.push(loadavg()[0]!), 5_000);
    const started = performance.now();
    const importRun = runJob(childEnv, tenant, jobId).finally(() => (importing = false));
    const [busy, run] = await Promise.all([lag(`bench-lag-busy-${Date.now().toString(36)}`, () => !importing), importRun]);
    const importEnded = performance.now();
    if (process.env['BENCH_PROJ_TRACE']) {
      for (const name of ['projector', 'publisher']) {
        const mine = invocations.filter((i) => i.name === name && i.at >= started);
        const slow = mine.filter((i) => i.ms > 1_000);
        log(`(l) ${name}: ${mine.length} invocations, ${mine.reduce((n, i) => n + i.records, 0)} records; over 1 s: ${slow.map((i) => `${i.records} rec ${i.ms.toFixed(0)} ms at ${((i.at - started) / 1000).toFixed(0)} s`).join(', ')}`);
      }
    }
    await stack.poller.idle();
    const drainMs = performance.now() - importEnded;
    clearInterval(sampler);
    const done = await loadJob(store, tenant, jobId);
    const maxLoad = Math.max(...loads, 0);
    log(`(l) import ${fmtNum((performance.now() - started) / 1000, 0)} s, drained ${fmtNum(drainMs, 0)} ms after it`);
    return [
      `(l) projection lag commit -> open-tickets index of an unrelated tenant (index polled every 5 ms idle, ${busyPollMs} ms during the import; stream poller idle sleep 50 ms)`,
      '',
      '| while | tickets | p50 | p90 | p99 | max | not seen in 60 s |',
      '|---|---|---|---|---|---|---|',
      line(`idle (load average ${idleLoad.toFixed(2)})`, idle.lag, idle.timeouts),
      line(`a ${rows}-row companies import runs (${fmtNum(rows / (run.ms / 1000), 1)} rows/s; load average up to ${maxLoad.toFixed(2)})`, busy.lag, busy.timeouts),
      '',
      `Import job: ${done?.status}, created ${done?.counts.created}, rejected ${done?.counts.rejected}; the projector was idle ${fmtNum(drainMs, 0)} ms after the job ended.`,
    ].join('\n');
  } finally {
    s3Client.destroy();
    await stack.stop();
    await s3.stop();
  }
};
