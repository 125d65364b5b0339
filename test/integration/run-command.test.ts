import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { EventStore, type Commit } from '../../adapters/dynamodb/event-store.ts';
import { ticketDecider, type TicketCommand } from '../../domain/support/ticket.ts';
import { ConcurrentUpdateError, StaleVersionError } from '../../application/shared/errors.ts';
import { runCommand, runDecision } from '../../application/shared/command-runner.ts';
import { actorIn, testDependencies, uniqueTenant } from '../support/dynamo.ts';

const { db, eventsTable } = testDependencies();

/**
 * Fault injection on the real DynamoDB Local: before each of our first `rivals` commits, a rival
 * writer appends a comment to the same ticket (the first, or the last, the commit appends to), so our
 * commit genuinely loses the version race.
 */
class ContestedStore extends EventStore {
  #rivals: number;
  readonly #contested: 'first' | 'last';

  constructor(rivals: number, contested: 'first' | 'last' = 'first') {
    super(db, eventsTable);
    this.#rivals = rivals;
    this.#contested = contested;
  }

  override async commit(commit: Commit): Promise<void> {
    const stream = this.#contested === 'first' ? commit.streams[0] : commit.streams.at(-1);
    if (this.#rivals > 0 && stream) {
      this.#rivals -= 1;
      const { version } = await this.load(commit.tenant, stream.aggregateType, stream.aggregateId);
      await super.commit({
        ...commit,
        meta: { ...commit.meta, actor: 'rival', commandId: randomUUID() },
        streams: [
          {
            ...stream,
            expectedVersion: version,
            events: [{ type: 'TicketCommented', data: { ticketId: stream.aggregateId, commentId: randomUUID(), body: 'rival', visibility: 'public' } }],
          },
        ],
        idempotency: undefined,
      });
    }
    return super.commit(commit);
  }
}

const open = async (store: EventStore, tenant: string, ticketId: string) =>
  runCommand({
    store,
    decider: ticketDecider,
    actor: actorIn(tenant, 'olga'),
    aggregateType: 'ticket',
    aggregateId: ticketId,
    sequence: 'ticket',
    command: (number: number) => ({ type: 'OpenTicket' as const, data: { ticketId, number, companyId: 'c', subject: 's' } }),
    meta: { commandId: randomUUID(), correlationId: 'c' },
    now: () => new Date().toISOString(),
    result: () => ({ statusCode: 201, headers: {}, body: '' }),
  });

const comment = (store: EventStore, tenant: string, ticketId: string, expectedVersion?: number) =>
  runCommand({
    store,
    decider: ticketDecider,
    actor: actorIn(tenant, 'olga'),
    aggregateType: 'ticket',
    aggregateId: ticketId,
    command: { type: 'CommentTicket', data: { commentId: randomUUID(), body: 'mine', visibility: 'public' } } satisfies TicketCommand,
    ...(expectedVersion === undefined ? {} : { expectedVersion }),
    meta: { commandId: randomUUID(), correlationId: 'c' },
    now: () => new Date().toISOString(),
    result: ({ version }) => ({ statusCode: 200, headers: {}, body: String(version) }),
  });

describe('commands under real write contention', () => {
  it('decides again on the fresh state after losing a race, and loses nothing', async () => {
    const tenant = uniqueTenant();
    const plain = new EventStore(db, eventsTable);
    await open(plain, tenant, 't1');
    const outcome = await comment(new ContestedStore(2), tenant, 't1');
    expect(outcome.result.body).toBe('4');
    const { events } = await plain.load(tenant, 'ticket', 't1');
    expect(events.map((e) => `${e.version}:${e.meta.actor}`)).toEqual(['1:olga', '2:rival', '3:rival', '4:olga']);
  });

  it('gives up with a ConcurrentUpdateError (409 over HTTP) when every attempt collides, with only the rivals’ events written', async () => {
    const tenant = uniqueTenant();
    const plain = new EventStore(db, eventsTable);
    await open(plain, tenant, 't1');
    const error = await comment(new ContestedStore(3), tenant, 't1').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConcurrentUpdateError);
    const { events } = await plain.load(tenant, 'ticket', 't1');
    expect(events.map((e) => e.meta.actor)).toEqual(['olga', 'rival', 'rival', 'rival']);
  });

  it('refuses as stale (412 over HTTP) instead of retrying when the caller pinned the version (If-Match)', async () => {
    const tenant = uniqueTenant();
    const plain = new EventStore(db, eventsTable);
    await open(plain, tenant, 't1');
    const error = await comment(new ContestedStore(1), tenant, 't1', 1).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StaleVersionError);
    expect((await plain.load(tenant, 'ticket', 't1')).version).toBe(2);
  });
});

/** One decision that comments on two tickets at once, each at the version it was loaded at. */
const commentBoth = (store: EventStore, tenant: string, ids: [string, string], options: { pinned?: boolean; key?: string } = {}) => {
  let decisions = 0;
  const outcome = runDecision({
    store,
    tenant,
    ...(options.pinned ? { pinned: true } : {}),
    ...(options.key ? { idempotency: { key: options.key, requestHash: 'h' } } : {}),
    meta: { actor: 'olga', commandId: randomUUID(), correlationId: 'c' },
    now: () => new Date().toISOString(),
    decide: async () => {
      decisions += 1;
      const streams = await Promise.all(
        ids.map(async (ticketId) => ({
          aggregateType: 'ticket',
          aggregateId: ticketId,
          expectedVersion: (await store.load(tenant, 'ticket', ticketId)).version,
          events: [{ type: 'TicketCommented', data: { ticketId, commentId: randomUUID(), body: 'both', visibility: 'public' } }],
        })),
      );
      return { streams, result: { statusCode: 200, headers: {}, body: streams.map((s) => s.expectedVersion + 1).join(',') } };
    },
  });
  return { outcome, decisions: () => decisions };
};

describe('decisions spanning several streams (runDecision)', () => {
  it('commits all streams in one transaction; a race on any of them is decided again on fresh state', async () => {
    const tenant = uniqueTenant();
    const plain = new EventStore(db, eventsTable);
    await open(plain, tenant, 't1');
    await open(plain, tenant, 't2');
    const run = commentBoth(new ContestedStore(1, 'last'), tenant, ['t1', 't2']);
    expect(((await run.outcome).result as { body: string }).body).toBe('2,3');
    expect(run.decisions()).toBe(2);
    expect((await plain.load(tenant, 'ticket', 't1')).events.map((e) => e.meta.actor)).toEqual(['olga', 'olga']);
    expect((await plain.load(tenant, 'ticket', 't2')).events.map((e) => e.meta.actor)).toEqual(['olga', 'rival', 'olga']);
  });

  it('is stale when pinned, a ConcurrentUpdateError after every attempt collides, and writes nothing of its own', async () => {
    const tenant = uniqueTenant();
    const plain = new EventStore(db, eventsTable);
    await open(plain, tenant, 't1');
    await open(plain, tenant, 't2');
    const pinned = await commentBoth(new ContestedStore(1, 'last'), tenant, ['t1', 't2'], { pinned: true }).outcome.catch((e: unknown) => e);
    expect(pinned).toBeInstanceOf(StaleVersionError);
    const contested = await commentBoth(new ContestedStore(3, 'last'), tenant, ['t1', 't2']).outcome.catch((e: unknown) => e);
    expect(contested).toBeInstanceOf(ConcurrentUpdateError);
    expect((await plain.load(tenant, 'ticket', 't1')).version).toBe(1);
    expect((await plain.load(tenant, 'ticket', 't2')).events.map((e) => e.meta.actor)).toEqual(['olga', 'rival', 'rival', 'rival', 'rival']);
  });

  it('replays the stored response for a repeated Idempotency-Key without deciding again', async () => {
    const tenant = uniqueTenant();
    const plain = new EventStore(db, eventsTable);
    await open(plain, tenant, 't1');
    await open(plain, tenant, 't2');
    const first = await commentBoth(plain, tenant, ['t1', 't2'], { key: 'k1' }).outcome;
    const again = commentBoth(plain, tenant, ['t1', 't2'], { key: 'k1' });
    expect(await again.outcome).toEqual({ result: first.result, replayed: true });
    expect(again.decisions()).toBe(0);
    expect((await plain.load(tenant, 'ticket', 't2')).version).toBe(2);
  });
});

describe('idempotency keys that are almost always new (lookupFirst: false)', () => {
  const openClaiming = (store: EventStore, tenant: string, ticketId: string, key: string) =>
    runCommand({
      store,
      decider: ticketDecider,
      actor: actorIn(tenant, 'olga'),
      aggregateType: 'ticket',
      aggregateId: ticketId,
      newAggregate: true,
      sequence: 'ticket',
      // A value unique per tenant, as a company's VAT number is: the replay's own first run holds it.
      uniqueKeys: (state) => (state === null ? [] : [{ scope: 'ticket-subject', value: 'printer' }]),
      command: (number: number) => ({ type: 'OpenTicket' as const, data: { ticketId, number, companyId: 'c', subject: 'printer' } }),
      idempotency: { key: key, requestHash: 'same-request', lookupFirst: false },
      meta: { commandId: randomUUID(), correlationId: 'c' },
      now: () => new Date().toISOString(),
      result: ({ state }) => ({ statusCode: 201, headers: {}, body: JSON.stringify({ id: state?.id }) }),
    });

  it('answers a repeated key from the stored response, though its claim and sequence step fail too', async () => {
    const tenant = uniqueTenant();
    const store = new EventStore(db, eventsTable);
    const first = await openClaiming(store, tenant, 't1', 'row-2');
    expect(first.replayed).toBe(false);
    // The same request again under a new id (an import row replayed after a crash): its commit fails
    // on the claim, the sequence and the idempotency record at once; the key decides.
    const again = await openClaiming(store, tenant, 't2', 'row-2');
    expect(again).toEqual({ result: first.result, replayed: true });
    expect((await store.load(tenant, 'ticket', 't2')).version).toBe(0);
    // A new key with the claimed value is refused as a duplicate, naming the holder.
    await expect(openClaiming(store, tenant, 't3', 'row-3')).rejects.toMatchObject({ name: 'UniqueKeyTakenError', owner: 't1' });
  });
});
