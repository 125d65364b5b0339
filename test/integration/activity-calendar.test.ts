import { randomUUID } from 'node:crypto';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { localTableNames } from '../../adapters/dynamodb/client.ts';
import { rebuildReadModels } from '../../adapters/dynamodb/rebuild.ts';
import { activityDecider, type ActivityCommand, type NewActivityInput } from '../../domain/activities/activity.ts';
import { calendarRange } from '../../domain/activities/local-time.ts';
import { defaultCatalogues } from '../../domain/settings/catalogues.ts';
import type { Actor } from '../../domain/shared/actor.ts';
import type { StoredEvent } from '../../events/envelope.ts';
import { ActivityIndex } from '../../adapters/dynamodb/activity-index.ts';
import { runCommand } from '../../application/shared/command-runner.ts';
import { relinkLeadActivities } from '../../functions/bus/relink-activities.ts';
import { activityIndexKeys } from '../../projections/activities/activity-calendar.ts';
import { Projector } from '../../projections/projector.ts';
import { actorIn, testDependencies, uniqueTenant } from '../support/dynamo.ts';

const deps = testDependencies();
const { db, eventStore, readModels } = deps;
const projector = new Projector(readModels, eventStore);
const index = new ActivityIndex(db, readModels);
const catalogue = defaultCatalogues['activity-types'];

const run = (actor: Actor, activityId: string, command: ActivityCommand) =>
  runCommand({
    store: eventStore,
    decider: activityDecider,
    actor,
    aggregateType: 'activity',
    aggregateId: activityId,
    command,
    meta: { commandId: randomUUID(), correlationId: 'c' },
    now: () => new Date().toISOString(),
    result: () => ({ statusCode: 200, headers: {}, body: '' }),
  });

const schedule = async (actor: Actor, input: Partial<NewActivityInput>): Promise<string> => {
  const activityId = randomUUID();
  await run(actor, activityId, {
    type: 'ScheduleActivity',
    data: { activityId, type: 'meeting', subject: 'Meeting', catalogue, known: {}, ...input },
  });
  return activityId;
};

const project = async (tenant: string, ids: readonly string[]) => {
  for (const id of ids) for (const event of (await eventStore.load(tenant, 'activity', id)).events) await projector.project(event);
};

/** Every read item of an activity: its calendar item and its continuation items. */
const itemsOf = async (tenant: string, id: string) =>
  (await db.send(new QueryCommand({ TableName: localTableNames.readModels, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': `${tenant}#activity#${id}` } }))).Items ?? [];

const range = (view: 'day' | 'week', date: string, timeZone: string) => {
  const r = calendarRange(view, date, timeZone);
  return { from: r.from, to: r.to, firstDay: r.days[0]!, lastDay: r.days.at(-1)! };
};

describe('activity calendar projection on DynamoDB Local', () => {
  it('keeps an open activity on the to-do index and the related record’s open list; done moves it to history', async () => {
    const tenant = uniqueTenant();
    const olga = actorIn(tenant, 'olga');
    const id = await schedule(olga, { start: '2026-11-24T09:00:00Z', end: '2026-11-24T10:00:00Z', related: { kind: 'company', id: 'c1' } });
    await project(tenant, [id]);
    const [open] = await itemsOf(tenant, id);
    expect(open).toMatchObject({
      gsi1pk: `${tenant}#calendar#user:olga`,
      gsi1sk: `t#2026-11-24T09:00:00.000Z#${id}`,
      gsi2pk: `${tenant}#todo#user:olga`,
      gsi3pk: `${tenant}#activities#related#company:c1`,
      gsi3sk: `open#2026-11-24T09:00:00.000Z#${id}`,
    });
    await run(olga, id, { type: 'ChangeActivityStatus', data: { status: 'done' } });
    await project(tenant, [id]);
    const [done] = await itemsOf(tenant, id);
    const closedAt = (await eventStore.load(tenant, 'activity', id)).events.at(-1)!.at;
    expect(done).not.toHaveProperty('gsi2pk');
    // History is ordered by when an activity was closed, not by when it was due.
    expect(done).toMatchObject({ gsi1pk: `${tenant}#calendar#user:olga`, gsi3sk: `closed#${closedAt}#${id}`, activity: { status: 'done', closedAt } });
  });

  it('gives a multi-day activity one continuation per UTC midnight, moved with it and dropped when it shrinks', async () => {
    const tenant = uniqueTenant();
    const olga = actorIn(tenant, 'olga', 'manager');
    const id = await schedule(olga, { start: '2026-11-02T08:00:00Z', end: '2026-11-05T17:00:00Z' });
    await project(tenant, [id]);
    const continued = (items: Record<string, unknown>[]) => items.filter((i) => i.continuationOf === id).map((i) => `${i.gsi1pk}|${i.gsi1sk}`);
    expect(continued(await itemsOf(tenant, id))).toEqual(
      ['2026-11-03', '2026-11-04', '2026-11-05'].map((day) => `${tenant}#calendar#user:olga|t#${day}T00:00:00.000Z#${id}#continued`),
    );
    // Found from a later range even though it starts days before it.
    const thursday = await index.calendar(tenant, { kind: 'user', userId: 'olga' }, range('day', '2026-11-05', 'Europe/Rome'));
    expect(thursday.rows.map((r) => r.id)).toEqual([id]);

    await run(olga, id, { type: 'AssignActivity', data: { assignee: { kind: 'user', userId: 'tom' }, known: { assignee: true } } });
    await project(tenant, [id]);
    expect(continued(await itemsOf(tenant, id))).toHaveLength(3);
    expect(continued(await itemsOf(tenant, id)).every((key) => key.startsWith(`${tenant}#calendar#user:tom|`))).toBe(true);
    expect((await index.calendar(tenant, { kind: 'user', userId: 'olga' }, range('day', '2026-11-05', 'Europe/Rome'))).rows).toEqual([]);

    await run(olga, id, { type: 'RescheduleActivity', data: { start: '2026-11-02T08:00:00Z', end: '2026-11-02T17:00:00Z' } });
    await project(tenant, [id]);
    expect(continued(await itemsOf(tenant, id))).toEqual([]);
  });

  it('is idempotent, and a rebuild yields exactly the live items', async () => {
    const tenant = uniqueTenant();
    const olga = actorIn(tenant, 'olga', 'manager');
    const ids = [
      await schedule(olga, { start: '2026-11-02T08:00:00Z', end: '2026-11-06T17:00:00Z' }),
      await schedule(olga, { dueOn: '2026-11-03', assignee: { kind: 'group', groupId: 'sales' } }),
      await schedule(olga, { start: '2026-11-02T08:00:00Z', end: '2026-11-02T09:00:00Z', related: { kind: 'lead', id: 'l1' } }),
    ];
    await run(olga, ids[0]!, { type: 'RescheduleActivity', data: { start: '2026-11-03T08:00:00Z', end: '2026-11-05T17:00:00Z' } });
    await run(olga, ids[2]!, { type: 'ChangeActivityStatus', data: { status: 'in_progress' } });
    await project(tenant, ids);
    const live = await Promise.all(ids.map((id) => itemsOf(tenant, id)));
    await project(tenant, ids);
    for (const id of ids.toReversed()) for (const event of (await eventStore.load(tenant, 'activity', id)).events.toReversed()) await projector.project(event);
    expect(await Promise.all(ids.map((id) => itemsOf(tenant, id)))).toEqual(live);

    await readModels.delete({ pk: `${tenant}#activity#${ids[0]}`, sk: 'calendar' });
    await rebuildReadModels({ ...deps, readModels, tenant });
    expect(await Promise.all(ids.map((id) => itemsOf(tenant, id)))).toEqual(live);
  });

  it('reads only the requested range of a busy calendar, never all of it', async () => {
    const tenant = uniqueTenant();
    const olga = actorIn(tenant, 'olga');
    // One activity a day at 09:00 UTC for 120 days from 1 September 2026.
    const ids = await Promise.all(
      Array.from({ length: 120 }, (_, day) => {
        const start = new Date(Date.UTC(2026, 8, 1 + day, 9)).toISOString();
        return schedule(olga, { start, end: new Date(Date.parse(start) + 3_600_000).toISOString() });
      }),
    );
    await project(tenant, ids);
    const week = await index.calendar(tenant, { kind: 'user', userId: 'olga' }, range('week', '2026-10-28', 'Europe/Rome'));
    expect(week.rows).toHaveLength(7);
    // The week's 7 items and the one of the day before it (the look-behind): 8 of 120.
    expect(week.itemsRead).toBe(8);
    const todo = await index.todo(tenant, { kind: 'user', userId: 'olga' }, range('day', '2026-10-28', 'Europe/Rome'));
    expect(todo.rows).toHaveLength(1);
    expect(todo.itemsRead).toBe(1);
  });
});

/** A lead converted to contact `p-1`, committed straight to the log (the conversion itself is tested in the directory). */
const convertedLead = async (tenant: string, leadId: string) => {
  const profile = { companyName: 'Alfa Kft.', vatNumber: null, firstName: 'Anna', lastName: null, position: null, emails: [], phones: [], address: null, website: null, source: null, tags: [] };
  await eventStore.commit({
    tenant,
    at: new Date().toISOString(),
    meta: { actor: 'olga', commandId: randomUUID(), correlationId: 'conversion' },
    streams: [
      {
        aggregateType: 'lead',
        aggregateId: leadId,
        expectedVersion: 0,
        events: [
          { type: 'LeadCreated', data: { leadId, profile, ownerId: null, stage: null } },
          { type: 'LeadConverted', data: { leadId, companyId: 'c-1', contactId: 'p-1', createdCompany: true, createdContact: true } },
        ],
      },
    ],
  });
};

describe('lead conversion relinks open activities (policy)', () => {
  it('moves the lead’s open activities to the contact, once however often the event arrives', async () => {
    const tenant = uniqueTenant();
    const olga = actorIn(tenant, 'olga');
    const onLead = { kind: 'lead' as const, id: 'lead-1' };
    const open = await schedule(olga, { dueOn: '2026-11-30', related: onLead });
    const started = await schedule(olga, { dueOn: '2026-11-30', related: onLead, status: 'in_progress' });
    const done = await schedule(olga, { dueOn: '2026-11-20', related: onLead, status: 'done' });
    const other = await schedule(olga, { dueOn: '2026-11-30', related: { kind: 'lead', id: 'lead-2' } });
    await project(tenant, [open, started, done, other]);
    const converted: StoredEvent = {
      aggregateType: 'lead',
      aggregateId: 'lead-1',
      version: 3,
      type: 'LeadConverted',
      data: { leadId: 'lead-1', companyId: 'c-1', contactId: 'p-1', createdCompany: true, createdContact: true },
      at: new Date().toISOString(),
      meta: { tenant, actor: 'olga', commandId: 'x', correlationId: 'conversion' },
    };
    expect(await relinkLeadActivities(() => deps, converted)).toBe(2);
    // A redelivery before the projection caught up: the index still lists them; the decider does nothing.
    expect(await relinkLeadActivities(() => deps, converted)).toBe(2);
    await project(tenant, [open, started]);
    expect(await relinkLeadActivities(() => deps, converted)).toBe(0);
    const types = async (id: string) => (await eventStore.load(tenant, 'activity', id)).events.map((e) => e.type);
    expect(await types(open)).toEqual(['ActivityScheduled', 'ActivityRelinked']);
    expect(await types(started)).toEqual(['ActivityScheduled', 'ActivityRelinked']);
    expect(await types(done)).toEqual(['ActivityScheduled']);
    expect(await types(other)).toEqual(['ActivityScheduled']);
    expect((await eventStore.load(tenant, 'activity', open)).events[1]).toMatchObject({
      data: { from: onLead, to: { kind: 'contact', id: 'p-1' }, reason: 'lead_converted', leadId: 'lead-1' },
      meta: { correlationId: 'conversion' },
    });
  });

  it('relinks an activity scheduled on a lead that is already converted (the index did not show it yet)', async () => {
    const tenant = uniqueTenant();
    const olga = actorIn(tenant, 'olga');
    await convertedLead(tenant, 'lead-9');
    const late = await schedule(olga, { dueOn: '2026-11-30', related: { kind: 'lead', id: 'lead-9' } });
    const elsewhere = await schedule(olga, { dueOn: '2026-11-30', related: { kind: 'lead', id: 'lead-unconverted' } });
    const [scheduled] = (await eventStore.load(tenant, 'activity', late)).events;
    expect(await relinkLeadActivities(() => deps, scheduled!)).toBe(1);
    expect(await relinkLeadActivities(() => deps, scheduled!)).toBe(1);
    expect(await relinkLeadActivities(() => deps, (await eventStore.load(tenant, 'activity', elsewhere)).events[0]!)).toBe(0);
    const events = (await eventStore.load(tenant, 'activity', late)).events;
    expect(events.map((e) => e.type)).toEqual(['ActivityScheduled', 'ActivityRelinked']);
    expect(events[1]!.data).toMatchObject({ to: { kind: 'contact', id: 'p-1' }, leadId: 'lead-9' });
    expect((await eventStore.load(tenant, 'activity', elsewhere)).events).toHaveLength(1);
  });
});
