import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { LocalJobQueue } from '../../adapters/queue/job-queue.ts';
import type { DropBucket } from '../../adapters/s3/drop-bucket.ts';
import { createImportMessageHandler } from '../../functions/queue/import-worker.ts';
import type { DirectoryGateway } from '../../import/engine/directory-gateway.ts';
import { loadJob } from '../../import/engine/job-store.ts';
import { testDependencies, uniqueTenant } from '../support/dynamo.ts';

/**
 * Per-tenant fairness of the import queue (contract/job-limits.ts), on DynamoDB Local with the local
 * queue as the AWS one behaves: one worker (a reserved concurrency of 1, so waiting is visible), each
 * message a slice of the job. Tenant A drops a large file, tenant B a small one just after: B's import
 * finishes while A's still runs, because A's job yields after every slice and its continuation queues
 * behind B's message. With slices as long as the invocation, B waits for the whole of A's import.
 * Every row takes a second of the worker's clock (the directory stub advances it), so slices are
 * counted in rows, not in wall-clock time.
 */
const dependencies = testDependencies();
const now = () => '2026-05-04T10:00:00.000Z';

const fileOf = (text: string) => {
  const bytes = new TextEncoder().encode(text);
  return {
    size: async () => bytes.length,
    metadata: async () => ({}),
    put: async () => undefined,
    read: (_key: string, offset: number) =>
      Object.assign(
        (async function* () {
          yield bytes.subarray(offset);
        })(),
        { cancel: async () => undefined },
      ),
  };
};

const rows = (count: number, prefix: string) => `legalName\n${Array.from({ length: count }, (_, i) => `${prefix} ${i + 1}`).join('\n')}\n`;

const notification = (key: string) => JSON.stringify({ Records: [{ eventName: 'ObjectCreated:Put', s3: { object: { key, sequencer: randomUUID().replace(/-/g, '') } } }] });

/** Runs A's 120-row drop and B's 3-row drop, queued in that order, through one worker; the tenants of the rows in the order they were imported. */
const race = async (sliceMs: number) => {
  const [a, b] = [uniqueTenant('fair-a'), uniqueTenant('fair-b')];
  const files = new Map([
    [`${a}/imports/companies/big.csv`, fileOf(rows(120, 'Alfa'))],
    [`${b}/imports/companies/small.csv`, fileOf(rows(3, 'Beta'))],
  ]);
  const bucket = {
    size: (key: string) => files.get(key)!.size(),
    metadata: (key: string) => files.get(key)!.metadata(),
    put: async () => undefined,
    read: (key: string, offset: number) => files.get(key)!.read(key, offset),
  } as unknown as DropBucket;
  let clockMs = 0;
  const imported: string[] = [];
  const queue = new LocalJobQueue();
  const handle = createImportMessageHandler({
    dependencies: () => ({ ...dependencies, now }),
    sliceMs,
    engine: {
      bucket,
      queue,
      chunkRows: 5,
      directory: {
        create: async (actor: { tenant: string }) => {
          clockMs += 1_000;
          imported.push(actor.tenant);
          return { outcome: 'created', id: randomUUID() };
        },
      } as unknown as DirectoryGateway,
    },
  });
  const messages: string[] = [];
  queue.consume(
    (body) => {
      messages.push(body);
      const started = clockMs;
      return handle(body, () => 900_000 - (clockMs - started));
    },
    { concurrency: 1 },
  );
  // As S3 sends them: no message group. The worker turns each into its tenant's job message.
  for (const key of files.keys()) queue.sendRaw(notification(key));
  await queue.drain();
  expect(queue.deadLetters).toEqual([]);
  return { a, b, imported, messages };
};

describe('one tenant\'s large import does not hold back another tenant\'s', () => {
  it("with slices, B's small import finishes while A's large one is still running", async () => {
    const { a, b, imported, messages } = await race(20_000);
    expect(imported.filter((tenant) => tenant === a)).toHaveLength(120);
    expect(imported.filter((tenant) => tenant === b)).toHaveLength(3);
    const lastOfB = imported.lastIndexOf(b);
    // B was done after A's first slice (20 s of rows, to the first checkpoint past it: 25 rows): A had most of its file still to go.
    expect(imported.slice(0, lastOfB).filter((tenant) => tenant === a).length).toBe(25);
    expect(imported.slice(lastOfB).filter((tenant) => tenant === a)).toHaveLength(95);
    // A's import ran in slices: its continuations carry the run's id (its lease), and all of them completed the job.
    const continuations = messages.map((body) => JSON.parse(body) as { tenant?: string; runId?: string }).filter((m) => m.tenant === a && m.runId);
    expect(continuations).toHaveLength(4); // five slices of at most 25 rows
    for (const tenant of [a, b]) {
      const jobs = messages.map((body) => JSON.parse(body) as { tenant?: string; jobId?: string }).filter((m) => m.tenant === tenant);
      expect(await loadJob(dependencies.eventStore, tenant, jobs[0]!.jobId!)).toMatchObject({ status: 'completed' });
    }
  });

  it('without slices (a message may use the whole invocation), B waits for all of A\'s import', async () => {
    const { a, b, imported } = await race(15 * 60 * 1000);
    expect(imported.indexOf(b)).toBe(imported.lastIndexOf(a) + 1);
  });
});
