import { TransactWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { EventStore } from '../../../adapters/dynamodb/event-store.ts';
import { quoteAcceptance } from '../../../application/sales/quote-acceptance.ts';
import { idempotencyFor, type CommandContext } from '../../../application/shared/command-context.ts';
import { DomainError } from '../../../application/shared/errors.ts';
import { actorIn, testDependencies, uniqueTenant } from '../../support/dynamo.ts';
import { seedOpportunity, seedQuote } from '../../support/acceptance-fixtures.ts';

/**
 * Accepting a quote on DynamoDB Local: the quote's QuoteAccepted, the order's SalesOrderCreated, the
 * opportunity's OpportunityWon, the `order-<year>` counter and the idempotency record are ONE
 * TransactWriteItems — a failure anywhere leaves none of them; concurrent acceptances of one quote
 * make exactly one order; concurrent acceptances of many quotes number their orders without gaps.
 */
const base = testDependencies();
const valid = { validUntil: '2999-12-31' };
const context = (tenant: string): CommandContext => ({ actor: actorIn(tenant, 'olga'), correlationId: 'c' });
const yearOf = (at: string) => Number(at.slice(0, 4));

/**
 * The DynamoDB client with a fault switch: while armed, a transaction gets one more item — a
 * condition check on an item that does not exist — so DynamoDB itself cancels the whole transaction,
 * as it would on any failure of any of its items. Every transaction sent is recorded.
 */
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
  return { db, sent, arm: (times = 1) => (armed = times) };
};

describe('accepting a quote on DynamoDB Local', () => {
  it('is ONE transaction: a cancelled commit leaves no QuoteAccepted, no order, no OpportunityWon and no counter step; a retry succeeds', async () => {
    const tenant = uniqueTenant('accept');
    const fault = faultyClient();
    const eventStore = new EventStore(fault.db, base.eventsTable);
    const accept = quoteAcceptance(() => ({ ...base, eventStore }));
    await seedOpportunity(base.eventStore, tenant, 'opp-1');
    const quoteVersion = await seedQuote(base.eventStore, tenant, 'qte-1', { content: { ...valid, opportunityId: 'opp-1' } });
    const idempotency = idempotencyFor(context(tenant).actor, 'k1', 'accept qte-1');
    const year = yearOf(base.now());

    fault.sent.length = 0;
    fault.arm();
    await expect(accept(context(tenant), 'qte-1', {}, { idempotency })).rejects.toThrow(/transaction cancelled/);
    // Everything the acceptance writes was in that one transaction: 3 events, the counter, the idempotency record.
    expect(fault.sent).toHaveLength(1);
    const items = fault.sent[0]!.input.TransactItems!;
    expect(items).toHaveLength(5);
    const events = items.flatMap((item) => (item.Put?.Item?.kind === 'event' ? [`${item.Put.Item.aggregateType}:${item.Put.Item.type}`] : []));
    expect(events.sort()).toStrictEqual(['opportunity:OpportunityWon', 'order:SalesOrderCreated', 'quote:QuoteAccepted']);

    // Nothing of it exists afterwards.
    expect((await base.eventStore.load(tenant, 'quote', 'qte-1')).version).toBe(quoteVersion);
    expect((await base.eventStore.load(tenant, 'opportunity', 'opp-1')).version).toBe(1);
    expect(await base.eventStore.readSequence(tenant, `order-${year}`)).toBe(0);
    expect(await base.eventStore.readIdempotency(tenant, idempotency.key, base.now())).toBeNull();

    // The retry (same key) commits all of it, with the first number of the year.
    const { result, replayed } = await accept(context(tenant), 'qte-1', {}, { idempotency });
    expect(replayed).toBe(false);
    expect(result.order.reference).toBe(`SO-${year}-00001`);
    expect((await base.eventStore.load(tenant, 'quote', 'qte-1')).events.at(-1)).toMatchObject({ type: 'QuoteAccepted', data: { orderId: result.order.id } });
    expect((await base.eventStore.load(tenant, 'order', result.order.id)).events).toMatchObject([{ type: 'SalesOrderCreated', data: { quoteId: 'qte-1', number: 1 } }]);
    expect((await base.eventStore.load(tenant, 'opportunity', 'opp-1')).events.at(-1)).toMatchObject({ type: 'OpportunityWon', data: { orderId: result.order.id } });
    expect(await base.eventStore.readSequence(tenant, `order-${year}`)).toBe(1);
  });

  it('20 concurrent accepts of one quote: exactly one order, the other 19 are conflicts', async () => {
    const tenant = uniqueTenant('accept1');
    const accept = quoteAcceptance(() => base);
    await seedOpportunity(base.eventStore, tenant, 'opp-1');
    await seedQuote(base.eventStore, tenant, 'qte-1', { content: { ...valid, opportunityId: 'opp-1' } });
    const settled = await Promise.allSettled(Array.from({ length: 20 }, () => accept(context(tenant), 'qte-1', {})));

    const won = settled.flatMap((s) => (s.status === 'fulfilled' ? [s.value.result] : []));
    expect(won).toHaveLength(1);
    const refusals = settled.flatMap((s) => (s.status === 'rejected' ? [s.reason instanceof DomainError ? s.reason.kind : String(s.reason)] : []));
    expect(refusals).toStrictEqual(Array.from({ length: 19 }, () => 'conflict'));
    const year = yearOf(base.now());
    expect(await base.eventStore.readSequence(tenant, `order-${year}`)).toBe(1);
    const quote = await base.eventStore.load(tenant, 'quote', 'qte-1');
    expect(quote.events.filter((e) => e.type === 'QuoteAccepted')).toHaveLength(1);
    const opportunity = await base.eventStore.load(tenant, 'opportunity', 'opp-1');
    expect(opportunity.events.filter((e) => e.type === 'OpportunityWon')).toHaveLength(1);
    expect((await base.eventStore.load(tenant, 'order', won[0]!.order.id)).version).toBe(1);
  });

  it('20 quotes accepted concurrently: orders SO-<year>-00001..00020, no gap, no duplicate', async () => {
    const tenant = uniqueTenant('accept20');
    const accept = quoteAcceptance(() => base);
    const ids = Array.from({ length: 20 }, (_, i) => `qte-${i + 1}`);
    await Promise.all(ids.map((id, i) => seedQuote(base.eventStore, tenant, id, { number: i + 1, content: { ...valid, opportunityId: null } })));
    const outcomes = await Promise.all(ids.map((id) => accept(context(tenant), id, {})));

    const year = yearOf(base.now());
    const references = outcomes.map((o) => o.result.order.reference).sort();
    expect(references).toStrictEqual(Array.from({ length: 20 }, (_, i) => `SO-${year}-${String(i + 1).padStart(5, '0')}`));
    expect(await base.eventStore.readSequence(tenant, `order-${year}`)).toBe(20);
    // Each order's stream says the number its quote's QuoteAccepted names.
    for (const [i, id] of ids.entries()) {
      const accepted = (await base.eventStore.load(tenant, 'quote', id)).events.at(-1)!;
      const order = (await base.eventStore.load(tenant, 'order', outcomes[i]!.result.order.id)).events[0]!;
      expect(accepted.data).toMatchObject({ orderReference: (order.data as { reference: string }).reference });
    }
  });
});
