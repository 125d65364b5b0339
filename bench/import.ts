/**
 * `npm run bench:import`: the CSV import job over generated Italian-style companies files (Windows-1252,
 * `;`, a quoted two-line address per row, a unique VAT number each) of 10k and 100k rows
 * (BENCH_IMPORT_SIZES, comma-separated), on DynamoDB Local and the S3 emulator.
 *
 * For each size: the file is uploaded to the drop bucket, a job is requested, and the job runs in a
 * child process through the import worker's own message handler (bench/import-job-run.ts) — rows/s
 * over the whole job (validation pass included) and the child's peak RSS. Then, in the same run and
 * on the same DynamoDB Local, the raw rate of the transactional writes such a job makes: the commits of
 * a first job of BENCH_IMPORT_RAW (default 2,000) rows — each its `CompanyRegistered` event, the
 * company-code sequence advance, the VAT claim and the row's idempotency record, as ONE
 * TransactWriteItems through the event store — replayed one after another into a fresh tenant, with
 * nothing read or decided in between, just before and just after each measured job. Targets: import rate ≥ 60% of the raw rate; peak RSS ≤ 300 MB
 * and flat from 10k to 100k rows.
 */
import { spawn } from 'node:child_process';
import { createWriteStream, mkdtempSync, rmSync, statSync, createReadStream } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { loadavg } from 'node:os';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import iconv from 'iconv-lite';
import { EventStore, type Commit } from '../adapters/dynamodb/event-store.ts';
import { functions, nodeOptionsOf } from '../contract/functions.ts';
import { companyDecider, companyUniqueKeys, type CompanyState } from '../domain/directory/company.ts';
import type { Actor } from '../domain/shared/actor.ts';
import { requestJob, sourceKeyOf } from '../import/engine/start-job.ts';
import { createdRecords, loadJob } from '../import/engine/job-store.ts';
import { rowIdempotencyKey } from '../import/engine/directory-gateway.ts';
import { dropBucketName, localS3ClientConfig, startLocalS3 } from '../local/s3.ts';
import { recorded } from '../application/shared/recorded.ts';
import { handlerEnv, startBenchEnvironment } from './environment.ts';
import { fmtNum } from './stats.ts';

const sizes = (process.env['BENCH_IMPORT_SIZES'] ?? '10000,100000').split(',').map(Number);
const rawCount = Number(process.env['BENCH_IMPORT_RAW'] ?? 2_000);

const header = 'Ragione sociale;Partita IVA;Indirizzo;CAP;Città;Provincia;Telefono;Email;Etichette\r\n';
/** Row `i` of every file: a unique, well-formed Italian VAT number (11 digits) and a Milan landline. */
const rowAt = (i: number) => {
  const vat = String(10_000_000_000 + i * 37).slice(-11);
  return `Società Ferrè ${i} S.r.l.;IT${vat};"Via Garibaldi ${i}\r\nScala ${i % 9}";20121;Milano;MI;02 ${String(1_000_000 + i)};info${i}@ferre${i}.example;"vip;nord"\r\n`;
};

/** Writes the file in 64 KiB pieces (never the whole file in memory), Windows-1252 like an Italian ERP export. */
const writeFile = async (path: string, rows: number) => {
  const out = createWriteStream(path);
  let pending = header;
  for (let i = 1; i <= rows; i += 1) {
    pending += rowAt(i);
    if (pending.length >= 64 * 1024) {
      if (!out.write(iconv.encode(pending, 'windows-1252'))) await once(out, 'drain');
      pending = '';
    }
  }
  out.end(iconv.encode(pending, 'windows-1252'));
  await once(out, 'finish');
};

/** The worker's own Node options (its heap limit) as deployed, plus BENCH_IMPORT_NODE_ARGS (e.g. `--cpu-prof`). */
const nodeArgs = [
  ...nodeOptionsOf(functions.importWorker).split(' ').filter((o) => o !== '--enable-source-maps'),
  ...(process.env['BENCH_IMPORT_NODE_ARGS'] ?? '').split(' ').filter(Boolean),
];

const childRun = (env: Record<string, string>, tenant: string, jobId: string) =>
  new Promise<{ ms: number; gcMs: number; maxRssMb: number }>((resolve, reject) => {
    const child = spawn(process.execPath, [...nodeArgs, 'bench/import-job-run.ts', tenant, jobId], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) => {
      const last = out.trim().split('\n').at(-1) ?? '';
      if (code !== 0) reject(new Error(`the job's process exited with ${code}: ${out}`));
      else resolve(JSON.parse(last) as { ms: number; gcMs: number; maxRssMb: number });
    });
  });

const main = async () => {
  const env = await startBenchEnvironment();
  const s3 = await startLocalS3();
  const dir = mkdtempSync(join(tmpdir(), 'cronaca-bench-import-'));
  try {
    // The queue is never used: the job runs in one go (import-job-run.ts refuses a continuation).
    const childEnv = { ...handlerEnv(env.endpoint, env.tables), DROP_BUCKET: dropBucketName, AWS_ENDPOINT_URL_S3: s3.endpoint, IMPORT_QUEUE_URL: 'local:' };
    Object.assign(process.env, childEnv);
    const s3Client = new S3Client(localS3ClientConfig(s3.endpoint));
    const store = new EventStore(env.db, env.tables.events);
    const now = () => new Date().toISOString();
    let ids = 0;
    const newId = () => `bench-${process.pid}-${(ids += 1)}-${Date.now()}`;
    const results: { rows: number; rowsPerSecond: number; gcShare: number; maxRssMb: number; created: number; rejected: number; rawBefore: number; rawAfter: number; load: string }[] = [];

    /** Uploads a generated file of `rows` companies and runs its job in a child process. */
    const importFile = async (tenant: string, rows: number) => {
      const actor: Actor = { tenant, userId: 'olga', role: 'admin', groups: [] };
      const file = join(dir, `companies-${rows}.csv`);
      await writeFile(file, rows);
      const size = statSync(file).size;
      const jobId = newId();
      const job = await requestJob(store, actor, jobId, {
        type: 'RequestImport',
        data: { jobId, kind: 'companies', mode: 'create', options: { encoding: 'windows-1252' }, origin: 'upload', sourceKey: sourceKeyOf(tenant, 'companies', jobId) },
      }, { now, newId });
      await s3Client.send(new PutObjectCommand({ Bucket: dropBucketName, Key: job.sourceKey, Body: createReadStream(file), ContentLength: size, ContentType: 'text/csv' }));
      console.log(`[bench] ${fmtNum(rows, 0)} rows (${fmtNum(size / 1024 / 1024, 1)} MB): importing…`);
      const run = await childRun(childEnv, tenant, jobId);
      rmSync(file);
      const done = await loadJob(store, tenant, jobId);
      if (done?.status !== 'completed') throw new Error(`job ${jobId} ended ${done?.status}: ${JSON.stringify(done?.failure)}`);
      return { run, done, jobId };
    };

    // The commits a job makes, taken from a first, small job (read back outside any timing): each
    // row's event, sequence step, VAT claim and idempotency record. Every row is two physical lines
    // (the quoted two-line address), so row i starts on line 2 + 2i.
    const source = await importFile('bench-import-commits', rawCount);
    const commits: Omit<Commit, 'tenant'>[] = [];
    let index = -1;
    for await (const id of createdRecords(store, 'bench-import-commits', source.jobId)) {
      index += 1;
      const { events } = await store.load('bench-import-commits', 'company', id);
      const state = events.reduce<CompanyState>((s, e) => companyDecider.evolve(s, recorded(e)), null);
      const stored = await store.readIdempotency('bench-import-commits', `olga:${rowIdempotencyKey(source.jobId, 2 + 2 * index)}`, now());
      if (!stored) throw new Error(`no idempotency record for row ${index}`);
      commits.push({
        at: now(),
        meta: { actor: 'olga', commandId: newId(), correlationId: newId() },
        streams: [{ aggregateType: 'company', aggregateId: id, expectedVersion: 0, events: events.map((e) => ({ type: e.type, data: e.data })) }],
        sequences: [{ name: 'company', from: index, to: index + 1 }],
        claims: companyUniqueKeys(state).map((k) => ({ ...k, owner: id })),
        idempotency: { key: stored.key, requestHash: stored.requestHash, result: stored.result },
      });
    }
    /** The raw rate: those commits replayed one after another into a fresh tenant, nothing read or decided. */
    const rawRate = async (tenant: string) => {
      const started = performance.now();
      for (const commit of commits) await store.commit({ ...commit, tenant });
      return commits.length / ((performance.now() - started) / 1000);
    };

    // Raw commits just before and just after each job: the machine's load moves, so the job is
    // compared with the mean of the two.
    let rawBefore = await rawRate('bench-import-raw-0');
    for (const rows of sizes) {
      const { run, done } = await importFile(`bench-import-${rows}`, rows);
      const load = loadavg().map((l) => l.toFixed(2)).join(' ');
      const rawAfter = await rawRate(`bench-import-raw-${rows}`);
      const rowsPerSecond = rows / (run.ms / 1000);
      results.push({ rows, rowsPerSecond, gcShare: run.gcMs / run.ms, maxRssMb: run.maxRssMb, created: done.counts.created, rejected: done.counts.rejected, rawBefore, rawAfter, load });
      console.log(
        `[bench] ${fmtNum(rows, 0)} rows: job ${fmtNum(run.ms / 1000, 1)} s = ${fmtNum(rowsPerSecond, 1)} rows/s (created ${done.counts.created}, rejected ${done.counts.rejected}), ` +
          `${fmtNum((run.gcMs / run.ms) * 100, 1)}% of it in GC, ` +
          `peak RSS ${fmtNum(run.maxRssMb, 1)} MB; raw commits ${fmtNum(rawBefore, 1)}/s before, ${fmtNum(rawAfter, 1)}/s after (${commits.length} each); load average ${load}`,
      );
      rawBefore = rawAfter;
    }
    console.log('\n| rows | import rows/s | raw commits/s (before / after) | import ÷ raw (mean) | time in GC | peak RSS of the job | created | rejected | load average after the job |\n|---|---|---|---|---|---|---|---|---|');
    for (const r of results) {
      const raw = (r.rawBefore + r.rawAfter) / 2;
      console.log(
        `| ${fmtNum(r.rows, 0)} | ${fmtNum(r.rowsPerSecond, 1)} | ${fmtNum(r.rawBefore, 1)} / ${fmtNum(r.rawAfter, 1)} | ${fmtNum((r.rowsPerSecond / raw) * 100, 0)}% | ${fmtNum(r.gcShare * 100, 1)}% | ${fmtNum(r.maxRssMb, 1)} MB | ${r.created} | ${r.rejected} | ${r.load} |`,
      );
    }
    const [first, last] = [results[0], results.at(-1)];
    if (first && last && first !== last) {
      console.log(`\nTargets: import ≥ 60% of the raw rate; peak RSS ≤ 300 MB and flat (${fmtNum(last.maxRssMb / first.maxRssMb, 2)}× from ${fmtNum(first.rows, 0)} to ${fmtNum(last.rows, 0)} rows).`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await s3.stop();
    await env.stop();
  }
};

await main();
