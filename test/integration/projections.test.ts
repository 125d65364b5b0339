import { randomUUID } from 'node:crypto';
import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { Context, DynamoDBRecord } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { localTableNames } from '../../adapters/dynamodb/client.ts';
import { rebuildReadModels } from '../../adapters/dynamodb/rebuild.ts';
import type { StoredEvent } from '../../events/envelope.ts';
import { ticketDecider, type TicketCommand } from '../../domain/support/ticket.ts';
import { itemsFromHistory, Projector } from '../../projections/projector.ts';
import { createProjectHandler } from '../../functions/streams/project.ts';
import { ticketListProjection } from '../../projections/support/ticket-list.ts';
import { runCommand } from '../../application/shared/command-runner.ts';
import type { Actor } from '../../domain/shared/actor.ts';
import { actorIn, testDependencies, uniqueTenant } from '../support/dynamo.ts';

const deps = testDependencies();
const { db, eventStore, readModels } = deps;
const projector = new Projector(readModels, eventStore);

const run = (actor: Actor, ticketId: string, command: TicketCommand | ((n: number) => TicketCommand)) =>
  runCommand({
    store: eventStore,
    decider: ticketDecider,
    actor,
    aggregateType: 'ticket',
    aggregateId: ticketId,
    command,
    ...(typeof command === 'function' ? { sequence: 'ticket' } : {}),
    meta: { commandId: randomUUID(), correlationId: 'c' },
    now: () => new Date().toISOString(),
    result: () => ({ statusCode: 200, headers: {}, body: '' }),
  });

/** A small tenant history: three tickets through several transitions. */
const seedTenant = async (tenant: string): Promise<string[]> => {
  const olga = actorIn(tenant, 'olga', 'standard', ['support']);
  const ids = [randomUUID(), randomUUID(), randomUUID()];
  for (const [i, id] of ids.entries()) {
    await run(olga, id, (number) => ({
      type: 'OpenTicket',
      data: { ticketId: id, number, companyId: `c-${i % 2}`, subject: `Ticket ${i}`, assignee: i === 2 ? { kind: 'group', groupId: 'support' } : null },
    }));
  }
  await run(olga, ids[0]!, { type: 'TakeTicket' });
  await run(olga, ids[0]!, { type: 'CommentTicket', data: { commentId: 'c1', body: 'Looking', visibility: 'internal', status: 'waiting_reply' } });
  await run(olga, ids[1]!, { type: 'CloseTicket' });
  await run(olga, ids[1]!, { type: 'ReopenTicket', data: { reason: 'again' } });
  await run(olga, ids[1]!, { type: 'AssignTicket', data: { assignee: { kind: 'user', userId: 'tom' } } });
  await run(olga, ids[2]!, { type: 'CloseTicket' });
  return ids;
};

const eventsOf = async (tenant: string, ids: string[]): Promise<StoredEvent[]> =>
  (await Promise.all(ids.map((id) => eventStore.load(tenant, 'ticket', id)))).flatMap((s) => s.events);

const itemsOf = async (tenant: string, ids: string[]) =>
  Promise.all(ids.map((id) => readModels.get(ticketListProjection.key(tenant, id))));

describe('ticket list projection on DynamoDB Local', () => {
  it('projects a history into list items with the view, assignee and company index keys', async () => {
    const tenant = uniqueTenant();
    const ids = await seedTenant(tenant);
    for (const event of await eventsOf(tenant, ids)) await projector.project(event);
    const [first, second, third] = await itemsOf(tenant, ids);
    expect(first).toMatchObject({
      status: 'waiting_reply',
      assignee: { kind: 'user', userId: 'olga' },
      assigneeUser: 'olga',
      commentCount: 1,
      version: 4, // opened, taken, commented, status changed with the comment
      gsi1pk: `${tenant}#tickets#open`,
      gsi2pk: `${tenant}#tickets#open#assignee#user:olga`,
      gsi3pk: `${tenant}#tickets#open#company#c-0`,
    });
    expect(second).toMatchObject({ status: 'open', closedAt: null, assigneeUser: 'tom', version: 4 });
    expect(third).toMatchObject({ status: 'closed', gsi1pk: `${tenant}#tickets#closed`, assigneeGroup: 'support' });

    const { Items } = await db.send(
      new QueryCommand({
        TableName: localTableNames.readModels,
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :pk',
        ExpressionAttributeValues: { ':pk': `${tenant}#tickets#open` },
        ScanIndexForward: false,
      }),
    );
    expect(Items?.map((i) => i.number)).toEqual([2, 1]);
  });

  it('is idempotent: applying the whole batch twice gives the same items as once', async () => {
    const tenant = uniqueTenant();
    const ids = await seedTenant(tenant);
    const events = await eventsOf(tenant, ids);
    for (const event of events) await projector.project(event);
    const once = await itemsOf(tenant, ids);
    for (const event of events) await projector.project(event);
    for (const event of events.toReversed()) await projector.project(event);
    expect(await itemsOf(tenant, ids)).toEqual(once);
  });

  it('the stream handler (aggregates at once, runs folded) writes what a rebuild folds, and twice = once', async () => {
    const tenant = uniqueTenant();
    const ids = await seedTenant(tenant);
    const events = await eventsOf(tenant, ids);
    // Stream order interleaves the aggregates; the handler gets them as Lambda would.
    const records = events
      .toSorted((a, b) => a.at.localeCompare(b.at) || a.version - b.version)
      .map((event, i): DynamoDBRecord => {
        const pk = `${tenant}#ticket#${event.aggregateId}`;
        const item = { ...event, pk, kind: 'event', tenant, schemaVersion: 1 };
        return { eventName: 'INSERT', dynamodb: { SequenceNumber: String(100 + i), Keys: marshall({ pk, version: event.version }) as never, NewImage: marshall(item, { removeUndefinedValues: true }) as never } };
      });
    const handler = createProjectHandler(() => deps, { aggregatesInParallel: 3 });
    const context = { getRemainingTimeInMillis: () => 60_000 } as unknown as Context;
    expect(await handler({ Records: records }, context)).toEqual({ batchItemFailures: [] });
    const once = await itemsOf(tenant, ids);
    const folded = ids.map((id) => itemsFromHistory(tenant, events.filter((e) => e.aggregateId === id))[0]);
    expect(once).toEqual(folded);
    expect(await handler({ Records: records }, context)).toEqual({ batchItemFailures: [] });
    expect(await itemsOf(tenant, ids)).toEqual(once);
  });

  it('fills a gap from the log when a later event arrives before an earlier one', async () => {
    const tenant = uniqueTenant();
    const ids = await seedTenant(tenant);
    const events = (await eventsOf(tenant, ids)).filter((e) => e.aggregateId === ids[1]);
    await projector.project(events.at(-1)!);
    const [, item] = await itemsOf(tenant, ids);
    expect(item).toMatchObject({ version: events.length, status: 'open', assigneeUser: 'tom' });
    for (const event of events) await projector.project(event);
    expect((await itemsOf(tenant, ids))[1]).toEqual(item);
  });

  it('rebuild yields exactly the items of the live projection, and removes orphans', async () => {
    const tenant = uniqueTenant();
    const ids = await seedTenant(tenant);
    for (const event of await eventsOf(tenant, ids)) await projector.project(event);
    const live = await itemsOf(tenant, ids);

    // Drift: one item lost, one corrupted, one orphan that no aggregate produces.
    await readModels.delete(ticketListProjection.key(tenant, ids[0]!));
    await db.send(
      new PutCommand({ TableName: localTableNames.readModels, Item: { ...live[1]!, subject: 'corrupted', version: live[1]!.version } }),
    );
    const orphan = { ...live[2]!, ...ticketListProjection.key(tenant, 'ghost'), aggregateId: 'ghost', version: 1 };
    await db.send(new PutCommand({ TableName: localTableNames.readModels, Item: orphan }));

    const result = await rebuildReadModels({ ...deps, readModels, tenant });
    expect(result).toMatchObject({ tenant, aggregates: 3, itemsDeleted: 1 });
    expect(await itemsOf(tenant, ids)).toEqual(live);
    expect(await readModels.get(ticketListProjection.key(tenant, 'ghost'))).toBeNull();
  });

  it('rebuild of one tenant leaves other tenants alone', async () => {
    const [mine, theirs] = [uniqueTenant(), uniqueTenant()];
    const theirIds = await seedTenant(theirs);
    await seedTenant(mine);
    const result = await rebuildReadModels({ ...deps, readModels, tenant: mine });
    expect(result.aggregates).toBe(3);
    expect((await itemsOf(theirs, theirIds)).every((i) => i === null)).toBe(true);
  });
});
