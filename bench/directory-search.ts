/**
 * `npm run bench:directory`: company search and filtered lists as the directory grows, in ONE run
 * against one DynamoDB Local: 1k, then 10k, then 100k companies (BENCH_COMPANY_STAGES overrides).
 *
 * Companies are written as the company projection writes them — the list item and one search item
 * per token, from `companyListProjection` itself — with BatchWriteItem: 100k companies through the
 * command path would take the run past half an hour on DynamoDB Local and measure the write side,
 * which bench/run.ts already does. The reads are the real query code (`listCompanies`).
 *
 * Names are realistic and mostly distinctive (an invented stem + a common business word + a legal
 * form, like "Ferralto Costruzioni S.r.l."), as users search for a specific company. A query for a
 * common word alone is measured too, separately: it is broad by nature and cannot stay flat.
 */
import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { ReadModelStore } from '../adapters/dynamodb/read-model-store.ts';
import { CompanyListQuery } from '../contract/http/companies.ts';
import { companyCode, type Company } from '../domain/directory/company.ts';
import type { Actor } from '../domain/shared/actor.ts';
import { listCompanies } from '../functions/http/directory/company-list-query.ts';
import { companyListProjection } from '../projections/directory/company-list.ts';
import type { ReadItem } from '../projections/projection.ts';
import { startBenchEnvironment } from './environment.ts';
import { envInt, fmtMs, fmtNum, percentile, runConcurrently } from './stats.ts';

const stages = (process.env['BENCH_COMPANY_STAGES'] ?? '1000,10000,100000').split(',').map(Number);
const searchesPerKind = envInt('BENCH_SEARCHES', 200);
const tenant = 'bench-directory';
const actor: Actor = { tenant, userId: 'olga', role: 'standard', groups: [] };
const restricted: Actor = { tenant, userId: 'rita', role: 'restricted', groups: [] };

const syllables = ['fer', 'ral', 'to', 'ko', 'vasz', 'ki', 'mar', 'ni', 'zol', 'ta', 'gyo', 'lan', 'bre', 'sci', 'ano', 'pol', 'ska', 'dor', 'vi', 'tel', 'ber', 'ga', 'mo', 'ru', 'chi', 'len', 'sa', 'dro', 'pe', 'ku'];
const words = ['Costruzioni', 'Trasporti', 'Impianti', 'Elettrica', 'Budowa', 'Handel', 'Usługi', 'Építő', 'Kereskedelmi', 'Logistics', 'Foods', 'Meccanica', 'Serramenti', 'Informatica', 'Ceramiche'];
const forms = ['S.r.l.', 'S.p.A.', 'Sp. z o.o.', 'Kft.', 'Zrt.', 'Ltd', 'S.n.c.', 'Bt.'];
const cities = ['Torino', 'Milano', 'Łódź', 'Kraków', 'Győr', 'Budapest', 'Bologna', 'Gdańsk', 'Debrecen', 'London'];
const tags = ['vip', 'metal', 'retail', 'export', 'public'];

/** A pseudo-random but reproducible stem per company: 3 syllables = 27,000 stems, plus a number when they repeat. */
const stem = (i: number): string => {
  const a = syllables[i % 30]!;
  const b = syllables[Math.floor(i / 30) % 30]!;
  const c = syllables[Math.floor(i / 900) % 30]!;
  const round = Math.floor(i / 27_000);
  const s = `${a}${b}${c}${round ? round : ''}`;
  return s[0]!.toUpperCase() + s.slice(1);
};

const companyAt = (i: number): Company => {
  const name = `${stem(i)} ${words[i % words.length]} ${forms[i % forms.length]}`;
  const at = new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString();
  return {
    id: `co-${i}`,
    code: companyCode(i + 1),
    profile: {
      legalName: name,
      aliases: [],
      kind: 'client',
      vatNumber: `IT${String(10_000_000_000 + i * 7).slice(-11)}`,
      taxCode: null,
      addresses: [{ type: 'registered', city: cities[i % cities.length]! }],
      phones: [{ type: 'main', number: `+39 011 ${String(1_000_000 + i).slice(-7)}` }],
      emails: [{ type: 'work', address: `info@${stem(i).toLowerCase()}${i}.it` }],
      website: null,
      categories: [],
      area: null,
      segments: [],
      tags: [tags[i % tags.length]!],
    },
    responsibleUserId: i % 10 === 0 ? 'rita' : null,
    accountManagers: i % 3 === 0 ? ['olga'] : [],
    status: null,
    customFields: {},
    noteCount: 0,
    createdBy: 'bench',
    createdAt: at,
    updatedAt: at,
  };
};

const seed = async (write: (items: ReadItem[]) => Promise<void>, from: number, to: number) => {
  const perBatch = 100;
  const batches = Math.ceil((to - from) / perBatch);
  await runConcurrently(batches, 8, async (b) => {
    const items: ReadItem[] = [];
    for (let i = from + b * perBatch; i < Math.min(to, from + (b + 1) * perBatch); i += 1) {
      const company = companyAt(i);
      items.push(companyListProjection.toItem(tenant, company.id, company, 1), ...companyListProjection.satellites!(tenant, company.id, company));
    }
    await write(items);
  });
};

const main = async () => {
  const env = await startBenchEnvironment();
  try {
    const readModels = new ReadModelStore(env.db, env.tables.readModels);
    const metered = new ReadModelStore(env.meteredDb, env.tables.readModels);
    const write = async (items: ReadItem[]) => {
      for (let start = 0; start < items.length; start += 25) {
        let pending: Record<string, unknown>[] | undefined = items.slice(start, start + 25).map((Item) => ({ PutRequest: { Item } }));
        while (pending && pending.length) {
          const result = await env.db.send(new BatchWriteCommand({ RequestItems: { [env.tables.readModels]: pending as never } }));
          pending = result.UnprocessedItems?.[env.tables.readModels] as Record<string, unknown>[] | undefined;
        }
      }
    };
    const rows: string[][] = [];
    let seeded = 0;
    for (const size of stages) {
      const started = performance.now();
      await seed(write, seeded, size);
      const seedSeconds = (performance.now() - started) / 1000;
      console.error(`[bench] ${size} companies (${size - seeded} written in ${seedSeconds.toFixed(1)} s)`);
      seeded = size;

      const pick = (k: number) => companyAt(Math.floor((k * 7919) % size));
      const kinds: [string, (k: number) => string, Actor?][] = [
        ['distinctive name word', (k) => stem(Math.floor((k * 7919) % size))],
        ['name prefix (5 letters)', (k) => stem(Math.floor((k * 7919) % size)).slice(0, 5)],
        ['full legal name', (k) => pick(k).profile.legalName],
        ['VAT number', (k) => pick(k).profile.vatNumber!],
        ['code', (k) => pick(k).code],
        ['e-mail', (k) => pick(k).profile.emails[0]!.address],
        ['distinctive word, restricted user', (k) => stem(Math.floor((k * 7919) % size)), restricted],
        ['common word alone ("costruzioni")', () => 'costruzioni'],
      ];
      for (const [kind, q, who] of kinds) {
        const query = CompanyListQuery.parse({ q: q(0), limit: '20' });
        const n = kind.startsWith('common') ? Math.min(20, searchesPerKind) : searchesPerKind;
        const { latencies } = await runConcurrently(n, 1, async (k) => {
          await listCompanies(readModels, who ?? actor, { ...query, q: q(k) });
        });
        env.meter.take();
        for (let k = 0; k < 10; k += 1) await listCompanies(metered, who ?? actor, { ...query, q: q(k) });
        const rcu = env.meter.take().readUnits / 10;
        rows.push([String(size), `search: ${kind}`, fmtMs(percentile(latencies, 50)), fmtMs(percentile(latencies, 99)), fmtNum(rcu, 1)]);
      }
      const lists: [string, Record<string, string>][] = [
        ['list by name, tag filter', { tag: 'vip', limit: '50' }],
        ['list by last change, mine', { mine: 'true', sort: 'updated', limit: '50' }],
      ];
      for (const [kind, params] of lists) {
        const query = CompanyListQuery.parse(params);
        const { latencies } = await runConcurrently(searchesPerKind, 1, async () => {
          await listCompanies(readModels, actor, query);
        });
        env.meter.take();
        for (let k = 0; k < 10; k += 1) await listCompanies(metered, actor, query);
        rows.push([String(size), kind, fmtMs(percentile(latencies, 50)), fmtMs(percentile(latencies, 99)), fmtNum(env.meter.take().readUnits / 10, 1)]);
      }
    }
    const header = ['companies', 'query', 'p50', 'p99', 'RCU per query'];
    console.log(`| ${header.join(' | ')} |\n|${header.map(() => '---').join('|')}|`);
    for (const row of rows) console.log(`| ${row.join(' | ')} |`);
    const first = String(stages[0]);
    const last = String(stages.at(-1));
    console.log('\nTarget: p99 at the largest size ≤ 2× p99 at the smallest (index-backed, flat):');
    for (const kind of new Set(rows.map((r) => r[1]!))) {
      const p99 = (size: string) => Number.parseFloat(rows.find((r) => r[0] === size && r[1] === kind)![3]!);
      const ratio = p99(last) / p99(first);
      console.log(`  ${kind}: ${fmtNum(ratio, 2)}× ${kind.includes('common') ? '(broad by nature; informative)' : ratio <= 2 ? 'MET' : 'MISSED'}`);
    }
  } finally {
    await env.stop();
  }
};

await main();
