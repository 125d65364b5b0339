import { describe, expect, it } from 'vitest';
import { failure, memoryDependencies } from '../../support/memory-dependencies.ts';
import { MemoryEventStore } from '../../../adapters/memory/memory-event-store.ts';
import { idempotencyFor, type CommandContext } from '../../../application/shared/command-context.ts';
import { DomainError, IdempotencyKeyReusedError, StaleVersionError } from '../../../application/shared/errors.ts';
import { ticketService } from '../../../application/support/ticket-service.ts';
import type { Actor } from '../../../domain/shared/actor.ts';

/**
 * The support context's service on the in-memory event store: no DynamoDB, no HTTP. What the service
 * promises — typed results, typed errors, idempotent retries, pinned versions — holds whatever the
 * entry point (HTTP, an import, a job) that calls it.
 */
const at = '2026-03-02T09:00:00.000Z';
const olga: Actor = { tenant: 't1', userId: 'olga', role: 'standard', groups: [] };
const admin: Actor = { tenant: 't1', userId: 'ada', role: 'admin', groups: [] };
const context = (actor: Actor): CommandContext => ({ actor, correlationId: 'c1' });


/** A company olga sees, written to the log as the directory would have. */
const withCompany = async (store: MemoryEventStore) => {
  await store.commit({
    tenant: 't1',
    at,
    meta: { actor: 'olga', commandId: 'k0', correlationId: 'c0' },
    streams: [
      {
        aggregateType: 'company',
        aggregateId: 'acme',
        expectedVersion: 0,
        events: [
          {
            type: 'CompanyRegistered',
            data: {
              companyId: 'acme',
              code: 'C000001',
              profile: {
                legalName: 'Acme Srl',
                aliases: [],
                kind: 'client',
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
              },
              responsibleUserId: 'olga',
              accountManagers: [],
              status: null,
            },
          },
        ],
      },
    ],
  });
};

const given = async () => {
  const { eventStore, source: dependencies } = memoryDependencies(at);
  await withCompany(eventStore);
  return { eventStore, tickets: ticketService(dependencies) };
};


describe('ticket service (in-memory event store)', () => {
  it('given a visible company, when a ticket is opened, then it gets number 1 and the record after the command', async () => {
    const { tickets } = await given();
    const { result, replayed } = await tickets.openTicket(context(olga), { companyId: 'acme', subject: ' Printer jams ' });
    expect(replayed).toBe(false);
    expect(result).toMatchObject({ id: 'id-1', version: 1, created: true, record: { number: 1, subject: 'Printer jams', status: 'open', assignee: null } });
  });

  it('when the same idempotency key comes again, then the first result is replayed; with another request, it is refused', async () => {
    const { tickets } = await given();
    const key = (request: string) => ({ idempotency: idempotencyFor(olga, 'k1', request) });
    const first = await tickets.openTicket(context(olga), { companyId: 'acme', subject: 'A' }, key('A'));
    const again = await tickets.openTicket(context(olga), { companyId: 'acme', subject: 'A' }, key('A'));
    expect(again).toEqual({ result: first.result, replayed: true });
    expect(await failure(tickets.openTicket(context(olga), { companyId: 'acme', subject: 'B' }, key('B')))).toBeInstanceOf(IdempotencyKeyReusedError);
  });

  it('when a command pins a version the ticket has moved past, then it is refused as stale and nothing is appended', async () => {
    const { tickets, eventStore } = await given();
    const { result } = await tickets.openTicket(context(olga), { companyId: 'acme', subject: 'A' });
    await tickets.takeTicket(context(olga), result.id, { expectedVersion: 1 });
    expect(await failure(tickets.closeTicket(context(olga), result.id, { expectedVersion: 1 }))).toBeInstanceOf(StaleVersionError);
    expect((await eventStore.load('t1', 'ticket', result.id)).version).toBe(2);
  });

  it('when the input names what does not exist, then an invalid-input error names each field of the input', async () => {
    const { tickets } = await given();
    const error = await failure(tickets.openTicket(context(olga), { companyId: 'nope', subject: 'A', assignee: { userId: 'ghost' } }));
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).kind).toBe('invalid');
    expect((error as DomainError).issues.map((issue) => issue.path)).toEqual(['companyId', 'assignee.userId']);
  });

  it('when a ticket does not exist or another tenant asks, then it is not found', async () => {
    const { tickets } = await given();
    const { result } = await tickets.openTicket(context(admin), { companyId: 'acme', subject: 'A' });
    const stranger: Actor = { ...admin, tenant: 't2' };
    for (const error of [await failure(tickets.takeTicket(context(olga), 'missing')), await failure(tickets.getTicket(stranger, result.id))]) {
      expect(error).toMatchObject({ kind: 'not_found' });
    }
  });
});
