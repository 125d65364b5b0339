import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { StreamConflictError } from '../../adapters/dynamodb/event-store-errors.ts';
import type { Commit, NewEvent } from '../../adapters/dynamodb/event-store.ts';
import { lookupSlot } from '../../adapters/dynamodb/lookup-items.ts';
import { ticketDecider, type TicketState } from '../../domain/support/ticket.ts';
import { runCommand } from '../../application/shared/command-runner.ts';
import { actorIn, testDependencies, uniqueTenant } from '../support/dynamo.ts';

/**
 * Lookup items (adapters/dynamodb/lookup-items.ts): who holds a non-unique value, committed in the same
 * transaction as the events and read strongly consistent — on DynamoDB Local.
 */
const { eventStore } = testDependencies();
const at = '2027-03-01T10:00:00.000Z';

const opened = (ticketId: string, subject = 'Printer'): NewEvent => ({
  type: 'TicketOpened',
  data: { ticketId, number: 1, companyId: 'c-1', subject, type: 'problem', priority: 'normal', assignee: null },
});

const commit = (tenant: string, ticketId: string, lookups: Commit['lookups'], expectedVersion = 0): Commit => ({
  tenant,
  at,
  meta: { actor: 'olga', commandId: randomUUID(), correlationId: 'corr' },
  streams: [{ aggregateType: 'ticket', aggregateId: ticketId, expectedVersion, events: [opened(ticketId)] }],
  ...(lookups ? { lookups } : {}),
});

describe('lookup items', () => {
  it('are readable the moment their commit succeeds, one item per holder, per tenant', async () => {
    const tenant = uniqueTenant('look');
    const holders = Array.from({ length: 30 }, (_, i) => `t-${i}`);
    await Promise.all(holders.map((id) => eventStore.commit(commit(tenant, id, { add: [{ scope: 'name', value: 'rossi', owner: id }], remove: [] }))));
    expect((await eventStore.readLookup(tenant, 'name', 'rossi')).toSorted()).toEqual(holders.toSorted());
    expect(await eventStore.readLookup(tenant, 'name', 'rossi', 7)).toHaveLength(7);
    expect(await eventStore.readLookup(uniqueTenant('look'), 'name', 'rossi')).toEqual([]);
    expect(new Set(holders.map(lookupSlot)).size).toBe(holders.length);
  });

  it('are written only with the events: a commit that loses its race leaves none', async () => {
    const tenant = uniqueTenant('look');
    await eventStore.commit(commit(tenant, 'a', undefined));
    const error = await eventStore.commit(commit(tenant, 'a', { add: [{ scope: 'name', value: 'bianchi', owner: 'a' }], remove: [] })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StreamConflictError);
    expect(await eventStore.readLookup(tenant, 'name', 'bianchi')).toEqual([]);
  });

  it('follow the state through runCommand: given when a value appears, taken when it goes', async () => {
    const tenant = uniqueTenant('look');
    const actor = actorIn(tenant, 'olga');
    const ticketId = randomUUID();
    const run = (command: Parameters<typeof ticketDecider.decide>[0], newAggregate = false) =>
      runCommand({
        store: eventStore,
        decider: ticketDecider,
        actor,
        aggregateType: 'ticket',
        aggregateId: ticketId,
        command,
        ...(newAggregate ? { newAggregate } : {}),
        // Any record can declare what it is found by; here a ticket by its status.
        lookupKeys: (state: TicketState) => (state ? [{ scope: 'ticket-status', value: state.status }] : []),
        meta: { commandId: randomUUID(), correlationId: 'corr' },
        now: () => at,
        result: () => ({ statusCode: 200, headers: {}, body: '{}' }),
      });
    await run({ type: 'OpenTicket', data: { ticketId, number: 1, companyId: 'c-1', subject: 'Printer' } }, true);
    expect(await eventStore.readLookup(tenant, 'ticket-status', 'open')).toEqual([ticketId]);
    await run({ type: 'TakeTicket' });
    expect(await eventStore.readLookup(tenant, 'ticket-status', 'open')).toEqual([]);
    expect(await eventStore.readLookup(tenant, 'ticket-status', 'in_progress')).toEqual([ticketId]);
    // A command that changes nothing the lookup depends on leaves the items as they are.
    await run({ type: 'CommentTicket', data: { commentId: 'c1', body: 'ok', visibility: 'public' } });
    expect(await eventStore.readLookup(tenant, 'ticket-status', 'in_progress')).toEqual([ticketId]);
  });
});
