import { describe, expect, it } from 'vitest';
import { failure } from '../../support/memory-dependencies.ts';
import { MemoryEventStore } from '../../../adapters/memory/memory-event-store.ts';
import { importService } from '../../../application/imports/import-service.ts';
import type { ApplicationDependencies } from '../../../application/ports/application-dependencies.ts';
import type { JobFiles, JobMessage } from '../../../application/ports/jobs.ts';
import { idempotencyFor, type CommandContext } from '../../../application/shared/command-context.ts';
import type { Actor } from '../../../domain/shared/actor.ts';

/** The import commands on the in-memory event store, with a bucket and a queue in memory: no HTTP. */
const at = '2026-03-02T09:00:00.000Z';
const olga: Actor = { tenant: 't1', userId: 'olga', role: 'standard', groups: [] };
const piero: Actor = { tenant: 't1', userId: 'piero', role: 'standard', groups: [] };
const context = (actor: Actor): CommandContext => ({ actor, correlationId: 'c1' });
const settings = { kind: 'companies', mode: 'create' } as const;

const given = () => {
  let ids = 0;
  const files = new Map<string, string>();
  const queued: JobMessage[] = [];
  const dependencies = { eventStore: new MemoryEventStore(), now: () => at, newId: () => `id-${++ids}` } as unknown as ApplicationDependencies;
  const bucket: JobFiles = {
    size: async (key) => (files.has(key) ? files.get(key)!.length : null),
    put: async (key, body) => void files.set(key, String(body)),
    uploadUrl: async (key, seconds) => `https://bucket.test/${key}?expires=${seconds}`,
  };
  const imports = importService(() => dependencies, { files: () => bucket, queue: () => ({ send: async (message) => void queued.push(message) }) });
  return { imports, files, queued, eventStore: dependencies.eventStore };
};

describe('import service (in-memory event store)', () => {
  it('when an upload is requested, then the result is the new job with its signed link, valid 15 minutes', async () => {
    const { imports } = given();
    const { result } = await imports.requestImport(context(olga), settings);
    expect(result).toEqual({
      id: 'id-1',
      version: 1,
      created: true,
      record: { id: 'id-1', uploadUrl: 'https://bucket.test/t1/imports/companies/id-1.csv?expires=900', expiresAt: '2026-03-02T09:15:00.000Z' },
    });
  });

  it('when a paste is retried under its key, then the first job is the result and nothing is written or queued again', async () => {
    const { imports, files, queued } = given();
    const key = { idempotency: idempotencyFor(olga, 'k1', 'paste') };
    const first = await imports.pasteImport(context(olga), settings, 'name\nAcme\n', key);
    expect(first.result).toMatchObject({ id: 'id-1', created: true, record: { status: 'uploaded', origin: 'paste' } });
    const again = await imports.pasteImport(context(olga), settings, 'name\nAcme\n', key);
    expect(again).toEqual({ result: first.result, replayed: true });
    expect([...files.keys()]).toEqual(['t1/imports/companies/id-1.csv']);
    expect(queued).toEqual([{ tenant: 't1', jobId: 'id-1' }]);
  });

  it('given a key kept in the earlier format (a rendered response), when the paste is retried, then it is replayed as kept and nothing is written or queued', async () => {
    const { imports, files, queued, eventStore } = given();
    const key = idempotencyFor(olga, 'k1', 'paste');
    const legacyHttpResponse = { statusCode: 202, headers: { location: '/v1/imports/old' }, body: '{"id":"old"}' };
    await eventStore.commit({ tenant: 't1', at, meta: { actor: 'olga', commandId: 'c0', correlationId: 'c0' }, streams: [], idempotency: { ...key, result: { legacyHttpResponse } } });
    expect(await imports.pasteImport(context(olga), settings, 'name\nAcme\n', { idempotency: key })).toEqual({ result: { legacyHttpResponse }, replayed: true });
    expect(files.size).toBe(0);
    expect(queued).toEqual([]);
  });

  it('when another standard user cancels a job, or a job does not exist, then it is not found', async () => {
    const { imports } = given();
    const { result } = await imports.requestImport(context(olga), settings);
    for (const error of [await failure(imports.cancelImport(context(piero), result.id)), await failure(imports.revertImport(context(olga), 'missing'))]) {
      expect(error).toMatchObject({ kind: 'not_found' });
    }
  });
});
