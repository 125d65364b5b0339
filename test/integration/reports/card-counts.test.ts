import { randomUUID } from 'node:crypto';
import { QueryCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { rebuildReadModels } from '../../../adapters/dynamodb/rebuild.ts';
import { cardQueries } from '../../../application/reports/card-queries.ts';
import type { Actor } from '../../../domain/shared/actor.ts';
import type { StoredEvent } from '../../../events/envelope.ts';
import type { Dependencies } from '../../../functions/shared/dependencies.ts';
import { Projector } from '../../../projections/projector.ts';
import { actorIn, isolatedDependencies, uniqueTenant } from '../../support/dynamo.ts';

/**
 * The client card's counts on DynamoDB Local (projections/counters.ts): exact after every kind of
 * change, under replays (twice, out of order), rebuilds over live items and from empty, and the
 * sweep of orphans; for a restricted user, what they see; never negative. The count of a section is
 * always checked against its items walked one by one (`allItems`). Fixed dates from March 2027.
 */
let deps: Dependencies;
let projector: Projector;

beforeAll(async () => {
  deps = await isolatedDependencies();
  projector = new Projector(deps.readModels, deps.eventStore);
});

let minute = 0;
const clock = () => new Date(Date.parse('2027-03-01T08:00:00.000Z') + minute++ * 60_000).toISOString();

const append = async (tenant: string, aggregateType: string, aggregateId: string, type: string, data: unknown, actor = 'olga') => {
  const { version } = await deps.eventStore.load(tenant, aggregateType, aggregateId);
  await deps.eventStore.commit({
    tenant,
    at: clock(),
    meta: { actor, commandId: randomUUID(), correlationId: 'count-test' },
    streams: [{ aggregateType, aggregateId, expectedVersion: version, events: [{ type, data }] }],
  });
  const { events } = await deps.eventStore.load(tenant, aggregateType, aggregateId);
  await projector.project(events.at(-1)!);
};

const profile = (legalName: string) => ({
  legalName,
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
});
const register = (tenant: string, companyId: string, code: string) =>
  append(tenant, 'company', companyId, 'CompanyRegistered', { companyId, code, profile: profile(`Company ${companyId}`), responsibleUserId: null, accountManagers: [], status: null });
const contactProfile = (firstName: string) => ({ firstName, lastName: 'Kowalska', position: null, stage: null, source: null, emails: [], phones: [], address: null, tags: [], avatarKey: null });
const createContact = (tenant: string, contactId: string, companyId: string, accountManagers: string[] = []) =>
  append(tenant, 'contact', contactId, 'ContactCreated', { contactId, profile: contactProfile(contactId), companyId, accountManagers });
const interaction = (tenant: string, contactId: string, interactionId: string) =>
  append(tenant, 'contact', contactId, 'ContactInteractionLogged', { contactId, interactionId, channel: 'call', direction: 'inbound', outcome: null, notes: 'hi', occurredAt: '2027-02-27T15:00:00.000Z' });
const openTicket = (tenant: string, ticketId: string, number: number, companyId: string, assignee: unknown = null, actor = 'olga') =>
  append(tenant, 'ticket', ticketId, 'TicketOpened', { ticketId, number, companyId, subject: `Ticket ${number}`, type: 'problem', priority: 'normal', assignee }, actor);
const schedule = (tenant: string, activityId: string, companyId: string, dueOn: string, assignee: unknown = { kind: 'user', userId: 'olga' }) =>
  append(tenant, 'activity', activityId, 'ActivityScheduled', {
    activityId,
    details: { type: 'call', subject: activityId, notes: null, estimatedMinutes: null, related: { kind: 'company', id: companyId }, parentId: null, reminderOffsets: [] },
    schedule: { start: null, end: null, dueOn },
    assignee,
    status: 'planned',
  });

/** The counts the card shows, per section (non-zero only). */
const counts = async (actor: Actor, companyId: string): Promise<Record<string, number>> => {
  const { card } = await cardQueries(() => deps).companyCard(actor, companyId, { limit: 1 });
  return Object.fromEntries(Object.entries(card.sections).flatMap(([section, page]) => (page!.count > 0 ? [[section, page!.count]] : [])));
};

/** What the actor sees, walked item by item, per section (what the counts must say). */
const seen = async (actor: Actor, companyId: string): Promise<Record<string, number>> => {
  const { card } = await cardQueries(() => deps).companyCard(actor, companyId, { limit: 50 });
  const walked: Record<string, number> = {};
  for (const [section, page] of Object.entries(card.sections)) {
    let { items, nextCursor } = page!;
    let n = items.length;
    while (nextCursor) {
      ({ items, nextCursor } = (await cardQueries(() => deps).companyCard(actor, companyId, { limit: 50, section: section as never, cursor: nextCursor })).card.sections[section as 'tickets']!);
      n += items.length;
    }
    if (n > 0) walked[section] = n;
  }
  return walked;
};

const expectExact = async (actor: Actor, companyId: string, expected: Record<string, number>) => {
  expect(await counts(actor, companyId)).toEqual(expected);
  expect(await seen(actor, companyId)).toEqual(expected);
};

/** Every counter item of the tenant (non-zero ones; a counter at 0 may stay or go), checked never negative. */
const counters = async (tenant: string): Promise<Record<string, number>> => {
  const items: Record<string, unknown>[] = [];
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await deps.db.send(
      new ScanCommand({ TableName: deps.readModels.tableName, FilterExpression: 'begins_with(pk, :p) AND #counter = :t', ExpressionAttributeNames: { '#counter': 'counter' }, ExpressionAttributeValues: { ':p': `${tenant}#`, ':t': true }, ExclusiveStartKey, ConsistentRead: true }),
    );
    items.push(...(page.Items ?? []));
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  for (const item of items) expect(Number(item.n)).toBeGreaterThanOrEqual(0);
  return Object.fromEntries(items.filter((item) => Number(item.n) !== 0).map((item) => [`${String(item.pk)} ${String(item.sk)}`, Number(item.n)]));
};

/** acme and beta; on acme: contacts k1 (with 2 interactions) and k2 (rita's), 3 tickets (one rita's, one tom's), 2 activities, a note. */
const world = async (tenant: string) => {
  await register(tenant, 'acme', 'C000001');
  await register(tenant, 'beta', 'C000002');
  await createContact(tenant, 'k1', 'acme');
  await createContact(tenant, 'k2', 'acme', ['rita']);
  await interaction(tenant, 'k1', 'i1');
  await interaction(tenant, 'k1', 'i2');
  await openTicket(tenant, 't1', 1, 'acme');
  await openTicket(tenant, 't2', 2, 'acme', { kind: 'user', userId: 'rita' }, 'tom');
  await openTicket(tenant, 't3', 3, 'acme', { kind: 'user', userId: 'tom' }, 'tom');
  await schedule(tenant, 'a1', 'acme', '2027-04-10');
  await schedule(tenant, 'a2', 'acme', '2027-04-05', { kind: 'user', userId: 'rita' });
  await append(tenant, 'company', 'acme', 'CompanyNoteAdded', { companyId: 'acme', noteId: 'n1', body: 'Pays late' });
};

const streams = [
  ['company', 'acme'],
  ['company', 'beta'],
  ['contact', 'k1'],
  ['contact', 'k2'],
  ['ticket', 't1'],
  ['ticket', 't2'],
  ['ticket', 't3'],
  ['activity', 'a1'],
  ['activity', 'a2'],
] as const;

describe('the client card counts', () => {
  it('are exact after creates, status moves, company moves and removals, for every role', async () => {
    const tenant = uniqueTenant();
    await world(tenant);
    const olga = actorIn(tenant, 'olga');
    const rita = actorIn(tenant, 'rita', 'restricted');
    await expectExact(olga, 'acme', { contacts: 2, interactions: 2, tickets: 3, todo: 2, notes: 1 });
    // rita: k2 (hers; k1 has no manager: everyone's), her ticket and the unassigned one, her activity.
    await expectExact(rita, 'acme', { contacts: 2, interactions: 2, tickets: 2, todo: 1, notes: 1 });

    // To-do → history; a ticket taken from everyone by tom (rita no longer sees it).
    await append(tenant, 'activity', 'a1', 'ActivityStatusChanged', { activityId: 'a1', from: 'planned', to: 'done' });
    await append(tenant, 'ticket', 't1', 'TicketAssigned', { ticketId: 't1', from: null, to: { kind: 'user', userId: 'tom' } });
    await expectExact(olga, 'acme', { contacts: 2, interactions: 2, tickets: 3, todo: 1, history: 1, notes: 1 });
    await expectExact(rita, 'acme', { contacts: 2, interactions: 2, tickets: 1, todo: 1, notes: 1 });

    // k1 moves to beta (its interactions stay on acme, as on the timeline); k2 is removed (import reverted).
    await append(tenant, 'contact', 'k1', 'ContactLinkedToCompany', { contactId: 'k1', companyId: 'beta', previousCompanyId: 'acme' });
    await interaction(tenant, 'k1', 'i3');
    // A removed contact's interactions leave the card with it (as a rebuild, which produces nothing for it).
    await interaction(tenant, 'k2', 'i9');
    expect(await counts(olga, 'acme')).toMatchObject({ interactions: 3 });
    await append(tenant, 'contact', 'k2', 'ContactRemoved', { contactId: 'k2', reason: 'import_reverted' });
    await expectExact(olga, 'acme', { interactions: 2, tickets: 3, todo: 1, history: 1, notes: 1 });
    await expectExact(olga, 'beta', { contacts: 1, interactions: 1 });
    await expectExact(rita, 'acme', { interactions: 2, tickets: 1, todo: 1, notes: 1 });
    await counters(tenant);
  });

  it('do not move when events are applied again, twice and out of order, nor under a rebuild over live items; a rebuild from empty gives the same', async () => {
    const tenant = uniqueTenant();
    await world(tenant);
    await append(tenant, 'activity', 'a1', 'ActivityStatusChanged', { activityId: 'a1', from: 'planned', to: 'done' });
    await append(tenant, 'contact', 'k1', 'ContactLinkedToCompany', { contactId: 'k1', companyId: 'beta', previousCompanyId: 'acme' });
    const live = await counters(tenant);
    expect(Object.keys(live).length).toBeGreaterThan(5);

    for (const [type, id] of streams) {
      const { events } = await deps.eventStore.load(tenant, type, id);
      for (const event of events) await projector.project(event);
      for (const event of events.toReversed()) await projector.project(event);
      await projector.projectRun(events);
    }
    expect(await counters(tenant)).toEqual(live);

    await rebuildReadModels({ ...deps, tenant });
    expect(await counters(tenant)).toEqual(live);

    // From empty read models (the tenant's items all deleted, counters included).
    const { Items } = await deps.db.send(
      new ScanCommand({ TableName: deps.readModels.tableName, FilterExpression: 'begins_with(pk, :p)', ExpressionAttributeValues: { ':p': `${tenant}#` }, ConsistentRead: true }),
    );
    for (const item of Items ?? []) await deps.readModels.delete({ pk: String(item.pk), sk: String(item.sk) });
    expect(await counters(tenant)).toEqual({});
    await rebuildReadModels({ ...deps, tenant });
    expect(await counters(tenant)).toEqual(live);
    await expectExact(actorIn(tenant, 'rita', 'restricted'), 'acme', { contacts: 1, interactions: 2, tickets: 2, todo: 1, notes: 1 });
  });

  it('a live write racing a rebuild is counted once: the transaction is conditioned on the version it read', async () => {
    const tenant = uniqueTenant();
    await register(tenant, 'acme', 'C000001');
    await openTicket(tenant, 't1', 1, 'acme');
    // A stale projector run: it read the ticket's card item at version 1, then a faster run applied version 2.
    const stale = await deps.readModels.get({ pk: `${tenant}#ticket#t1`, sk: 'card' });
    await append(tenant, 'ticket', 't1', 'TicketAssigned', { ticketId: 't1', from: null, to: { kind: 'user', userId: 'tom' } });
    // Version 3 is committed but not yet projected; the stale run carries it.
    await deps.eventStore.commit({
      tenant,
      at: clock(),
      meta: { actor: 'olga', commandId: randomUUID(), correlationId: 'count-test' },
      streams: [{ aggregateType: 'ticket', aggregateId: 't1', expectedVersion: 2, events: [{ type: 'TicketAssigned', data: { ticketId: 't1', from: { kind: 'user', userId: 'tom' }, to: { kind: 'user', userId: 'rita' } } }] }],
    });
    const { events } = await deps.eventStore.load(tenant, 'ticket', 't1');
    // Its transaction, computed from version 1's tally, expects version 1 and finds 2: cancelled; it
    // re-reads and applies version 3 over version 2 (a mere "older than 3" condition would have taken
    // the unassigned count down twice and the new one up from the wrong base).
    await projector.projectRun(events, new Map([[`${tenant}#ticket#t1\u0000card`, stale]]));
    expect(await counters(tenant)).toEqual({ [`${tenant}#card-counts#acme tickets#["user:olga","user:rita"]`]: 1 });
    await expectExact(actorIn(tenant, 'tom', 'restricted'), 'acme', {});
    await expectExact(actorIn(tenant, 'rita', 'restricted'), 'acme', { tickets: 1 });
  });

  it('the sweep of an orphan takes back what it counted', async () => {
    const tenant = uniqueTenant();
    await register(tenant, 'acme', 'C000001');
    await openTicket(tenant, 't1', 1, 'acme');
    const before = await counters(tenant);
    // A ticket the log does not have (its read items left behind, say by a purged stream).
    const ghost = {
      tenant,
      aggregateType: 'ticket',
      aggregateId: 'ghost',
      version: 1,
      type: 'TicketOpened',
      schemaVersion: 1,
      data: { ticketId: 'ghost', number: 99, companyId: 'acme', subject: 'Ghost', type: 'problem', priority: 'normal', assignee: { kind: 'user', userId: 'tom' } },
      meta: { tenant, actor: 'olga', commandId: randomUUID(), correlationId: 'ghost' },
      at: '2027-03-01T07:00:00.000Z',
    } as unknown as StoredEvent;
    await projector.project(ghost);
    expect(await counts(actorIn(tenant, 'olga'), 'acme')).toEqual({ tickets: 2 });
    await rebuildReadModels({ ...deps, tenant });
    expect(await counters(tenant)).toEqual(before);
    await expectExact(actorIn(tenant, 'olga'), 'acme', { tickets: 1 });
    // The sweep also drops counters at 0 (the ghost's, once a later sweep sees it at 0).
    await rebuildReadModels({ ...deps, tenant });
    const { Items } = await deps.db.send(
      new QueryCommand({ TableName: deps.readModels.tableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': `${tenant}#card-counts#acme` }, ConsistentRead: true }),
    );
    expect((Items ?? []).map((item) => Number(item.n))).toEqual([1]);
  });

  it('give a restricted user’s card its pages cheaply: no read of a section they see nothing of, a first page that holds all theirs ends', async () => {
    const tenant = uniqueTenant();
    await register(tenant, 'acme', 'C000001');
    for (let number = 1; number <= 24; number += 1) await openTicket(tenant, `t${number}`, number, 'acme', { kind: 'user', userId: 'tom' }, 'tom');
    await openTicket(tenant, 't25', 25, 'acme', { kind: 'user', userId: 'rita' }, 'tom');
    await openTicket(tenant, 't26', 26, 'acme', { kind: 'user', userId: 'rita' }, 'tom');
    const rita = actorIn(tenant, 'rita', 'restricted');
    let queries = 0;
    const counting = { ...deps, readModels: Object.assign(Object.create(deps.readModels) as typeof deps.readModels, { query: (query: never) => ((queries += 1), deps.readModels.query(query)) }) };
    const { card } = await cardQueries(() => counting).companyCard(rita, 'acme', { limit: 10 });
    expect(card.sections.tickets).toMatchObject({ count: 2, nextCursor: null, items: [{ id: 't26' }, { id: 't25' }] });
    expect(card.sections.requests).toEqual({ items: [], count: 0, nextCursor: null });
    // The counters, then the one section with something of hers.
    expect(queries).toBe(2);
    await expectExact(rita, 'acme', { tickets: 2 });
    await expectExact(actorIn(tenant, 'olga'), 'acme', { tickets: 26 });
  });

  it('stay exact when many records of one company are projected at once (one counter, concurrent transactions)', async () => {
    const tenant = uniqueTenant();
    await register(tenant, 'acme', 'C000001');
    const opened: StoredEvent[] = [];
    for (let number = 1; number <= 30; number += 1) {
      const ticketId = `t${number}`;
      await deps.eventStore.commit({
        tenant,
        at: clock(),
        meta: { actor: 'olga', commandId: randomUUID(), correlationId: 'count-test' },
        streams: [{ aggregateType: 'ticket', aggregateId: ticketId, expectedVersion: 0, events: [{ type: 'TicketOpened', data: { ticketId, number, companyId: 'acme', subject: 'x', type: 'problem', priority: 'normal', assignee: null } }] }],
      });
      opened.push((await deps.eventStore.load(tenant, 'ticket', ticketId)).events[0]!);
    }
    // Every one twice, all at once: 60 transactions on the same counter.
    await Promise.all([...opened, ...opened].map((event) => projector.project(event)));
    expect(await counters(tenant)).toEqual({ [`${tenant}#card-counts#acme tickets#["all"]`]: 30 });
    await expectExact(actorIn(tenant, 'olga'), 'acme', { tickets: 30 });
  });
});
