/**
 * `npm run bench:company-card`: the client card (`GET /v1/companies/{id}/card`, the query code
 * `cardQueries().companyCard`) of a company with 5,000 linked records and of one with 10
 * (BENCH_CARD_STAGES overrides), in one tenant each, on ONE DynamoDB Local, each size asked in turn
 * so the shared machine's load falls on both alike. Issue 15: "card p99 for a company with 5k linked
 * records vs with 10; target ≤ 2×".
 *
 * Card items are written as the card projections write them (`cardReadItem`, the satellites of
 * projections/reports/) with BatchWriteItem: the command path would measure the write side. The
 * company itself is a `CompanyRegistered` event: the card reads it from its stream, as in production.
 * The mix over the ten sections: contacts 15 %, to-do 10 %, history 25 %, tickets 15 %, requests 5 %,
 * opportunities 5 %, quotes 5 %, orders 5 %, interactions 10 %, notes 5 %; eight users, one record
 * in ten nobody's. A card answer is the company's stream read and, per section and in parallel, one
 * page Query (`limit` items) and, when the section does not fit in that page, one `Select: COUNT`
 * Query of the section: the count reads the whole section, so it grows with the company.
 * Since wp15-count the counts come from the company's counters (projections/counters.ts): ONE
 * Query of `<tenant>#card-counts#<company>` (sections × distinct audiences, here ~90 items whatever
 * the size), written here as the projector would leave them (the tally of the items written).
 */
import { loadavg } from 'node:os';
import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { EventStore } from '../adapters/dynamodb/event-store.ts';
import { ReadModelStore } from '../adapters/dynamodb/read-model-store.ts';
import type { ApplicationDependencies } from '../application/ports/application-dependencies.ts';
import { cardQueries } from '../application/reports/card-queries.ts';
import { everyone, userAudience } from '../domain/reports/card-audience.ts';
import type { CardRecordType, CardSection } from '../domain/reports/client-card.ts';
import type { Actor } from '../domain/shared/actor.ts';
import type { ReadItem } from '../projections/projection.ts';
import { counterKeyOf, tallyOf } from '../projections/counters.ts';
import { cardCounterOf, cardReadItem } from '../projections/reports/card-item.ts';
import { startBenchEnvironment } from './environment.ts';
import { envInt, fmtMs, fmtNum, percentile, runConcurrently } from './stats.ts';

const stages = (process.env['BENCH_CARD_STAGES'] ?? '10,5000').split(',').map(Number);
const samples = envInt('BENCH_CARDS', 100);
const tenantOf = (size: number) => `bench-card-${size}`;
const companyId = 'acme';
const users = ['olga', 'tom', 'sam', 'ann', 'rita', 'leo', 'eva', 'max'];
const load = () => fmtNum(loadavg()[0]!, 1);

/** Cumulative shares of the sections (out of 20), and the record type each holds. */
const mix: [CardSection, CardRecordType, number][] = [
  ['contacts', 'contact', 3],
  ['todo', 'activity', 2],
  ['history', 'activity', 5],
  ['tickets', 'ticket', 3],
  ['requests', 'request', 1],
  ['opportunities', 'opportunity', 1],
  ['quotes', 'quote', 1],
  ['orders', 'order', 1],
  ['interactions', 'interaction', 2],
  ['notes', 'note', 1],
];
const slots = mix.flatMap(([section, type, share]) => Array.from({ length: share }, () => [section, type] as const));

const itemAt = (tenant: string, i: number): ReadItem => {
  const [section, type] = slots[i % slots.length]!;
  const at = new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString();
  const owner = users[i % users.length]!;
  const money = ['opportunity', 'quote', 'order'].includes(type);
  return cardReadItem(
    tenant,
    { type, id: `${type}-${i}` },
    {
      companyId,
      section,
      sortKey: at,
      audience: i % 10 === 9 ? [everyone] : [userAudience(owner)],
      item: {
        type,
        id: `${type}-${i}`,
        number: ['ticket', 'request', 'quote', 'order'].includes(type) ? String(i + 1) : null,
        title: `Record ${i}: ${'what it is about, as its author wrote it. '.repeat(2)}`,
        status: type === 'activity' ? (section === 'todo' ? 'planned' : 'done') : 'open',
        date: at,
        amount: money ? { amount: `${(i * 37) % 10_000}.50`, currency: 'EUR' } : null,
        responsibleId: owner,
        link: type === 'interaction' || type === 'note' ? null : `/v1/${type}s/${type}-${i}`,
      },
    },
  );
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
      const tenant = tenantOf(size);
      await eventStore.commit({
        tenant,
        at: '2026-01-01T00:00:00.000Z',
        meta: { actor: 'bench', commandId: 'company', correlationId: 'bench' },
        streams: [
          {
            aggregateType: 'company',
            aggregateId: companyId,
            expectedVersion: 0,
            events: [
              {
                type: 'CompanyRegistered',
                data: {
                  companyId,
                  code: 'C000001',
                  profile: { legalName: 'Acme Srl', aliases: [], kind: 'client', vatNumber: null, taxCode: null, addresses: [], phones: [], emails: [], website: null, categories: [], area: null, segments: [], tags: [] },
                  responsibleUserId: null,
                  accountManagers: [],
                  status: null,
                },
              },
            ],
          },
        ],
      });
      const started = performance.now();
      await runConcurrently(Math.ceil(size / 25), 8, async (b) => {
        const items: ReadItem[] = [];
        for (let i = b * 25; i < Math.min(size, (b + 1) * 25); i += 1) items.push(itemAt(tenant, i));
        await write(items);
      });
      // The counters the projector keeps with these items (one per section and audience).
      const all = Array.from({ length: size }, (_, i) => itemAt(tenant, i));
      const counters = Object.entries(tallyOf({ counterOf: cardCounterOf }, all)).map(([id, n]) => ({ ...counterKeyOf(id), n, counter: true }) as unknown as ReadItem);
      for (let start = 0; start < counters.length; start += 25) await write(counters.slice(start, start + 25));
      console.error(`[bench] a company with ${size} linked records written in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    }

    const queriesOn = (db: typeof env.db) => {
      const readModels = new ReadModelStore(db, env.tables.readModels);
      const events = new EventStore(db, env.tables.events);
      return cardQueries(() => ({ readModels, eventStore: events }) as unknown as ApplicationDependencies);
    };
    const plain = queriesOn(env.db);
    const metered = queriesOn(env.meteredDb);
    const standard = (size: number): Actor => ({ tenant: tenantOf(size), userId: 'olga', role: 'standard', groups: [] });
    const restricted = (size: number): Actor => ({ tenant: tenantOf(size), userId: 'rita', role: 'restricted', groups: [] });
    const kinds: [string, (size: number) => Actor, { limit: number; section?: CardSection }][] = [
      ['whole card, 10 per section (standard user)', standard, { limit: 10 }],
      ['whole card, 10 per section (restricted user: own + nobody’s)', restricted, { limit: 10 }],
      ['one section (history), 50 items (standard user)', standard, { limit: 50, section: 'history' }],
    ];
    // Warm-up: the JIT, the clients' connections, DynamoDB Local's own caches.
    for (let k = 0; k < 10; k += 1) for (const size of stages) for (const [, who, options] of kinds) await plain.companyCard(who(size), companyId, options);
    const rows: string[][] = [];
    for (const [kind, who, options] of kinds) {
      const latencies = new Map<number, number[]>(stages.map((size) => [size, []]));
      for (let k = 0; k < samples; k += 1) {
        for (const size of stages) {
          const started = performance.now();
          await plain.companyCard(who(size), companyId, options);
          latencies.get(size)!.push(performance.now() - started);
        }
      }
      for (const size of stages) {
        env.meter.take();
        for (let k = 0; k < 5; k += 1) await metered.companyCard(who(size), companyId, options);
        const taken = env.meter.take();
        const measured = latencies.get(size)!;
        rows.push([String(size), kind, fmtMs(percentile(measured, 50)), fmtMs(percentile(measured, 99)), fmtNum(taken.pricedReadUnits / 5, 1), fmtNum(taken.requests / 5, 0), load()]);
      }
    }
    rows.sort((a, b) => Number(a[0]) - Number(b[0]));
    const header = ['linked records', 'read', 'p50', 'p99', 'RCU per card', 'requests per card', 'load avg (1 min)'];
    console.log(`| ${header.join(' | ')} |\n|${header.map(() => '---').join('|')}|`);
    for (const row of rows) console.log(`| ${row.join(' | ')} |`);
    const [first, last] = [String(stages[0]), String(stages.at(-1))];
    console.log(`\np99 at ${last} / p99 at ${first} (target ≤ 2×):`);
    for (const [kind] of kinds) {
      const p99 = (size: string) => Number.parseFloat(rows.find((r) => r[0] === size && r[1] === kind)![3]!);
      console.log(`  ${kind}: ${fmtNum(p99(last) / p99(first), 1)}×`);
    }
  } finally {
    await env.stop();
  }
};

await main();
