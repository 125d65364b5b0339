import { randomUUID } from 'node:crypto';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { localTableNames } from '../../adapters/dynamodb/client.ts';
import { rebuildReadModels } from '../../adapters/dynamodb/rebuild.ts';
import { activityDecider, type ActivityCommand, type NewActivityInput } from '../../domain/activities/activity.ts';
import { defaultCatalogues } from '../../domain/settings/catalogues.ts';
import type { Actor } from '../../domain/shared/actor.ts';
import type { RelatedRecord } from '../../events/activities/activity-events.ts';
import { ActivityIndex } from '../../adapters/dynamodb/activity-index.ts';
import { runCommand } from '../../application/shared/command-runner.ts';
import { Projector } from '../../projections/projector.ts';
import { actorIn, testDependencies, uniqueTenant } from '../support/dynamo.ts';

const deps = testDependencies();
const { db, eventStore, readModels } = deps;
const projector = new Projector(readModels, eventStore);
const index = new ActivityIndex(db, readModels);
const catalogue = defaultCatalogues['activity-types'];

/** A fixed clock a minute per reading, from 1 March 2027: nothing here depends on today. */
let minute = 0;
const clock = () => new Date(Date.parse('2027-03-01T08:00:00.000Z') + minute++ * 60_000).toISOString();

const run = (actor: Actor, activityId: string, command: ActivityCommand) =>
  runCommand({
    store: eventStore,
    decider: activityDecider,
    actor,
    aggregateType: 'activity',
    aggregateId: activityId,
    command,
    meta: { commandId: randomUUID(), correlationId: 'c' },
    now: clock,
    result: () => ({ statusCode: 200, headers: {}, body: '' }),
  });

const schedule = async (actor: Actor, input: Partial<NewActivityInput>): Promise<string> => {
  const activityId = randomUUID();
  await run(actor, activityId, { type: 'ScheduleActivity', data: { activityId, type: 'call', subject: 'Call', catalogue, known: {}, ...input } });
  return activityId;
};

const project = async (tenant: string, ids: readonly string[]) => {
  for (const id of ids) for (const event of (await eventStore.load(tenant, 'activity', id)).events) await projector.project(event);
};

/** A record's timeline partition, oldest first, as `<event>:<action>`. */
const timeline = async (tenant: string, type: string, id: string) => {
  const { Items } = await db.send(
    new QueryCommand({ TableName: localTableNames.readModels, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': `${tenant}#timeline#${type}#${id}` } }),
  );
  return Items ?? [];
};
const brief = (items: Record<string, unknown>[]) =>
  items.map((item) => {
    const entry = item.entry as { event: string; summary: { action: string } };
    return `${entry.event}:${entry.summary.action}`;
  });

const related = async (tenant: string, record: RelatedRecord, state: 'open' | 'closed') =>
  (await index.relatedPage(tenant, record, state, 50, undefined)).rows.map(({ row }) => row.subject);

describe('activities on the timelines of their records', () => {
  it('puts every event on the record it relates to then; a re-related activity reaches the new record from then on', async () => {
    const tenant = uniqueTenant();
    const olga = actorIn(tenant, 'olga');
    const acme: RelatedRecord = { kind: 'company', id: 'acme' };
    const beta: RelatedRecord = { kind: 'company', id: 'beta' };
    const id = await schedule(olga, { start: '2027-03-02T09:00:00Z', end: '2027-03-02T10:00:00Z', related: acme });
    await run(olga, id, { type: 'RescheduleActivity', data: { start: '2027-03-03T09:00:00Z', end: '2027-03-03T10:00:00Z' } });
    await run(olga, id, { type: 'UpdateActivityDetails', data: { changes: { related: beta, subject: 'Call Beta' }, catalogue, known: { related: true } } });
    await run(olga, id, { type: 'CompleteActivity', data: { outcome: 'ordered', catalogue, known: {} } });
    await project(tenant, [id]);

    expect(brief(await timeline(tenant, 'company', 'acme'))).toEqual([
      'ActivityScheduled:scheduled',
      'ActivityRescheduled:rescheduled',
      'ActivityDetailsChanged:changed',
    ]);
    const onBeta = await timeline(tenant, 'company', 'beta');
    expect(brief(onBeta)).toEqual(['ActivityDetailsChanged:changed', 'ActivityStatusChanged:completed']);
    expect(onBeta[1]!.entry).toMatchObject({
      kind: 'activity',
      source: { type: 'activity', id },
      actor: 'olga',
      summary: { activityId: id, type: 'call', subject: 'Call Beta', from: 'planned', to: 'done', outcome: 'ordered' },
    });
  });

  it('lists open activities by due date and closed ones by when they were closed', async () => {
    const tenant = uniqueTenant();
    const olga = actorIn(tenant, 'olga');
    const acme: RelatedRecord = { kind: 'company', id: 'acme' };
    const later = await schedule(olga, { subject: 'later', start: '2027-03-05T09:00:00Z', end: '2027-03-05T10:00:00Z', related: acme });
    const first = await schedule(olga, { subject: 'first', start: '2027-03-04T15:00:00Z', end: '2027-03-04T16:00:00Z', related: acme });
    const dated = await schedule(olga, { subject: 'dated', dueOn: '2027-03-04', related: acme });
    const old = await schedule(olga, { subject: 'old', dueOn: '2027-03-01', related: acme });
    await run(olga, later, { type: 'CompleteActivity', data: { catalogue, known: {} } });
    await run(olga, old, { type: 'ChangeActivityStatus', data: { status: 'not_done' } });
    await project(tenant, [later, first, dated, old]);
    expect(await related(tenant, acme, 'open')).toEqual(['dated', 'first']);
    // "old" (due first) was closed last: newest first.
    expect(await related(tenant, acme, 'closed')).toEqual(['old', 'later']);
  });

  it('is idempotent, and a rebuild writes exactly the live entries and removes those no history produces', async () => {
    const tenant = uniqueTenant();
    const olga = actorIn(tenant, 'olga', 'manager');
    const lead: RelatedRecord = { kind: 'lead', id: 'l1' };
    const ids = [
      await schedule(olga, { dueOn: '2027-03-04', related: lead }),
      await schedule(olga, { start: '2027-03-04T09:00:00Z', end: '2027-03-04T10:00:00Z', related: { kind: 'contact', id: 'k1' } }),
      await schedule(olga, { dueOn: '2027-03-05', related: { kind: 'ticket', id: 't1' } }),
    ];
    await run(olga, ids[0]!, { type: 'RelinkActivity', data: { from: lead, to: { kind: 'contact', id: 'k1' }, reason: 'lead_converted' } });
    await run(olga, ids[0]!, { type: 'AssignActivity', data: { assignee: { kind: 'user', userId: 'tom' }, known: { assignee: true } } });
    await run(olga, ids[1]!, { type: 'ChangeActivityStatus', data: { status: 'done' } });
    await run(olga, ids[1]!, { type: 'ChangeActivityStatus', data: { status: 'planned' } });
    await project(tenant, ids);
    const entriesNow = async () => ({
      lead: await timeline(tenant, 'lead', 'l1'),
      contact: await timeline(tenant, 'contact', 'k1'),
      ticket: await timeline(tenant, 'ticket', 't1'),
    });
    const live = await entriesNow();
    expect(brief(live.lead)).toEqual(['ActivityScheduled:scheduled', 'ActivityRelinked:relinked']);
    expect(brief(live.contact).toSorted()).toEqual(
      ['ActivityScheduled:scheduled', 'ActivityRelinked:relinked', 'ActivityReassigned:reassigned', 'ActivityStatusChanged:completed', 'ActivityStatusChanged:reopened'].toSorted(),
    );
    expect(live.ticket).toEqual([]);

    await project(tenant, ids);
    for (const id of ids.toReversed()) for (const event of (await eventStore.load(tenant, 'activity', id)).events.toReversed()) await projector.project(event);
    expect(await entriesNow()).toEqual(live);

    const stray = { ...live.contact[0]!, sk: `2027-03-01T00:00:00.000Z#activity#ghost#0000000001`, aggregateId: 'ghost' };
    await readModels.put(stray as never);
    await readModels.delete({ pk: live.lead[1]!.pk as string, sk: live.lead[1]!.sk as string });
    await rebuildReadModels({ ...deps, readModels, tenant });
    expect(await entriesNow()).toEqual(live);
  });
});
