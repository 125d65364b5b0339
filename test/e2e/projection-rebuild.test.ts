import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReadModelStore } from '../../adapters/dynamodb/read-model-store.ts';
import { localRebuildQueue, type RebuildQueue } from '../../adapters/queue/rebuild-queue.ts';
import type { RebuildWorkerOptions } from '../../functions/queue/rebuild-projections.ts';
import type { RebuildEngine } from '../../application/administration/rebuild-job.ts';
import { startLocalRebuilds } from '../../local/rebuilds.ts';
import { created, tenantWith } from '../support/directory-fixtures.ts';
import { testDependencies } from '../support/dynamo.ts';
import { apiClient, eventually, expectProblem } from '../support/http-client.ts';
import { startLocalStack, type LocalStack } from '../support/local-stack.ts';

/**
 * `POST /v1/admin/projections/rebuild` as a job over HTTP (it answered 500 on a large table when it
 * rebuilt within the request): 202 + Location, then `GET …/{id}` until it completed; the read models
 * of the tenant — wiped and given an orphan — are whole again. The worker is the real one, in process
 * (as in `npm start`), with budgets and faults injected per test.
 */
let stack: LocalStack;
let api: ReturnType<typeof apiClient>;
/** Worker settings read at every message: each test sets what it needs. */
const engine: { -readonly [K in keyof RebuildEngine]?: RebuildEngine[K] } = {};
/** Tenant whose read-model writes fail (an outage of the read-models table). */
let failing: string | undefined;

const faulty = (store: ReadModelStore): ReadModelStore =>
  new Proxy(store, {
    get(target, property) {
      const value = Reflect.get(target, property, target) as unknown;
      if (property === 'putUnlessNewer' || property === 'put') {
        return async (item: { pk: string }) => {
          if (failing && item.pk.startsWith(`${failing}#`)) throw new Error('simulated read-model outage');
          return (value as (item: unknown) => Promise<unknown>).call(target, item);
        };
      }
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });

const workerOptions: RebuildWorkerOptions = {
  engine,
  dependencies: () => {
    const dependencies = testDependencies();
    return { ...dependencies, readModels: faulty(dependencies.readModels) };
  },
};

beforeAll(async () => {
  stack = await startLocalStack({ rebuilds: workerOptions });
  api = apiClient(stack.url);
});
afterAll(async () => stack?.stop());

const { db, readModels } = testDependencies();

/** Every read item of the tenant (a filtered scan of the read-models table). */
const readItemsOf = async (tenant: string) => {
  const items: Record<string, unknown>[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await db.send(
      new ScanCommand({
        TableName: readModels.tableName,
        FilterExpression: 'begins_with(pk, :prefix)',
        ExpressionAttributeValues: { ':prefix': `${tenant}#` },
        ExclusiveStartKey: startKey,
        ConsistentRead: true,
      }),
    );
    items.push(...(page.Items ?? []));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return items;
};

const keysOf = (items: Record<string, unknown>[]) => items.map((item) => `${String(item.pk)} ${String(item.sk)}`).sort();

/** A tenant with three companies, listed; then its read models wiped and an orphan planted. */
const wipedTenant = async (prefix: string) => {
  const people = await tenantWith(stack, prefix);
  const ids: string[] = [];
  for (const legalName of ['Alfa Costruzioni Srl', 'Beta Trasporti SpA', 'Gamma Servizi Snc']) {
    ids.push((await created(api, '/v1/companies', people.olga, { legalName })).id);
  }
  // The projector applies an event's projections in parallel: the list can show a company before its
  // card or timeline is written. Wait for every company's items, then for a read that a second repeats.
  const live = await eventually(async () => {
    const items = await readItemsOf(people.tenant);
    const keys = keysOf(items);
    for (const id of ids) for (const sk of ['card', 'list', 'timeline']) expect(keys).toContain(`${people.tenant}#company#${id} ${sk}`);
    expect(keysOf(await readItemsOf(people.tenant))).toEqual(keys);
    return items;
  });
  for (const item of live) await readModels.delete({ pk: String(item.pk), sk: String(item.sk) });
  await readModels.put({ pk: `${people.tenant}#company#ghost`, sk: 'row', tenant: people.tenant, aggregateType: 'company', aggregateId: 'ghost', version: 1 } as never);
  expect((await api.get('/v1/companies', people.olga)).body.items).toEqual([]);
  return { ...people, live };
};

const requestRebuild = async (token: string, headers?: Record<string, string>) => {
  const response = await api.post('/v1/admin/projections/rebuild', token, undefined, headers);
  expect(response.status, response.text).toBe(202);
  expect(response.headers.get('location')).toBe(`/v1/admin/projections/rebuild/${response.body.id}`);
  return response;
};

const finished = (token: string, id: string) =>
  eventually(async () => {
    const response = await api.get(`/v1/admin/projections/rebuild/${id}`, token);
    expect(response.status, response.text).toBe(200);
    expect(['completed', 'failed'], JSON.stringify(response.body)).toContain(response.body.status);
    return response.body;
  }, 120_000);

const itemCount = async (table: string) => {
  let count = 0;
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await db.send(new ScanCommand({ TableName: table, Select: 'COUNT', ExclusiveStartKey: startKey }));
    count += page.Count ?? 0;
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return count;
};


describe('projection rebuild job over HTTP', () => {
  it('answers 202 with the queued job; it completes and the wiped read models are whole again, the orphan gone', async () => {
    const { tenant, admin, olga, live } = await wipedTenant('rb');
    const response = await requestRebuild(admin);
    expect(response.body).toMatchObject({ status: 'queued', phase: null, progress: { aggregates: 0, events: 0 }, requestedBy: 'ada', startedAt: null, version: 1 });

    const job = await finished(admin, response.body.id);
    expect(job).toMatchObject({ status: 'completed', failure: null, startedAt: expect.any(String), endedAt: expect.any(String), segments: null });
    expect(job.progress.aggregates).toBeGreaterThanOrEqual(3);
    expect(job.progress.itemsWritten).toBeGreaterThanOrEqual(live.length);
    expect(job.progress.itemsDeleted).toBe(1);
    expect(keysOf(await readItemsOf(tenant))).toEqual(keysOf(live));
    const names = (await api.get('/v1/companies', olga)).body.items.map((c: { legalName: string }) => c.legalName);
    expect(names).toEqual(['Alfa Costruzioni Srl', 'Beta Trasporti SpA', 'Gamma Servizi Snc']);
  });

  it('is for admins of the tenant only: 403 for others, 404 for an unknown job or another tenant’s', async () => {
    const { admin, olga } = await tenantWith(stack, 'rbauth');
    const other = await tenantWith(stack, 'rbother');
    expectProblem(await api.post('/v1/admin/projections/rebuild', olga), 403);
    const { body } = await requestRebuild(admin);
    expectProblem(await api.get(`/v1/admin/projections/rebuild/${body.id}`, olga), 403);
    expectProblem(await api.get(`/v1/admin/projections/rebuild/${body.id}`, other.admin), 404);
    expectProblem(await api.get('/v1/admin/projections/rebuild/nope', admin), 404);
    // An id no job can have is refused at the edge, naming the path parameter.
    expectProblem(await api.get('/v1/admin/projections/rebuild/a%23b', admin), 400, 'path.id');
    await finished(admin, body.id);
  });

  it('replays the same Idempotency-Key (one job) and refuses the key on another request with 422', async () => {
    const { admin } = await tenantWith(stack, 'rbidem');
    const first = await requestRebuild(admin, { 'idempotency-key': 'rebuild-1' });
    const again = await requestRebuild(admin, { 'idempotency-key': 'rebuild-1' });
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.body).toEqual(first.body);
    expectProblem(await api.post('/v1/admin/projections/rebuild', admin, {}, { 'idempotency-key': 'rebuild-1' }), 422);
    expectProblem(await api.post('/v1/groups', admin, { name: 'Sales' }, { 'idempotency-key': 'rebuild-1' }), 422);
    expect((await finished(admin, first.body.id)).status).toBe('completed');
    const other = await requestRebuild(admin, { 'idempotency-key': 'rebuild-2' });
    expect(other.body.id).not.toBe(first.body.id);
    await finished(admin, other.body.id);
  });

  it('queues the job again on a replay while it is still queued (the first request stopped before its message went out)', async () => {
    const { admin } = await tenantWith(stack, 'rblost');
    localRebuildQueue.consume(undefined);
    const first = await requestRebuild(admin, { 'idempotency-key': 'lost-1' });
    await localRebuildQueue.drain(); // delivered to no one: lost
    expect((await api.get(`/v1/admin/projections/rebuild/${first.body.id}`, admin)).body.status).toBe('queued');
    await startLocalRebuilds(workerOptions);
    const replay = await requestRebuild(admin, { 'idempotency-key': 'lost-1' });
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(replay.body.id).toBe(first.body.id);
    expect((await finished(admin, first.body.id)).status).toBe('completed');
  });

  it('continues from its checkpoints across runs when a run is out of budget, never stuck running', async () => {
    const { tenant, admin, live } = await wipedTenant('rbcont');
    let continuations = 0;
    const queue: RebuildQueue = {
      send: async (message) => {
        continuations += 1;
        localRebuildQueue.sendRaw(JSON.stringify(message));
      },
    };
    // Pages sized so the larger table is ~40 of them, whatever else the run's other files stored: a
    // run reads 6, so the job takes several runs and stops mid-phase, with cursors in every segment.
    const largest = Math.max(await itemCount(testDependencies().eventsTable), await itemCount(readModels.tableName));
    const pageSize = Math.max(1, Math.ceil(largest / 40));
    Object.assign(engine, { pageSize, checkpointPages: 2, pagesPerRun: 6, queue });
    try {
      const { body } = await requestRebuild(admin);
      const running = await eventually(async () => {
        const response = await api.get(`/v1/admin/projections/rebuild/${body.id}`, admin);
        expect(response.body.status).not.toBe('queued');
        return response.body;
      }, 30_000);
      if (running.status === 'running') expect(running.segments).toHaveLength(4);
      const job = await finished(admin, body.id);
      expect(job.status).toBe('completed');
      expect(continuations).toBeGreaterThan(1);
      expect(job.checkpoints).toBeGreaterThan(2);
      expect(job.progress.itemsDeleted).toBe(1);
      expect(keysOf(await readItemsOf(tenant))).toEqual(keysOf(live));
    } finally {
      for (const key of ['pageSize', 'checkpointPages', 'pagesPerRun', 'queue'] as const) delete engine[key];
    }
  }, 180_000);

  it('reports a failure with its reason instead of staying running', async () => {
    const { tenant, admin } = await wipedTenant('rbfail');
    failing = tenant;
    try {
      const { body } = await requestRebuild(admin);
      const job = await finished(admin, body.id);
      expect(job).toMatchObject({ status: 'failed', endedAt: expect.any(String), failure: { code: 'rebuild-error', reason: expect.stringContaining('simulated read-model outage') } });
    } finally {
      failing = undefined;
    }
  });
});
