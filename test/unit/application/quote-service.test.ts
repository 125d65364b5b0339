import { describe, expect, it } from 'vitest';
import type { MemoryEventStore } from '../../../adapters/memory/memory-event-store.ts';
import { quoteService } from '../../../application/sales/quote-service.ts';
import { salesSettingsService } from '../../../application/sales/sales-settings.ts';
import { idempotencyFor, type CommandContext } from '../../../application/shared/command-context.ts';
import { DomainError, IdempotencyKeyReusedError, StaleVersionError } from '../../../application/shared/errors.ts';
import type { QuoteContentInput } from '../../../domain/sales/quote.ts';
import type { Actor } from '../../../domain/shared/actor.ts';
import type { StoredEvent } from '../../../events/envelope.ts';
import { failure, memoryDependencies } from '../../support/memory-dependencies.ts';
import { memoryPeople } from '../../support/memory-people.ts';

/** The quote service on the in-memory event store, with an injected clock (never today's date). */
const at = '2026-03-02T09:00:00.000Z';
const olga: Actor = { tenant: 't1', userId: 'olga', role: 'standard', groups: [] };
const rita: Actor = { tenant: 't1', userId: 'rita', role: 'restricted', groups: [] };
const ada: Actor = { tenant: 't1', userId: 'ada', role: 'admin', groups: [] };
const context = (actor: Actor): CommandContext => ({ actor, correlationId: 'c1' });
const users = ['olga', 'tom', 'rita', 'ada'];

const profile = (legalName: string, kind: string) => ({
  legalName,
  aliases: [],
  kind,
  vatNumber: null,
  taxCode: null,
  addresses: [],
  phones: [],
  emails: [],
  website: null,
  categories: [],
  area: null,
  segments: [],
  tags: [],
});

const append = (store: MemoryEventStore, aggregateType: string, aggregateId: string, type: string, data: unknown, commitAt = at) =>
  store.commit({
    tenant: 't1',
    at: commitAt,
    meta: { actor: 'ada', commandId: `k-${aggregateId}-${type}`, correlationId: 'c0' },
    streams: [{ aggregateType, aggregateId, expectedVersion: 0, events: [{ type, data }] }],
  });

const company = (store: MemoryEventStore, id: string, kind = 'client') =>
  append(store, 'company', id, 'CompanyRegistered', { companyId: id, code: id === 'acme' ? 'C000001' : 'C000002', profile: profile(id, kind), responsibleUserId: null, accountManagers: [], status: null });

const given = async (clock: { now: string } = { now: at }, timezone = 'Europe/Rome') => {
  const { eventStore, source } = memoryDependencies(at, {
    now: () => clock.now,
    people: memoryPeople('t1', { olga: { timezone }, rita: { timezone } }),
    peopleOfRecord: { activeUser: async (tenant, userId) => tenant === 't1' && users.includes(userId), group: async () => false },
  });
  await company(eventStore, 'acme');
  await company(eventStore, 'supplier', 'supplier');
  return { eventStore, quotes: quoteService(source), settings: salesSettingsService(source), clock };
};

const input = (change: Partial<QuoteContentInput> = {}): QuoteContentInput => ({
  party: { kind: 'company', id: 'acme' },
  operatorId: 'olga',
  validFrom: '2026-03-02',
  validUntil: '2026-03-31',
  lines: [{ description: 'Consulting', quantity: '3', unitPrice: '33.33' }],
  description: 'Website',
  ...change,
});

const refusal = async (promise: Promise<unknown>) => {
  const error = await failure(promise);
  expect(error).toBeInstanceOf(DomainError);
  return error as DomainError;
};

describe('quote service (in-memory event store)', () => {
  it('drafts quotes numbered Q-<year>-00001, 00002 … from a gapless per-year sequence, priced exactly', async () => {
    const { quotes } = await given();
    const first = await quotes.draftQuote(context(olga), input());
    const second = await quotes.draftQuote(context(olga), input({ lines: [{ description: 'a', quantity: '1', unitPrice: '0.1' }, { description: 'b', quantity: '1', unitPrice: '0.2' }] }));
    expect(first.result).toMatchObject({ created: true, version: 1, record: { reference: 'Q-2026-00001', revision: 1, status: 'draft', currency: 'EUR', totals: { net: '99.99', vatTotal: '22.00', gross: '121.99' } } });
    expect(second.result.record).toMatchObject({ reference: 'Q-2026-00002', totals: { net: '0.30', gross: '0.37' } });
    // A refused draft takes no number.
    await refusal(quotes.draftQuote(context(olga), input({ description: '' })));
    expect((await quotes.draftQuote(context(olga), input())).result.record.reference).toBe('Q-2026-00003');
  });

  it("numbers by the year of the drafting day in the actor's time zone: 23:30 UTC on 31 December is already next year in Rome", async () => {
    const { quotes, clock } = await given({ now: '2026-12-31T22:30:00.000Z' });
    expect((await quotes.draftQuote(context(olga), input())).result.record.reference).toBe('Q-2026-00001');
    clock.now = '2026-12-31T23:30:00.000Z';
    expect((await quotes.draftQuote(context(olga), input())).result.record).toMatchObject({ reference: 'Q-2027-00001', year: 2027, number: 1 });
    const inNewYork = await given({ now: '2026-12-31T23:30:00.000Z' }, 'America/New_York');
    expect((await inNewYork.quotes.draftQuote(context(olga), input())).result.record.reference).toBe('Q-2026-00001');
  });

  it("takes VAT rate and currency from the tenant's country until an administrator sets them", async () => {
    const { quotes, settings, eventStore } = await given();
    expect((await settings.getSalesDefaults(olga)).record).toMatchObject({ defaultVatRate: '22', defaultCurrency: 'EUR', country: null, version: 0 });
    await append(eventStore, 'directory-defaults', 'directory', 'DirectoryDefaultsSet', { defaultCountry: 'HU' });
    expect((await settings.getSalesDefaults(olga)).record).toMatchObject({ defaultVatRate: '27', defaultCurrency: 'HUF', country: 'HU' });
    const huf = await quotes.draftQuote(context(olga), input({ lines: undefined, amount: '1' }));
    expect(huf.result.record).toMatchObject({ currency: 'HUF', pricing: { mode: 'amount', amount: '1', vatRate: '27' }, totals: { gross: '1' } });

    expect(await failure(settings.setSalesDefaults(context(olga), { defaultVatRate: '25' }))).toMatchObject({ kind: 'forbidden' });
    const set = await settings.setSalesDefaults(context(ada), { defaultVatRate: '25', defaultCurrency: 'eur' });
    expect(set.result.record).toMatchObject({ defaultVatRate: '25', defaultCurrency: 'EUR', set: { defaultVatRate: '25', defaultCurrency: 'EUR' }, version: 1 });
    const eur = await quotes.draftQuote(context(olga), input());
    expect(eur.result.record).toMatchObject({ currency: 'EUR', totals: { vat: [{ rate: '25', base: '99.99', vat: '25.00' }] } });
    expect(await failure(settings.setSalesDefaults(context(ada), { defaultCurrency: 'XXX' }))).toMatchObject({ kind: 'invalid', issues: [{ path: 'defaultCurrency' }] });
  });

  it('refuses what the quote refers to and cannot be found, naming the field', async () => {
    const { quotes } = await given();
    expect((await refusal(quotes.draftQuote(context(olga), input({ party: { kind: 'company', id: 'nope' } })))).issues).toMatchObject([{ path: 'party.id' }]);
    expect((await refusal(quotes.draftQuote(context(olga), input({ party: { kind: 'company', id: 'supplier' } })))).message).toContain('supplier');
    expect((await refusal(quotes.draftQuote(context(olga), input({ party: { kind: 'lead', id: 'nope' } })))).issues).toMatchObject([{ path: 'party.id' }]);
    expect((await refusal(quotes.draftQuote(context(olga), input({ operatorId: 'ghost' })))).issues).toMatchObject([{ path: 'operatorId' }]);
    expect((await refusal(quotes.draftQuote(context(olga), input({ opportunityId: 'opp-x' })))).issues).toMatchObject([{ path: 'opportunityId' }]);
    expect((await refusal(quotes.draftQuote(context(olga), input({ contact: { contactId: 'c-x' } })))).issues).toMatchObject([{ path: 'contact.contactId' }]);
    const { result } = await quotes.draftQuote(context(olga), input());
    expect((await refusal(quotes.editQuote(context(olga), result.id, { party: { kind: 'company', id: 'supplier' } }))).issues).toMatchObject([{ path: 'party.id' }]);
    expect((await refusal(quotes.editQuote(context(olga), result.id, { operatorId: 'ghost', opportunityId: 'opp-x' }))).issues).toMatchObject([{ path: 'operatorId' }, { path: 'opportunityId' }]);
    expect((await quotes.editQuote(context(olga), result.id, { operatorId: 'tom' })).result.record.operatorId).toBe('tom');
  });

  it('edits a draft, sends it (frozen), rejects it once, revises it into revision 2 with the history keeping revision 1', async () => {
    const { quotes } = await given();
    const { result } = await quotes.draftQuote(context(olga), input());
    const id = result.id;
    const edited = await quotes.editQuote(context(olga), id, { description: 'Website, phase 1' }, { expectedVersion: 1 });
    expect(edited.result).toMatchObject({ version: 2, record: { description: 'Website, phase 1' } });
    await expect(quotes.editQuote(context(olga), id, { description: 'x' }, { expectedVersion: 1 })).rejects.toBeInstanceOf(StaleVersionError);
    const sent = await quotes.sendQuote(context(olga), id, { sentTo: 'buyer@acme.test' });
    expect(sent.result.record).toMatchObject({ status: 'sent', sentAt: at });
    expect(await refusal(quotes.editQuote(context(olga), id, { description: 'x' }))).toMatchObject({ kind: 'conflict' });
    await quotes.rejectQuote(context(olga), id, { reason: 'price' });
    expect(await refusal(quotes.rejectQuote(context(olga), id))).toMatchObject({ kind: 'conflict' });
    const revised = await quotes.reviseQuote(context(olga), id);
    expect(revised.result.record).toMatchObject({ revision: 2, status: 'draft', revisions: [{ revision: 1, ended: 'rejected', rejectionReason: 'price', content: { description: 'Website, phase 1' } }] });
    const history = await quotes.quoteHistory(olga, id);
    expect(history.items.map((e) => e.type)).toStrictEqual(['QuoteDrafted', 'QuoteEdited', 'QuoteSent', 'QuoteRejected', 'QuoteRevised']);
  });

  it('reads a quote as it was (asOf), and hides it from a restricted user who is not its operator', async () => {
    const { quotes, clock } = await given();
    const { result } = await quotes.draftQuote(context(olga), input());
    clock.now = '2026-03-03T09:00:00.000Z';
    await quotes.sendQuote(context(olga), result.id);
    expect((await quotes.getQuote(olga, result.id, '2026-03-02T12:00:00.000Z')).record).toMatchObject({ status: 'draft', version: 1 });
    expect((await quotes.getQuote(olga, result.id)).record).toMatchObject({ status: 'sent', version: 2 });
    expect(await refusal(quotes.getQuote(rita, result.id))).toMatchObject({ kind: 'not_found' });
    expect(await refusal(quotes.rejectQuote(context(rita), result.id))).toMatchObject({ kind: 'not_found' });
    const hers = await quotes.draftQuote(context(olga), input({ operatorId: 'rita' }));
    expect((await quotes.getQuote(rita, hers.result.id)).record.operatorId).toBe('rita');
  });

  it('replays a retried draft under the same idempotency key (one quote, one number) and refuses the key with another request', async () => {
    const { quotes, eventStore } = await given();
    const key = (request: string) => ({ idempotency: idempotencyFor(olga, 'k1', request) });
    const first = await quotes.draftQuote(context(olga), input(), key('a'));
    const again = await quotes.draftQuote(context(olga), input(), key('a'));
    expect(again).toStrictEqual({ result: first.result, replayed: true });
    await expect(quotes.draftQuote(context(olga), input(), key('b'))).rejects.toBeInstanceOf(IdempotencyKeyReusedError);
    expect((await quotes.draftQuote(context(olga), input())).result.record.reference).toBe('Q-2026-00002');
    expect(await eventStore.readSequence('t1', 'quote-2026')).toBe(2);
  });

  it("expires a sent quote once its last valid day is over in the tenant's zone, once", async () => {
    const { quotes, clock, eventStore } = await given();
    await append(eventStore, 'directory-defaults', 'directory', 'DirectoryDefaultsSet', { defaultCountry: 'IT' });
    const { result } = await quotes.draftQuote(context(olga), input({ validUntil: '2026-03-31' }));
    await quotes.sendQuote(context(olga), result.id);
    const system: Actor = { tenant: 't1', userId: 'system:quote-expiry', role: 'admin', groups: [] };
    clock.now = '2026-03-31T21:59:00.000Z'; // 23:59 in Rome (summer time): still valid
    expect((await quotes.expireQuote(context(system), result.id)).result).toMatchObject({ version: 2, record: { status: 'sent' } });
    clock.now = '2026-03-31T22:00:00.000Z'; // midnight in Rome
    expect((await quotes.expireQuote(context(system), result.id)).result).toMatchObject({ version: 3, record: { status: 'expired', expiredAt: '2026-03-31T22:00:00.000Z' } });
    expect((await quotes.expireQuote(context(system), result.id)).result.version).toBe(3);
    const events: StoredEvent[] = (await eventStore.load('t1', 'quote', result.id)).events;
    expect(events.filter((e) => e.type === 'QuoteExpired')).toHaveLength(1);
    expect((await quotes.reviseQuote(context(olga), result.id)).result.record).toMatchObject({ revision: 2, status: 'draft', revisions: [{ ended: 'expired' }] });
  });
});
