import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { DropBucket } from '../../adapters/s3/drop-bucket.ts';
import type { DirectoryGateway } from '../../import/engine/directory-gateway.ts';
import { loadJob, runJobCommand } from '../../import/engine/job-store.ts';
import { runImport, type ImportEngine } from '../../import/engine/run-import.ts';
import { sourceKeyOf } from '../../import/engine/start-job.ts';
import { actorIn, testDependencies, uniqueTenant } from '../support/dynamo.ts';

/**
 * How the worker runs a job, on DynamoDB Local with the file and the directory as stubs: one run at a
 * time (the lease, its continuation), and progress a client can watch — a chunk is checkpointed after
 * `checkpointMs` of the job's clock even when it has far fewer than `chunkRows` rows (a slow
 * directory: every row takes a second of the job's clock).
 */
const { eventStore } = testDependencies();

const fileOf = (text: string): Pick<DropBucket, 'size' | 'metadata' | 'read' | 'put'> => {
  const bytes = new TextEncoder().encode(text);
  return {
    size: async () => bytes.length,
    metadata: async () => ({}),
    put: async () => undefined,
    read: (_key: string, offset: number) => {
      const iterable = (async function* () {
        yield bytes.subarray(offset);
      })();
      return Object.assign(iterable, { cancel: async () => undefined });
    },
  };
};

const requested = async (tenant: string, now: () => string) => {
  const jobId = randomUUID();
  await runJobCommand(
    eventStore,
    actorIn(tenant, 'olga'),
    jobId,
    { type: 'RequestImport', data: { jobId, kind: 'companies', mode: 'create', origin: 'upload', sourceKey: sourceKeyOf(tenant, 'companies', jobId) } },
    { now, commandId: randomUUID(), correlationId: 'c', newJob: true },
  );
  return jobId;
};

describe('one run per job', () => {
  it('a run out of time continues in a message carrying its run id; any other message for the job meanwhile is dropped', async () => {
    const tenant = uniqueTenant('lease');
    const now = () => '2026-05-04T10:00:00.000Z';
    const jobId = await requested(tenant, now);
    const sent: { tenant: string; jobId: string; runId?: string }[] = [];
    const created: string[] = [];
    const engine = (remainingMs: number): ImportEngine => ({
      store: eventStore,
      bucket: fileOf('legalName\nUno\nDue\nTre\nQuattro\n') as DropBucket,
      queue: { send: async (message) => void sent.push(message as (typeof sent)[number]) },
      directory: {
        create: async () => {
          const id = randomUUID();
          created.push(id);
          return { outcome: 'created', id };
        },
      } as unknown as DirectoryGateway,
      settings: { customFields: async () => [] } as unknown as ImportEngine['settings'],
      now,
      newId: randomUUID,
      chunkRows: 2,
      maxFileBytes: 1_000_000,
      remainingMs: () => remainingMs,
      reserveMs: 60_000,
    });
    // Little time left: one chunk, then a continuation that carries the run's id.
    expect(await runImport(engine(30_000), { tenant, jobId })).toBe('continued');
    expect(sent).toEqual([{ tenant, jobId, runId: expect.any(String) }]);
    // A duplicate (the S3 notification, a redelivery) finds the job held by that run, and does nothing.
    expect(await runImport(engine(600_000), { tenant, jobId })).toBe('held');
    expect(created).toHaveLength(2);
    // The continuation renews the run's lease and finishes the job.
    expect(await runImport(engine(600_000), sent[0]!)).toBe('completed');
    expect(await loadJob(eventStore, tenant, jobId)).toMatchObject({ status: 'completed', counts: { processed: 4, created: 4 }, run: { id: sent[0]!.runId } });
    expect(created).toHaveLength(4);
  });
});

describe('import progress', () => {
  it('moves every few seconds of a slow import, not only every chunk of rows', async () => {
    const tenant = uniqueTenant('progress');
    const olga = actorIn(tenant, 'olga');
    const jobId = randomUUID();
    const start = Date.parse('2026-05-04T10:00:00.000Z');
    let clock = start;
    const now = () => new Date(clock).toISOString();
    await runJobCommand(
      eventStore,
      olga,
      jobId,
      { type: 'RequestImport', data: { jobId, kind: 'companies', mode: 'create', origin: 'upload', sourceKey: sourceKeyOf(tenant, 'companies', jobId) } },
      { now, commandId: randomUUID(), correlationId: 'c', newJob: true },
    );
    const rows = Array.from({ length: 10 }, (_, i) => `Lenta ${i + 1}`);
    const checkpoints: number[] = [];
    const engine: ImportEngine = {
      store: eventStore,
      bucket: fileOf(`legalName\n${rows.join('\n')}\n`) as DropBucket,
      queue: { send: async () => undefined },
      directory: {
        create: async () => {
          clock += 1_000;
          return { outcome: 'created', id: randomUUID() };
        },
      } as unknown as DirectoryGateway,
      settings: { catalogue: async () => ({ values: [] }), customFields: async () => [] } as unknown as ImportEngine['settings'],
      now,
      newId: randomUUID,
      chunkRows: 500,
      checkpointMs: 3_000,
      maxFileBytes: 1_000_000,
      remainingMs: () => 600_000,
      reserveMs: 0,
      afterRow: async () => {
        const job = await loadJob(eventStore, tenant, jobId);
        checkpoints.push(job!.counts.processed);
      },
    };
    expect(await runImport(engine, { tenant, jobId })).toBe('completed');
    const job = await loadJob(eventStore, tenant, jobId);
    expect(job).toMatchObject({ status: 'completed', counts: { processed: 10, created: 10 }, chunks: 4 });
    // What GET /v1/imports/{id} showed while the rows went: 3 rows at a time (3 s of the job's clock), not 0 until the end.
    expect(checkpoints).toEqual([0, 0, 0, 3, 3, 3, 6, 6, 6, 9]);
  });
});
