import { TransactWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { EventStore } from '../../adapters/dynamodb/event-store.ts';
import { randomIds } from '../../adapters/clock.ts';
import { requestGeneration, type GenerateDocumentInput } from '../../application/requests/request-generation.ts';
import { idempotencyFor, type CommandContext } from '../../application/shared/command-context.ts';
import { ConcurrentUpdateError, DomainError } from '../../application/shared/errors.ts';
import type { EventStorePort } from '../../application/ports/event-store.ts';
import { actorIn, testDependencies, uniqueTenant } from '../support/dynamo.ts';

/**
 * Generating documents from a customer request on DynamoDB Local: the request's events, the new
 * ticket's TicketOpened, the `ticket` counter and the idempotency record are ONE TransactWriteItems;
 * concurrent generations from one request all succeed (gapless numbers) unless one closes it, and
 * whatever happens there is never a ticket without its RequestDocumentGenerated, nor the reverse.
 */
const users = new Set(['olga', 'tom']);
const base = testDependencies({ peopleOfRecord: { activeUser: async (_tenant, userId) => users.has(userId), group: async () => false } });
const context = (tenant: string): CommandContext => ({ actor: actorIn(tenant, 'olga'), correlationId: 'c' });
const ticket: GenerateDocumentInput = { document: 'ticket' };

const seed = async (store: EventStorePort, tenant: string) => {
  const at = base.now();
  const meta = { actor: 'olga', commandId: `seed-${tenant}`, correlationId: 'seed' };
  const profile = { legalName: 'Acme', aliases: [], kind: 'client', vatNumber: null, taxCode: null, addresses: [], phones: [], emails: [], website: null, categories: [], area: null, segments: [], tags: [] };
  await store.commit({
    tenant,
    at,
    meta,
    streams: [
      {
        aggregateType: 'company',
        aggregateId: 'acme',
        expectedVersion: 0,
        events: [{ type: 'CompanyRegistered', data: { companyId: 'acme', code: 'C000001', profile, responsibleUserId: null, accountManagers: [], status: null } }],
      },
      {
        aggregateType: 'request',
        aggregateId: 'req-1',
        expectedVersion: 0,
        events: [
          {
            type: 'RequestRegistered',
            data: { requestId: 'req-1', number: 1, companyId: 'acme', contactId: null, requestType: 'support', description: 'Printer jams', channel: null, status: 'new', rank: 'U', responsibleId: 'tom' },
          },
        ],
      },
    ],
  });
};

/** The generation over `store`, recording every id it draws (document ids among them). */
const generator = (store: EventStorePort = base.eventStore) => {
  const ids: string[] = [];
  const newId = () => {
    const id = randomIds();
    ids.push(id);
    return id;
  };
  return { ids, generate: requestGeneration(() => ({ ...base, eventStore: store, newId })) };
};

/**
 * The invariant: each ticket that exists names the request as its origin and is among the request's
 * documents; each document of the request exists; the numbers are 1..n, n the counter.
 */
const expectNoHalfMadeDocument = async (tenant: string, drawnIds: readonly string[]) => {
  const request = await base.eventStore.load(tenant, 'request', 'req-1');
  const documents = request.events.filter((e) => e.type === 'RequestDocumentGenerated').map((e) => (e.data as { document: { id: string; reference: string } }).document);
  const tickets = (await Promise.all(drawnIds.map((id) => base.eventStore.load(tenant, 'ticket', id)))).filter((stream) => stream.version > 0);
  expect(tickets.map((t) => (t.events[0]!.data as { ticketId: string }).ticketId).toSorted()).toStrictEqual(documents.map((d) => d.id).toSorted());
  for (const stream of tickets) expect(stream.events[0]!.data).toMatchObject({ origin: { kind: 'request', id: 'req-1' } });
  const numbers = tickets.map((t) => (t.events[0]!.data as { number: number }).number).toSorted((a, b) => a - b);
  expect(numbers).toStrictEqual(numbers.map((_, i) => i + 1));
  expect(documents.map((d) => Number(d.reference)).toSorted((a, b) => a - b)).toStrictEqual(numbers);
  expect(await base.eventStore.readSequence(tenant, 'ticket')).toBe(numbers.length);
  return { documents, request };
};

/** The DynamoDB client with a fault switch: while armed, DynamoDB itself cancels the next transaction. */
const faultyClient = () => {
  const sent: TransactWriteCommand[] = [];
  let armed = 0;
  const db = new Proxy(base.db, {
    get(target, property, receiver) {
      if (property !== 'send') return Reflect.get(target, property, receiver);
      return async (command: unknown) => {
        if (command instanceof TransactWriteCommand) {
          sent.push(command);
          if (armed > 0) {
            armed -= 1;
            const poisoned = new TransactWriteCommand({
              TransactItems: [
                ...(command.input.TransactItems ?? []),
                { ConditionCheck: { TableName: base.eventsTable, Key: { pk: 'fault#injected', version: 0 }, ConditionExpression: 'attribute_exists(pk)' } },
              ],
            });
            return target.send(poisoned);
          }
        }
        return target.send(command as never);
      };
    },
  }) as DynamoDBDocumentClient;
  return { db, sent, arm: () => (armed = 1) };
};

describe('generating from a customer request on DynamoDB Local', () => {
  it('is ONE transaction: a cancelled commit leaves no RequestDocumentGenerated, no ticket and no number taken; the retry makes both', async () => {
    const tenant = uniqueTenant('gen');
    await seed(base.eventStore, tenant);
    const fault = faultyClient();
    const { generate, ids } = generator(new EventStore(fault.db, base.eventsTable));
    const idempotency = idempotencyFor(context(tenant).actor, 'k1', 'generate req-1');

    fault.arm();
    await expect(generate(context(tenant), 'req-1', { ...ticket, close: true }, { idempotency })).rejects.toThrow(/transaction cancelled/);
    const items = fault.sent.at(-1)!.input.TransactItems!;
    const events = items.flatMap((item) => (item.Put?.Item?.kind === 'event' ? [`${item.Put.Item.aggregateType}:${item.Put.Item.type}`] : []));
    expect(events.sort()).toStrictEqual(['request:RequestClosed', 'request:RequestDocumentGenerated', 'ticket:TicketOpened']);
    expect((await base.eventStore.load(tenant, 'request', 'req-1')).version).toBe(1);
    await expectNoHalfMadeDocument(tenant, ids);
    expect(await base.eventStore.readSequence(tenant, 'ticket')).toBe(0);

    const { result } = await generate(context(tenant), 'req-1', { ...ticket, close: true }, { idempotency });
    expect(result.request).toMatchObject({ closed: true, version: 3 });
    const { documents } = await expectNoHalfMadeDocument(tenant, ids);
    expect(documents).toHaveLength(1);
  });

  it('two concurrent generations of a ticket from one request both succeed, numbered 1 and 2', async () => {
    const tenant = uniqueTenant('gen');
    await seed(base.eventStore, tenant);
    const { generate, ids } = generator();
    const both = await Promise.all([generate(context(tenant), 'req-1', ticket), generate(context(tenant), 'req-1', ticket)]);
    expect(both.map((o) => o.result.document.reference).toSorted()).toStrictEqual(['1', '2']);
    const { documents, request } = await expectNoHalfMadeDocument(tenant, ids);
    expect(documents).toHaveLength(2);
    expect(request.version).toBe(3);
  });

  it('two concurrent generations that both close: exactly one succeeds, the other is refused and leaves nothing', async () => {
    const tenant = uniqueTenant('gen');
    await seed(base.eventStore, tenant);
    const { generate, ids } = generator();
    const settled = await Promise.allSettled([generate(context(tenant), 'req-1', { ...ticket, close: true }), generate(context(tenant), 'req-1', { ...ticket, close: true })]);
    expect(settled.map((s) => s.status).toSorted()).toStrictEqual(['fulfilled', 'rejected']);
    const reason = (settled.find((s) => s.status === 'rejected') as PromiseRejectedResult).reason;
    expect(reason).toBeInstanceOf(DomainError);
    expect((reason as DomainError).kind).toBe('conflict');
    const { documents } = await expectNoHalfMadeDocument(tenant, ids);
    expect(documents).toHaveLength(1);
  });

  it('a burst of generations, some closing: every outcome is a success or a refusal, and no document is half made', async () => {
    const tenant = uniqueTenant('gen');
    await seed(base.eventStore, tenant);
    const { generate, ids } = generator();
    const settled = await Promise.allSettled(Array.from({ length: 6 }, (_, i) => generate(context(tenant), 'req-1', { ...ticket, close: i % 3 === 2 })));
    for (const outcome of settled) {
      if (outcome.status === 'rejected') expect(outcome.reason instanceof DomainError || outcome.reason instanceof ConcurrentUpdateError).toBe(true);
    }
    const { documents } = await expectNoHalfMadeDocument(tenant, ids);
    expect(documents).toHaveLength(settled.filter((s) => s.status === 'fulfilled').length);
  });
});
