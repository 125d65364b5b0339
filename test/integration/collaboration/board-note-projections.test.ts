import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { localTableNames } from '../../../adapters/dynamodb/client.ts';
import { rebuildReadModels } from '../../../adapters/dynamodb/rebuild.ts';
import { boardQueries } from '../../../application/collaboration/board-queries.ts';
import { boardService } from '../../../application/collaboration/board-service.ts';
import { noteService } from '../../../application/collaboration/note-service.ts';
import { boardListProjection } from '../../../projections/collaboration/board-list.ts';
import { noteListProjection } from '../../../projections/collaboration/note-list.ts';
import { itemsFromHistory, Projector } from '../../../projections/projector.ts';
import { actorIn, testDependencies, uniqueTenant } from '../../support/dynamo.ts';

/**
 * The board and note read models on DynamoDB Local, fed by the services' own commits (fixed times,
 * one minute apart): the board's index keys (pinned apart, withdrawn out), the notes' per-author
 * partition (deleted out); applying events twice and in reverse = once; a rebuild = the live items.
 */
const seed = async () => {
  const tenant = uniqueTenant('collab');
  let minute = 0;
  const deps = testDependencies({ now: () => `2030-01-01T10:${String(minute++).padStart(2, '0')}:00.000Z` });
  const board = boardService(() => deps);
  const notes = noteService(() => deps);
  const olga = actorIn(tenant, 'olga');
  const ada = actorIn(tenant, 'ada', 'admin');
  const as = (actor: typeof olga) => ({ actor, correlationId: 'c' });
  const post = async (body: string) => (await board.postMessage(as(olga), { body })).result.id;
  const uno = await post('uno');
  const due = await post('due');
  const tre = await post('tre');
  await board.editMessage(as(olga), due, { body: 'due, corretto' });
  await board.pinMessage(as(ada), uno);
  await board.pinMessage(as(ada), tre);
  await board.editMessage(as(olga), tre, { withdrawn: true });
  const n1 = (await notes.writeNote(as(olga), { body: 'primo' })).result.id;
  const n2 = (await notes.writeNote(as(olga), { body: 'secondo' })).result.id;
  const n3 = (await notes.writeNote(as(ada), { body: 'di ada' })).result.id;
  await notes.editNote(as(olga), n1, { body: 'primo, corretto' });
  await notes.deleteNote(as(olga), n2);
  const messages = [uno, due, tre];
  const noteIds = [n1, n2, n3];
  const events = [
    ...(await Promise.all(messages.map((id) => deps.eventStore.load(tenant, 'board-message', id)))).flatMap((s) => s.events),
    ...(await Promise.all(noteIds.map((id) => deps.eventStore.load(tenant, 'personal-note', id)))).flatMap((s) => s.events),
  ];
  const itemsOf = () =>
    Promise.all([
      ...messages.map((id) => deps.readModels.get(boardListProjection.key(tenant, id))),
      ...noteIds.map((id) => deps.readModels.get(noteListProjection.key(tenant, id))),
    ]);
  return { tenant, deps, olga, ada, messages, noteIds, events, itemsOf, projector: new Projector(deps.readModels, deps.eventStore) };
};

describe('board and note projections on DynamoDB Local', () => {
  it('projects the board (pinned apart, withdrawn out) and the notes (per author, deleted out); the queries read them', async () => {
    const { tenant, deps, olga, ada, messages, noteIds, events, itemsOf, projector } = await seed();
    for (const event of events) await projector.project(event);
    const [uno, due, tre, n1, n2, n3] = await itemsOf();
    expect(uno).toMatchObject({ pinned: false, gsi1pk: `${tenant}#board` });
    expect(due).toMatchObject({ body: 'due, corretto', gsi1pk: `${tenant}#board` });
    expect(tre).toMatchObject({ withdrawn: true, pinned: false });
    expect(tre).not.toHaveProperty('gsi1pk');
    expect(tre).not.toHaveProperty('gsi2pk');
    expect(n1).toMatchObject({ body: 'primo, corretto', gsi1pk: `${tenant}#notes#olga` });
    expect(n2).toMatchObject({ deleted: true });
    expect(n2).not.toHaveProperty('gsi1pk');
    expect(n3).toMatchObject({ gsi1pk: `${tenant}#notes#ada` });

    // The withdrawn pinned message freed the pin: nothing on top, newest first.
    const page = await boardQueries(() => deps).listMessages(olga, { limit: 10 });
    expect(page.items.map((m) => m.id)).toEqual([messages[1], messages[0]]);
    expect((await noteService(() => deps).listNotes(olga, { limit: 10 })).items.map((n) => n.id)).toEqual([noteIds[0]]);
    expect((await noteService(() => deps).listNotes(ada, { limit: 10 })).items.map((n) => n.id)).toEqual([noteIds[2]]);
  });

  it('is idempotent: the batch twice and in reverse gives the items of once, which are the items of the history', async () => {
    const { tenant, events, itemsOf, projector } = await seed();
    for (const event of events) await projector.project(event);
    const once = await itemsOf();
    for (const event of events) await projector.project(event);
    for (const event of events.toReversed()) await projector.project(event);
    expect(await itemsOf()).toEqual(once);
    const ids = [...new Set(events.map((e) => e.aggregateId))];
    expect(once).toEqual(ids.map((id) => itemsFromHistory(tenant, events.filter((e) => e.aggregateId === id)).find((item) => item.sk === 'list')));
  });

  it('rebuild yields exactly the live items', async () => {
    const { tenant, deps, events, itemsOf, projector, messages } = await seed();
    for (const event of events) await projector.project(event);
    const live = await itemsOf();
    await deps.readModels.delete(boardListProjection.key(tenant, messages[0]!));
    await deps.db.send(new PutCommand({ TableName: localTableNames.readModels, Item: { ...live[1]!, body: 'corrupted' } }));
    await rebuildReadModels({ ...deps, tenant });
    expect(await itemsOf()).toEqual(live);
  });
});
