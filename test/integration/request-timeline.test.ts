import { randomUUID } from 'node:crypto';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { localTableNames } from '../../adapters/dynamodb/client.ts';
import { rebuildReadModels } from '../../adapters/dynamodb/rebuild.ts';
import { timelinePage } from '../../application/directory/timeline-page.ts';
import { Projector } from '../../projections/projector.ts';
import { requestAggregate } from '../../projections/requests/request-timeline.ts';
import { actorIn, testDependencies, uniqueTenant } from '../support/dynamo.ts';
import { appendTo } from '../support/sales-events.ts';

const deps = testDependencies();
const { db, eventStore, readModels } = deps;
const projector = new Projector(readModels, eventStore);

/** A fixed clock a minute per reading, from 1 April 2027: nothing here depends on today. */
let minute = 0;
const clock = () => new Date(Date.parse('2027-04-01T08:00:00.000Z') + minute++ * 60_000).toISOString();

/** Appends one event at a time (each its own commit and time), as the request commands would. */
const append = async (tenant: string, requestId: string, events: { type: string; data: unknown }[], actor = 'olga') => {
  let version = (await eventStore.load(tenant, requestAggregate, requestId)).version;
  for (const event of events) {
    await appendTo(eventStore, tenant, { aggregateType: requestAggregate, aggregateId: requestId, expectedVersion: version }, [event], { at: clock(), actor });
    version += 1;
  }
};

const project = async (tenant: string, requestIds: readonly string[]) => {
  for (const id of requestIds) for (const event of (await eventStore.load(tenant, requestAggregate, id)).events) await projector.project(event);
};

/** A company's timeline partition, oldest first. */
const partition = async (tenant: string, companyId: string) => {
  const { Items } = await db.send(
    new QueryCommand({
      TableName: localTableNames.readModels,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': `${tenant}#timeline#company#${companyId}` },
    }),
  );
  return Items ?? [];
};
const actions = (items: Record<string, unknown>[]) => items.map((item) => (item.entry as { summary: { action: string } }).summary.action);

const details = (companyId: string, more: Record<string, unknown> = {}) => ({
  companyId,
  contactId: null,
  requestType: 'support',
  description: 'The printer jams',
  channel: 'phone',
  ...more,
});

const registered = (requestId: string, number: number, companyId: string, responsibleId: string | null) => ({
  type: 'RequestRegistered',
  data: { requestId, number, ...details(companyId), status: 'new', rank: 'U', responsibleId },
});

/**
 * Registered on acme by nobody's responsibility, given to tom, moved, reordered (no entry), edited to
 * beta, a ticket generated and closed in one commit, reopened by a manager.
 */
const history = async (tenant: string) => {
  const requestId = randomUUID();
  const ticketId = randomUUID();
  await append(tenant, requestId, [
    registered(requestId, 1, 'acme', null),
    { type: 'RequestResponsibleAssigned', data: { requestId, from: null, to: 'tom' } },
    { type: 'RequestStatusChanged', data: { requestId, from: 'new', to: 'in_progress', rank: 'U' } },
    { type: 'RequestReordered', data: { requestId, status: 'in_progress', rank: 'M' } },
    { type: 'RequestEdited', data: { requestId, details: details('beta', { requestType: 'commercial' }) } },
  ]);
  // Generate + close: one commit, as the generation writes it (the ticket's own stream is not projected here).
  await appendTo(
    eventStore,
    tenant,
    { aggregateType: requestAggregate, aggregateId: requestId, expectedVersion: 5 },
    [
      { type: 'RequestDocumentGenerated', data: { requestId, document: { kind: 'ticket', id: ticketId, reference: '42' } } },
      { type: 'RequestClosed', data: { requestId, status: 'in_progress', outcome: 'a ticket will follow' } },
    ],
    { at: clock(), actor: 'tom' },
  );
  await append(tenant, requestId, [{ type: 'RequestReopened', data: { requestId, reason: 'customer called again', rank: 'V' } }], 'mara');
  return { requestId, ticketId };
};

describe('customer requests on the timeline of their company', () => {
  it('puts each event but a reorder on the company of the moment; a change of company is on both', async () => {
    const tenant = uniqueTenant();
    const { requestId, ticketId } = await history(tenant);
    await project(tenant, [requestId]);

    expect(actions(await partition(tenant, 'acme'))).toEqual(['registered', 'responsible', 'status', 'edited']);
    const onBeta = await partition(tenant, 'beta');
    expect(actions(onBeta)).toEqual(['edited', 'document', 'closed', 'reopened']);

    const entry = (action: string) => onBeta.find((item) => actions([item])[0] === action)!;
    expect(entry('edited')).toMatchObject({
      entry: {
        kind: 'request',
        event: 'RequestEdited',
        source: { type: 'request', id: requestId },
        actor: 'olga',
        summary: { requestId, number: 1, requestType: 'commercial', status: 'in_progress', responsibleId: 'tom', closed: false, fromCompanyId: 'acme' },
      },
      requestAccess: { responsibleId: 'tom', registeredBy: 'olga' },
    });
    expect(entry('document')).toMatchObject({ entry: { actor: 'tom', summary: { document: { kind: 'ticket', id: ticketId, reference: '42' }, closed: false } } });
    expect(entry('closed')).toMatchObject({ entry: { summary: { outcome: 'a ticket will follow', closed: true } } });
    expect(entry('reopened')).toMatchObject({ entry: { actor: 'mara', summary: { reason: 'customer called again', closed: false } } });
    const first = (await partition(tenant, 'acme'))[0]!;
    expect(first).toMatchObject({
      entry: { summary: { action: 'registered', description: 'The printer jams', channel: 'phone', contactId: null, responsibleId: null, status: 'new' } },
      requestAccess: { responsibleId: null, registeredBy: 'olga' },
    });
  });

  it('shows a restricted user the entries of requests they could see at the time: responsible, registered by them, or nobody responsible', async () => {
    const tenant = uniqueTenant();
    const [ritas, tomS, nobodys, byRita] = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
    await append(tenant, ritas, [registered(ritas, 1, 'acme', 'rita')]);
    await append(tenant, tomS, [registered(tomS, 2, 'acme', 'tom')]);
    await append(tenant, nobodys, [registered(nobodys, 3, 'acme', null)]);
    // Registered by rita for tom: hers to see (canSeeRequest).
    await append(tenant, byRita, [registered(byRita, 4, 'acme', 'tom')], 'rita');
    // Nobody's, then tom's: the entry before stays visible to rita, the one after is tom's.
    await append(tenant, nobodys, [{ type: 'RequestResponsibleAssigned', data: { requestId: nobodys, from: null, to: 'tom' } }]);
    await project(tenant, [ritas, tomS, nobodys, byRita]);

    const seen = async (userId: string, role: 'restricted' | 'standard') =>
      (await timelinePage(readModels, actorIn(tenant, userId, role), { type: 'company', id: 'acme' }, { limit: 50, cursor: undefined })).items.map(
        (item) => `${item.event}:${String(item.summary.number)}`,
      );
    expect(await seen('rita', 'restricted')).toEqual(['RequestRegistered:4', 'RequestRegistered:3', 'RequestRegistered:1']);
    expect(await seen('olga', 'standard')).toEqual([
      'RequestResponsibleAssigned:3',
      'RequestRegistered:4',
      'RequestRegistered:3',
      'RequestRegistered:2',
      'RequestRegistered:1',
    ]);
  });

  it('is idempotent, and a rebuild writes exactly the live entries and removes those no history produces', async () => {
    const tenant = uniqueTenant();
    const { requestId } = await history(tenant);
    await project(tenant, [requestId]);
    const entriesNow = async () => ({ acme: await partition(tenant, 'acme'), beta: await partition(tenant, 'beta') });
    const live = await entriesNow();
    expect(live.acme.length + live.beta.length).toBe(8);

    // Applied twice, and again in reverse order: nothing changes.
    await project(tenant, [requestId]);
    for (const event of (await eventStore.load(tenant, requestAggregate, requestId)).events.toReversed()) await projector.project(event);
    expect(await entriesNow()).toEqual(live);

    const stray = { ...live.beta[0]!, sk: `2027-03-01T00:00:00.000Z#request#ghost#0000000001`, aggregateId: 'ghost' };
    await readModels.put(stray as never);
    await readModels.delete({ pk: live.acme[1]!.pk as string, sk: live.acme[1]!.sk as string });
    await readModels.delete({ pk: `${tenant}#${requestAggregate}#${requestId}`, sk: 'timeline' });
    await rebuildReadModels({ ...deps, readModels, tenant });
    expect(await entriesNow()).toEqual(live);
  });
});
