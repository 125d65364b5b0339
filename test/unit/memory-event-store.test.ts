import { describe, expect, it } from 'vitest';
import { MemoryEventStore } from '../../adapters/memory/memory-event-store.ts';
import { describeEventStoreContract } from '../support/event-store-contract.ts';

/** The memory store held to the same contract as the DynamoDB one, so application tests can run on it. */
describeEventStoreContract('memory', () => new MemoryEventStore());

describe('memory event store', () => {
  it('reads a long stream in pages of its page size, from after a version', async () => {
    const store = new MemoryEventStore({ pageSize: 2 });
    const events = [
      { type: 'TicketOpened', data: { ticketId: 'a', number: 1, companyId: 'c', subject: 's', type: 'problem', priority: 'normal', assignee: null } },
      ...Array.from({ length: 4 }, (_, i) => ({ type: 'TicketCommented', data: { ticketId: 'a', commentId: `c${i}`, body: 'b', visibility: 'public' } })),
    ];
    const at = '2026-11-23T10:00:00.000Z';
    await store.commit({ tenant: 't', at, meta: { actor: 'olga', commandId: 'c', correlationId: 'c' }, streams: [{ aggregateType: 'ticket', aggregateId: 'a', expectedVersion: 0, events }] });
    const pages = async (afterVersion: number) => {
      const seen: number[][] = [];
      for await (const page of store.pages('t', 'ticket', 'a', { afterVersion })) seen.push(page.map((e) => e.version));
      return seen;
    };
    expect(await pages(0)).toEqual([[1, 2], [3, 4], [5]]);
    expect(await pages(1)).toEqual([[2, 3], [4, 5], []]);
    expect((await store.load('t', 'ticket', 'a')).version).toBe(5);
  });

  it('keeps what it stored apart from what callers hold: changing a read event or a committed object changes nothing', async () => {
    const store = new MemoryEventStore();
    const data = { ticketId: 'a', number: 1, companyId: 'c', subject: 's', type: 'problem', priority: 'normal', assignee: null };
    const at = '2026-11-23T10:00:00.000Z';
    await store.commit({ tenant: 't', at, meta: { actor: 'olga', commandId: 'c', correlationId: 'c' }, streams: [{ aggregateType: 'ticket', aggregateId: 'a', expectedVersion: 0, events: [{ type: 'TicketOpened', data }] }] });
    data.subject = 'changed';
    const first = await store.load('t', 'ticket', 'a');
    (first.events[0]!.data as { subject: string }).subject = 'changed too';
    expect((await store.load('t', 'ticket', 'a')).events[0]!.data).toMatchObject({ subject: 's' });
  });
});
