import { randomUUID } from 'node:crypto';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { rebuildReadModels } from '../../../adapters/dynamodb/rebuild.ts';
import { cardQueries } from '../../../application/reports/card-queries.ts';
import { MalformedInputError } from '../../../application/shared/errors.ts';
import type { Dependencies } from '../../../functions/shared/dependencies.ts';
import { itemsFromHistory, Projector, type ReadItemStore } from '../../../projections/projector.ts';
import { actorIn, isolatedDependencies, uniqueTenant } from '../../support/dynamo.ts';

/**
 * The client card's item collection on DynamoDB Local: what the projector writes in a company's
 * partition as records are made, changed and moved; that it is idempotent and that a rebuild writes
 * exactly the same items; and the card read from it (sections, paging, counts, restricted users).
 * Fixed dates from March 2027: nothing depends on today.
 */
let deps: Dependencies;
let projector: Projector;

beforeAll(async () => {
  deps = await isolatedDependencies();
  projector = new Projector(deps.readModels, deps.eventStore);
});

let minute = 0;
const clock = () => new Date(Date.parse('2027-03-01T08:00:00.000Z') + minute++ * 60_000).toISOString();

/** Appends one event (its own commit) and projects it, as the stream would. */
const append = async (tenant: string, aggregateType: string, aggregateId: string, type: string, data: unknown, actor = 'olga') => {
  const { version } = await deps.eventStore.load(tenant, aggregateType, aggregateId);
  await deps.eventStore.commit({
    tenant,
    at: clock(),
    meta: { actor, commandId: randomUUID(), correlationId: 'card-test' },
    streams: [{ aggregateType, aggregateId, expectedVersion: version, events: [{ type, data }] }],
  });
  const { events } = await deps.eventStore.load(tenant, aggregateType, aggregateId);
  await projector.project(events.at(-1)!);
};

const companyProfile = (legalName: string) => ({
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
  append(tenant, 'company', companyId, 'CompanyRegistered', { companyId, code, profile: companyProfile(`Company ${companyId}`), responsibleUserId: null, accountManagers: [], status: null });

const contactProfile = (firstName: string) => ({ firstName, lastName: 'Kowalska', position: null, stage: null, source: null, emails: [], phones: [], address: null, tags: [], avatarKey: null });

const openTicket = (tenant: string, ticketId: string, number: number, companyId: string, assignee: unknown = null, actor = 'olga') =>
  append(tenant, 'ticket', ticketId, 'TicketOpened', { ticketId, number, companyId, subject: `Ticket ${number}`, type: 'problem', priority: 'normal', assignee }, actor);

const activityDetails = (subject: string, companyId: string) => ({
  type: 'call',
  subject,
  notes: null,
  estimatedMinutes: null,
  related: { kind: 'company', id: companyId },
  parentId: null,
  reminderOffsets: [],
});
const schedule = (tenant: string, activityId: string, subject: string, companyId: string, dueOn: string, assignee: unknown = { kind: 'user', userId: 'olga' }) =>
  append(tenant, 'activity', activityId, 'ActivityScheduled', {
    activityId,
    details: activityDetails(subject, companyId),
    schedule: { start: null, end: null, dueOn },
    assignee,
    status: 'planned',
  });

/** A company's card partition, in key order. */
const partition = async (tenant: string, companyId: string) => {
  const { Items } = await deps.db.send(
    new QueryCommand({ TableName: deps.readModels.tableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': `${tenant}#card#${companyId}` } }),
  );
  return (Items ?? []) as Record<string, unknown>[];
};
const keys = (items: Record<string, unknown>[]) => items.map((item) => item.sk as string);
const cardOf = (items: Record<string, unknown>[], id: string) => items.find((item) => (item.card as { id: string }).id === id)?.card as Record<string, unknown> | undefined;

/** acme and beta; a contact, a ticket, two activities and a note on acme. */
const world = async (tenant: string) => {
  await register(tenant, 'acme', 'C000001');
  await register(tenant, 'beta', 'C000002');
  await append(tenant, 'contact', 'k1', 'ContactCreated', { contactId: 'k1', profile: contactProfile('Anna'), companyId: 'acme', accountManagers: [] });
  await append(tenant, 'contact', 'k1', 'ContactInteractionLogged', { contactId: 'k1', interactionId: 'i1', channel: 'call', direction: 'inbound', outcome: null, notes: 'Wants a visit', occurredAt: '2027-02-27T15:00:00.000Z' });
  await openTicket(tenant, 't1', 1, 'acme');
  await schedule(tenant, 'a1', 'Call back', 'acme', '2027-04-10');
  await schedule(tenant, 'a2', 'Visit', 'acme', '2027-04-05');
  await append(tenant, 'company', 'acme', 'CompanyNoteAdded', { companyId: 'acme', noteId: 'n1', body: 'Pays late' });
};

describe('the client card item collection', () => {
  it('puts every linked record in its company’s partition; a change of content rewrites the item under its key; a move leaves the old card', async () => {
    const tenant = uniqueTenant();
    await world(tenant);
    expect(keys(await partition(tenant, 'acme'))).toEqual([
      expect.stringMatching(/^contacts#.*#contact#k1$/),
      expect.stringMatching(/^interactions#.*#interaction#i1$/),
      expect.stringMatching(/^notes#.*#note#n1$/),
      'tickets#000000000001#ticket#t1',
      'todo#2027-04-05#activity#a2',
      'todo#2027-04-10#activity#a1',
    ]);

    // Same keys, new content: the projector rewrites the satellites (status, assignee, title).
    await append(tenant, 'ticket', 't1', 'TicketTaken', { ticketId: 't1', takenBy: 'tom', previousAssignee: null });
    await append(tenant, 'activity', 'a1', 'ActivityDetailsChanged', { activityId: 'a1', changes: { subject: 'Call back Anna' } });
    let acme = await partition(tenant, 'acme');
    expect(cardOf(acme, 't1')).toMatchObject({ status: 'in_progress', responsibleId: 'tom' });
    expect(acme.find((item) => item.sk === 'tickets#000000000001#ticket#t1')?.audience).toEqual(['user:olga', 'user:tom']);
    expect(cardOf(acme, 'a1')).toMatchObject({ title: 'Call back Anna' });

    // Done: from to-do to history. Moved: the contact and the activity leave acme for beta.
    await append(tenant, 'activity', 'a2', 'ActivityStatusChanged', { activityId: 'a2', from: 'planned', to: 'done' });
    await append(tenant, 'contact', 'k1', 'ContactLinkedToCompany', { contactId: 'k1', companyId: 'beta', previousCompanyId: 'acme' });
    await append(tenant, 'activity', 'a1', 'ActivityRelinked', { activityId: 'a1', from: { kind: 'company', id: 'acme' }, to: { kind: 'company', id: 'beta' }, reason: 'lead_converted' });
    acme = await partition(tenant, 'acme');
    expect(keys(acme)).toEqual([
      expect.stringMatching(/^history#2027-.*#activity#a2$/),
      // The interaction logged while the contact was acme's stays there, as on the timeline.
      expect.stringMatching(/^interactions#.*#interaction#i1$/),
      expect.stringMatching(/^notes#/),
      'tickets#000000000001#ticket#t1',
    ]);
    expect(keys(await partition(tenant, 'beta'))).toEqual([expect.stringMatching(/^contacts#.*#contact#k1$/), 'todo#2027-04-10#activity#a1']);
  });

  it('rewrites only what changed and keeps the search index: a renamed contact has exactly the items its history folds to', async () => {
    const tenant = uniqueTenant();
    await world(tenant);
    await append(tenant, 'contact', 'k1', 'ContactProfileChanged', { contactId: 'k1', changes: { firstName: 'Anita' } });
    const { events } = await deps.eventStore.load(tenant, 'contact', 'k1');
    const satellitesOf = (history: typeof events) => itemsFromHistory(tenant, history).filter((item) => item.version === 0);
    const expected = satellitesOf(events);
    expect(expected.some((item) => String(item.pk).includes('contact-search'))).toBe(true);
    for (const item of expected) expect(await deps.readModels.get({ pk: item.pk, sk: item.sk })).toEqual(item);
    // The search items of the old name are gone (the interaction entry is the contact's history, not a satellite).
    const gone = satellitesOf(events.slice(0, -1)).filter((old) => !expected.some((item) => item.pk === old.pk && item.sk === old.sk));
    expect(gone.length).toBeGreaterThan(0);
    for (const item of gone) expect(await deps.readModels.get({ pk: item.pk, sk: item.sk })).toBeNull();
    expect(cardOf(await partition(tenant, 'acme'), 'k1')).toMatchObject({ title: 'Anita Kowalska' });
  });

  it('writes a satellite again only when its content changed', async () => {
    const tenant = uniqueTenant();
    await register(tenant, 'acme', 'C000001');
    await openTicket(tenant, 't1', 1, 'acme');
    // The real store, its batch writes recorded (what the projector chose to write).
    const written: string[] = [];
    const store = deps.readModels;
    const recording: ReadItemStore = {
      get: (key) => store.get(key),
      batchGet: (keys) => store.batchGet(keys),
      putIfNewer: (item) => store.putIfNewer(item),
      writeCounted: (key, item, expected, deltas) => store.writeCounted(key, item, expected, deltas),
      finishCounted: (key) => store.finishCounted(key),
      writeAll: (puts, deletes) => {
        written.push(...puts.map((item) => item.sk));
        return store.writeAll(puts, deletes);
      },
    };
    const watched = new Projector(recording, deps.eventStore);
    const next = async (type: string, data: unknown) => {
      const { version } = await deps.eventStore.load(tenant, 'ticket', 't1');
      await deps.eventStore.commit({ tenant, at: clock(), meta: { actor: 'olga', commandId: randomUUID(), correlationId: 'c' }, streams: [{ aggregateType: 'ticket', aggregateId: 't1', expectedVersion: version, events: [{ type, data }] }] });
      const { events } = await deps.eventStore.load(tenant, 'ticket', 't1');
      await watched.project(events.at(-1)!);
    };
    await next('TicketCommented', { ticketId: 't1', commentId: 'c1', body: 'On it', visibility: 'public' });
    expect(written).toEqual([]);
    await next('TicketStatusChanged', { ticketId: 't1', from: 'open', to: 'waiting_reply' });
    expect(written).toEqual(['tickets#000000000001#ticket#t1']);
    expect(cardOf(await partition(tenant, 'acme'), 't1')).toMatchObject({ status: 'waiting_reply' });
  });

  it('is idempotent, and a rebuild writes exactly the live items and removes strays', async () => {
    const tenant = uniqueTenant();
    await world(tenant);
    await append(tenant, 'ticket', 't1', 'TicketTaken', { ticketId: 't1', takenBy: 'tom', previousAssignee: null });
    await append(tenant, 'contact', 'k1', 'ContactLinkedToCompany', { contactId: 'k1', companyId: 'beta', previousCompanyId: 'acme' });
    const cards = async () => ({ acme: await partition(tenant, 'acme'), beta: await partition(tenant, 'beta') });
    const live = await cards();

    // Every stream applied again, and again in reverse order: nothing changes.
    for (const [type, id] of [['company', 'acme'], ['contact', 'k1'], ['ticket', 't1'], ['activity', 'a1'], ['activity', 'a2']] as const) {
      const { events } = await deps.eventStore.load(tenant, type, id);
      for (const event of events) await projector.project(event);
      for (const event of events.toReversed()) await projector.project(event);
    }
    expect(await cards()).toEqual(live);

    await deps.readModels.put({ ...(live.acme[0] as never as { pk: string; sk: string; version: number; aggregateType: string; aggregateId: string }), sk: 'tickets#000000000099#ticket#ghost', aggregateType: 'ticket', aggregateId: 'ghost' });
    await deps.readModels.delete({ pk: live.acme[1]!.pk as string, sk: live.acme[1]!.sk as string });
    await deps.readModels.delete({ pk: `${tenant}#ticket#t1`, sk: 'card' });
    await rebuildReadModels({ ...deps, tenant });
    expect(await cards()).toEqual(live);
  });
});

describe('the card read from it', () => {
  it('reads every section at once, pages one section with its count, and filters a restricted user’s by the records’ own rules', async () => {
    const tenant = uniqueTenant();
    await world(tenant);
    // Tickets 2..13: rita's (assigned to her), tom's, and nobody's.
    for (let number = 2; number <= 13; number += 1) {
      const assignee = number % 3 === 0 ? { kind: 'user', userId: 'rita' } : number % 3 === 1 ? { kind: 'user', userId: 'tom' } : null;
      await openTicket(tenant, `t${number}`, number, 'acme', assignee, 'tom');
    }
    const source = () => deps;
    const olga = actorIn(tenant, 'olga');
    const { card } = await cardQueries(source).companyCard(olga, 'acme', { limit: 5 });
    expect(card.company).toMatchObject({ id: 'acme', code: 'C000001' });
    expect(Object.keys(card.sections)).toEqual(['contacts', 'todo', 'history', 'tickets', 'requests', 'opportunities', 'quotes', 'orders', 'interactions', 'notes']);
    expect(card.sections.todo).toMatchObject({ count: 2, nextCursor: null, items: [{ id: 'a2' }, { id: 'a1' }] });
    expect(card.sections.history).toEqual({ items: [], count: 0, nextCursor: null });
    const tickets = card.sections.tickets!;
    expect(tickets.count).toBe(13);
    expect(tickets.items.map((item) => item.number)).toEqual(['13', '12', '11', '10', '9']);

    const pages: string[] = tickets.items.map((item) => item.number!);
    let cursor = tickets.nextCursor;
    while (cursor) {
      const page = (await cardQueries(source).companyCard(olga, 'acme', { limit: 5, section: 'tickets', cursor })).card.sections.tickets!;
      expect(page.count).toBe(13);
      pages.push(...page.items.map((item) => item.number!));
      cursor = page.nextCursor;
    }
    expect(pages).toEqual(['13', '12', '11', '10', '9', '8', '7', '6', '5', '4', '3', '2', '1']);

    // rita (restricted): her tickets (3, 6, 9, 12), the unassigned ones (1, 2, 5, 8, 11), not tom's.
    const rita = actorIn(tenant, 'rita', 'restricted');
    const restricted = (await cardQueries(source).companyCard(rita, 'acme', { limit: 4, section: 'tickets' })).card.sections.tickets!;
    expect(restricted).toMatchObject({ count: 9 });
    expect(restricted.items.map((item) => item.number)).toEqual(['12', '11', '9', '8']);
    const all: string[] = [];
    for await (const item of cardQueries(source).allItems(rita, 'acme')) all.push(`${item.type}:${item.number ?? item.id}`);
    expect(all).toEqual(['contact:k1', 'ticket:12', 'ticket:11', 'ticket:9', 'ticket:8', 'ticket:6', 'ticket:5', 'ticket:3', 'ticket:2', 'ticket:1', 'interaction:i1', 'note:n1']);
  });

  it('refuses a cursor without its section, an edited cursor and another section’s cursor; another tenant’s company is not found', async () => {
    const tenant = uniqueTenant();
    await world(tenant);
    for (let number = 2; number <= 3; number += 1) await openTicket(tenant, `t${number}`, number, 'acme');
    const cards = cardQueries(() => deps);
    const olga = actorIn(tenant, 'olga');
    const { nextCursor } = (await cards.companyCard(olga, 'acme', { limit: 1, section: 'tickets' })).card.sections.tickets!;
    expect(nextCursor).not.toBeNull();
    await expect(cards.companyCard(olga, 'acme', { limit: 1, cursor: nextCursor! })).rejects.toMatchObject({ name: 'MalformedInputError', issues: [{ path: 'section' }] });
    await expect(cards.companyCard(olga, 'acme', { limit: 1, section: 'todo', cursor: nextCursor! })).rejects.toMatchObject({ issues: [{ path: 'cursor' }] });
    await expect(cards.companyCard(olga, 'acme', { limit: 1, section: 'tickets', cursor: `${nextCursor!}x` })).rejects.toBeInstanceOf(MalformedInputError);
    await expect(cards.companyCard(actorIn(uniqueTenant(), 'olga'), 'acme', { limit: 1 })).rejects.toMatchObject({ kind: 'not_found' });
    await expect((async () => { for await (const _ of cards.allItems(actorIn(uniqueTenant(), 'olga'), 'acme')) break; })()).rejects.toMatchObject({ kind: 'not_found' });
  });
});
