import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { EventStore } from '../../adapters/dynamodb/event-store.ts';
import type { DropBucket } from '../../adapters/s3/drop-bucket.ts';
import type { ImportJobCommand } from '../../domain/imports/import-job.ts';
import type { StoredEvent } from '../../events/envelope.ts';
import type { DirectoryGateway } from '../../import/engine/directory-gateway.ts';
import { createdRecords, ImportJobSession, importAggregate, loadJob, runJobCommand } from '../../import/engine/job-store.ts';
import { runImport, type ImportEngine } from '../../import/engine/run-import.ts';
import { sourceKeyOf } from '../../import/engine/start-job.ts';
import { actorIn, testDependencies, uniqueTenant } from '../support/dynamo.ts';

const { db, eventsTable, eventStore } = testDependencies();
const now = () => new Date().toISOString();

/** The event store, counting the events each page of a read returns. */
class CountingStore extends EventStore {
  readonly reads: number[] = [];
  override async *pages(...args: Parameters<EventStore['pages']>): AsyncGenerator<StoredEvent[]> {
    for await (const page of super.pages(...args)) {
      this.reads.push(page.length);
      yield page;
    }
  }
}

/**
 * A running job with `chunks` recorded chunks of 500 created ids each (40-character ids: 80 chunks
 * make a stream of about 1.7 MB, more than one 1 MB page of a DynamoDB query).
 */
const jobWithChunks = async (tenant: string, chunks: number) => {
  const olga = actorIn(tenant, 'olga');
  const jobId = randomUUID();
  const run = (command: ImportJobCommand, newJob = false) =>
    runJobCommand(eventStore, olga, jobId, command, { now, commandId: randomUUID(), correlationId: 'c', newJob });
  await run({ type: 'RequestImport', data: { jobId, kind: 'companies', mode: 'create', origin: 'upload', sourceKey: sourceKeyOf(tenant, 'companies', jobId) } }, true);
  await run({ type: 'StartValidation', data: { sizeBytes: 100 } });
  await run({ type: 'StartImport', data: { encoding: 'utf-8', encodingChoice: { by: 'utf-8', locale: null, of: null }, delimiter: ';', header: ['legalName'], rowsTotal: chunks * 500, dataStart: { line: 1, byteOffset: 0 } } });
  const session = await ImportJobSession.open(eventStore, tenant, jobId);
  const ids: string[] = [];
  for (let chunk = 0; chunk < chunks; chunk += 1) {
    const createdIds = Array.from({ length: 500 }, (_, row) => `company-${String(chunk).padStart(4, '0')}-${String(row).padStart(4, '0')}-${'x'.repeat(17)}`);
    ids.push(...createdIds);
    const from = { line: 1 + chunk * 500, byteOffset: chunk * 50_000 };
    const next = { line: from.line + 500, byteOffset: from.byteOffset + 50_000 };
    const progress = { from, next, processed: 500, created: 500, updated: 0, unchanged: 0, rejected: 0, createdIds, errorsKey: null };
    await session.run(olga, { type: 'RecordProgress', data: progress }, { now, commandId: randomUUID(), correlationId: 'c' });
  }
  return { olga, jobId, ids };
};

describe('an import job as its worker holds it', () => {
  it('reads the stream once; each later checkpoint reads only what was appended since', async () => {
    const tenant = uniqueTenant('session');
    const { olga, jobId } = await jobWithChunks(tenant, 80);
    const store = new CountingStore(db, eventsTable);
    const { reads } = store;
    const session = await ImportJobSession.open(store, tenant, jobId);
    // 3 job events and 80 chunks, in more than one page.
    expect(reads.length).toBeGreaterThan(1);
    expect(reads.reduce((a, b) => a + b, 0)).toBe(83);
    expect(session.job).toMatchObject({ status: 'running', chunks: 80, counts: { processed: 40_000, created: 40_000 } });

    reads.length = 0;
    const from = session.job!.checkpoint!;
    const next = { line: from.line + 2, byteOffset: from.byteOffset + 200 };
    const context = { now, commandId: randomUUID(), correlationId: 'c' };
    const job = await session.run(olga, { type: 'RecordProgress', data: { from, next, processed: 2, created: 1, updated: 0, unchanged: 0, rejected: 1, createdIds: ['last'], errorsKey: null } }, context);
    expect(reads).toEqual([0]);
    expect(job).toMatchObject({ chunks: 81, checkpoint: next, counts: { processed: 40_002, created: 40_001, rejected: 1 } });
    expect(await loadJob(eventStore, tenant, jobId)).toEqual(job);
  });

  it('decides on what another writer appended meanwhile: a cancel is seen at the next checkpoint', async () => {
    const tenant = uniqueTenant('session');
    const { olga, jobId } = await jobWithChunks(tenant, 1);
    const session = await ImportJobSession.open(eventStore, tenant, jobId);
    await runJobCommand(eventStore, olga, jobId, { type: 'CancelImport' }, { now, commandId: randomUUID(), correlationId: 'c' });
    await runJobCommand(eventStore, olga, jobId, { type: 'RequestRevert' }, { now, commandId: randomUUID(), correlationId: 'c' });
    const from = session.job!.checkpoint!;
    const progress: ImportJobCommand = {
      type: 'RecordProgress',
      data: { from, next: { line: from.line + 1, byteOffset: from.byteOffset + 10 }, processed: 1, created: 1, updated: 0, unchanged: 0, rejected: 0, createdIds: ['late'], errorsKey: null },
    };
    // Decided on the stale state (running), the checkpoint would be recorded; on the caught-up one it is refused.
    await expect(session.run(olga, progress, { now, commandId: randomUUID(), correlationId: 'c' })).rejects.toMatchObject({ kind: 'conflict' });
    expect(session.job).toMatchObject({ status: 'cancelled', revertRequested: true, chunks: 1 });
  });

  it('lists the created records a page at a time, in the order they were created', async () => {
    const tenant = uniqueTenant('session');
    const { jobId, ids } = await jobWithChunks(tenant, 80);
    const listed: string[] = [];
    for await (const id of createdRecords(eventStore, tenant, jobId)) listed.push(id);
    expect(listed).toEqual(ids);
  });
});

describe('reverting a large import', () => {
  const engine = (removed: string[], sent: unknown[], remainingMs: number): ImportEngine => ({
    store: eventStore,
    bucket: {} as DropBucket,
    queue: { send: async (message) => void sent.push(message) },
    directory: { remove: async (_actor: unknown, _kind: unknown, id: string) => void removed.push(id) } as unknown as DirectoryGateway,
    settings: { catalogue: () => Promise.reject(new Error('a revert reads no catalogue')), customFields: async () => [] },
    now,
    newId: randomUUID,
    chunkRows: 500,
    maxFileBytes: 1_000_000,
    remainingMs: () => remainingMs,
    reserveMs: 1_000,
  });

  it('continues in a new message when time runs low, then removes every record the job created', async () => {
    const tenant = uniqueTenant('revert');
    const { olga, jobId, ids } = await jobWithChunks(tenant, 3);
    await runJobCommand(eventStore, olga, jobId, { type: 'CancelImport' }, { now, commandId: randomUUID(), correlationId: 'c' });
    await runJobCommand(eventStore, olga, jobId, { type: 'RequestRevert' }, { now, commandId: randomUUID(), correlationId: 'c' });

    const first: string[] = [];
    const sent: unknown[] = [];
    expect(await runImport(engine(first, sent, 0), { tenant, jobId })).toBe('continued');
    expect(first).toEqual(ids.slice(0, 500));
    expect(sent).toEqual([{ tenant, jobId }]);

    // The next message removes them all again (a removed record counts as done) and completes.
    const second: string[] = [];
    expect(await runImport(engine(second, sent, 60_000), { tenant, jobId })).toBe('reverted');
    expect(second).toEqual(ids);
    const { events } = await eventStore.load(tenant, importAggregate, jobId);
    expect(events.at(-1)).toMatchObject({ type: 'ImportReverted', data: { removed: 1_500 } });
  });
});
