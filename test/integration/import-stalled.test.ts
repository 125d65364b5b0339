import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { DropBucket } from '../../adapters/s3/drop-bucket.ts';
import type { ImportJobCommand } from '../../domain/imports/import-job.ts';
import type { DirectoryGateway } from '../../import/engine/directory-gateway.ts';
import { loadJob, runJobCommand } from '../../import/engine/job-store.ts';
import { runImport, type ImportEngine } from '../../import/engine/run-import.ts';
import { sourceKeyOf } from '../../import/engine/start-job.ts';
import { actorIn, testDependencies, uniqueTenant } from '../support/dynamo.ts';

const { eventStore } = testDependencies();
const hours = (n: number) => n * 3_600_000;

/** A job left running (its last checkpoint at `lastMoved`), as a crashed worker leaves it. */
const runningJob = async (tenant: string, lastMoved: string) => {
  const olga = actorIn(tenant, 'olga');
  const jobId = randomUUID();
  const run = (command: ImportJobCommand, newJob = false) =>
    runJobCommand(eventStore, olga, jobId, command, { now: () => lastMoved, commandId: randomUUID(), correlationId: 'c', newJob });
  await run(
    { type: 'RequestImport', data: { jobId, kind: 'companies', mode: 'create', origin: 'upload', sourceKey: sourceKeyOf(tenant, 'companies', jobId) } },
    true,
  );
  await run({ type: 'StartValidation', data: { sizeBytes: 100 } });
  await run({ type: 'StartImport', data: { encoding: 'utf-8', encodingChoice: { by: 'utf-8', locale: null, of: null }, delimiter: ';', header: ['legalName'], rowsTotal: 10, dataStart: { line: 1, byteOffset: 0 } } });
  return jobId;
};

/** An engine whose file and directory must not be touched: only the job's own commands may run. */
const engineAt = (now: string, reads: string[]): ImportEngine => {
  const untouched = (what: string) => () => {
    reads.push(what);
    throw new Error(`${what} must not be used`);
  };
  return {
    store: eventStore,
    bucket: { size: untouched('size'), read: untouched('read'), put: untouched('put'), text: untouched('text'), uploadUrl: untouched('uploadUrl') } as unknown as DropBucket,
    queue: { send: untouched('queue') },
    directory: {} as DirectoryGateway,
    // A tenant without custom fields: reading the settings is not touching the file.
    settings: { catalogue: untouched('catalogue'), customFields: async () => [] },
    now: () => now,
    newId: randomUUID,
    chunkRows: 500,
    maxFileBytes: 1_000_000,
    remainingMs: () => hours(1),
    reserveMs: 0,
  };
};

describe('a running import left standing longer than its rows are remembered', () => {
  it('fails with the line to import again from, and reads nothing of the file', async () => {
    const tenant = uniqueTenant('stall');
    const jobId = await runningJob(tenant, '2026-11-20T08:00:00.000Z');
    const reads: string[] = [];
    // 24 h of idempotency records, less an hour of margin: 23 h 1 min later is too late.
    const outcome = await runImport(engineAt('2026-11-21T07:01:00.000Z', reads), { tenant, jobId });
    expect(outcome).toBe('failed');
    expect(reads).toEqual([]);
    const job = await loadJob(eventStore, tenant, jobId);
    expect(job).toMatchObject({ status: 'failed', failure: { code: 'stalled' } });
    expect(job?.failure?.reason).toContain('from line 1');
  });

  it('goes on within the window', async () => {
    const tenant = uniqueTenant('stall');
    const jobId = await runningJob(tenant, '2026-11-20T08:00:00.000Z');
    const reads: string[] = [];
    // 22 h later the job carries on: it reads its file (here refused by the stub, so the run throws).
    await expect(runImport(engineAt('2026-11-21T06:00:00.000Z', reads), { tenant, jobId })).rejects.toThrow('read must not be used');
    expect(reads).toEqual(['read']);
    expect(await loadJob(eventStore, tenant, jobId)).toMatchObject({ status: 'running' });
  });
});
