import { randomUUID } from 'node:crypto';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import {
  IdempotencyKeyTakenError,
  SequenceConflictError,
  StreamConflictError,
  UniqueKeyTakenError,
} from '../../adapters/dynamodb/event-store-errors.ts';
import { EventStore } from '../../adapters/dynamodb/event-store.ts';
import { streamKey } from '../../adapters/dynamodb/event-keys.ts';
import { InvalidEventError, UnknownEventError } from '../../events/catalogue.ts';
import { ticketDecider } from '../../domain/support/ticket.ts';
import { runCommand } from '../../application/shared/command-runner.ts';
import { IdempotencyKeyReusedError } from '../../application/shared/errors.ts';
import { actorIn, testDependencies, uniqueTenant } from '../support/dynamo.ts';
import { commented, commit, commitAt, opened } from '../support/commit-fixtures.ts';

const { db, eventsTable, eventStore } = testDependencies();
const at = commitAt;
const meta = { actor: 'olga', commandId: 'cmd', correlationId: 'corr' };

describe('event store on DynamoDB Local', () => {
  it('appends events in one commit and loads them back in order, validated, with their metadata', async () => {
    const tenant = uniqueTenant();
    await eventStore.commit(
      commit(tenant, [{ aggregateType: 'ticket', aggregateId: 'a', expectedVersion: 0, events: [opened('a'), commented('a', 'c1')] }]),
    );
    const { events, version } = await eventStore.load(tenant, 'ticket', 'a');
    expect(version).toBe(2);
    expect(events.map((e) => [e.version, e.type])).toEqual([
      [1, 'TicketOpened'],
      [2, 'TicketCommented'],
    ]);
    expect(events[0]!.meta).toMatchObject({ tenant, actor: 'olga' });
    expect(events[0]!.at).toBe(at);
  });

  it('reads a stream a page at a time, from after a given version', async () => {
    const tenant = uniqueTenant('es');
    const stream = { aggregateType: 'ticket', aggregateId: 'a' };
    await eventStore.commit(commit(tenant, [{ ...stream, expectedVersion: 0, events: [opened('a'), commented('a', 'c1'), commented('a', 'c2')] }]));
    const read = async (afterVersion?: number) => {
      const versions: number[] = [];
      for await (const page of eventStore.pages(tenant, 'ticket', 'a', afterVersion === undefined ? {} : { afterVersion })) versions.push(...page.map((e) => e.version));
      return versions;
    };
    expect(await read()).toEqual([1, 2, 3]);
    expect(await read(1)).toEqual([2, 3]);
    expect(await read(3)).toEqual([]);
  });

  it('keeps tenants apart: the same aggregate id in another tenant is another stream', async () => {
    const [a, b] = [uniqueTenant(), uniqueTenant()];
    await eventStore.commit(commit(a, [{ aggregateType: 'ticket', aggregateId: 'x', expectedVersion: 0, events: [opened('x')] }]));
    expect((await eventStore.load(b, 'ticket', 'x')).version).toBe(0);
  });

  it('refuses a stale expected version and writes nothing', async () => {
    const tenant = uniqueTenant();
    const stream = { aggregateType: 'ticket', aggregateId: 'a' };
    await eventStore.commit(commit(tenant, [{ ...stream, expectedVersion: 0, events: [opened('a')] }]));
    await expect(
      eventStore.commit(commit(tenant, [{ ...stream, expectedVersion: 0, events: [opened('a')] }])),
    ).rejects.toBeInstanceOf(StreamConflictError);
    expect((await eventStore.load(tenant, 'ticket', 'a')).version).toBe(1);
  });

  it('lets exactly one of many colliding writers win; no event is lost or duplicated', async () => {
    const tenant = uniqueTenant();
    const stream = { aggregateType: 'ticket', aggregateId: 'a' };
    await eventStore.commit(commit(tenant, [{ ...stream, expectedVersion: 0, events: [opened('a')] }]));
    const results = await Promise.allSettled(
      Array.from({ length: 10 }, (_, i) =>
        eventStore.commit(commit(tenant, [{ ...stream, expectedVersion: 1, events: [commented('a', `c${i}`)] }])),
      ),
    );
    const won = results.filter((r) => r.status === 'fulfilled');
    const lost = results.filter((r) => r.status === 'rejected');
    expect(won).toHaveLength(1);
    for (const r of lost) expect((r as PromiseRejectedResult).reason).toBeInstanceOf(StreamConflictError);
    const { events } = await eventStore.load(tenant, 'ticket', 'a');
    expect(events.map((e) => e.version)).toEqual([1, 2]);
  });

  it('commits several streams atomically: one conflict leaves every stream untouched', async () => {
    const tenant = uniqueTenant();
    await eventStore.commit(commit(tenant, [{ aggregateType: 'ticket', aggregateId: 'b', expectedVersion: 0, events: [opened('b')] }]));
    const both = (expectedB: number) =>
      commit(tenant, [
        { aggregateType: 'ticket', aggregateId: 'a', expectedVersion: 0, events: [opened('a')] },
        { aggregateType: 'ticket', aggregateId: 'b', expectedVersion: expectedB, events: [commented('b', 'c1')] },
      ]);
    const error = await eventStore.commit(both(0)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StreamConflictError);
    expect(error).toMatchObject({ aggregateId: 'b', expectedVersion: 0 });
    expect((await eventStore.load(tenant, 'ticket', 'a')).version).toBe(0);
    await eventStore.commit(both(1));
    expect((await eventStore.load(tenant, 'ticket', 'a')).version).toBe(1);
    expect((await eventStore.load(tenant, 'ticket', 'b')).version).toBe(2);
  });

  it('claims a unique key in the commit; another owner is refused with the owner named', async () => {
    const tenant = uniqueTenant();
    const claim = (owner: string) =>
      commit(tenant, [{ aggregateType: 'ticket', aggregateId: owner, expectedVersion: 0, events: [opened(owner)] }], {
        claims: [{ scope: 'vat', value: 'IT01234567890', owner }],
      });
    await eventStore.commit(claim('first'));
    const error = await eventStore.commit(claim('second')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UniqueKeyTakenError);
    expect(error).toMatchObject({ scope: 'vat', value: 'IT01234567890', owner: 'first' });
    expect((await eventStore.load(tenant, 'ticket', 'second')).version).toBe(0);
    expect(await eventStore.readClaim(tenant, 'vat', 'IT01234567890')).toBe('first');

    // Released by its owner, the value can be claimed by another record.
    await eventStore.commit(commit(tenant, [], { releases: [{ scope: 'vat', value: 'IT01234567890', owner: 'first' }] }));
    await eventStore.commit(claim('second'));
    expect(await eventStore.readClaim(tenant, 'vat', 'IT01234567890')).toBe('second');
  });

  it('20 parallel claims of one value: exactly one succeeds', async () => {
    const tenant = uniqueTenant();
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) =>
        eventStore.commit(
          commit(tenant, [{ aggregateType: 'ticket', aggregateId: `r${i}`, expectedVersion: 0, events: [opened(`r${i}`)] }], {
            claims: [{ scope: 'vat', value: 'PL5260250274', owner: `r${i}` }],
          }),
        ),
      ),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    for (const r of results.filter((r) => r.status === 'rejected')) {
      expect((r as PromiseRejectedResult).reason).toBeInstanceOf(UniqueKeyTakenError);
    }
  });

  it('advances a sequence only from the value the decision saw', async () => {
    const tenant = uniqueTenant();
    const open = (id: string, from: number) =>
      commit(tenant, [{ aggregateType: 'ticket', aggregateId: id, expectedVersion: 0, events: [opened(id, from + 1)] }], {
        sequences: [{ name: 'ticket', from, to: from + 1 }],
      });
    await eventStore.commit(open('a', 0));
    await expect(eventStore.commit(open('b', 0))).rejects.toBeInstanceOf(SequenceConflictError);
    expect((await eventStore.load(tenant, 'ticket', 'b')).version).toBe(0);
    await eventStore.commit(open('b', 1));
    expect(await eventStore.readSequence(tenant, 'ticket')).toBe(2);
  });

  it('numbers 20 concurrently opened tickets 1..20 without a gap or a repeat', async () => {
    const tenant = uniqueTenant();
    const actor = actorIn(tenant, 'olga');
    const numbers = await Promise.all(
      Array.from({ length: 20 }, async (_, i) => {
        const ticketId = `t${i}`;
        const outcome = await runCommand({
          store: eventStore,
          decider: ticketDecider,
          actor,
          aggregateType: 'ticket',
          aggregateId: ticketId,
          sequence: 'ticket',
          command: (number: number) => ({
            type: 'OpenTicket' as const,
            data: { ticketId, number, companyId: 'c-1', subject: `Ticket ${i}` },
          }),
          meta: { commandId: randomUUID(), correlationId: 'corr' },
          now: () => new Date().toISOString(),
          result: ({ state }) => ({ statusCode: 201, headers: {}, body: String(state?.number) }),
        });
        return Number(outcome.result.body);
      }),
    );
    expect(numbers.toSorted((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(await eventStore.readSequence(tenant, 'ticket')).toBe(20);
  });

  it('records the idempotency record with the events; a second commit with the key writes nothing', async () => {
    const tenant = uniqueTenant();
    const response = { statusCode: 201, headers: { etag: '"1"' }, body: '{"id":"a"}' };
    const withKey = (id: string) =>
      commit(tenant, [{ aggregateType: 'ticket', aggregateId: id, expectedVersion: 0, events: [opened(id)] }], {
        idempotency: { key: 'olga:key-1', requestHash: 'h1', result: response },
      });
    await eventStore.commit(withKey('a'));
    await expect(eventStore.commit(withKey('b'))).rejects.toBeInstanceOf(IdempotencyKeyTakenError);
    expect((await eventStore.load(tenant, 'ticket', 'b')).version).toBe(0);
    expect(await eventStore.readIdempotency(tenant, 'olga:key-1', at)).toMatchObject({ requestHash: 'h1', result: response });
    // Kept 24 h from the commit, by the caller's clock (TTL deletes the item only eventually).
    const later = (hours: number) => new Date(Date.parse(at) + hours * 3_600_000).toISOString();
    expect(await eventStore.readIdempotency(tenant, 'olga:key-1', later(23.9))).toMatchObject({ requestHash: 'h1' });
    expect(await eventStore.readIdempotency(tenant, 'olga:key-1', later(24.1))).toBeNull();
  });

  it('replays the first response for a repeated key and refuses the key with another request (IdempotencyKeyReusedError, 422 over HTTP)', async () => {
    const tenant = uniqueTenant();
    const actor = actorIn(tenant, 'olga');
    const open = (subject: string, requestHash: string) => {
      const ticketId = randomUUID();
      return runCommand({
        store: eventStore,
        decider: ticketDecider,
        actor,
        aggregateType: 'ticket',
        aggregateId: ticketId,
        sequence: 'ticket',
        command: (number: number) => ({ type: 'OpenTicket' as const, data: { ticketId, number, companyId: 'c', subject } }),
        idempotency: { key: 'olga:k', requestHash },
        meta: { commandId: randomUUID(), correlationId: 'corr' },
        now: () => new Date().toISOString(),
        result: ({ state }) => ({ statusCode: 201, headers: {}, body: JSON.stringify({ id: state?.id, number: state?.number }) }),
      });
    };
    const first = await open('Printer', 'same');
    const again = await Promise.all([open('Printer', 'same'), open('Printer', 'same')]);
    expect(first.replayed).toBe(false);
    for (const replay of again) {
      expect(replay.replayed).toBe(true);
      expect(replay.result).toEqual(first.result);
    }
    expect(await eventStore.readSequence(tenant, 'ticket')).toBe(1);
    const error = await open('Other', 'different').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IdempotencyKeyReusedError);
  });

  it('validates events on append: unknown types and invalid data are refused before anything is written', async () => {
    const tenant = uniqueTenant();
    const stream = { aggregateType: 'ticket', aggregateId: 'a', expectedVersion: 0 };
    await expect(eventStore.commit(commit(tenant, [{ ...stream, events: [{ type: 'TicketVanished', data: {} }] }]))).rejects.toBeInstanceOf(
      UnknownEventError,
    );
    const bad = { type: 'TicketOpened', data: { ticketId: 'a', number: -1, companyId: 'c', subject: 's', type: 't', priority: 'p', assignee: null } };
    const error = await eventStore.commit(commit(tenant, [{ ...stream, events: [opened('a'), bad] }])).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidEventError);
    expect((error as Error).message).toContain('number');
    expect((await eventStore.load(tenant, 'ticket', 'a')).version).toBe(0);
  });

  it('validates events on read: a corrupted stored event is reported, not folded', async () => {
    const tenant = uniqueTenant();
    await db.send(
      new PutCommand({
        TableName: eventsTable,
        Item: {
          pk: streamKey(tenant, 'ticket', 'a'),
          version: 1,
          kind: 'event',
          tenant,
          aggregateType: 'ticket',
          aggregateId: 'a',
          type: 'TicketOpened',
          schemaVersion: 1,
          data: { ticketId: 'a' },
          meta: { ...meta, tenant },
          at,
        },
      }),
    );
    await expect(eventStore.load(tenant, 'ticket', 'a')).rejects.toBeInstanceOf(InvalidEventError);
  });

  it('numbers stay gapless when another process advanced the counter past this one\'s hint', async () => {
    const tenant = uniqueTenant();
    const actor = actorIn(tenant, 'olga');
    const open = async (store: EventStore) => {
      const ticketId = randomUUID();
      const outcome = await runCommand({
        store,
        decider: ticketDecider,
        actor,
        aggregateType: 'ticket',
        aggregateId: ticketId,
        newAggregate: true,
        sequence: 'ticket',
        command: (number: number) => ({ type: 'OpenTicket' as const, data: { ticketId, number, companyId: 'c', subject: 's' } }),
        meta: { commandId: randomUUID(), correlationId: 'corr' },
        now: () => new Date().toISOString(),
        result: ({ state }) => ({ statusCode: 201, headers: {}, body: String(state?.number) }),
      });
      return Number(outcome.result.body);
    };
    const here = new EventStore(db, eventsTable);
    const elsewhere = new EventStore(db, eventsTable);
    expect(await open(here)).toBe(1);
    expect([await open(elsewhere), await open(elsewhere), await open(elsewhere)]).toEqual([2, 3, 4]);
    // `here` still remembers 1: its first try conflicts on the counter, the retry reads 4.
    expect(await open(here)).toBe(5);
    expect(await here.readSequence(tenant, 'ticket')).toBe(5);
  });
});
