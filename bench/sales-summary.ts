/**
 * `npm run bench:sales-summary`: the revenue summary (`GET /v1/opportunities/summary`, the query code
 * `opportunitySummary`) over a tenant of 100 opportunities and one of 10,000 (BENCH_OPP_STAGES
 * overrides), on ONE DynamoDB Local, each size asked in turn so the shared machine's load falls on
 * both alike. Issue 13: "summary p99 over 10k opportunities vs over 100".
 *
 * Opportunities are written as the opportunity list projection writes them (`toItem` of
 * `opportunityListProjection`) with BatchWriteItem: the command path would measure the write side.
 * The mix is a sales team's: 70 % open, 20 % won, 10 % lost over two years; 80 % EUR, 10 % PLN,
 * 10 % HUF; five stages, eight owners (the restricted user owns one in eight), awkward amounts with
 * cents, probabilities 5–95 %, one in ten unvalued. The summary reads every open row and the won/lost
 * rows closed in the period, so it is expected to grow with the tenant: the figures say by how much.
 */
import { loadavg } from 'node:os';
import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { ReadModelStore } from '../adapters/dynamodb/read-model-store.ts';
import type { ApplicationDependencies } from '../application/ports/application-dependencies.ts';
import { opportunityQueries } from '../application/sales/opportunity-queries.ts';
import type { Actor } from '../domain/shared/actor.ts';
import type { Currency } from '../events/sales/sales-values.ts';
import type { ReadItem } from '../projections/projection.ts';
import { opportunityListProjection, type OpportunityRow } from '../projections/sales/opportunity-list.ts';
import { startBenchEnvironment } from './environment.ts';
import { envInt, fmtMs, fmtNum, percentile, runConcurrently } from './stats.ts';

const stages = (process.env['BENCH_OPP_STAGES'] ?? '100,10000').split(',').map(Number);
const samples = envInt('BENCH_SUMMARIES', 100);
const tenantOf = (size: number) => `bench-sales-${size}`;
const owners = ['olga', 'tom', 'sam', 'ann', 'rita', 'leo', 'eva', 'max'];
const salesStages = ['qualify', 'develop', 'propose', 'negotiate', 'commit'];
const load = () => fmtNum(loadavg()[0]!, 1);

const dayAt = (offset: number): string => new Date(Date.UTC(2025, 0, 1) + offset * 86_400_000).toISOString().slice(0, 10);

const opportunityAt = (i: number): OpportunityRow => {
  const status = i % 10 < 7 ? 'open' : i % 10 < 9 ? 'won' : 'lost';
  const currency: Currency = i % 10 === 3 ? 'PLN' : i % 10 === 6 ? 'HUF' : 'EUR';
  const unvalued = i % 10 === 5;
  const cents = String((i * 37) % 100).padStart(2, '0');
  const amount = unvalued ? null : currency === 'HUF' ? String(100_000 + ((i * 7919) % 9_000_000)) : `${1_000 + ((i * 7919) % 99_000)}.${cents}`;
  const at = new Date(Date.UTC(2025, 0, 1) + i * 60_000).toISOString();
  return {
    id: `op-${i}`,
    title: `Opportunity ${i}`,
    parties: [{ kind: 'company', id: `co-${i % 500}` }],
    contactId: null,
    leadId: null,
    amount,
    currency: unvalued && i % 20 === 5 ? null : currency,
    probability: 5 + ((i * 13) % 91),
    stage: salesStages[i % salesStages.length]!,
    expectedCloseDate: i % 7 === 0 ? null : dayAt(365 + ((i * 31) % 365)),
    ownerId: owners[i % owners.length]!,
    partners: [],
    competitors: [],
    campaign: null,
    status,
    closedOn: status === 'open' ? null : dayAt((i * 17) % 730),
    orderId: null,
    quoteId: null,
    lossReason: status === 'lost' ? 'price' : null,
    createdBy: 'bench',
    createdAt: at,
    updatedAt: at,
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
    for (const size of stages) {
      const started = performance.now();
      await runConcurrently(Math.ceil(size / 25), 8, async (b) => {
        const items: ReadItem[] = [];
        for (let i = b * 25; i < Math.min(size, (b + 1) * 25); i += 1) {
          const row = opportunityAt(i);
          items.push(opportunityListProjection.toItem(tenantOf(size), row.id, row, 1));
        }
        await write(items);
      });
      console.error(`[bench] ${size} opportunities written in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    }

    const queriesOn = (db: typeof env.db) => {
      const readModels = new ReadModelStore(db, env.tables.readModels);
      return opportunityQueries(() => ({ readModels }) as unknown as ApplicationDependencies);
    };
    const plain = queriesOn(env.db);
    const metered = queriesOn(env.meteredDb);
    const standard = (size: number): Actor => ({ tenant: tenantOf(size), userId: 'olga', role: 'standard', groups: [] });
    const restricted = (size: number): Actor => ({ tenant: tenantOf(size), userId: 'rita', role: 'restricted', groups: [] });
    const kinds: [string, (size: number) => Actor, { from?: string; to?: string }][] = [
      ['summary, this year (standard user)', standard, { from: '2026-01-01', to: '2026-12-31' }],
      ['summary, all time (standard user)', standard, {}],
      ['summary, this year (restricted user, 1/8 of the rows)', restricted, { from: '2026-01-01', to: '2026-12-31' }],
    ];
    const rows: string[][] = [];
    for (const [kind, who, period] of kinds) {
      const latencies = new Map<number, number[]>(stages.map((size) => [size, []]));
      for (let k = 0; k < samples; k += 1) {
        for (const size of stages) {
          const started = performance.now();
          await plain.opportunitySummary(who(size), period);
          latencies.get(size)!.push(performance.now() - started);
        }
      }
      for (const size of stages) {
        env.meter.take();
        for (let k = 0; k < 5; k += 1) await metered.opportunitySummary(who(size), period);
        const rcu = env.meter.take().readUnits / 5;
        const measured = latencies.get(size)!;
        rows.push([String(size), kind, fmtMs(percentile(measured, 50)), fmtMs(percentile(measured, 99)), fmtNum(rcu, 1), load()]);
      }
    }
    rows.sort((a, b) => Number(a[0]) - Number(b[0]));
    const header = ['opportunities', 'query', 'p50', 'p99', 'RCU per query', 'load avg (1 min)'];
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
