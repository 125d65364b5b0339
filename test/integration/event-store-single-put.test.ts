import { afterEach, describe, expect, it, vi } from 'vitest';
import { createDocumentClient, localTableNames } from '../../adapters/dynamodb/client.ts';
import {
  IdempotencyKeyTakenError,
  SequenceConflictError,
  StreamConflictError,
  UniqueKeyTakenError,
} from '../../adapters/dynamodb/event-store-errors.ts';
import { EventStore } from '../../adapters/dynamodb/event-store.ts';
import { uniqueTenant } from '../support/dynamo.ts';
import { commented, commit, commitAt, opened } from '../support/commit-fixtures.ts';

/**
 * A commit of one item is one conditioned PutItem (half the write units of a one-item transaction);
 * anything more stays one TransactWriteItems. The document client's `send` is spied on, not mocked:
 * every request still goes to DynamoDB Local, and the spy records which requests the store sent.
 */
const db = createDocumentClient();
const eventStore = new EventStore(db, localTableNames.events);
const send = vi.spyOn(db, 'send');
/** Names of the write requests the store sent since the spy was last cleared (reads left out). */
const writesSent = () =>
  send.mock.calls.map(([command]) => (command as object).constructor.name).filter((name) => !/^(Get|Query)Command$/.test(name));
afterEach(() => {
  send.mockClear();
});

const at = commitAt;

describe('a commit of one item is one conditioned PutItem', () => {
  it('sends a one-event commit to a new and to an existing stream as ONE PutItem each, stored as before', async () => {
    const tenant = uniqueTenant('put');
    const stream = { aggregateType: 'ticket', aggregateId: 'a' };
    await eventStore.commit(commit(tenant, [{ ...stream, expectedVersion: 0, events: [opened('a')] }]));
    expect(writesSent()).toEqual(['PutCommand']);
    send.mockClear();
    await eventStore.commit(commit(tenant, [{ ...stream, expectedVersion: 1, events: [commented('a', 'c1')] }]));
    expect(writesSent()).toEqual(['PutCommand']);

    const { events, version } = await eventStore.load(tenant, 'ticket', 'a');
    expect(version).toBe(2);
    expect(events.map((e) => [e.version, e.type])).toEqual([
      [1, 'TicketOpened'],
      [2, 'TicketCommented'],
    ]);
    expect(events[1]).toMatchObject({ at, meta: { tenant, actor: 'olga' }, data: { commentId: 'c1' } });
  });

  it('keeps every commit of more than one item ONE TransactWriteItems', async () => {
    const tenant = uniqueTenant('put');
    const response = { statusCode: 201, headers: {}, body: '{}' };
    await eventStore.commit(commit(tenant, [{ aggregateType: 'ticket', aggregateId: 'a', expectedVersion: 0, events: [opened('a'), commented('a', 'c1')] }]));
    await eventStore.commit(
      commit(tenant, [{ aggregateType: 'ticket', aggregateId: 'b', expectedVersion: 0, events: [opened('b')] }], {
        idempotency: { key: 'olga:k1', requestHash: 'h', result: response },
      }),
    );
    await eventStore.commit(
      commit(tenant, [{ aggregateType: 'ticket', aggregateId: 'c', expectedVersion: 0, events: [opened('c')] }], {
        sequences: [{ name: 'ticket', from: 0, to: 1 }],
      }),
    );
    expect(writesSent()).toEqual(['TransactWriteCommand', 'TransactWriteCommand', 'TransactWriteCommand']);
    expect((await eventStore.load(tenant, 'ticket', 'b')).version).toBe(1);
  });

  it('two one-event commits on the same slot: one wins, the other is a StreamConflictError, nothing is overwritten', async () => {
    const tenant = uniqueTenant('put');
    const stream = { aggregateType: 'ticket', aggregateId: 'a' };
    await eventStore.commit(commit(tenant, [{ ...stream, expectedVersion: 0, events: [opened('a')] }]));
    send.mockClear();

    const rivals = [commit(tenant, [{ ...stream, expectedVersion: 1, events: [commented('a', 'x')] }]), commit(tenant, [{ ...stream, expectedVersion: 1, events: [commented('a', 'y')] }])];
    const results = await Promise.allSettled(rivals.map((c) => eventStore.commit(c)));
    expect(writesSent()).toEqual(['PutCommand', 'PutCommand']);
    const winner = results.findIndex((r) => r.status === 'fulfilled');
    const loser = results.find((r) => r.status === 'rejected');
    expect(winner).toBeGreaterThanOrEqual(0);
    expect(loser?.reason).toBeInstanceOf(StreamConflictError);
    expect(loser?.reason).toMatchObject({ aggregateType: 'ticket', aggregateId: 'a', expectedVersion: 1 });

    // The loser came second and must not have replaced the winner's event in slot 2.
    const { events, version } = await eventStore.load(tenant, 'ticket', 'a');
    expect(version).toBe(2);
    expect(events[1]!.meta.commandId).toBe(rivals[winner]!.meta.commandId);

    // A stale writer arriving later is refused the same way, and slot 2 still holds the winner's event.
    await expect(eventStore.commit(commit(tenant, [{ ...stream, expectedVersion: 1, events: [commented('a', 'z')] }]))).rejects.toBeInstanceOf(
      StreamConflictError,
    );
    expect((await eventStore.load(tenant, 'ticket', 'a')).events[1]!.meta.commandId).toBe(rivals[winner]!.meta.commandId);
  });

  it('maps a failed condition on a lone claim, counter or idempotency record to the same error a transaction gives', async () => {
    const tenant = uniqueTenant('put');
    const claim = (owner: string) => commit(tenant, [], { claims: [{ scope: 'vat', value: 'IT01234567890', owner }] });
    await eventStore.commit(claim('first'));
    await eventStore.commit(claim('first'));
    const taken = await eventStore.commit(claim('second')).catch((e: unknown) => e);
    expect(taken).toBeInstanceOf(UniqueKeyTakenError);
    expect(taken).toMatchObject({ scope: 'vat', value: 'IT01234567890', owner: 'first' });

    const advance = (from: number) => commit(tenant, [], { sequences: [{ name: 'ticket', from, to: from + 1 }] });
    await eventStore.commit(advance(0));
    await expect(eventStore.commit(advance(0))).rejects.toBeInstanceOf(SequenceConflictError);
    expect(await eventStore.readSequence(tenant, 'ticket')).toBe(1);

    const record = (body: string) => commit(tenant, [], { idempotency: { key: 'olga:k', requestHash: body, result: { statusCode: 200, headers: {}, body } } });
    await eventStore.commit(record('first'));
    await expect(eventStore.commit(record('second'))).rejects.toBeInstanceOf(IdempotencyKeyTakenError);
    expect(((await eventStore.readIdempotency(tenant, 'olga:k', at))?.result as { body: string } | undefined)?.body).toBe('first');

    expect(writesSent()).toEqual(Array<string>(7).fill('PutCommand'));
  });
});
