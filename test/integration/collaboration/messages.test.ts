import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { rebuildReadModels } from '../../../adapters/dynamodb/rebuild.ts';
import { messageQueries } from '../../../application/collaboration/message-queries.ts';
import { notifyUsers, systemMessageId } from '../../../application/collaboration/notifier.ts';
import { runCommand } from '../../../application/shared/command-runner.ts';
import { messageDecider, type MessageCommand } from '../../../domain/collaboration/direct-message.ts';
import type { StoredEvent } from '../../../events/envelope.ts';
import { messageBoxKeys, messageCountKeys } from '../../../projections/collaboration/message-inbox.ts';
import { itemsFromHistory, Projector } from '../../../projections/projector.ts';
import { actorIn, testDependencies, uniqueTenant } from '../../support/dynamo.ts';
import { registerUser } from '../../support/people.ts';

/**
 * Direct messages on DynamoDB Local: the inbox / unread / sent read model (applying twice or in
 * reverse = once; a rebuild yields the live items), the queries on it, and the notifier appending
 * system messages to the real event store, once per source event however often it is delivered.
 * The unread counters (projections/counters.ts) stay exact under replays and rebuilds.
 */
const at = '2030-05-14T09:00:00.000Z';
const deps = testDependencies({ now: () => at });
const { eventStore, readModels } = deps;
const projector = new Projector(readModels, eventStore);

const run = (tenant: string, userId: string, messageId: string, command: MessageCommand) =>
  runCommand({
    store: eventStore,
    decider: messageDecider,
    actor: actorIn(tenant, userId),
    aggregateType: 'message',
    aggregateId: messageId,
    command,
    meta: { commandId: randomUUID(), correlationId: 'c' },
    now: () => at,
    result: () => null,
  });

/** Two messages: one to a group of tom and sam (tom read it), one from tom to olga. */
const seed = async (tenant: string): Promise<string[]> => {
  const ids = [randomUUID(), randomUUID()];
  await run(tenant, 'olga', ids[0]!, { type: 'SendMessage', data: { messageId: ids[0]!, from: 'olga', to: { kind: 'group', groupId: 'g' }, recipients: ['tom', 'sam'], subject: 'Hi', body: 'All' } });
  await run(tenant, 'tom', ids[0]!, { type: 'MarkRead', data: { userId: 'tom' } });
  await run(tenant, 'tom', ids[1]!, { type: 'SendMessage', data: { messageId: ids[1]!, from: 'tom', to: { kind: 'user', userId: 'olga' }, recipients: ['olga'], body: 'Re' } });
  return ids;
};

const eventsOf = async (tenant: string, ids: string[]): Promise<StoredEvent[]> =>
  (await Promise.all(ids.map((id) => eventStore.load(tenant, 'message', id)))).flatMap((stream) => stream.events);

/** Every item of the messages: main items, and every box partition of the three users. */
const itemsOf = async (tenant: string, ids: string[]) => {
  const main = await Promise.all(ids.map((id) => readModels.get({ pk: `${tenant}#message#${id}`, sk: 'inbox' })));
  const partitions = ['olga', 'tom', 'sam'].flatMap((user) => [messageBoxKeys.inbox(tenant, user), messageBoxKeys.unread(tenant, user), messageBoxKeys.sent(tenant, user)]);
  const boxes = await Promise.all(
    partitions.map(async (value) => (await readModels.query({ index: undefined, partitionKey: { name: 'pk', value }, newestFirst: true, limit: 50 })).items),
  );
  return { main, boxes };
};

const queries = messageQueries(() => deps);

describe('direct messages on DynamoDB Local', () => {
  it('projects inboxes read per member, unread marks and the sent box; the queries read them', async () => {
    const tenant = uniqueTenant('msg');
    const ids = await seed(tenant);
    for (const event of await eventsOf(tenant, ids)) await projector.project(event);
    const tom = actorIn(tenant, 'tom');
    const sam = actorIn(tenant, 'sam');
    const olga = actorIn(tenant, 'olga');
    expect(await queries.listMessages(tom, { view: 'inbox', limit: 10 })).toMatchObject({ unreadCount: 0, items: [{ id: ids[0], read: true, readAt: at }] });
    expect(await queries.listMessages(sam, { view: 'inbox', limit: 10 })).toMatchObject({ unreadCount: 1, items: [{ id: ids[0], read: false }] });
    expect((await queries.listMessages(sam, { view: 'inbox', unread: true, limit: 10 })).items.map((m) => m.id)).toEqual([ids[0]]);
    expect((await queries.listMessages(tom, { view: 'inbox', unread: true, limit: 10 })).items).toEqual([]);
    expect((await queries.listMessages(olga, { view: 'sent', limit: 10 })).items.map((m) => m.id)).toEqual([ids[0]]);
    expect((await queries.listMessages(olga, { view: 'inbox', limit: 10 })).items.map((m) => m.id)).toEqual([ids[1]]);
    expect(await queries.unreadCount(olga)).toBe(1);
  });

  it('is idempotent: the batch applied twice, and in reverse, gives the items of once = of the history', async () => {
    const tenant = uniqueTenant('msg');
    const ids = await seed(tenant);
    const events = await eventsOf(tenant, ids);
    for (const event of events) await projector.project(event);
    const once = await itemsOf(tenant, ids);
    for (const event of events) await projector.project(event);
    for (const event of events.toReversed()) await projector.project(event);
    expect(await itemsOf(tenant, ids)).toEqual(once);
    const fromHistory = ids.flatMap((id) => itemsFromHistory(tenant, events.filter((e) => e.aggregateId === id)));
    expect(fromHistory.length).toBe(once.main.length + once.boxes.flat().length);
  });

  it('rebuild yields exactly the live items', async () => {
    const tenant = uniqueTenant('msg');
    const ids = await seed(tenant);
    for (const event of await eventsOf(tenant, ids)) await projector.project(event);
    const live = await itemsOf(tenant, ids);
    await readModels.delete({ pk: messageBoxKeys.unread(tenant, 'sam'), sk: live.boxes.flat().find((item) => item['pk'] === messageBoxKeys.unread(tenant, 'sam'))!['sk'] as string });
    await rebuildReadModels({ ...deps, readModels, tenant });
    expect(await itemsOf(tenant, ids)).toEqual(live);
  });

  it('keeps each member’s unread counter exact: a group message read by one, replayed twice, rebuilt', async () => {
    const tenant = uniqueTenant('msg');
    const ids = [randomUUID(), randomUUID()];
    await run(tenant, 'olga', ids[0]!, { type: 'SendMessage', data: { messageId: ids[0]!, from: 'olga', to: { kind: 'group', groupId: 'g' }, recipients: ['tom', 'sam', 'ana'], body: 'All' } });
    await run(tenant, 'tom', ids[1]!, { type: 'SendMessage', data: { messageId: ids[1]!, from: 'tom', to: { kind: 'user', userId: 'sam' }, recipients: ['sam'], body: 'Re' } });
    await run(tenant, 'sam', ids[0]!, { type: 'MarkRead', data: { userId: 'sam' } });
    const events = await eventsOf(tenant, ids);
    const counts = async () =>
      Object.fromEntries(
        await Promise.all(
          ['olga', 'tom', 'sam', 'ana'].map(async (user) => [user, { counter: (await readModels.get(messageCountKeys.unread(tenant, user)))?.['n'] ?? 0, read: await queries.unreadCount(actorIn(tenant, user)) }]),
        ),
      );
    const expected = { olga: { counter: 0, read: 0 }, tom: { counter: 1, read: 1 }, sam: { counter: 1, read: 1 }, ana: { counter: 1, read: 1 } };
    for (const event of events) await projector.project(event);
    expect(await counts()).toEqual(expected);
    // Replayed twice (and out of order): counted once.
    for (const event of events) await projector.project(event);
    for (const event of events.toReversed()) await projector.project(event);
    expect(await counts()).toEqual(expected);
    await rebuildReadModels({ ...deps, readModels, tenant });
    await rebuildReadModels({ ...deps, readModels, tenant });
    expect(await counts()).toEqual(expected);
    // Tom reads it afterwards: his counter goes to 0, the others stay.
    await run(tenant, 'tom', ids[0]!, { type: 'MarkRead', data: { userId: 'tom' } });
    const [last] = (await eventsOf(tenant, [ids[0]!])).slice(-1);
    await projector.project(last!);
    await projector.project(last!);
    expect(await counts()).toEqual({ ...expected, tom: { counter: 0, read: 0 } });
  });

  it('counts a message to a group of 150 (more counters than one transaction holds: split writes) once each', async () => {
    const tenant = uniqueTenant('msg');
    const id = randomUUID();
    const members = Array.from({ length: 150 }, (_, index) => `u${index}`);
    await run(tenant, 'olga', id, { type: 'SendMessage', data: { messageId: id, from: 'olga', to: { kind: 'group', groupId: 'g' }, recipients: members, body: 'All' } });
    await run(tenant, 'u7', id, { type: 'MarkRead', data: { userId: 'u7' } });
    const events = await eventsOf(tenant, [id]);
    const counts = async () => Promise.all(members.map((user) => queries.unreadCount(actorIn(tenant, user))));
    const expected = members.map((user) => (user === 'u7' ? 0 : 1));
    await projector.project(events[0]!);
    expect(await counts()).toEqual(members.map(() => 1));
    for (const event of [...events, ...events]) await projector.project(event);
    expect(await counts()).toEqual(expected);
    await rebuildReadModels({ ...deps, readModels, tenant });
    expect(await counts()).toEqual(expected);
  });

  it('the notifier appends one system message per source event and recipient, however often delivered', async () => {
    const tenant = uniqueTenant('msg');
    await registerUser(tenant, 'tom', { locale: 'hu' });
    const source: StoredEvent = {
      aggregateType: 'ticket',
      aggregateId: randomUUID(),
      version: 2,
      type: 'TicketAssigned',
      data: { ticketId: 'x', from: null, to: { kind: 'user', userId: 'tom' } },
      at,
      meta: { tenant, actor: 'olga', commandId: 'c', correlationId: 'c' },
    };
    const sent = await Promise.all([notifyUsers(() => deps, source), notifyUsers(() => deps, source)]);
    expect(sent[0]! + sent[1]!).toBe(1);
    expect(await notifyUsers(() => deps, source)).toBe(0);
    const stream = await eventStore.load(tenant, 'message', systemMessageId(source, 'tom'));
    expect(stream.version).toBe(1);
    expect(stream.events[0]).toMatchObject({ type: 'MessageSent', data: { from: 'system', recipients: ['tom'], cause: { eventType: 'TicketAssigned', by: 'olga' } } });
    // tom was registered a moment ago and no projector ran: his language comes from his stream.
    expect(stream.events[0]!.data).toMatchObject({ subject: 'Hibajegyet rendeltek hozzád' });
  });
});
