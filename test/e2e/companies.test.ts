import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalStack } from '../support/local-stack.ts';
import { apiClient, eventually, expectProblem } from '../support/http-client.ts';
import { created, tenantWith } from '../support/directory-fixtures.ts';
import { rebuildTenant } from '../support/rebuild.ts';

type Stack = Awaited<ReturnType<typeof startLocalStack>>;

let stack: Stack;
let api: ReturnType<typeof apiClient>;

beforeAll(async () => {
  stack = await startLocalStack();
  api = apiClient(stack.url);
});
afterAll(async () => stack?.stop());

const register = (token: string, body: Record<string, unknown>) => created(api, '/v1/companies', token, body);

const search = async (token: string, q: string, extra = '') => {
  const response = await api.get(`/v1/companies?q=${encodeURIComponent(q)}${extra}`, token);
  expect(response.status, response.text).toBe(200);
  return (response.body.items as { legalName: string }[]).map((i) => i.legalName);
};

describe('companies', () => {
  it('registers companies with gapless immutable codes and reads them back, with history and asOf', async () => {
    const { olga } = await tenantWith(stack, 'co');
    const fiat = await register(olga, {
      legalName: 'F.I.A.T. S.p.A.',
      aliases: ['FIAT'],
      vatNumber: 'IT 00470400011',
      emails: [{ type: 'work', address: 'Info@Fiat.IT' }],
      phones: [{ type: 'main', number: '+39 011 123 4567' }],
      addresses: [{ type: 'registered', street: 'Corso Agnelli 200', postcode: '10135', city: 'Torino', country: 'IT' }],
      website: 'fiat.it',
      tags: ['auto', 'Auto'],
    });
    expect(fiat).toMatchObject({
      code: 'C000001',
      legalName: 'F.I.A.T. S.p.A.',
      vatNumber: 'IT00470400011',
      emails: [{ type: 'work', address: 'info@fiat.it' }],
      website: 'https://fiat.it/',
      tags: ['auto'],
      kind: 'client',
      version: 1,
    });
    const second = await register(olga, { legalName: 'Acme Ltd' });
    expect(second.code).toBe('C000002');

    const before = new Date().toISOString();
    const patched = await api.call('PATCH', `/v1/companies/${fiat.id}`, {
      token: olga,
      body: { tags: { add: ['cliente-oro'], remove: ['AUTO'] }, kind: 'partner', accountManagers: ['olga'], status: 'to-call' },
      headers: { 'if-match': '"1"' },
    });
    expect(patched.status, patched.text).toBe(200);
    expect(patched.body).toMatchObject({ code: 'C000001', tags: ['cliente-oro'], kind: 'partner', accountManagers: ['olga'], status: 'to-call' });
    expect(patched.headers.get('etag')).toBe('"4"');

    const stale = await api.call('PATCH', `/v1/companies/${fiat.id}`, { token: olga, body: { kind: 'client' }, headers: { 'if-match': '"1"' } });
    expectProblem(stale, 412);
    expectProblem(await api.call('PATCH', `/v1/companies/${fiat.id}`, { token: olga, body: { code: 'C999999' } }), 400, 'body');

    const history = await api.get(`/v1/companies/${fiat.id}/history`, olga);
    expect(history.body.items.map((e: { type: string }) => e.type)).toEqual([
      'CompanyRegistered',
      'CompanyProfileChanged',
      'CompanyAccountManagersChanged',
      'CompanyStatusChanged',
    ]);
    const past = await api.get(`/v1/companies/${fiat.id}?asOf=${encodeURIComponent(before)}`, olga);
    expect(past.body).toMatchObject({ kind: 'client', tags: ['auto'], version: 1 });
  });

  it('refuses malformed fields with the field path, and nothing is written', async () => {
    const { olga } = await tenantWith(stack, 'bad');
    expectProblem(await api.post('/v1/companies', olga, { legalName: '' }), 400, 'body.legalName');
    expectProblem(await api.post('/v1/companies', olga, { legalName: 'X', emails: [{ type: 'work', address: 'not-an-email' }] }), 422, 'body.emails.0.address');
    expectProblem(await api.post('/v1/companies', olga, { legalName: 'X', phones: [{ type: 'mobile', number: 'call me' }] }), 422, 'body.phones.0.number');
    expectProblem(await api.post('/v1/companies', olga, { legalName: 'X', vatNumber: 'IT123' }), 422, 'body.vatNumber');
    expectProblem(await api.post('/v1/companies', olga, { legalName: 'X', kind: 'friend' }), 400, 'body.kind');
    expectProblem(await api.post('/v1/companies', olga, { legalName: 'X', phones: [{ type: 'pager', number: '123456' }] }), 400);
    expect((await api.get('/v1/companies', olga)).body.items).toEqual([]);
    // The sequence did not move: the first real company is still C000001.
    expect((await register(olga, { legalName: 'Good SRL' })).code).toBe('C000001');
  });

  it('keeps VAT numbers and tax codes unique per tenant: one of 20 parallel registrations wins, the rest get 409', async () => {
    const { olga } = await tenantWith(stack, 'vat');
    const attempts = await Promise.all(
      Array.from({ length: 20 }, (_, i) => api.post('/v1/companies', olga, { legalName: `Clone ${i}`, vatNumber: 'PL5260250274' })),
    );
    const created = attempts.filter((r) => r.status === 201);
    expect(created).toHaveLength(1);
    for (const refused of attempts.filter((r) => r.status !== 201)) {
      expectProblem(refused, 409, 'company-vat');
      expect(refused.body.errors[0].message).toContain(created[0]!.body.id);
    }
    // Same number written differently is the same number.
    expectProblem(await api.post('/v1/companies', olga, { legalName: 'Other', vatNumber: 'pl 526-025-02-74' }), 409);
    // A bare number is read in the country of the company's address.
    const polishAddress = [{ type: 'registered', city: 'Łódź', country: 'PL' }];
    expectProblem(await api.post('/v1/companies', olga, { legalName: 'Other', vatNumber: '526-025-02-74', addresses: polishAddress }), 409);
    // Another tenant may hold it.
    const other = await tenantWith(stack, 'vat2');
    await register(other.olga, { legalName: 'Elsewhere', vatNumber: 'PL5260250274' });
    // Released when changed, then free to claim.
    const owner = created[0]!.body;
    await api.call('PATCH', `/v1/companies/${owner.id}`, { token: olga, body: { vatNumber: null } });
    await register(olga, { legalName: 'Now mine', vatNumber: '5260250274' });
  });

  it('finds a company by every spelling of its name, alias, code, VAT, e-mail and phone', async () => {
    const { olga } = await tenantWith(stack, 'search');
    await register(olga, {
      legalName: 'F.I.A.T. S.p.A.',
      aliases: ['FIAT'],
      vatNumber: 'IT00470400011',
      emails: [{ type: 'work', address: 'sales@fiat.it' }],
      phones: [{ type: 'main', number: '+39 011 123 4567' }],
    });
    await register(olga, { legalName: 'Società Elettrica Lombarda S.r.l.' });
    await register(olga, {
      legalName: 'Kovács és Társa Kft.',
      addresses: [{ type: 'office', city: 'Győr', country: 'HU' }],
      phones: [{ type: 'landline', number: '06 96 123 456' }],
    });
    await register(olga, { legalName: 'Przykład Sp. z o.o.', addresses: [{ type: 'office', city: 'Łódź' }] });
    await eventually(async () => expect(await search(olga, 'kovacs')).toEqual(['Kovács és Társa Kft.']));
    await eventually(async () => expect(await search(olga, 'przyklad')).toHaveLength(1));

    for (const q of ['FIAT', 'fiat', 'F.I.A.T.', 'Fiat SpA', 'f.i.a.t. s.p.a.', 'fia', 'C000001', 'c000001', 'IT00470400011', '00470400011', 'sales@fiat.it', 'fiat.it', '+39 011 123 4567', '0039 011 1234567', '011 1234567']) {
      expect(await search(olga, q), q).toEqual(['F.I.A.T. S.p.A.']);
    }
    expect(await search(olga, 'societa')).toEqual(['Società Elettrica Lombarda S.r.l.']);
    expect(await search(olga, 'Società elettrica')).toEqual(['Società Elettrica Lombarda S.r.l.']);
    for (const q of ['kovács és társa', 'Kovacs es Tarsa', 'KOVÁCS ÉS TÁRSA KFT', 'gyor', 'Győr', '+36 96 123 456']) {
      expect(await search(olga, q), q).toEqual(['Kovács és Társa Kft.']);
    }
    for (const q of ['lodz', 'Łódź', 'przykład sp. z o.o.']) expect(await search(olga, q), q).toEqual(['Przykład Sp. z o.o.']);
    expect(await search(olga, 'fiat elettrica')).toEqual([]);
    expectProblem(await api.get('/v1/companies?q=x', olga), 400, 'query.q');
  });

  it('lists by name or by last change, with combinable filters, paginated', async () => {
    const { olga } = await tenantWith(stack, 'lists');
    await register(olga, { legalName: 'Zeta Srl', kind: 'supplier', tags: ['metal'], addresses: [{ type: 'office', city: 'Milano' }] });
    const beta = await register(olga, { legalName: 'Beta SpA', tags: ['Metal', 'gold'], accountManagers: ['olga'], status: 'to-call' });
    await register(olga, { legalName: 'Alfa Kft.', kind: 'prospect', categories: ['Retail'], area: 'Nord' });
    const names = async (query: string) =>
      (await api.get(`/v1/companies${query}`, olga)).body.items.map((i: { legalName: string }) => i.legalName);
    await eventually(async () => expect(await names('')).toEqual(['Alfa Kft.', 'Beta SpA', 'Zeta Srl']));
    expect(await names('?sort=updated')).toEqual(['Alfa Kft.', 'Beta SpA', 'Zeta Srl']);
    expect(await names('?tag=metal')).toEqual(['Beta SpA', 'Zeta Srl']);
    expect(await names('?tag=metal&kind=supplier')).toEqual(['Zeta Srl']);
    expect(await names('?city=milano')).toEqual(['Zeta Srl']);
    expect(await names('?category=retail&area=nord')).toEqual(['Alfa Kft.']);
    expect(await names('?mine=true')).toEqual(['Beta SpA']);
    expect(await names('?manager=olga&status=to-call')).toEqual(['Beta SpA']);
    expect(await names('?q=beta&tag=gold')).toEqual(['Beta SpA']);

    const first = await api.get('/v1/companies?limit=2', olga);
    expect(first.body.items).toHaveLength(2);
    const rest = await api.get(`/v1/companies?limit=2&cursor=${first.body.nextCursor}`, olga);
    expect(rest.body.items.map((i: { legalName: string }) => i.legalName)).toEqual(['Zeta Srl']);
    expect(beta.version).toBe(1);
  });

  it('folds the city filter as the contacts do: ?city=lodz finds "Łódź" (lists and search alike)', async () => {
    const { olga } = await tenantWith(stack, 'cityfold');
    await register(olga, { legalName: 'Przykład Sp. z o.o.', addresses: [{ type: 'office', city: 'Łódź' }], tags: ['Łąka'] });
    await register(olga, { legalName: 'Győri Keksz Kft.', addresses: [{ type: 'office', city: 'Győr' }] });
    const names = async (query: string) =>
      (await api.get(`/v1/companies${query}`, olga)).body.items.map((i: { legalName: string }) => i.legalName);
    await eventually(async () => expect(await names('')).toHaveLength(2));
    for (const city of ['lodz', 'LODZ', 'Łódź', 'łódź']) expect(await names(`?city=${encodeURIComponent(city)}`), city).toEqual(['Przykład Sp. z o.o.']);
    expect(await names('?city=gyor')).toEqual(['Győri Keksz Kft.']);
    expect(await names('?tag=laka')).toEqual(['Przykład Sp. z o.o.']);
    expect(await names('?q=przyklad&city=lodz')).toEqual(['Przykład Sp. z o.o.']);
  });

  it('fills a filtered page up to limit (a rare tag far down the list), then pages on from the last item shown', async () => {
    const { olga } = await tenantWith(stack, 'fill');
    const common = Array.from({ length: 60 }, (_, i) => `Azienda ${String(i).padStart(3, '0')} Srl`);
    for (let i = 0; i < common.length; i += 10) await Promise.all(common.slice(i, i + 10).map((legalName) => register(olga, { legalName, tags: ['common'] })));
    for (const legalName of ['Zeta Uno Srl', 'Zeta Due Srl', 'Zeta Tre Srl']) await register(olga, { legalName, tags: ['rare'] });
    await eventually(async () => expect((await api.get('/v1/companies?limit=200', olga)).body.items).toHaveLength(63), 30_000);

    const page = async (query: string) => {
      const response = await api.get(`/v1/companies${query}`, olga);
      expect(response.status, response.text).toBe(200);
      return { names: response.body.items.map((i: { legalName: string }) => i.legalName), next: response.body.nextCursor as string | null };
    };
    // Before: 10 reads of `limit` rows each evaluated 20 rows and answered an empty page with a cursor.
    const first = await page('?tag=rare&limit=2');
    expect(first.names).toEqual(['Zeta Due Srl', 'Zeta Tre Srl']);
    expect(first.next).not.toBeNull();
    const second = await page(`?tag=rare&limit=2&cursor=${first.next}`);
    expect(second.names).toEqual(['Zeta Uno Srl']);
    if (second.next !== null) expect((await page(`?tag=rare&limit=2&cursor=${second.next}`)).names).toEqual([]);
    // Newest first as well, and every item of an unfiltered walk is seen exactly once.
    expect((await page('?tag=rare&limit=3&sort=updated')).names).toEqual(['Zeta Tre Srl', 'Zeta Due Srl', 'Zeta Uno Srl']);
    const seen: string[] = [];
    for (let cursor: string | null = '', i = 0; cursor !== null && i < 20; i += 1) {
      const next = await page(`?tag=common&limit=7${cursor ? `&cursor=${cursor}` : ''}`);
      seen.push(...next.names);
      cursor = next.next;
    }
    expect(seen).toEqual(common);
  });

  it('shows a restricted user only companies they are responsible for or manage, plus unassigned ones — in lists, search and detail', async () => {
    const { olga, rita, admin } = await tenantWith(stack, 'restricted');
    const ritas = await register(olga, { legalName: 'Rita Responsible Srl', responsibleUserId: 'rita' });
    const managed = await register(olga, { legalName: 'Rita Managed Srl', accountManagers: ['rita', 'olga'] });
    const free = await register(olga, { legalName: 'Rita Unassigned Srl' });
    const hidden = await register(olga, { legalName: 'Rita Hidden Srl', responsibleUserId: 'olga' });
    await eventually(async () => expect(await search(admin, 'rita')).toHaveLength(4));
    expect((await search(rita, 'rita')).toSorted()).toEqual(['Rita Managed Srl', 'Rita Responsible Srl', 'Rita Unassigned Srl']);
    const listed = (await api.get('/v1/companies', rita)).body.items.map((i: { id: string }) => i.id);
    expect(listed.toSorted()).toEqual([ritas.id, managed.id, free.id].toSorted());
    expectProblem(await api.get(`/v1/companies/${hidden.id}`, rita), 404);
    expectProblem(await api.get(`/v1/companies/${hidden.id}/history`, rita), 404);
    expectProblem(await api.call('PATCH', `/v1/companies/${hidden.id}`, { token: rita, body: { kind: 'partner' }, headers: { 'if-match': '"1"' } }), 404);
    expect((await api.get(`/v1/companies/${free.id}`, rita)).status).toBe(200);
  });

  it('rebuilds the company lists and the search index to what the live projection wrote', async () => {
    const { olga, admin } = await tenantWith(stack, 'rebuild', { colleagues: false });
    const fiat = await register(olga, { legalName: 'F.I.A.T. S.p.A.', aliases: ['FIAT'] });
    await api.call('PATCH', `/v1/companies/${fiat.id}`, { token: olga, body: { aliases: ['Fabbrica Italiana Automobili Torino'] } });
    await eventually(async () => expect(await search(olga, 'fabbrica')).toEqual(['F.I.A.T. S.p.A.']));
    const rebuilt = await rebuildTenant(api, admin);
    expect(rebuilt.progress).toMatchObject({ aggregates: 1, itemsDeleted: 0 });
    expect(await search(olga, 'fabbrica')).toEqual(['F.I.A.T. S.p.A.']);
    expect(await search(olga, 'torino automobili')).toEqual(['F.I.A.T. S.p.A.']);
  });

  it('applies a bulk change to the companies it can and reports each failure, never stopping at one', async () => {
    const { olga, rita } = await tenantWith(stack, 'bulk');
    const a = await register(olga, { legalName: 'Alpha Srl' });
    const b = await register(olga, { legalName: 'Bravo Srl', responsibleUserId: 'rita' });
    const full = await register(olga, { legalName: 'Full Tags Srl', tags: Array.from({ length: 50 }, (_, i) => `t${i}`) });
    const hidden = await register(olga, { legalName: 'Hidden Srl', responsibleUserId: 'olga' });

    const bulk = await api.post('/v1/companies/bulk', olga, { ids: [a.id, b.id, full.id, 'nope'], action: { type: 'addTag', tag: 'vip' } });
    expect(bulk.status, bulk.text).toBe(200);
    expect(bulk.body).toMatchObject({ succeeded: 2, failed: 2 });
    expect(bulk.body.results).toEqual([
      { id: a.id, ok: true, version: 2 },
      { id: b.id, ok: true, version: 2 },
      { id: full.id, ok: false, error: expect.objectContaining({ status: 422, detail: expect.stringContaining('tags') }) },
      { id: 'nope', ok: false, error: expect.objectContaining({ status: 404 }) },
    ]);
    expect((await api.get(`/v1/companies/${a.id}`, olga)).body.tags).toEqual(['vip']);
    expect((await api.get(`/v1/companies/${full.id}`, olga)).body.version).toBe(1);

    // A restricted user cannot reach what they cannot see.
    const restricted = await api.post('/v1/companies/bulk', rita, { ids: [b.id, hidden.id], action: { type: 'setStatus', status: 'called' } });
    expect(restricted.body.results.map((r: { ok: boolean }) => r.ok)).toEqual([true, false]);
    expect(restricted.body.results[1].error.status).toBe(404);

    // With an Idempotency-Key, a retried bulk request replays instead of applying twice.
    const key = { 'idempotency-key': 'bulk-managers-1' };
    const first = await api.post('/v1/companies/bulk', olga, { ids: [a.id, b.id], action: { type: 'addManager', userId: 'tom' } }, key);
    const again = await api.post('/v1/companies/bulk', olga, { ids: [a.id, b.id], action: { type: 'addManager', userId: 'tom' } }, key);
    expect(again.body).toEqual(first.body);
    expect((await api.get(`/v1/companies/${a.id}/history`, olga)).body.items).toHaveLength(3);

    expectProblem(await api.post('/v1/companies/bulk', olga, { ids: [], action: { type: 'addTag', tag: 'x' } }), 400, 'body.ids');
    expectProblem(await api.post('/v1/companies/bulk', olga, { ids: [a.id, a.id], action: { type: 'addTag', tag: 'x' } }), 400, 'body.ids');
    expectProblem(await api.post('/v1/companies/bulk', olga, { ids: [a.id], action: { type: 'explode' } }), 400, 'body.action.type');
    const tooMany = Array.from({ length: 101 }, (_, i) => `id-${i}`);
    expectProblem(await api.post('/v1/companies/bulk', olga, { ids: tooMany, action: { type: 'addTag', tag: 'x' } }), 400, 'body.ids');
  });
});
