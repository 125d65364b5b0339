/**
 * `npm run bench:request-board`: the request board (`GET /v1/requests?view=board`, the query code
 * `requestQueries().board`) over a tenant of 2,000 open requests and one of 20 (BENCH_REQUEST_STAGES
 * overrides), both in 12 statuses, on ONE DynamoDB Local, each size asked in turn so the shared
 * machine's load falls on both alike. Issue 14: "board p99 with 2k open requests in 12 statuses vs
 * with 20".
 *
 * Requests are written as the request list projection writes them (`toItem` of
 * `requestListProjection`) with BatchWriteItem: the command path would measure the write side. The
 * tenant's `request-statuses` catalogue (12 statuses) is a `CatalogueSet` event, read by the board as
 * in production (EventStoreTenantSettings). The mix: statuses round-robin, five request types, eight
 * responsibles and one request in ten unassigned, descriptions of about 200 characters.
 * A board answer is, per column and in parallel, one page Query (`limit` cards) and, when the column
 * does not fit in that page, one `Select: COUNT` Query of the column: the count reads the whole
 * column, so it grows with the tenant.
 */
import { loadavg } from 'node:os';
import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { EventStore } from '../adapters/dynamodb/event-store.ts';
import { ReadModelStore } from '../adapters/dynamodb/read-model-store.ts';
import { EventStoreTenantSettings } from '../adapters/settings/event-store-tenant-settings.ts';
import type { ApplicationDependencies } from '../application/ports/application-dependencies.ts';
import { requestQueries, type RequestBoardQuery } from '../application/requests/request-queries.ts';
import { rankAt } from '../domain/requests/board-rank.ts';
import type { Actor } from '../domain/shared/actor.ts';
import type { ReadItem } from '../projections/projection.ts';
import { requestListProjection, type RequestRow } from '../projections/requests/request-list.ts';
import { startBenchEnvironment } from './environment.ts';
import { envInt, fmtMs, fmtNum, percentile, runConcurrently } from './stats.ts';

const stages = (process.env['BENCH_REQUEST_STAGES'] ?? '20,2000').split(',').map(Number);
const samples = envInt('BENCH_BOARDS', 100);
const tenantOf = (size: number) => `bench-requests-${size}`;
const statuses = ['new', 'triage', 'assigned', 'in_progress', 'waiting_client', 'waiting_supplier', 'on_hold', 'escalated', 'review', 'scheduled', 'completed', 'follow_up'];
const types = ['commercial', 'support', 'reminder', 'meeting_request', 'other'];
const responsibles = ['olga', 'tom', 'sam', 'ann', 'rita', 'leo', 'eva', 'max'];
const load = () => fmtNum(loadavg()[0]!, 1);

const requestAt = (i: number): RequestRow => {
  const at = new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString();
  return {
    id: `rq-${i}`,
    number: i + 1,
    companyId: `co-${i % 300}`,
    contactId: null,
    requestType: types[i % types.length]!,
    description: `Customer ${i % 300} asks about order ${i}: ${'details of the request, as the operator wrote them down. '.repeat(3)}`,
    channel: 'phone',
    status: statuses[i % statuses.length]!,
    rank: rankAt(at),
    responsibleId: i % 10 === 9 ? null : responsibles[i % responsibles.length]!,
    registeredBy: responsibles[(i + 3) % responsibles.length]!,
    registeredAt: at,
    updatedAt: at,
    closed: false,
    closedAt: null,
    closedBy: null,
    outcome: null,
    documentCount: 0,
  };
};

const main = async () => {
  const env = await startBenchEnvironment();
  try {
    const write = async (items: ReadItem[]) => {
      let pending: Record<string, unknown>[] | undefined = items.map((Item) => ({ PutRequest: { Item } }));
      while (pending && pending.length) {
        const result = await env.db.send(new BatchWriteCommand({ RequestItems: { [env.tables.readModels]: pending as never } }));
        pending = result.UnprocessedItems?.[env.tables.readModels] as Record<string, unknown>[] | undefined;
      }
    };
    const eventStore = new EventStore(env.db, env.tables.events);
    for (const size of stages) {
      await eventStore.commit({
        tenant: tenantOf(size),
        at: '2026-01-01T00:00:00.000Z',
        meta: { actor: 'bench', commandId: 'catalogue', correlationId: 'bench' },
        streams: [
          {
            aggregateType: 'catalogue',
            aggregateId: 'request-statuses',
            expectedVersion: 0,
            events: [{ type: 'CatalogueSet', data: { name: 'request-statuses', entries: statuses.map((value) => ({ value, labels: {}, active: true })) } }],
          },
        ],
      });
      const started = performance.now();
      await runConcurrently(Math.ceil(size / 25), 8, async (b) => {
        const items: ReadItem[] = [];
        for (let i = b * 25; i < Math.min(size, (b + 1) * 25); i += 1) {
          const row = requestAt(i);
          items.push(requestListProjection.toItem(tenantOf(size), row.id, row, 1));
        }
        await write(items);
      });
      console.error(`[bench] ${size} open requests written in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    }

    const queriesOn = (db: typeof env.db) => {
      const readModels = new ReadModelStore(db, env.tables.readModels);
      const settings = new EventStoreTenantSettings(new EventStore(db, env.tables.events));
      return requestQueries(() => ({ readModels, settings }) as unknown as ApplicationDependencies);
    };
    const plain = queriesOn(env.db);
    const metered = queriesOn(env.meteredDb);
    const standard = (size: number): Actor => ({ tenant: tenantOf(size), userId: 'olga', role: 'standard', groups: [] });
    const restricted = (size: number): Actor => ({ tenant: tenantOf(size), userId: 'rita', role: 'restricted', groups: [] });
    const kinds: [string, (size: number) => Actor, Omit<RequestBoardQuery, 'limit'>][] = [
      ['board, 50 cards per column (standard user)', standard, {}],
      ['board, type=support (standard user)', standard, { type: 'support' }],
      ['board (restricted user: own + unassigned)', restricted, {}],
    ];
    // Warm-up: the JIT, the clients' connections, DynamoDB Local's own caches.
    for (let k = 0; k < 10; k += 1) for (const size of stages) for (const [, who, query] of kinds) await plain.board(who(size), { limit: 50, ...query });
    const rows: string[][] = [];
    for (const [kind, who, query] of kinds) {
      const latencies = new Map<number, number[]>(stages.map((size) => [size, []]));
      for (let k = 0; k < samples; k += 1) {
        for (const size of stages) {
          const started = performance.now();
          await plain.board(who(size), { limit: 50, ...query });
          latencies.get(size)!.push(performance.now() - started);
        }
      }
      for (const size of stages) {
        env.meter.take();
        for (let k = 0; k < 5; k += 1) await metered.board(who(size), { limit: 50, ...query });
        const rcu = env.meter.take().readUnits / 5;
        const measured = latencies.get(size)!;
        rows.push([String(size), kind, fmtMs(percentile(measured, 50)), fmtMs(percentile(measured, 99)), fmtNum(rcu, 1), load()]);
      }
    }
    rows.sort((a, b) => Number(a[0]) - Number(b[0]));
    const header = ['open requests (12 statuses)', 'query', 'p50', 'p99', 'RCU per board', 'load avg (1 min)'];
    console.log(`| ${header.join(' | ')} |\n|${header.map(() => '---').join('|')}|`);
    for (const row of rows) console.log(`| ${row.join(' | ')} |`);
    const [first, last] = [String(stages[0]), String(stages.at(-1))];
    console.log(`\np99 at ${last} / p99 at ${first}:`);
    for (const [kind] of kinds) {
      const p99 = (size: string) => Number.parseFloat(rows.find((r) => r[0] === size && r[1] === kind)![3]!);
      console.log(`  ${kind}: ${fmtNum(p99(last) / p99(first), 1)}×`);
    }
  } finally {
    await env.stop();
  }
};

await main();
