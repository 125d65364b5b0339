import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { localTableNames } from '../../adapters/dynamodb/client.ts';
import { ReadModelStore } from '../../adapters/dynamodb/read-model-store.ts';
import { CompanyListQuery } from '../../contract/http/companies.ts';
import { emptyCompanyProfile, type Company } from '../../domain/directory/company.ts';
import { canSeeOwned } from '../../domain/directory/company-policy.ts';
import { normaliseName } from '../../domain/directory/search/names.ts';
import { matchScore } from '../../domain/directory/search/tokens.ts';
import type { Actor } from '../../domain/shared/actor.ts';
import { listCompanies } from '../../application/directory/company-list.ts';
import { companyListProjection, companySearchTokens } from '../../projections/directory/company-list.ts';
import { actorIn, testDependencies, uniqueTenant } from '../support/dynamo.ts';

const { db } = testDependencies();

/** A read-model store that counts the list items it loads to verify candidates. */
class CountingStore extends ReadModelStore {
  loaded = 0;
  override async batchGet(keys: readonly { pk: string; sk: string }[]) {
    this.loaded += keys.length;
    return super.batchGet(keys);
  }
}

const tenant = uniqueTenant('broad');
const admin = actorIn(tenant, 'olga', 'admin');
const rita = actorIn(tenant, 'rita', 'restricted');

// 600 companies share the word "costruzioni" (beyond every probe), 40 have a longer word starting with
// it, 100 do not have it. Names are spread so that creation order is not name order.
const letters = 'abcdefghijklmnopqrstuvwxyz';
const stem = (i: number) => [...String((i * 7_919) % 10_007).padStart(5, '0')].map((d) => letters[Number(d) + (i % 16)]).join('');
const companyAt = (i: number): Company => {
  const word = i < 600 ? 'Costruzioni' : i < 640 ? 'Costruzionimeccaniche' : 'Impianti';
  const at = new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString();
  return {
    id: `co-${String(i).padStart(4, '0')}`,
    code: `C${String(i + 1).padStart(6, '0')}`,
    profile: {
      ...emptyCompanyProfile,
      legalName: `${stem(i)} ${word} S.r.l.`,
      tags: i % 4 === 0 ? ['vip'] : [],
      addresses: [{ type: 'registered', city: i % 2 === 0 ? 'Torino' : 'Milano' }],
    },
    responsibleUserId: i % 5 === 0 ? 'rita' : i % 5 === 1 ? 'olga' : null,
    accountManagers: [],
    status: null,
    customFields: {},
    noteCount: 0,
    createdBy: 'test',
    createdAt: at,
    updatedAt: at,
  };
};
const companies = Array.from({ length: 740 }, (_, i) => companyAt(i));

/** What a search must return, computed without the index: every company verified, ranked, cut. */
const bruteForce = (actor: Actor, q: string, limit: number, keep: (c: Company) => boolean = () => true) =>
  companies
    .flatMap((c) => {
      const score = matchScore(companySearchTokens(c), q);
      return score !== null && canSeeOwned(actor, c) && keep(c) ? [{ c, score, name: normaliseName(c.profile.legalName) }] : [];
    })
    .sort((a, b) => b.score - a.score || (a.name < b.name ? -1 : a.name > b.name ? 1 : a.c.id < b.c.id ? -1 : 1))
    .slice(0, limit)
    .map(({ c }) => c.profile.legalName);

const search = async (actor: Actor, params: Record<string, string>) => {
  const store = new CountingStore(db, localTableNames.readModels);
  const page = await listCompanies(store, actor, CompanyListQuery.parse(params));
  return { names: (page.items as { legalName: string }[]).map((i) => i.legalName), loaded: store.loaded };
};

beforeAll(async () => {
  const items = companies.flatMap((c) => [companyListProjection.toItem(tenant, c.id, c, 1), ...companyListProjection.satellites!(tenant, c.id, c)]);
  for (let start = 0; start < items.length; start += 25) {
    const requests = items.slice(start, start + 25).map((Item) => ({ PutRequest: { Item } }));
    let pending: typeof requests | undefined = requests;
    while (pending && pending.length > 0) {
      const result = await db.send(new BatchWriteCommand({ RequestItems: { [localTableNames.readModels]: pending } }));
      pending = result.UnprocessedItems?.[localTableNames.readModels] as typeof requests | undefined;
    }
  }
}, 120_000);

describe('search for a word shared by hundreds of companies', () => {
  it('returns the same best page as verifying every company, loading a page of them, not all', async () => {
    const { names, loaded } = await search(admin, { q: 'costruzioni', limit: '20' });
    expect(names).toEqual(bruteForce(admin, 'costruzioni', 20));
    expect(names).toHaveLength(20);
    // 640 companies match; the search loads about one page of them.
    expect(loaded).toBeLessThanOrEqual(3 * 20);
  });

  it('pages further for a restricted user and for a filter, and still returns the best matches', async () => {
    const restricted = await search(rita, { q: 'costruzioni', limit: '20' });
    expect(restricted.names).toEqual(bruteForce(rita, 'costruzioni', 20));
    const vip = await search(admin, { q: 'costruzioni', tag: 'vip', limit: '20' });
    expect(vip.names).toEqual(bruteForce(admin, 'costruzioni', 20, (c) => c.profile.tags.includes('vip')));
    // A quarter of the companies pass the tag filter: more pages, still a fraction of the 640.
    expect(vip.loaded).toBeLessThan(640 / 2);
  });

  it('lists exact words before longer ones, and reaches the longer ones when the exact word runs out', async () => {
    const all = await search(admin, { q: 'costruzionim', limit: '50' });
    expect(all.names).toEqual(bruteForce(admin, 'costruzionim', 50));
    expect(all.names).toHaveLength(40);
    const mixed = await search(admin, { q: 'costruzioni', limit: '100' });
    expect(mixed.names).toEqual(bruteForce(admin, 'costruzioni', 100));
  });

  it('pages through the most selective broad term and verifies the other one', async () => {
    // Both words are shared by hundreds of companies: neither probe completes.
    const { names, loaded } = await search(admin, { q: 'torino costruzioni', limit: '20' });
    expect(names).toEqual(bruteForce(admin, 'torino costruzioni', 20));
    expect(names).toHaveLength(20);
    expect(loaded).toBeLessThan(640 / 4);
  });
});
