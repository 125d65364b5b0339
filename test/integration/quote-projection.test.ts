import { beforeAll, describe, expect, it } from 'vitest';
import { rebuildReadModels } from '../../adapters/dynamodb/rebuild.ts';
import { expireDueQuotes } from '../../application/sales/expire-quotes.ts';
import { quoteQueries } from '../../application/sales/quote-queries.ts';
import { quoteService } from '../../application/sales/quote-service.ts';
import type { QuoteContentInput } from '../../domain/sales/quote.ts';
import type { Actor } from '../../domain/shared/actor.ts';
import type { StoredEvent } from '../../events/envelope.ts';
import type { Dependencies } from '../../functions/shared/dependencies.ts';
import { createSendRemindersHandler } from '../../functions/scheduled/send-reminders.ts';
import { Projector } from '../../projections/projector.ts';
import { readQuotes } from '../../application/collaboration/dashboard-queries.ts';
import { quoteListProjection } from '../../projections/sales/quote-list.ts';
import { actorIn, isolatedDependencies, uniqueTenant } from '../support/dynamo.ts';
import { memoryPeople } from '../support/memory-people.ts';

/**
 * The quote list read model on DynamoDB Local (tables of its own: the expiry index is one partition
 * across tenants): the lists' filters and orders, idempotency, rebuild equivalence, and the expiry
 * step of the scheduled job with an injected clock.
 */
const tenant = uniqueTenant('quotes');
const olga = actorIn(tenant, 'olga');
const tom = actorIn(tenant, 'tom');
const rita = actorIn(tenant, 'rita', 'restricted');
const clock = { now: '2026-03-05T09:00:00.000Z' };
let deps: Dependencies;
let projector: Projector;
const ids: Record<string, string> = {};

const source = () => deps;
const context = (actor: Actor) => ({ actor, correlationId: 'c' });

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

const append = (aggregateType: string, aggregateId: string, type: string, data: unknown) =>
  deps.eventStore.commit({
    tenant,
    at: clock.now,
    meta: { actor: 'ada', commandId: `k-${aggregateId}`, correlationId: 'c0' },
    streams: [{ aggregateType, aggregateId, expectedVersion: 0, events: [{ type, data }] }],
  });

const input = (party: string, operatorId: string, validUntil: string): QuoteContentInput => ({
  party: { kind: 'company', id: party },
  operatorId,
  validFrom: '2026-03-01',
  validUntil,
  lines: [{ description: 'Work', quantity: '1', unitPrice: '100' }],
  description: `Offer to ${party}`,
});

const eventsOf = async (): Promise<StoredEvent[]> =>
  (await Promise.all(Object.values(ids).map((id) => deps.eventStore.load(tenant, 'quote', id)))).flatMap((stream) => stream.events);
const projectAll = async () => {
  for (const event of await eventsOf()) await projector.project(event);
};
/** Every item the projection keeps for the quotes: main items and expiry satellites. */
const itemsOf = async () =>
  Promise.all(
    Object.values(ids).flatMap((id) => [
      deps.readModels.get(quoteListProjection.key(tenant, id)),
      ...['2026-03-10', '2026-03-15', '2026-03-20', '2026-03-25', '2026-04-30'].map((day) => deps.readModels.get({ pk: `${tenant}#quote#${id}`, sk: `expiry#${day}` })),
    ]),
  );
const list = (actor: Actor, filter: Record<string, string>) => quoteQueries(source).listQuotes(actor, { limit: 50, ...filter });
const references = (page: { items: { id: string }[] }) => page.items.map((item) => Object.entries(ids).find(([, id]) => id === item.id)?.[0]);

beforeAll(async () => {
  const base = await isolatedDependencies();
  deps = {
    ...base,
    now: () => clock.now,
    people: memoryPeople(tenant, { olga: {}, tom: {}, rita: {} }),
    peopleOfRecord: { activeUser: async (t, userId) => t === tenant && ['olga', 'tom', 'rita'].includes(userId), group: async () => false },
  };
  projector = new Projector(deps.readModels, deps.eventStore);
  await append('company', 'acme', 'CompanyRegistered', { companyId: 'acme', code: 'C000001', profile: profile('Acme'), responsibleUserId: null, accountManagers: [], status: null });
  await append('company', 'beta', 'CompanyRegistered', { companyId: 'beta', code: 'C000002', profile: profile('Beta'), responsibleUserId: null, accountManagers: [], status: null });
  await append('directory-defaults', 'directory', 'DirectoryDefaultsSet', { defaultCountry: 'IT' });
  const quotes = quoteService(source);
  const draft = async (name: string, actor: Actor, party: string, operator: string, validUntil: string) => {
    ids[name] = (await quotes.draftQuote(context(actor), input(party, operator, validUntil))).result.id;
  };
  await draft('q1', olga, 'acme', 'olga', '2026-03-20');
  await draft('q2', tom, 'beta', 'tom', '2026-03-15');
  await draft('q3', olga, 'acme', 'olga', '2026-03-10');
  await draft('q4', tom, 'acme', 'tom', '2026-04-30');
  await draft('q5', olga, 'beta', 'olga', '2026-03-25');
  await draft('q6', olga, 'acme', 'rita', '2026-03-25');
  for (const name of ['q1', 'q2', 'q4', 'q5']) await quotes.sendQuote(context(olga), ids[name]!);
  await quotes.rejectQuote(context(olga), ids.q4!);
  await projectAll();
});

describe('quote list projection on DynamoDB Local', () => {
  it('lists sent quotes expiring before a date, soonest first; by status, operator, party', async () => {
    expect(references(await list(olga, { expiringBefore: '2026-03-21' }))).toEqual(['q2', 'q1']);
    expect(references(await list(olga, { expiringBefore: '2026-03-20' }))).toEqual(['q2']);
    expect(references(await list(olga, { status: 'draft' }))).toEqual(['q6', 'q3']);
    expect(references(await list(olga, { status: 'rejected' }))).toEqual(['q4']);
    expect(references(await list(olga, { operator: 'mine' }))).toEqual(['q5', 'q3', 'q1']);
    expect(references(await list(olga, { operator: 'tom' }))).toEqual(['q4', 'q2']);
    expect(references(await list(olga, { party: 'beta' }))).toEqual(['q5', 'q2']);
    expect(references(await list(olga, {}))).toEqual(['q6', 'q5', 'q4', 'q3', 'q2', 'q1']);
    const first = (await list(olga, {})).items.at(-1)!;
    expect(first).toMatchObject({ reference: 'Q-2026-00001', status: 'sent', totals: { gross: '122.00' }, party: { kind: 'company', id: 'acme' }, version: 2 });
  });

  it("puts the sent rows in their operator's gsi4 partition, by expiry: the dashboard reads them in one Query", async () => {
    const rows = await Promise.all(['q1', 'q2', 'q3', 'q4', 'q5', 'q6'].map((name) => deps.readModels.get(quoteListProjection.key(tenant, ids[name]!))));
    expect(rows.map((row) => row?.gsi4pk ?? null)).toEqual([`${tenant}#quotes#operator#olga#sent`, `${tenant}#quotes#operator#tom#sent`, null, null, `${tenant}#quotes#operator#olga#sent`, null]);
    expect(rows[0]).toMatchObject({ gsi4sk: '2026-03-20#2026#000000000001' });
    const widget = await readQuotes(source, olga, '2026-03-26', 10);
    expect(references(widget)).toEqual(['q1', 'q5']);
    expect(widget.items[0]).toMatchObject({ reference: 'Q-2026-00001', status: 'sent', operatorId: 'olga', version: 2 });
    expect(references(await readQuotes(source, olga, '2026-03-25', 10))).toEqual(['q1']);
    expect(references(await readQuotes(source, tom, '2026-12-31', 10))).toEqual(['q2']);
  });

  it('shows a restricted user only the quotes they make or drafted', async () => {
    expect(references(await list(rita, {}))).toEqual(['q6']);
    expect(references(await list(rita, { party: 'beta' }))).toEqual([]);
  });

  it('is idempotent: the whole history applied again, and in reverse, changes nothing', async () => {
    const once = await itemsOf();
    expect(once.filter((item) => item?.sk?.toString().startsWith('expiry#'))).toHaveLength(3);
    await projectAll();
    for (const event of (await eventsOf()).toReversed()) await projector.project(event);
    expect(await itemsOf()).toEqual(once);
  });

  it('a rebuild yields exactly the live items, expiry index included, and deletes the operator pointers from before gsi4', async () => {
    const live = await itemsOf();
    await deps.readModels.delete(quoteListProjection.key(tenant, ids.q1!));
    await deps.readModels.delete({ pk: `${tenant}#quote#${ids.q2!}`, sk: 'expiry#2026-03-15' });
    // A key-only pointer as the projection wrote it before the rows had gsi4 keys: nothing produces it now.
    const pointer = { pk: `${tenant}#quote#${ids.q5!}`, sk: 'operator-expiry#olga#2026-03-25' };
    await deps.readModels.put({ ...pointer, version: 0, aggregateType: 'quote', aggregateId: ids.q5!, tenant, quoteId: ids.q5!, gsi2pk: `${tenant}#quotes#operator#olga#sent`, gsi2sk: '2026-03-25#2026#000000000005' });
    expect(await deps.readModels.get(pointer)).not.toBeNull();
    await rebuildReadModels({ ...deps, tenant });
    expect(await itemsOf()).toEqual(live);
    expect(await deps.readModels.get(pointer)).toBeNull();
  });

  it("expires the sent quotes whose validity is over in the tenant's zone, once, through the index", async () => {
    const count = async () => (await eventsOf()).filter((event) => event.type === 'QuoteExpired').length;
    clock.now = '2026-03-20T22:30:00.000Z'; // 23:30 on the 20th in Rome: q1 (until the 20th) is still valid
    expect(await expireDueQuotes(source)).toEqual({ candidates: 2, expired: 1, unchanged: 1, failed: 0 });
    expect((await quoteService(source).getQuote(olga, ids.q2!)).record).toMatchObject({ status: 'expired', expiredAt: clock.now });
    clock.now = '2026-03-20T23:00:00.000Z'; // midnight in Rome
    expect(await expireDueQuotes(source)).toMatchObject({ candidates: 2, expired: 2, failed: 0 });
    expect(await count()).toBe(2);
    // Overlapping or repeated runs before the index catches up record nothing more.
    await Promise.all([expireDueQuotes(source), expireDueQuotes(source)]);
    expect(await count()).toBe(2);
    await projectAll();
    expect(await expireDueQuotes(source)).toEqual({ candidates: 0, expired: 0, unchanged: 0, failed: 0 });
    expect(references(await list(olga, { status: 'expired' }))).toEqual(['q1', 'q2']);
    expect(references(await list(olga, { expiringBefore: '2026-12-31' }))).toEqual(['q5']);
  });

  it('runs as a step of the scheduled job (after the reminders), reporting what it expired', async () => {
    const quotes = quoteService(source);
    clock.now = '2026-03-22T09:00:00.000Z';
    const { result } = await quotes.draftQuote(context(olga), input('acme', 'olga', '2026-03-23'));
    ids.q7 = result.id;
    await quotes.sendQuote(context(olga), result.id);
    await projectAll();
    const handler = createSendRemindersHandler({
      dependencies: source,
      people: () => deps.people,
      mailer: () => ({ send: async () => Promise.reject(new Error('no mail in this test')) }),
    });
    expect((await handler({})).quotes).toEqual({ candidates: 0, expired: 0, unchanged: 0, failed: 0 });
    clock.now = '2026-03-25T09:00:00.000Z';
    const report = await handler({});
    // q7 (until the 23rd) only: q5, sent until the 25th, is not over anywhere yet.
    expect(report.quotes).toEqual({ candidates: 1, expired: 1, unchanged: 0, failed: 0 });
    expect((await quotes.getQuote(olga, result.id)).record.status).toBe('expired');
  });
});
