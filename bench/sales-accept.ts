/**
 * `npm run bench:sales-accept`: what accepting a quote costs over the raw write it needs (issue 13).
 *
 * - accept: the real service (application/sales/quote-acceptance.ts) on the DynamoDB event store,
 *   sequentially, each on its own sent quote linked to its own open opportunity, with an
 *   Idempotency-Key (as over HTTP): the tenant's settings (its zone, alongside the user's profile,
 *   here in memory), the idempotency lookup, the quote's and the opportunity's loads, the year's counter (hinted after the first), the decision and ONE TransactWriteItems of
 *   five items (QuoteAccepted, SalesOrderCreated, OpportunityWon, the counter step, the idempotency record);
 * - raw: exactly those five items — recorded from a real acceptance, replayed with the tenant
 *   renamed (same lengths, so the same sizes and conditions) — as one TransactWriteItems, nothing else;
 * - burst: 20 different quotes accepted at once (the counter contended), wall time and latencies.
 *
 * BENCH_ACCEPT_N samples (default 200) after BENCH_ACCEPT_WARMUP (default 20).
 */
import { randomUUID } from 'node:crypto';
import { TransactWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { EventStore } from '../adapters/dynamodb/event-store.ts';
import { MemoryPeopleDirectory } from '../adapters/people/memory-people-directory.ts';
import { EventStoreTenantSettings } from '../adapters/settings/event-store-tenant-settings.ts';
import type { ApplicationDependencies } from '../application/ports/application-dependencies.ts';
import { quoteAcceptance } from '../application/sales/quote-acceptance.ts';
import { idempotencyFor } from '../application/shared/command-context.ts';
import { seedOpportunity, seedQuote } from '../test/support/acceptance-fixtures.ts';
import { startBenchEnvironment } from './environment.ts';
import { loadavg } from 'node:os';
import { envInt, fmtMs, fmtNum, runConcurrently, summarize, timed, type Summary } from './stats.ts';

const n = envInt('BENCH_ACCEPT_N', 200);
const warmup = envInt('BENCH_ACCEPT_WARMUP', 20);
const burst = 20;

/** Tenant names of one length: the raw replay renames the recorded tenant without changing any size. */
const tenantName = (kind: 'acc' | 'raw' | 'bst', i: number) => `bench-${kind}-${String(i).padStart(6, '0')}`;

const main = async () => {
  const env = await startBenchEnvironment();
  try {
    const recorded: TransactWriteCommand[] = [];
    const recording = new Proxy(env.db, {
      get(target, property, receiver) {
        if (property !== 'send') return Reflect.get(target, property, receiver);
        return (command: unknown) => {
          if (command instanceof TransactWriteCommand) recorded.push(command);
          return target.send(command as never);
        };
      },
    }) as DynamoDBDocumentClient;
    const eventStore = new EventStore(recording, env.tables.events);
    const dependencies = (): ApplicationDependencies => ({
      eventStore,
      readModels: undefined as never,
      now: () => new Date().toISOString(),
      newId: randomUUID,
      people: new MemoryPeopleDirectory(),
      peopleOfRecord: undefined as never,
      settings: new EventStoreTenantSettings(eventStore),
    });
    const accept = quoteAcceptance(dependencies);
    const content = { validUntil: '2999-12-31' };

    const acceptOne = async (tenant: string, i: number): Promise<number> => {
      const quoteId = `qte-${i}`;
      const opportunityId = `opp-${i}`;
      await seedOpportunity(eventStore, tenant, opportunityId);
      await seedQuote(eventStore, tenant, quoteId, { number: i + 1, content: { ...content, opportunityId } });
      const actor = { tenant, userId: 'olga', role: 'standard' as const, groups: [] };
      const { ms } = await timed(() => accept({ actor, correlationId: randomUUID() }, quoteId, { note: 'bench' }, { idempotency: idempotencyFor(actor, randomUUID(), `accept ${quoteId}`) }));
      return ms;
    };

    // accept: one tenant (its counter warm, as in steady use); its first acceptance's transaction is the
    // raw template. The two paths alternate sample by sample, so that a busy machine slows both alike.
    const tenant = tenantName('acc', 0);
    await acceptOne(tenant, 0);
    const template = recorded.find((c) => (c.input.TransactItems?.length ?? 0) === 5)!;
    const items = JSON.stringify(template.input.TransactItems);
    const acceptSamples: number[] = [];
    const rawSamples: number[] = [];
    for (let i = 1; i <= warmup + n; i += 1) {
      const acceptMs = await acceptOne(tenant, i);
      // raw: the same five items in a fresh tenant (the counter at 0 as in the template).
      const TransactItems = JSON.parse(items.replaceAll(tenant, tenantName('raw', i)));
      const { ms: rawMs } = await timed(() => env.db.send(new TransactWriteCommand({ TransactItems })));
      if (i > warmup) {
        acceptSamples.push(acceptMs);
        rawSamples.push(rawMs);
      }
    }

    // burst: 20 quotes of one tenant accepted at once; numbers must come out 1..20.
    const burstTenant = tenantName('bst', 0);
    for (let i = 0; i < burst; i += 1) {
      await seedOpportunity(eventStore, burstTenant, `opp-${i}`);
      await seedQuote(eventStore, burstTenant, `qte-${i}`, { number: i + 1, content: { ...content, opportunityId: `opp-${i}` } });
    }
    const before = recorded.length;
    const actor = { tenant: burstTenant, userId: 'olga', role: 'standard' as const, groups: [] };
    const references: string[] = [];
    const run = await runConcurrently(burst, burst, async (i) => {
      const { result } = await accept({ actor, correlationId: randomUUID() }, `qte-${i}`, {});
      references.push(result.order.reference);
    });
    const gapless = references.map((r) => Number(r.slice(-5))).sort((a, b) => a - b).every((v, i) => v === i + 1);

    const line = (label: string, s: Summary) =>
      `${label.padEnd(34)} p50 ${fmtMs(s.p50).padStart(9)} · p90 ${fmtMs(s.p90).padStart(9)} · p99 ${fmtMs(s.p99).padStart(9)} · mean ${fmtMs(s.mean).padStart(9)} (n=${s.n})`;
    const acceptSummary = summarize(acceptSamples);
    const rawSummary = summarize(rawSamples);
    const burstSummary = summarize(run.latencies);
    console.log(`sales accept bench — ${new Date().toISOString()} — Node ${process.version}, n=${n}, warm-up ${warmup}, load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
    console.log(line('accept (service, 5-item commit)', acceptSummary));
    console.log(line('raw TransactWriteItems (5 items)', rawSummary));
    console.log(`accept p50 / raw p50: ${fmtNum(acceptSummary.p50 / rawSummary.p50, 2)}×  (+${fmtMs(acceptSummary.p50 - rawSummary.p50)})`);
    console.log(line(`burst: ${burst} quotes at once`, burstSummary));
    console.log(`burst wall ${fmtMs(run.wallMs)}, transactions sent ${recorded.length - before} for ${burst} orders, numbers 1..${burst} gapless: ${gapless}`);
  } finally {
    await env.stop();
  }
};

await main();
