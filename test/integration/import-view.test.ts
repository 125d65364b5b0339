import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { EventStore } from '../../adapters/dynamodb/event-store.ts';
import type { ImportJobCommand } from '../../domain/imports/import-job.ts';
import { importsOperations } from '../../functions/http/imports.ts';
import { runJobCommand } from '../../import/engine/job-store.ts';
import { sourceKeyOf } from '../../import/engine/start-job.ts';
import { actorIn, testDependencies, uniqueTenant } from '../support/dynamo.ts';

/**
 * `GET /v1/imports/{id}` while the worker commits: the job and the version it shows come from one read
 * of the stream. Here the worker completes the job right after the operation's first read of the
 * stream (the store is wrapped to let it in between): the view must not pair "completed" with the
 * version from before the completion.
 */
const now = () => '2026-05-04T10:00:00.000Z';

describe('GET /v1/imports/{id}', () => {
  it('never shows a completed job with the version before its completion', async () => {
    const base = testDependencies({ now });
    const tenant = uniqueTenant('view');
    const olga = actorIn(tenant, 'olga');
    const jobId = randomUUID();
    const run = (command: ImportJobCommand, newJob = false) => runJobCommand(base.eventStore, olga, jobId, command, { now, commandId: randomUUID(), correlationId: 'c', newJob });
    await run({ type: 'RequestImport', data: { jobId, kind: 'companies', mode: 'create', origin: 'upload', sourceKey: sourceKeyOf(tenant, 'companies', jobId) } }, true);
    await run({ type: 'StartValidation', data: { sizeBytes: 10 } });
    await run({ type: 'StartImport', data: { encoding: 'utf-8', encodingChoice: { by: 'utf-8', locale: null, of: null }, delimiter: ';', header: ['legalName'], rowsTotal: 0, dataStart: { line: 1, byteOffset: 0 } } });

    let completed = false;
    const completeOnce = async () => {
      if (completed) return;
      completed = true;
      await run({ type: 'CompleteImport' });
    };
    // The worker's commit lands right after the operation's first read of the job's stream, whichever read that is.
    const store = base.eventStore;
    const racing = new Proxy(store, {
      get(target, property, receiver) {
        if (property === 'load') {
          return async (...args: Parameters<EventStore['load']>) => {
            const loaded = await target.load(...args);
            await completeOnce();
            return loaded;
          };
        }
        if (property === 'pages') {
          return async function* (...args: Parameters<EventStore['pages']>) {
            for await (const page of target.pages(...args)) yield page;
            await completeOnce();
          };
        }
        const value = Reflect.get(target, property, receiver);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    const operations = importsOperations(() => ({ ...base, eventStore: racing }));
    const response = await operations.getImport({ actor: olga, params: { id: jobId }, query: undefined, body: undefined } as never);
    const view = JSON.parse(String(response.body)) as { status: string; version: number };
    const stream = await store.load(tenant, 'import', jobId);
    // Either the job before the completion at its version, or the completed job at the completion's version.
    expect([view.status, view.version]).toEqual(view.status === 'completed' ? ['completed', stream.version] : ['running', stream.version - 1]);
  });
});
