import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { localTableNames } from '../../../adapters/dynamodb/client.ts';
import { rebuildReadModels } from '../../../adapters/dynamodb/rebuild.ts';
import { requestMove, type MoveRequestInput } from '../../../application/requests/request-move.ts';
import { requestQueries, type RequestBoardQuery, type RequestListFilter } from '../../../application/requests/request-queries.ts';
import { rankAt } from '../../../domain/requests/board-rank.ts';
import type { Actor } from '../../../domain/shared/actor.ts';
import type { StoredEvent } from '../../../events/envelope.ts';
import type { Dependencies } from '../../../functions/shared/dependencies.ts';
import { itemsFromHistory, Projector } from '../../../projections/projector.ts';
import { requestListProjection } from '../../../projections/requests/request-list.ts';
import { actorIn, testDependencies, uniqueTenant } from '../../support/dynamo.ts';

/**
 * The request list read model on DynamoDB Local: one item per request serving the board (open
 * requests by status and rank) and the list (every request, newest first); the board and list queries
 * with their filters, counts, cursors and restricted visibility; the move's ranks from before/after.
 * Requests are seeded as events (the service's reference checks are the core's tests), with fixed times.
 */
const tenant = uniqueTenant('requests');
const olga = actorIn(tenant, 'olga');
const tom = actorIn(tenant, 'tom');
const rita = actorIn(tenant, 'rita', 'restricted');
const clock = { now: '2026-03-10T09:00:00.000Z' };
const deps: Dependencies = testDependencies({ now: () => clock.now });
const projector = new Projector(deps.readModels, deps.eventStore);
const versions = new Map<string, number>();

const commit = async (id: string, at: string, actor: string, type: string, data: Record<string, unknown>) => {
  const version = versions.get(id) ?? 0;
  await deps.eventStore.commit({
    tenant,
    at,
    meta: { actor, commandId: `${id}-${version}`, correlationId: 'c' },
    streams: [{ aggregateType: 'request', aggregateId: id, expectedVersion: version, events: [{ type, data: { requestId: id, ...data } }] }],
  });
  versions.set(id, version + 1);
};

interface Seed {
  readonly id: string;
  readonly number: number;
  readonly companyId: string;
  readonly requestType: string;
  readonly status: string;
  readonly responsibleId: string | null;
  readonly by: string;
  readonly at: string;
}

const seeds: Seed[] = [
  { id: 'r1', number: 1, companyId: 'acme', requestType: 'commercial', status: 'new', responsibleId: 'olga', by: 'olga', at: '2026-03-01T09:00:00.000Z' },
  { id: 'r2', number: 2, companyId: 'acme', requestType: 'support', status: 'new', responsibleId: null, by: 'tom', at: '2026-03-02T09:00:00.000Z' },
  { id: 'r3', number: 3, companyId: 'beta', requestType: 'support', status: 'in_progress', responsibleId: 'tom', by: 'tom', at: '2026-03-03T09:00:00.000Z' },
  { id: 'r4', number: 4, companyId: 'beta', requestType: 'reminder', status: 'new', responsibleId: 'rita', by: 'olga', at: '2026-03-04T09:00:00.000Z' },
  { id: 'r5', number: 5, companyId: 'acme', requestType: 'other', status: 'completed', responsibleId: 'olga', by: 'olga', at: '2026-03-05T09:00:00.000Z' },
  { id: 'r6', number: 6, companyId: 'beta', requestType: 'other', status: 'archived', responsibleId: 'tom', by: 'tom', at: '2026-03-06T09:00:00.000Z' },
];
const ids = seeds.map((seed) => seed.id);

const eventsOf = async (): Promise<StoredEvent[]> => (await Promise.all(ids.map((id) => deps.eventStore.load(tenant, 'request', id)))).flatMap((s) => s.events);
const projectAll = async () => {
  for (const event of await eventsOf()) await projector.project(event);
};
const itemsOf = () => Promise.all(ids.map((id) => deps.readModels.get(requestListProjection.key(tenant, id))));

const queries = requestQueries(() => deps);
const board = async (actor: Actor, query: Partial<RequestBoardQuery> = {}) => {
  const { columns } = await queries.board(actor, { limit: 50, ...query });
  return columns.map((column) => ({ status: column.status, active: column.active, count: column.count, ids: column.items.map((item) => item.id) }));
};
const columnIds = async (actor: Actor, status: string) => (await board(actor, { status }))[0]!.ids;
const list = async (actor: Actor, query: Partial<RequestListFilter> = {}) => (await queries.list(actor, { limit: 50, ...query })).items.map((item) => item.id);

const move = requestMove(() => deps);
const moveAs = async (actor: Actor, id: string, input: MoveRequestInput) => {
  const outcome = await move({ actor, correlationId: 'c' }, id, input);
  versions.set(id, outcome.result.version);
  await projectAll();
  return outcome.result;
};

beforeAll(async () => {
  // The tenant's statuses: the three defaults and a deactivated one that r6 still has.
  await deps.eventStore.commit({
    tenant,
    at: '2026-02-01T09:00:00.000Z',
    meta: { actor: 'admin', commandId: 'cat', correlationId: 'c' },
    streams: [
      {
        aggregateType: 'catalogue',
        aggregateId: 'request-statuses',
        expectedVersion: 0,
        events: [
          {
            type: 'CatalogueSet',
            data: {
              name: 'request-statuses',
              entries: [
                { value: 'new', labels: {}, active: true },
                { value: 'archived', labels: {}, active: false },
                { value: 'in_progress', labels: {}, active: true },
                { value: 'completed', labels: {}, active: true },
              ],
            },
          },
        ],
      },
    ],
  });
  for (const seed of seeds) {
    await commit(seed.id, seed.at, seed.by, 'RequestRegistered', {
      number: seed.number,
      companyId: seed.companyId,
      contactId: null,
      requestType: seed.requestType,
      description: `Request ${seed.id}`,
      channel: 'phone',
      status: seed.status,
      rank: rankAt(seed.at),
      responsibleId: seed.responsibleId,
    });
  }
  await commit('r5', '2026-03-05T10:00:00.000Z', 'olga', 'RequestDocumentGenerated', { document: { kind: 'ticket', id: 't1', reference: '1' } });
  await commit('r5', '2026-03-05T10:00:00.000Z', 'olga', 'RequestClosed', { status: 'completed', outcome: 'ticket opened' });
  await projectAll();
});

describe('request list projection on DynamoDB Local', () => {
  it('is idempotent: the history applied again, and reversed, changes nothing; the items are what a fold of the history gives', async () => {
    const once = await itemsOf();
    expect(once.every((item) => item !== null)).toBe(true);
    await projectAll();
    for (const event of (await eventsOf()).toReversed()) await projector.project(event);
    expect(await itemsOf()).toEqual(once);
    const events = await eventsOf();
    const folded = ids.map((id) => itemsFromHistory(tenant, events.filter((e) => e.aggregateId === id)).find((item) => item.sk === 'list'));
    expect(once).toEqual(folded);
    // A closed request is in the list, not on the board.
    const closed = once[4]!;
    expect(closed).toMatchObject({ closed: true, outcome: 'ticket opened', documentCount: 1, gsi2pk: `${tenant}#requests` });
    expect(closed).not.toHaveProperty('gsi1pk');
  });

  it('a rebuild yields exactly the live items, repairs drift and removes orphans', async () => {
    const live = await itemsOf();
    await deps.readModels.delete(requestListProjection.key(tenant, 'r1'));
    await deps.db.send(new PutCommand({ TableName: localTableNames.readModels, Item: { ...live[1]!, description: 'corrupted' } }));
    await deps.db.send(new PutCommand({ TableName: localTableNames.readModels, Item: { ...live[2]!, ...requestListProjection.key(tenant, 'ghost'), aggregateId: 'ghost' } }));
    await rebuildReadModels({ ...deps, tenant });
    expect(await itemsOf()).toEqual(live);
    expect(await deps.readModels.get(requestListProjection.key(tenant, 'ghost'))).toBeNull();
  });
});

describe('the board and the list on DynamoDB Local', () => {
  it('shows every active status in catalogue order, empty ones too, then a deactivated one still holding open requests; counts; cards by rank', async () => {
    expect(await board(olga)).toEqual([
      { status: 'new', active: true, count: 3, ids: ['r1', 'r2', 'r4'] },
      { status: 'in_progress', active: true, count: 1, ids: ['r3'] },
      { status: 'completed', active: true, count: 0, ids: [] },
      { status: 'archived', active: false, count: 1, ids: ['r6'] },
    ]);
    const [card] = (await queries.board(olga, { limit: 1, status: 'new' })).columns[0]!.items;
    expect(card).toMatchObject({ id: 'r1', number: 1, companyId: 'acme', requestType: 'commercial', status: 'new', responsibleId: 'olga', closed: false, documentCount: 0, version: 1 });
  });

  it('filters by type, responsible (me, none, a user), company and created range', async () => {
    const nonEmpty = async (query: Partial<RequestBoardQuery>) => (await board(olga, query)).filter((c) => c.count > 0).map((c) => [c.status, c.ids]);
    expect(await nonEmpty({ type: 'support' })).toEqual([['new', ['r2']], ['in_progress', ['r3']]]);
    expect(await nonEmpty({ responsible: 'me' })).toEqual([['new', ['r1']]]);
    expect(await nonEmpty({ responsible: 'none' })).toEqual([['new', ['r2']]]);
    expect(await nonEmpty({ responsible: 'tom' })).toEqual([['in_progress', ['r3']], ['archived', ['r6']]]);
    expect(await nonEmpty({ company: 'beta' })).toEqual([['new', ['r4']], ['in_progress', ['r3']], ['archived', ['r6']]]);
    expect(await nonEmpty({ createdFrom: '2026-03-02', createdTo: '2026-03-03' })).toEqual([['new', ['r2']], ['in_progress', ['r3']]]);
    // Empty active columns stay, with their zero count.
    expect((await board(olga, { company: 'nobody' })).map((c) => [c.status, c.count])).toEqual([['new', 0], ['in_progress', 0], ['completed', 0]]);
  });

  it('shows a restricted user their own and the unassigned requests, counts included', async () => {
    expect(await board(rita)).toEqual([
      { status: 'new', active: true, count: 2, ids: ['r2', 'r4'] },
      { status: 'in_progress', active: true, count: 0, ids: [] },
      { status: 'completed', active: true, count: 0, ids: [] },
    ]);
    expect(await list(rita)).toEqual(['r4', 'r2']);
  });

  it('pages one column with status and cursor; a cursor of another column or without status is malformed', async () => {
    const first = (await queries.board(olga, { limit: 2 })).columns[0]!;
    expect(first).toMatchObject({ status: 'new', count: 3 });
    expect(first.items.map((i) => i.id)).toEqual(['r1', 'r2']);
    const next = (await queries.board(olga, { limit: 2, status: 'new', cursor: first.nextCursor! })).columns;
    expect(next.map((c) => [c.status, c.items.map((i) => i.id), c.nextCursor])).toEqual([['new', ['r4'], null]]);
    await expect(queries.board(olga, { limit: 2, status: 'in_progress', cursor: first.nextCursor! })).rejects.toMatchObject({ name: 'MalformedInputError' });
    await expect(queries.board(olga, { limit: 2, cursor: first.nextCursor! })).rejects.toMatchObject({ name: 'MalformedInputError', issues: [{ path: 'cursor' }] });
  });

  it('lists every request newest first, closed ones included, by status, closed, company, with cursor paging', async () => {
    expect(await list(olga)).toEqual(['r6', 'r5', 'r4', 'r3', 'r2', 'r1']);
    expect(await list(olga, { closed: 'true' })).toEqual(['r5']);
    expect(await list(olga, { closed: 'false' })).toEqual(['r6', 'r4', 'r3', 'r2', 'r1']);
    expect(await list(olga, { status: 'new' })).toEqual(['r4', 'r2', 'r1']);
    expect(await list(olga, { company: 'acme' })).toEqual(['r5', 'r2', 'r1']);
    expect(await list(olga, { company: 'acme', type: 'support' })).toEqual(['r2']);
    const first = await queries.list(olga, { limit: 4 });
    const second = await queries.list(olga, { limit: 4, cursor: first.nextCursor! });
    expect([...first.items, ...second.items].map((i) => i.id)).toEqual(['r6', 'r5', 'r4', 'r3', 'r2', 'r1']);
  });
});

describe('moving a card on DynamoDB Local', () => {
  it('drops before or after a card, or last; a card already last stays put', async () => {
    const atTop = await moveAs(olga, 'r4', { status: 'new', before: 'r1' });
    expect(atTop).toMatchObject({ version: 2, record: { status: 'new' } });
    expect(await columnIds(olga, 'new')).toEqual(['r4', 'r1', 'r2']);

    await moveAs(olga, 'r1', { status: 'new', after: 'r2' });
    expect(await columnIds(olga, 'new')).toEqual(['r4', 'r2', 'r1']);

    clock.now = '2026-03-10T10:00:00.000Z';
    await moveAs(olga, 'r4', { status: 'in_progress' });
    expect(await columnIds(olga, 'in_progress')).toEqual(['r3', 'r4']);
    await moveAs(tom, 'r3', { status: 'in_progress', after: 'r4' });
    expect(await columnIds(olga, 'in_progress')).toEqual(['r4', 'r3']);

    const last = await moveAs(olga, 'r1', { status: 'new' });
    expect(last.version).toBe(versions.get('r1'));
    const history = (await deps.eventStore.load(tenant, 'request', 'r1')).events.map((e) => e.type);
    expect(history).toEqual(['RequestRegistered', 'RequestReordered']);
    expect((await board(olga)).map((c) => [c.status, c.count])).toEqual([['new', 2], ['in_progress', 2], ['completed', 0], ['archived', 1]]);
  });

  it('refuses a drop place that is not a visible open card of the target column, naming before or after', async () => {
    const refused = (actor: Actor, id: string, input: MoveRequestInput) => move({ actor, correlationId: 'c' }, id, input);
    await expect(refused(olga, 'r1', { status: 'new', before: 'r5' })).rejects.toMatchObject({ kind: 'invalid', issues: [{ path: 'before' }] });
    await expect(refused(olga, 'r1', { status: 'new', after: 'r3' })).rejects.toMatchObject({ kind: 'invalid', issues: [{ path: 'after' }] });
    await expect(refused(olga, 'r1', { status: 'new', after: 'r1' })).rejects.toMatchObject({ kind: 'invalid', issues: [{ path: 'after' }] });
    await expect(refused(olga, 'r1', { status: 'new', before: 'nope' })).rejects.toMatchObject({ kind: 'invalid', issues: [{ path: 'before' }] });
    // rita sees r4 (hers), not r3 (tom's): an invisible card reads as unknown.
    await expect(refused(rita, 'r4', { status: 'in_progress', before: 'r3' })).rejects.toMatchObject({ kind: 'invalid', issues: [{ path: 'before' }] });
    await expect(refused(olga, 'r3', { status: 'in_progress', before: 'r4', after: 'r3' })).rejects.toMatchObject({ kind: 'invalid', issues: [{ path: 'after' }] });
    // The request's own refusals come first: no responsible (409 naming responsibleId), closed, inactive status, invisible.
    await expect(refused(olga, 'r2', { status: 'in_progress', before: 'nope' })).rejects.toMatchObject({ kind: 'conflict', issues: [{ path: 'responsibleId' }] });
    await expect(refused(olga, 'r5', { status: 'new' })).rejects.toMatchObject({ kind: 'conflict' });
    await expect(refused(olga, 'r1', { status: 'archived' })).rejects.toMatchObject({ kind: 'invalid', issues: [{ path: 'status' }] });
    await expect(refused(rita, 'r1', { status: 'new' })).rejects.toMatchObject({ kind: 'not_found' });
  });
});
