import { describe, expect, it } from 'vitest';
import { provisionUser } from '../../../application/administration/provision-people.ts';
import { companyService } from '../../../application/directory/company-service.ts';
import { leadService } from '../../../application/directory/lead-service.ts';
import { opportunityService } from '../../../application/sales/opportunity-service.ts';
import { idempotencyFor, type CommandContext } from '../../../application/shared/command-context.ts';
import { DomainError, IdempotencyKeyReusedError, StaleVersionError } from '../../../application/shared/errors.ts';
import type { Actor } from '../../../domain/shared/actor.ts';
import { failure, memoryDependencies } from '../../support/memory-dependencies.ts';
import { memoryPeople } from '../../support/memory-people.ts';
import { appendTo, salesOrderData } from '../../support/sales-events.ts';

/**
 * The opportunity service on the in-memory event store: references checked on the log (parties,
 * contact, partners, competitors, owner), catalogues of the tenant, the closing day on the user's
 * calendar, idempotent retries, pinned versions, restricted visibility.
 */
const at = '2026-03-31T22:30:00.000Z';
const olga: Actor = { tenant: 't1', userId: 'olga', role: 'standard', groups: [] };
const rita: Actor = { tenant: 't1', userId: 'rita', role: 'restricted', groups: [] };
const context = (actor: Actor): CommandContext => ({ actor, correlationId: 'c1' });

const given = async () => {
  const people = memoryPeople('t1', { olga: { timezone: 'Europe/Rome' }, rita: { timezone: 'America/New_York' } });
  const { eventStore, source, dependencies } = memoryDependencies(at, { people });
  for (const userId of ['olga', 'rita', 'tom']) {
    await provisionUser(dependencies, 't1', { userId, name: userId, email: `${userId}@t1.example.com`, timezone: 'Europe/Rome', locale: 'en', role: 'standard' });
  }
  const companies = companyService(source);
  const register = async (legalName: string, kind: 'client' | 'partner' | 'competitor', responsibleUserId: string | null = null) =>
    (await companies.registerCompany(context(olga), { legalName, kind, responsibleUserId })).result.id;
  const client = await register('Acme Srl', 'client');
  const partner = await register('Partner Spa', 'partner');
  const competitor = await register('Rival Spa', 'competitor');
  const hidden = await register('Tom Srl', 'client', 'tom');
  const lead = (await leadService(source).createLead(context(olga), { companyName: 'Beta', firstName: 'Bruno' })).result.id;
  return { eventStore, opportunities: opportunityService(source), client, partner, competitor, hidden, lead };
};

describe('opportunity service (in-memory event store)', () => {
  it('opens an opportunity on visible parties with partners and competitors of their kinds, owned by its creator', async () => {
    const { opportunities, client, partner, competitor, lead } = await given();
    const { result } = await opportunities.openOpportunity(context(olga), {
      title: 'Fleet',
      parties: [{ kind: 'company', id: client }, { kind: 'lead', id: lead }],
      partners: [partner],
      competitors: [competitor],
      lines: [{ description: 'Van', quantity: '3', unitPrice: '33.33' }],
      currency: 'EUR',
      probability: 30,
    });
    expect(result).toMatchObject({ created: true, version: 1, record: { status: 'open', ownerId: 'olga', amount: '99.99', currency: 'EUR', stage: 'new' } });
    expect(await opportunities.getOpportunity(olga, result.id)).toMatchObject({ version: 1, record: { id: result.id, partners: [partner] } });
  });

  it('names every refused reference: unknown or invisible parties, wrong company kinds, unknown contact and owner', async () => {
    const { opportunities, client, partner, competitor, hidden } = await given();
    const error = await failure(
      opportunities.openOpportunity(context(rita), {
        title: 'Fleet',
        parties: [{ kind: 'company', id: client }, { kind: 'company', id: hidden }, { kind: 'lead', id: 'nope' }],
        partners: [competitor],
        competitors: [partner],
        contactId: 'nobody',
        ownerId: 'ghost',
      }),
    );
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).issues.map((issue) => issue.path).sort()).toEqual(['competitors.0', 'contactId', 'ownerId', 'parties.1.id', 'parties.2.id', 'partners.0']);
  });

  it('refuses a stage outside an enforced stages catalogue and a reason outside loss-reasons, naming the field', async () => {
    const { opportunities, client } = await given();
    const { result } = await opportunities.openOpportunity(context(olga), { title: 'Fleet', parties: [{ kind: 'company', id: client }] });
    expect(await failure(opportunities.loseOpportunity(context(olga), result.id, { reason: 'weather' }))).toMatchObject({ kind: 'invalid', issues: [{ path: 'reason' }] });
    expect(await failure(opportunities.updateOpportunity(context(olga), result.id, { amount: '10', currency: 'ZZZ' }))).toMatchObject({ issues: [{ path: 'currency' }] });
  });

  it('wins on the closing user\'s calendar day (olga in Rome: 1 April), loses, reopens; pinned versions and 409s', async () => {
    const { opportunities, client } = await given();
    const { result } = await opportunities.openOpportunity(context(olga), { title: 'Fleet', parties: [{ kind: 'company', id: client }], ownerId: null });
    const won = await opportunities.winOpportunity(context(olga), result.id, { note: 'signed' }, { expectedVersion: 1 });
    expect(won.result.record).toMatchObject({ status: 'won', closedOn: '2026-04-01', won: { note: 'signed' } });
    expect(await failure(opportunities.winOpportunity(context(olga), result.id, {}))).toMatchObject({ kind: 'conflict' });
    expect(await failure(opportunities.reopenOpportunity(context(olga), result.id, 'again', { expectedVersion: 1 }))).toBeInstanceOf(StaleVersionError);
    await opportunities.reopenOpportunity(context(olga), result.id, 'again', { expectedVersion: 2 });
    const lost = await opportunities.loseOpportunity(context(rita), result.id, { reason: 'price' });
    expect(lost.result.record).toMatchObject({ status: 'lost', closedOn: '2026-03-31', lost: { reason: 'price' } });
    expect((await opportunities.opportunityHistory(olga, result.id)).items.map((item) => item.type)).toEqual([
      'OpportunityCreated',
      'OpportunityWon',
      'OpportunityReopened',
      'OpportunityLost',
    ]);
  });

  it('wins by hand naming a sales order only when the order exists on the log and is visible', async () => {
    const { eventStore, opportunities, client } = await given();
    const open = async () => (await opportunities.openOpportunity(context(olga), { title: 'Fleet', parties: [{ kind: 'company', id: client }] })).result.id;
    const first = await open();
    expect(await failure(opportunities.winOpportunity(context(olga), first, { orderId: 'so-missing' }))).toMatchObject({
      kind: 'invalid',
      issues: [{ path: 'orderId', message: 'no sales order so-missing' }],
    });
    await appendTo(eventStore, 't1', { aggregateType: 'order', aggregateId: 'so-1', expectedVersion: 0 }, [
      { type: 'SalesOrderCreated', data: salesOrderData('so-1', 'q-1', { kind: 'company', id: client }, { operatorId: 'tom' }) },
    ], { at });
    const won = await opportunities.winOpportunity(context(olga), first, { orderId: 'so-1' });
    expect(won.result.record).toMatchObject({ status: 'won', won: { orderId: 'so-1' } });
    // Tom's order is not a restricted user's to name.
    const second = (await opportunities.openOpportunity(context(rita), { title: 'Vans', parties: [{ kind: 'company', id: client }] })).result.id;
    expect(await failure(opportunities.winOpportunity(context(rita), second, { orderId: 'so-1' }))).toMatchObject({ issues: [{ path: 'orderId' }] });
  });

  it('replays a retry under the same idempotency key and refuses another request with it', async () => {
    const { opportunities, client } = await given();
    const key = (request: string) => ({ idempotency: idempotencyFor(olga, 'k1', request) });
    const input = { title: 'Fleet', parties: [{ kind: 'company' as const, id: client }] };
    const first = await opportunities.openOpportunity(context(olga), input, key('a'));
    expect(await opportunities.openOpportunity(context(olga), input, key('a'))).toEqual({ result: first.result, replayed: true });
    expect(await failure(opportunities.openOpportunity(context(olga), { ...input, title: 'Vans' }, key('b')))).toBeInstanceOf(IdempotencyKeyReusedError);
  });

  it('hides another owner\'s opportunity from a restricted user (404), shows them unassigned ones', async () => {
    const { opportunities, client } = await given();
    const mine = await opportunities.openOpportunity(context(olga), { title: 'Fleet', parties: [{ kind: 'company', id: client }] });
    const open = await opportunities.openOpportunity(context(olga), { title: 'Vans', parties: [{ kind: 'company', id: client }], ownerId: null });
    expect(await failure(opportunities.getOpportunity(rita, mine.result.id))).toMatchObject({ kind: 'not_found' });
    expect(await failure(opportunities.updateOpportunity(context(rita), mine.result.id, { title: 'x' }))).toMatchObject({ kind: 'not_found' });
    expect(await opportunities.getOpportunity(rita, open.result.id)).toMatchObject({ record: { title: 'Vans' } });
    expect(await failure(opportunities.getOpportunity(olga, 'nope'))).toMatchObject({ kind: 'not_found' });
  });

  it('reads as of a past time', async () => {
    const { opportunities, client, eventStore } = await given();
    const { result } = await opportunities.openOpportunity(context(olga), { title: 'Fleet', parties: [{ kind: 'company', id: client }] });
    await opportunities.updateOpportunity(context(olga), result.id, { title: 'Fleet renewal' });
    expect((await eventStore.load('t1', 'opportunity', result.id)).version).toBe(2);
    // Both events share the fixed clock: as of that instant the opportunity is as it is now; before it, it did not exist.
    expect(await opportunities.getOpportunity(olga, result.id, at)).toMatchObject({ version: 2, record: { title: 'Fleet renewal' } });
    expect(await failure(opportunities.getOpportunity(olga, result.id, '2026-03-01T00:00:00.000Z'))).toMatchObject({ kind: 'not_found' });
  });
});
