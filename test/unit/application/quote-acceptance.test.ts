import { describe, expect, it } from 'vitest';
import { quoteAcceptance } from '../../../application/sales/quote-acceptance.ts';
import { idempotencyFor, type CommandContext } from '../../../application/shared/command-context.ts';
import { DomainError, StaleVersionError } from '../../../application/shared/errors.ts';
import type { Actor } from '../../../domain/shared/actor.ts';
import { failure, memoryDependencies } from '../../support/memory-dependencies.ts';
import { memoryPeople } from '../../support/memory-people.ts';
import { seedOpportunity, seedQuote } from '../../support/acceptance-fixtures.ts';

/**
 * Accepting a quote on the in-memory event store: one commit over the quote, the new order, the
 * opportunity and the year's order counter; concurrent acceptances; the year in the user's zone.
 */
const at = '2026-03-10T09:00:00.000Z';
const tenant = 'acme';
const olga: Actor = { tenant, userId: 'olga', role: 'standard', groups: [] };
const mara: Actor = { tenant, userId: 'mara', role: 'manager', groups: [] };
const rita: Actor = { tenant, userId: 'rita', role: 'restricted', groups: [] };
const context = (actor: Actor): CommandContext => ({ actor, correlationId: 'c1' });
const people = memoryPeople(tenant, { olga: { timezone: 'Europe/Rome' }, mara: { timezone: 'UTC' }, rita: {} });

const setup = (now = at) => {
  const memory = memoryDependencies(now, { people });
  return { ...memory, accept: quoteAcceptance(memory.source) };
};

const kinds = (error: unknown) => (error instanceof DomainError ? error.kind : error instanceof Error ? error.name : String(error));

describe('quoteAcceptance', () => {
  it('commits the quote accepted, the order and the opportunity won, and advances order-<year>', async () => {
    const { eventStore, accept } = setup();
    await seedOpportunity(eventStore, tenant, 'opp-1');
    await seedQuote(eventStore, tenant, 'qte-1', { content: { opportunityId: 'opp-1' } });

    const { result, replayed } = await accept(context(olga), 'qte-1', { note: 'signed' });
    expect(replayed).toBe(false);
    expect(result.order).toStrictEqual({ id: 'id-1', reference: 'SO-2026-00001' });
    expect(result.quote).toMatchObject({ id: 'qte-1', status: 'accepted', orderId: 'id-1', version: 3 });

    const quote = await eventStore.load(tenant, 'quote', 'qte-1');
    expect(quote.events.at(-1)).toMatchObject({ type: 'QuoteAccepted', data: { orderId: 'id-1', orderReference: 'SO-2026-00001', opportunityId: 'opp-1', note: 'signed' } });
    const order = await eventStore.load(tenant, 'order', 'id-1');
    expect(order.events).toHaveLength(1);
    expect(order.events[0]).toMatchObject({ type: 'SalesOrderCreated', data: { quoteId: 'qte-1', number: 1, orderDate: '2026-03-10', totals: { gross: '122.35' } } });
    const opportunity = await eventStore.load(tenant, 'opportunity', 'opp-1');
    expect(opportunity.events.at(-1)).toMatchObject({ type: 'OpportunityWon', data: { orderId: 'id-1', quoteId: 'qte-1', from: 'open' } });
    // The three streams were written by one commit: one command id in their events' meta.
    const commandIds = new Set([quote.events.at(-1)!, order.events[0]!, opportunity.events.at(-1)!].map((e) => e.meta.commandId));
    expect(commandIds.size).toBe(1);
    expect(await eventStore.readSequence(tenant, 'order-2026')).toBe(1);
  });

  it('the order year and date are the acceptance day in the acting user’s zone', async () => {
    const newYearsEve = '2026-12-31T23:30:00.000Z';
    const rome = setup(newYearsEve);
    await seedQuote(rome.eventStore, tenant, 'qte-1', { content: { opportunityId: null, validUntil: '2027-01-31' } });
    const inRome = await rome.accept(context(olga), 'qte-1', {});
    expect(inRome.result.order.reference).toBe('SO-2027-00001');
    expect((await rome.eventStore.load(tenant, 'order', inRome.result.order.id)).events[0]!.data).toMatchObject({ orderDate: '2027-01-01', year: 2027 });

    const utc = setup(newYearsEve);
    await seedQuote(utc.eventStore, tenant, 'qte-1', { content: { opportunityId: null, validUntil: '2027-01-31' } });
    expect((await utc.accept(context(mara), 'qte-1', {})).result.order.reference).toBe('SO-2026-00001');
  });

  it('a retry under the same idempotency key replays the first answer and creates no second order', async () => {
    const { eventStore, accept } = setup();
    await seedQuote(eventStore, tenant, 'qte-1', { content: { opportunityId: null } });
    const idempotency = idempotencyFor(olga, 'k1', 'accept qte-1');
    const first = await accept(context(olga), 'qte-1', {}, { idempotency });
    const again = await accept(context(olga), 'qte-1', {}, { idempotency });
    expect(again).toStrictEqual({ result: first.result, replayed: true });
    expect(await eventStore.readSequence(tenant, 'order-2026')).toBe(1);
  });

  it('accepting twice is a conflict; a stale If-Match is stale; an invisible quote is not found', async () => {
    const { eventStore, accept } = setup();
    const version = await seedQuote(eventStore, tenant, 'qte-1', { content: { opportunityId: null } });
    expect(kinds(await failure(accept(context(rita), 'qte-1', {})))).toBe('not_found');
    expect(await failure(accept(context(olga), 'qte-1', {}, { expectedVersion: version + 1 }))).toBeInstanceOf(StaleVersionError);
    await accept(context(olga), 'qte-1', {}, { expectedVersion: version });
    expect(kinds(await failure(accept(context(olga), 'qte-1', {})))).toBe('conflict');
    expect(kinds(await failure(accept(context(olga), 'nope', {})))).toBe('not_found');
    expect(await eventStore.readSequence(tenant, 'order-2026')).toBe(1);
  });

  it('an expired quote: 409 without allowExpired, 403 for a standard user with it, accepted by a manager with it', async () => {
    const { eventStore, accept } = setup();
    await seedQuote(eventStore, tenant, 'qte-1', { status: 'expired', content: { opportunityId: null } });
    expect(kinds(await failure(accept(context(mara), 'qte-1', {})))).toBe('conflict');
    expect(kinds(await failure(accept(context(olga), 'qte-1', { allowExpired: true })))).toBe('forbidden');
    const { result } = await accept(context(mara), 'qte-1', { allowExpired: true });
    expect(result.quote.status).toBe('accepted');
    expect((await eventStore.load(tenant, 'quote', 'qte-1')).events.at(-1)!.data).toMatchObject({ acceptedExpired: true });
  });

  it('20 quotes accepted concurrently all succeed, numbered 1..20 without gap', async () => {
    const { eventStore, accept } = setup();
    const ids = Array.from({ length: 20 }, (_, i) => `qte-${i + 1}`);
    for (const [i, id] of ids.entries()) await seedQuote(eventStore, tenant, id, { number: i + 1, content: { opportunityId: null } });
    const outcomes = await Promise.all(ids.map((id) => accept(context(olga), id, {})));
    const numbers = outcomes.map((o) => Number(o.result.order.reference.slice(-5))).sort((a, b) => a - b);
    expect(numbers).toStrictEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(await eventStore.readSequence(tenant, 'order-2026')).toBe(20);
  });

  it('20 concurrent accepts of one quote: exactly one order, 19 conflicts', async () => {
    const { eventStore, accept } = setup();
    await seedOpportunity(eventStore, tenant, 'opp-1');
    await seedQuote(eventStore, tenant, 'qte-1', { content: { opportunityId: 'opp-1' } });
    const settled = await Promise.allSettled(Array.from({ length: 20 }, () => accept(context(olga), 'qte-1', {})));
    expect(settled.filter((s) => s.status === 'fulfilled')).toHaveLength(1);
    const refused = settled.flatMap((s) => (s.status === 'rejected' ? [kinds(s.reason)] : []));
    expect(refused).toStrictEqual(Array.from({ length: 19 }, () => 'conflict'));
    expect(await eventStore.readSequence(tenant, 'order-2026')).toBe(1);
    expect((await eventStore.load(tenant, 'opportunity', 'opp-1')).events.filter((e) => e.type === 'OpportunityWon')).toHaveLength(1);
  });
});
