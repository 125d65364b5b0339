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

const create = (token: string, body: Record<string, unknown>) => created(api, '/v1/contacts', token, body);

const registerCompany = (token: string, body: Record<string, unknown>) => created(api, '/v1/companies', token, body);

const patch = (token: string, id: string, body: Record<string, unknown>, headers: Record<string, string> = {}) =>
  api.call('PATCH', `/v1/contacts/${id}`, { token, body, headers });

const names = async (token: string, query: string) => {
  const response = await api.get(`/v1/contacts${query}`, token);
  expect(response.status, response.text).toBe(200);
  return (response.body.items as { name: string }[]).map((i) => i.name);
};

const search = (token: string, q: string, extra = '') => names(token, `?q=${encodeURIComponent(q)}${extra}`);

describe('contacts', () => {
  it('creates a contact, patches it with If-Match, and reads it back with history and asOf', async () => {
    const { olga } = await tenantWith(stack, 'ct');
    const aneta = await create(olga, {
      firstName: ' Aneta ',
      lastName: 'Nowak',
      position: 'CEO',
      stage: 'lead',
      source: 'targi',
      emails: [{ type: 'work', address: 'Aneta.Nowak@Przyklad.PL' }],
      phones: [
        { type: 'mobile', number: '+48 601 234 567' },
        { type: 'office_fax', number: '22 123 45 67' },
      ],
      address: { street: 'ul. Marszałkowska 1', street2: ' ', postcode: '00-950', city: 'Warszawa', region: 'mazowieckie', country: 'PL' },
      tags: ['vip', 'VIP'],
    });
    expect(aneta).toMatchObject({
      name: 'Aneta Nowak',
      firstName: 'Aneta',
      lastName: 'Nowak',
      emails: [{ type: 'work', address: 'aneta.nowak@przyklad.pl' }],
      address: { street: 'ul. Marszałkowska 1', postcode: '00-950', city: 'Warszawa', region: 'mazowieckie', country: 'PL' },
      tags: ['vip'],
      companyId: null,
      accountManagers: [],
      avatarKey: null,
      recentInteractions: [],
      recentNotes: [],
      version: 1,
    });
    expect(aneta.address).not.toHaveProperty('street2');
    const got = await api.get(`/v1/contacts/${aneta.id}`, olga);
    expect(got.headers.get('etag')).toBe('"1"');
    expect(got.body).toEqual(aneta);

    const before = new Date().toISOString();
    const patched = await patch(olga, aneta.id, { stage: 'client', tags: { add: ['partner'], remove: ['VIP'] }, accountManagers: ['olga'] }, { 'if-match': '"1"' });
    expect(patched.status, patched.text).toBe(200);
    expect(patched.body).toMatchObject({ stage: 'client', tags: ['partner'], accountManagers: ['olga'], version: 3 });
    expect(patched.headers.get('etag')).toBe('"3"');
    expectProblem(await patch(olga, aneta.id, { stage: 'lost' }, { 'if-match': '"1"' }), 412);
    expectProblem(await patch(olga, aneta.id, { stage: 'lost' }, { 'if-match': 'soon' }), 400, 'header.if-match');

    const history = await api.get(`/v1/contacts/${aneta.id}/history`, olga);
    expect(history.body.items.map((e: { type: string }) => e.type)).toEqual(['ContactCreated', 'ContactProfileChanged', 'ContactAccountManagersChanged']);
    expect(history.body.items[1].data.changes).toEqual({ stage: 'client', tags: ['partner'] });
    const past = await api.get(`/v1/contacts/${aneta.id}?asOf=${encodeURIComponent(before)}`, olga);
    expect(past.body).toMatchObject({ stage: 'lead', tags: ['vip'], version: 1 });
    expectProblem(await api.get('/v1/contacts/nobody', olga), 404);
  });

  it('refuses malformed input with the field path, and nothing is written', async () => {
    const { olga } = await tenantWith(stack, 'ctbad');
    expectProblem(await api.post('/v1/contacts', olga, {}), 422, 'body.firstName');
    expectProblem(await api.post('/v1/contacts', olga, { firstName: '  ', lastName: '' }), 422, 'body.firstName');
    expectProblem(await api.post('/v1/contacts', olga, { lastName: 'X', emails: [{ type: 'work', address: 'nope' }] }), 422, 'body.emails.0.address');
    expectProblem(await api.post('/v1/contacts', olga, { lastName: 'X', phones: [{ type: 'mobile', number: 'call me' }] }), 422, 'body.phones.0.number');
    expectProblem(await api.post('/v1/contacts', olga, { lastName: 'X', phones: [{ type: 'pager', number: '601234567' }] }), 400, 'body.phones.0.type');
    expectProblem(await api.post('/v1/contacts', olga, { lastName: 'X', address: { type: 'office' } }), 400, 'body.address');
    expectProblem(await api.post('/v1/contacts', olga, { lastName: 'X', nickname: 'x' }), 400, 'body');
    expectProblem(await api.post('/v1/contacts', olga, { lastName: 42 }), 400, 'body.lastName');
    expectProblem(await api.get('/v1/contacts?sort=age', olga), 400, 'query.sort');
    expectProblem(await api.get('/v1/contacts?phone=abc', olga), 400, 'query.phone');
    expectProblem(await api.get('/v1/contacts?q=x', olga), 400, 'query.q');
    expectProblem(await api.get('/v1/contacts?cursor=garbage', olga), 400, 'query.cursor');
    const one = await create(olga, { lastName: 'Solo' });
    expectProblem(await patch(olga, one.id, {}), 400, 'body');
    expectProblem(await patch(olga, one.id, { lastName: null }), 422, 'body.firstName');
    expectProblem(await api.post(`/v1/contacts/${one.id}/notes`, olga, { body: '   ' }), 422, 'body.body');
    expectProblem(await api.post(`/v1/contacts/${one.id}/interactions`, olga, { channel: 'pigeon', direction: 'inbound' }), 400, 'body.channel');
    const future = new Date(Date.now() + 3_600_000).toISOString();
    expectProblem(await api.post(`/v1/contacts/${one.id}/interactions`, olga, { channel: 'call', direction: 'inbound', occurredAt: future }), 422, 'body.occurredAt');
    expect((await api.get(`/v1/contacts/${one.id}/history`, olga)).body.items).toHaveLength(1);
    await eventually(async () => expect(await names(olga, '')).toEqual(['Solo']));
  });

  it('links a contact to one company at a time, refusing unknown and invisible companies alike', async () => {
    const { olga, rita } = await tenantWith(stack, 'ctlink');
    const acme = await registerCompany(olga, { legalName: 'Acme Sp. z o.o.' });
    const beta = await registerCompany(olga, { legalName: 'Beta S.A.' });
    const olgas = await registerCompany(olga, { legalName: 'Olga Only Srl', responsibleUserId: 'olga' });

    const jan = await create(olga, { firstName: 'Jan', lastName: 'Kowalski', companyId: acme.id });
    expect(jan.companyId).toBe(acme.id);
    const relinked = await patch(olga, jan.id, { companyId: beta.id });
    expect(relinked.body.companyId).toBe(beta.id);
    const unlinked = await patch(olga, jan.id, { companyId: null });
    expect(unlinked.body.companyId).toBeNull();
    const history = (await api.get(`/v1/contacts/${jan.id}/history`, olga)).body.items;
    expect(history.slice(1)).toMatchObject([
      { type: 'ContactLinkedToCompany', data: { companyId: beta.id, previousCompanyId: acme.id } },
      { type: 'ContactUnlinkedFromCompany', data: { companyId: beta.id } },
    ]);
    // Unlinking what is not linked, or linking to the same company again, records nothing.
    expect((await patch(olga, jan.id, { companyId: null })).body.version).toBe(3);

    expectProblem(await api.post('/v1/contacts', olga, { lastName: 'X', companyId: 'no-such' }), 422, 'body.companyId');
    expectProblem(await patch(olga, jan.id, { companyId: 'no-such' }), 422, 'body.companyId');
    // A company the restricted user cannot see is refused exactly like one that does not exist.
    const unknown = await api.post('/v1/contacts', rita, { lastName: 'Rita contact', companyId: 'no-such' });
    const invisible = await api.post('/v1/contacts', rita, { lastName: 'Rita contact', companyId: olgas.id });
    expectProblem(invisible, 422, 'body.companyId');
    expect(invisible.body.detail).toBe(unknown.body.detail);
    expect(invisible.body.errors).toEqual(unknown.body.errors);
    const ritas = await create(rita, { lastName: 'Rita contact', companyId: acme.id });
    expect(ritas.companyId).toBe(acme.id);

    await eventually(async () => expect(await names(olga, `?company=${acme.id}`)).toEqual(['Rita contact']));
  });

  it('logs interactions and notes on the contact, newest first', async () => {
    const { olga } = await tenantWith(stack, 'cttl');
    const c = await create(olga, { firstName: 'Anna', lastName: 'Wiśniewska' });
    const call = await api.post(`/v1/contacts/${c.id}/interactions`, olga, {
      channel: 'call',
      direction: 'outbound',
      outcome: 'call back',
      notes: 'Interested in the offer',
      occurredAt: '2026-01-10T10:00:00+01:00',
    });
    expect(call.status, call.text).toBe(200);
    expect(call.body.recentInteractions).toEqual([
      expect.objectContaining({ channel: 'call', direction: 'outbound', outcome: 'call back', occurredAt: '2026-01-10T09:00:00.000Z', loggedBy: 'olga' }),
    ]);
    await api.post(`/v1/contacts/${c.id}/interactions`, olga, { channel: 'sms', direction: 'inbound' });
    const noted = await api.post(`/v1/contacts/${c.id}/notes`, olga, { body: 'Prefers e-mail' }, { 'if-match': '"3"' });
    expect(noted.status, noted.text).toBe(200);
    const contact = (await api.get(`/v1/contacts/${c.id}`, olga)).body;
    expect(contact.recentInteractions.map((i: { channel: string }) => i.channel)).toEqual(['sms', 'call']);
    expect(contact).toMatchObject({ interactionCount: 2, noteCount: 1, recentNotes: [{ body: 'Prefers e-mail', author: 'olga' }], version: 4 });
    expectProblem(await api.post(`/v1/contacts/${c.id}/notes`, olga, { body: 'late' }, { 'if-match': '"3"' }), 412);
    expectProblem(await api.post('/v1/contacts/nobody/notes', olga, { body: 'x' }), 404);
    // The list item stays small: no timeline on it.
    await eventually(async () => expect((await api.get('/v1/contacts', olga)).body.items[0].version).toBe(4));
  });

  it('finds contacts by name (Polish letters folded), e-mail, phone and city', async () => {
    const { olga } = await tenantWith(stack, 'ctsearch');
    await create(olga, {
      firstName: 'Łukasz',
      lastName: 'Żółć',
      emails: [{ type: 'work', address: 'lukasz.zolc@przyklad.pl' }],
      phones: [{ type: 'mobile', number: '+48 601 234 567' }],
      address: { city: 'Łódź', country: 'PL' },
    });
    await create(olga, { firstName: 'Małgorzata', lastName: 'Kowalska-Nowak', address: { city: 'Kraków' } });
    await create(olga, { firstName: 'Sp', lastName: 'Zoo', position: 'legal forms are names here' });
    await eventually(async () => expect(await search(olga, 'lukasz')).toEqual(['Łukasz Żółć']));
    await eventually(async () => expect(await search(olga, 'kowalska')).toHaveLength(1));

    for (const q of ['lukasz zolc', 'Łukasz Żółć', 'ŻÓŁĆ', 'zol', 'luk zo', 'lukasz.zolc@przyklad.pl', 'przyklad.pl', '+48 601 234 567', '601234567', '0048 601 234 567', 'lodz']) {
      expect(await search(olga, q), q).toEqual(['Łukasz Żółć']);
    }
    for (const q of ['malgorzata', 'nowak', 'kowalska-nowak', 'krakow']) expect(await search(olga, q), q).toEqual(['Małgorzata Kowalska-Nowak']);
    expect(await search(olga, 'zoo')).toEqual(['Sp Zoo']);
    expect(await search(olga, 'lukasz krakow')).toEqual([]);
    expect(await search(olga, 'lukasz', '&city=krakow')).toEqual([]);
    expect(await search(olga, 'lukasz', '&city=LODZ')).toEqual(['Łukasz Żółć']);
  });

  it("filters on every field of the Polish seed, sorts by name or by last change, and pages", async () => {
    const { olga } = await tenantWith(stack, 'ctfilter');
    const acme = await registerCompany(olga, { legalName: 'Acme' });
    await create(olga, {
      firstName: 'Jan',
      lastName: 'Kowalski',
      position: 'CEO',
      stage: 'lead',
      source: 'Targi',
      emails: [{ type: 'work', address: 'jan@acme.pl' }],
      phones: [{ type: 'work', number: '+48 22 123 45 67' }],
      address: { street: 'ul. Długa 5', postcode: '00-238', city: 'Warszawa', region: 'Mazowieckie', country: 'Polska' },
      tags: ['VIP'],
      segments: ['Hurt', 'Łódzkie B2B'],
      companyId: acme.id,
      accountManagers: ['olga'],
    });
    await create(olga, {
      firstName: 'Ewa',
      lastName: 'Zielińska',
      position: 'CTO',
      stage: 'client',
      source: 'www',
      emails: [{ type: 'other', address: 'ewa@poczta.pl' }],
      phones: [{ type: 'mobile', number: '501 999 888' }],
      address: { street: 'ul. Krótka 1', postcode: '30-001', city: 'Kraków', region: 'Małopolskie', country: 'Polska' },
      segments: ['Detal'],
      accountManagers: ['tom'],
    });
    await create(olga, { firstName: 'Adam', lastName: 'Abacki' });
    await eventually(async () => expect(await names(olga, '')).toEqual(['Adam Abacki', 'Jan Kowalski', 'Ewa Zielińska']));
    expect(await names(olga, '?sort=updated')).toEqual(['Adam Abacki', 'Ewa Zielińska', 'Jan Kowalski']);
    const cases: [string, string[]][] = [
      ['firstName=JA', ['Jan Kowalski']],
      ['lastName=zielinsk', ['Ewa Zielińska']],
      ['address=dluga', ['Jan Kowalski']],
      ['postcode=30', ['Ewa Zielińska']],
      ['postcode=00-238', ['Jan Kowalski']],
      ['city=krakow', ['Ewa Zielińska']],
      ['region=mazowieckie', ['Jan Kowalski']],
      ['country=POLSKA', ['Jan Kowalski', 'Ewa Zielińska']],
      ['position=cto', ['Ewa Zielińska']],
      ['email=acme', ['Jan Kowalski']],
      ['source=targi', ['Jan Kowalski']],
      ['phone=%2B48%20501%20999%20888', ['Ewa Zielińska']],
      ['phone=123%2045', ['Jan Kowalski']],
      ['stage=lead', ['Jan Kowalski']],
      ['tag=vip', ['Jan Kowalski']],
      [`company=${acme.id}`, ['Jan Kowalski']],
      ['manager=tom', ['Ewa Zielińska']],
      ['mine=true', ['Jan Kowalski']],
      ['country=polska&stage=client', ['Ewa Zielińska']],
      ['city=', ['Adam Abacki', 'Jan Kowalski', 'Ewa Zielińska']],
      ['q=jan&stage=client', []],
      ['q=kowalski&mine=true&tag=vip', ['Jan Kowalski']],
      // The seed's "Segmentacja", folded like the other filters; countries compare as ISO codes.
      ['segment=hurt', ['Jan Kowalski']],
      ['segment=lodzkie%20b2b', ['Jan Kowalski']],
      ['segment=detal&stage=client', ['Ewa Zielińska']],
      ['segment=detal&stage=lead', []],
      ['q=kowalski&segment=hurt', ['Jan Kowalski']],
      ['q=kowalski&segment=detal', []],
      ['country=PL', ['Jan Kowalski', 'Ewa Zielińska']],
      ['country=Lengyelorsz%C3%A1g', ['Jan Kowalski', 'Ewa Zielińska']],
    ];
    for (const [query, expected] of cases) expect(await names(olga, `?${query}`), query).toEqual(expected);

    const first = await api.get('/v1/contacts?limit=2', olga);
    expect(first.body.items.map((i: { name: string }) => i.name)).toEqual(['Adam Abacki', 'Jan Kowalski']);
    const rest = await api.get(`/v1/contacts?limit=2&cursor=${first.body.nextCursor}`, olga);
    expect(rest.body.items.map((i: { name: string }) => i.name)).toEqual(['Ewa Zielińska']);
    expect(first.body.items[1]).toMatchObject({ email: 'jan@acme.pl', phone: '+48 22 123 45 67', city: 'Warszawa', companyId: acme.id });
    expect(first.body.items[1].segments).toEqual(['Hurt', 'Łódzkie B2B']);

    const jan = first.body.items[1];
    const moved = await patch(olga, jan.id, { segments: { add: ['Detal'], remove: ['hurt'] } });
    expect(moved.status, moved.text).toBe(200);
    expect(moved.body).toMatchObject({ segments: ['Łódzkie B2B', 'Detal'], address: { country: 'PL' } });
    await eventually(async () => expect(await names(olga, '?segment=detal')).toEqual(['Jan Kowalski', 'Ewa Zielińska']));
    expect(await names(olga, '?segment=hurt')).toEqual([]);
  });

  it('shows a restricted user only contacts they manage plus unmanaged ones — in lists, search and detail', async () => {
    const { olga, rita, admin } = await tenantWith(stack, 'ctrestricted');
    const managed = await create(olga, { firstName: 'Rita', lastName: 'Managed', accountManagers: ['rita', 'olga'] });
    const free = await create(olga, { firstName: 'Rita', lastName: 'Unmanaged' });
    const hidden = await create(olga, { firstName: 'Rita', lastName: 'Hidden', accountManagers: ['olga'] });
    await eventually(async () => expect(await search(admin, 'rita')).toHaveLength(3));
    expect((await search(rita, 'rita')).toSorted()).toEqual(['Rita Managed', 'Rita Unmanaged']);
    expect(await search(rita, 'hidden')).toEqual([]);
    const listed = (await api.get('/v1/contacts', rita)).body.items.map((i: { id: string }) => i.id);
    expect(listed.toSorted()).toEqual([managed.id, free.id].toSorted());
    expect(await names(rita, '?mine=true')).toEqual(['Rita Managed']);
    expect(await names(rita, '?manager=olga')).toEqual(['Rita Managed']);
    expectProblem(await api.get(`/v1/contacts/${hidden.id}`, rita), 404);
    expectProblem(await api.get(`/v1/contacts/${hidden.id}/history`, rita), 404);
    expectProblem(await patch(rita, hidden.id, { stage: 'x' }, { 'if-match': '"1"' }), 404);
    expectProblem(await api.post(`/v1/contacts/${hidden.id}/notes`, rita, { body: 'psst' }), 404);
    expectProblem(await api.post(`/v1/contacts/${hidden.id}/interactions`, rita, { channel: 'call', direction: 'outbound' }), 404);
    expect((await api.get(`/v1/contacts/${free.id}`, rita)).status).toBe(200);
  });

  it('applies a bulk change to the contacts it can and reports each failure', async () => {
    const { olga, rita } = await tenantWith(stack, 'ctbulk');
    const a = await create(olga, { lastName: 'Alpha' });
    const b = await create(olga, { lastName: 'Bravo', accountManagers: ['rita'] });
    const full = await create(olga, { lastName: 'Full', tags: Array.from({ length: 50 }, (_, i) => `t${i}`) });
    const hidden = await create(olga, { lastName: 'Hidden', accountManagers: ['olga'] });

    const bulk = await api.post('/v1/contacts/bulk', olga, { ids: [a.id, b.id, full.id, 'nope'], action: { type: 'addTag', tag: 'vip' } });
    expect(bulk.status, bulk.text).toBe(200);
    expect(bulk.body).toMatchObject({ succeeded: 2, failed: 2 });
    expect(bulk.body.results).toEqual([
      { id: a.id, ok: true, version: 2 },
      { id: b.id, ok: true, version: 2 },
      { id: full.id, ok: false, error: expect.objectContaining({ status: 422, detail: expect.stringContaining('tags') }) },
      { id: 'nope', ok: false, error: expect.objectContaining({ status: 404 }) },
    ]);
    expect((await api.get(`/v1/contacts/${a.id}`, olga)).body.tags).toEqual(['vip']);

    const staged = await api.post('/v1/contacts/bulk', rita, { ids: [b.id, hidden.id], action: { type: 'setStage', stage: 'client' } });
    expect(staged.body.results.map((r: { ok: boolean }) => r.ok)).toEqual([true, false]);
    expect(staged.body.results[1].error.status).toBe(404);
    expect((await api.get(`/v1/contacts/${b.id}`, olga)).body.stage).toBe('client');

    const key = { 'idempotency-key': 'ct-bulk-1' };
    const first = await api.post('/v1/contacts/bulk', olga, { ids: [a.id, b.id], action: { type: 'addManager', userId: 'tom' } }, key);
    const again = await api.post('/v1/contacts/bulk', olga, { ids: [a.id, b.id], action: { type: 'addManager', userId: 'tom' } }, key);
    expect(again.body).toEqual(first.body);
    expect((await api.get(`/v1/contacts/${a.id}/history`, olga)).body.items).toHaveLength(3);
    const removed = await api.post('/v1/contacts/bulk', olga, { ids: [a.id], action: { type: 'removeManager', userId: 'tom' } });
    expect(removed.body.results[0]).toMatchObject({ ok: true, version: 4 });

    expectProblem(await api.post('/v1/contacts/bulk', olga, { ids: [], action: { type: 'addTag', tag: 'x' } }), 400, 'body.ids');
    expectProblem(await api.post('/v1/contacts/bulk', olga, { ids: [a.id, a.id], action: { type: 'addTag', tag: 'x' } }), 400, 'body.ids');
    expectProblem(await api.post('/v1/contacts/bulk', olga, { ids: [a.id], action: { type: 'setKind', kind: 'client' } }), 400, 'body.action.type');
  });

  it('rebuilds the contact lists and the search index to what the live projection wrote', async () => {
    const { olga, admin } = await tenantWith(stack, 'ctrebuild', { colleagues: false });
    const c = await create(olga, { firstName: 'Zofia', lastName: 'Ąbel' });
    await patch(olga, c.id, { lastName: 'Nowicka' });
    await eventually(async () => expect(await search(olga, 'nowicka')).toEqual(['Zofia Nowicka']));
    const rebuilt = await rebuildTenant(api, admin);
    expect(rebuilt.progress).toMatchObject({ aggregates: 1, itemsDeleted: 0 });
    expect(await search(olga, 'nowicka')).toEqual(['Zofia Nowicka']);
    expect(await search(olga, 'abel')).toEqual([]);
  });
});
