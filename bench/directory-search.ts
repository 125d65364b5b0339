/**
 * `npm run bench:directory`: company search and filtered lists as the directory grows, in ONE run
 * against one DynamoDB Local: tenants of 1k, 10k and 100k companies (BENCH_COMPANY_STAGES overrides),
 * every query asked of each size in turn, so the shared machine's changing load falls on all alike.
 *
 * Companies are written as the company projection writes them — the list item and one search item
 * per token, from `companyListProjection` itself — with BatchWriteItem: 100k companies through the
 * command path would take the run past half an hour on DynamoDB Local and measure the write side,
 * which bench/run.ts already does. The reads are the real query code (`listCompanies`).
 *
 * Names are realistic and distinctive (an invented stem + a common business word + a legal form, like
 * "Bekorano Costruzioni S.r.l."), as users search for a specific company; no two stems share their
 * first five letters, and VAT numbers and phones are scattered like real ones (not consecutive), so
 * every row but the last asks for about one company at every size. A query for a common word alone
 * matches a tenth of every directory: it is read page by page (application/directory/paged-search.ts),
 * so it must stay flat too.
 */
import { loadavg } from 'node:os';
import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { ReadModelStore } from '../adapters/dynamodb/read-model-store.ts';
import { CompanyListQuery } from '../contract/http/companies.ts';
import { companyCode, type Company } from '../domain/directory/company.ts';
import type { Actor } from '../domain/shared/actor.ts';
import { listCompanies } from '../application/directory/company-list.ts';
import { companyListProjection } from '../projections/directory/company-list.ts';
import type { ReadItem } from '../projections/projection.ts';
import { startBenchEnvironment } from './environment.ts';
import { envInt, fmtMs, fmtNum, percentile, runConcurrently } from './stats.ts';

/** The machine's 1-minute load average when a row finished: the machine is shared, so latencies need it. */
const load = () => fmtNum(loadavg()[0]!, 1);

const stages = (process.env['BENCH_COMPANY_STAGES'] ?? '1000,10000,100000').split(',').map(Number);
const searchesPerKind = envInt('BENCH_SEARCHES', 200);
/** One tenant per directory size: a tenant's search partitions and lists hold only its own companies. */
const tenantOf = (size: number) => `bench-directory-${size}`;
const standardIn = (size: number): Actor => ({ tenant: tenantOf(size), userId: 'olga', role: 'standard', groups: [] });
const restrictedIn = (size: number): Actor => ({ tenant: tenantOf(size), userId: 'rita', role: 'restricted', groups: [] });

const words = ['Costruzioni', 'Trasporti', 'Impianti', 'Elettrica', 'Budowa', 'Handel', 'Usługi', 'Építő', 'Kereskedelmi', 'Logistics', 'Foods', 'Meccanica', 'Serramenti', 'Informatica', 'Ceramiche'];
const forms = ['S.r.l.', 'S.p.A.', 'Sp. z o.o.', 'Kft.', 'Zrt.', 'Ltd', 'S.n.c.', 'Bt.'];
const cities = ['Torino', 'Milano', 'Łódź', 'Kraków', 'Győr', 'Budapest', 'Bologna', 'Gdańsk', 'Debrecen', 'London'];
const tags = ['vip', 'metal', 'retail', 'export', 'public'];
const mailboxes = ['info', 'office', 'biuro', 'sales', 'kontakt', 'amministrazione', 'iroda', 'hello'];

const consonants = 'bcdfghjklmnprstvwxyz';
const vowels = 'aeiou';
const tails = ['ano', 'ello', 'ia', 'oni', 'ek', 'ar', 'ovo', 'ex'];
/** Folded starts of the common words and cities: a stem must not begin like one of them. */
const taken = [...words, ...cities].map((w) => w.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().replace('ł', 'l').slice(0, 5));

/** Five letters, consonant–vowel alternating, from j < 200,000: a bijection, so no two stems share them. */
const head = (j: number): string =>
  consonants[j % 20]! + vowels[Math.floor(j / 20) % 5]! + consonants[Math.floor(j / 100) % 20]! +
  vowels[Math.floor(j / 2_000) % 5]! + consonants[Math.floor(j / 10_000) % 20]!;

/**
 * A reproducible, pronounceable stem per company (like "Bekorano"), unique in its first five letters
 * for up to 100,000 companies: i is scattered over the first half of the 200,000 heads, and a head
 * that begins like a common word or city ("Milan…", "Budow…") is swapped for its twin in the second
 * half. So a 5-letter prefix finds one company at every size: the bench measures the index, not data
 * that gets more alike as it grows.
 */
const stem = (i: number): string => {
  let j = (i * 7919) % 100_000;
  if (taken.some((t) => t.startsWith(head(j)))) j += 100_000;
  const s = head(j) + tails[Math.floor(i / 7) % tails.length]!;
  return s[0]!.toUpperCase() + s.slice(1);
};

/** An Italian-shaped VAT number: a scattered 7-digit serial, an office code and a check digit (11 digits). */
const vatAt = (i: number): string =>
  `IT${String((i * 7_919_317 + 1_234_567) % 10_000_000).padStart(7, '0')}${String(1 + (i % 120)).padStart(3, '0')}${i % 10}`;
/** A Turin landline; subscriber numbers scattered like a city's (not consecutive). */
const phoneAt = (i: number): string => {
  const n = String((i * 9_973 + 2_000_000) % 10_000_000).padStart(7, '0');
  return `011 ${n.slice(0, 3)} ${n.slice(3)}`;
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
      vatNumber: vatAt(i),
      taxCode: null,
      addresses: [{ type: 'registered', city: cities[i % cities.length]! }],
      phones: [{ type: 'main', number: `+39 ${phoneAt(i)}` }],
      emails: [{ type: 'work', address: `${mailboxes[i % mailboxes.length]}@${stem(i).toLowerCase()}.it` }],
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

const seed = async (write: (items: ReadItem[]) => Promise<void>, tenant: string, from: number, to: number) => {
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
    for (const size of stages) {
      const started = performance.now();
      await seed(write, tenantOf(size), 0, size);
      const seedSeconds = (performance.now() - started) / 1000;
      console.error(`[bench] ${size} companies (written in ${seedSeconds.toFixed(1)} s; load average ${loadavg().map((l) => l.toFixed(2)).join(' ')})`);
    }

    // Every query runs on every size in turn (1k, 10k, 100k, 1k, …), so a change in the machine's load
    // — it is shared — falls on all sizes alike instead of on whichever was measured last.
    const rows: string[][] = [];
    const at = (size: number, k: number) => Math.floor((k * 7919) % size);
    const kinds: [string, (size: number, k: number) => string, ((size: number) => Actor)?][] = [
      ['distinctive name word', (size, k) => stem(at(size, k))],
      ['name prefix (5 letters)', (size, k) => stem(at(size, k)).slice(0, 5)],
      ['full legal name', (size, k) => companyAt(at(size, k)).profile.legalName],
      ['VAT number', (size, k) => companyAt(at(size, k)).profile.vatNumber!],
      ['code', (size, k) => companyAt(at(size, k)).code],
      ['e-mail', (size, k) => companyAt(at(size, k)).profile.emails[0]!.address],
      ['phone, as typed ("011 234 5678")', (size, k) => phoneAt(at(size, k))],
      ['distinctive word, restricted user', (size, k) => stem(at(size, k)), restrictedIn],
      ['common word alone ("costruzioni")', () => 'costruzioni'],
    ];
    const measure = async (kind: string, n: number, run: (store: ReadModelStore, size: number, k: number) => Promise<unknown>) => {
      const latencies = new Map<number, number[]>(stages.map((size) => [size, []]));
      for (let k = 0; k < n; k += 1) {
        for (const size of stages) {
          const started = performance.now();
          await run(readModels, size, k);
          latencies.get(size)!.push(performance.now() - started);
        }
      }
      for (const size of stages) {
        env.meter.take();
        for (let k = 0; k < 10; k += 1) await run(metered, size, k);
        const rcu = env.meter.take().readUnits / 10;
        const samples = latencies.get(size)!;
        rows.push([String(size), kind, fmtMs(percentile(samples, 50)), fmtMs(percentile(samples, 99)), fmtNum(rcu, 1), load()]);
      }
    };
    for (const [kind, q, who] of kinds) {
      const query = CompanyListQuery.parse({ q: 'x', limit: '20' });
      const n = kind.startsWith('common') ? Math.min(50, searchesPerKind) : searchesPerKind;
      await measure(`search: ${kind}`, n, (store, size, k) => listCompanies(store, (who ?? standardIn)(size), { ...query, q: q(size, k) }));
    }
    const lists: [string, Record<string, string>][] = [
      ['list by name, tag filter', { tag: 'vip', limit: '50' }],
      ['list by last change, mine', { mine: 'true', sort: 'updated', limit: '50' }],
    ];
    for (const [kind, params] of lists) {
      const query = CompanyListQuery.parse(params);
      await measure(kind, searchesPerKind, (store, size) => listCompanies(store, standardIn(size), query));
    }
    rows.sort((a, b) => Number(a[0]) - Number(b[0]));
    const header = ['companies', 'query', 'p50', 'p99', 'RCU per query', 'load avg (1 min)'];
    console.log(`| ${header.join(' | ')} |\n|${header.map(() => '---').join('|')}|`);
    for (const row of rows) console.log(`| ${row.join(' | ')} |`);
    const first = String(stages[0]);
    const last = String(stages.at(-1));
    console.log('\nTarget: p99 at the largest size ≤ 2× p99 at the smallest (index-backed, flat):');
    for (const kind of new Set(rows.map((r) => r[1]!))) {
      const p99 = (size: string) => Number.parseFloat(rows.find((r) => r[0] === size && r[1] === kind)![3]!);
      const ratio = p99(last) / p99(first);
      console.log(`  ${kind}: ${fmtNum(ratio, 2)}× ${ratio <= 2 ? 'MET' : 'MISSED'}`);
    }
  } finally {
    await env.stop();
  }
};

await main();
