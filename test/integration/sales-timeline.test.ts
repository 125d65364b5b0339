import { randomUUID } from 'node:crypto';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { localTableNames } from '../../adapters/dynamodb/client.ts';
import { rebuildReadModels } from '../../adapters/dynamodb/rebuild.ts';
import { timelinePage } from '../../application/directory/timeline-page.ts';
import { Projector } from '../../projections/projector.ts';
import { salesAggregates } from '../../projections/sales/sales-timeline.ts';
import { actorIn, testDependencies, uniqueTenant } from '../support/dynamo.ts';
import { appendTo, opportunityFields, quoteContent, salesOrderData } from '../support/sales-events.ts';

const deps = testDependencies();
const { db, eventStore, readModels } = deps;
const projector = new Projector(readModels, eventStore);

/** A fixed clock a minute per reading, from 1 March 2027: nothing here depends on today. */
let minute = 0;
const clock = () => new Date(Date.parse('2027-03-01T08:00:00.000Z') + minute++ * 60_000).toISOString();

const acme = { kind: 'company', id: 'acme' } as const;
const beta = { kind: 'company', id: 'beta' } as const;
const lead = { kind: 'lead', id: 'l1' } as const;

/** Appends one event at a time (each its own commit and time), as the sales commands would. */
const append = async (tenant: string, aggregateType: string, aggregateId: string, events: { type: string; data: unknown }[], actor = 'olga') => {
  let version = (await eventStore.load(tenant, aggregateType, aggregateId)).version;
  for (const event of events) {
    await appendTo(eventStore, tenant, { aggregateType, aggregateId, expectedVersion: version }, [event], { at: clock(), actor });
    version += 1;
  }
};

const project = async (tenant: string, streams: readonly [string, string][]) => {
  for (const [type, id] of streams) for (const event of (await eventStore.load(tenant, type, id)).events) await projector.project(event);
};

/** A record's timeline partition, oldest first. */
const partition = async (tenant: string, type: string, id: string) => {
  const { Items } = await db.send(
    new QueryCommand({ TableName: localTableNames.readModels, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': `${tenant}#timeline#${type}#${id}` } }),
  );
  return Items ?? [];
};
const brief = (items: Record<string, unknown>[]) =>
  items.map((item) => {
    const entry = item.entry as { kind: string; summary: { action: string } };
    return `${entry.kind}:${entry.summary.action}`;
  });

/** An opportunity on acme and the lead, moved to beta and the lead, won; a quote on acme, edited to beta, sent, accepted; its order. */
const history = async (tenant: string) => {
  const opportunityId = randomUUID();
  const quoteId = randomUUID();
  const orderId = randomUUID();
  await append(tenant, salesAggregates.opportunity, opportunityId, [
    { type: 'OpportunityCreated', data: { opportunityId, leadId: null, ...opportunityFields({ parties: [acme, lead], ownerId: 'tom' }) } },
    { type: 'OpportunityUpdated', data: { opportunityId, changes: { stage: 'proposal', amount: '2000.00' } } },
    { type: 'OpportunityUpdated', data: { opportunityId, changes: { parties: [beta, lead] } } },
  ]);
  await append(tenant, salesAggregates.quote, quoteId, [
    { type: 'QuoteDrafted', data: { quoteId, reference: 'Q-2027-00001', year: 2027, number: 1, content: quoteContent({ opportunityId }) } },
    { type: 'QuoteEdited', data: { quoteId, revision: 1, content: quoteContent({ party: beta, opportunityId }) } },
    { type: 'QuoteSent', data: { quoteId, revision: 1, sentTo: 'buyer@beta.example' } },
  ]);
  // Accept: quote, order and opportunity in one commit, as the sales context writes it.
  await eventStore.commit({
    tenant,
    at: clock(),
    meta: { actor: 'olga', commandId: randomUUID(), correlationId: 'accept' },
    streams: [
      {
        aggregateType: salesAggregates.quote,
        aggregateId: quoteId,
        expectedVersion: 3,
        events: [{ type: 'QuoteAccepted', data: { quoteId, revision: 1, orderId, orderReference: 'SO-2027-00001', opportunityId, acceptedExpired: false, note: null } }],
      },
      { aggregateType: salesAggregates.order, aggregateId: orderId, expectedVersion: 0, events: [{ type: 'SalesOrderCreated', data: salesOrderData(orderId, quoteId, beta, { opportunityId }) }] },
      {
        aggregateType: salesAggregates.opportunity,
        aggregateId: opportunityId,
        expectedVersion: 3,
        events: [{ type: 'OpportunityWon', data: { opportunityId, orderId, quoteId, note: null, from: 'open', closedOn: '2027-03-10' } }],
      },
    ],
  });
  const streams: [string, string][] = [
    [salesAggregates.opportunity, opportunityId],
    [salesAggregates.quote, quoteId],
    [salesAggregates.order, orderId],
  ];
  return { opportunityId, quoteId, orderId, streams };
};

describe('sales on the timelines of their parties', () => {
  it('puts every event on the parties of the moment; a change of parties is on the old and the new ones', async () => {
    const tenant = uniqueTenant();
    const { opportunityId, quoteId, orderId, streams } = await history(tenant);
    await project(tenant, streams);

    expect(brief(await partition(tenant, 'company', 'acme'))).toEqual([
      'opportunity:created',
      'opportunity:changed',
      'opportunity:changed',
      'quote:drafted',
      'quote:edited',
    ]);
    const onBeta = await partition(tenant, 'company', 'beta');
    expect(brief(onBeta).toSorted()).toEqual(
      ['opportunity:changed', 'quote:edited', 'quote:sent', 'quote:accepted', 'order:created', 'opportunity:won'].toSorted(),
    );
    expect(brief(await partition(tenant, 'lead', 'l1'))).toEqual(['opportunity:created', 'opportunity:changed', 'opportunity:changed', 'opportunity:won']);

    const entry = (kind: string, action: string) => onBeta.find((item) => brief([item])[0] === `${kind}:${action}`)!;
    expect(entry('opportunity', 'won')).toMatchObject({
      entry: {
        kind: 'opportunity',
        event: 'OpportunityWon',
        source: { type: 'opportunity', id: opportunityId },
        actor: 'olga',
        summary: { opportunityId, title: 'Fit-out', stage: 'proposal', amount: '2000.00', currency: 'EUR', status: 'won', orderId, quoteId, closedOn: '2027-03-10' },
      },
      salesAccess: { userIds: ['tom'] },
    });
    expect(entry('quote', 'accepted')).toMatchObject({
      entry: {
        summary: { quoteId, reference: 'Q-2027-00001', status: 'accepted', revision: 1, gross: '122.00', currency: 'EUR', orderId, orderReference: 'SO-2027-00001' },
      },
      salesAccess: { userIds: ['olga'] },
    });
    expect(entry('order', 'created')).toMatchObject({
      entry: { event: 'SalesOrderCreated', source: { type: 'order', id: orderId }, summary: { orderId, reference: 'SO-2027-00001', gross: '122.00', currency: 'EUR', quoteId } },
      salesAccess: { userIds: ['olga'] },
    });
  });

  it("shows a restricted user only the entries of sales that were theirs or nobody's", async () => {
    const tenant = uniqueTenant();
    const mine = randomUUID();
    const tomS = randomUUID();
    const nobodys = randomUUID();
    const quoteId = randomUUID();
    const ritasDraft = randomUUID();
    for (const [id, ownerId] of [[mine, 'rita'], [tomS, 'tom'], [nobodys, null]] as const) {
      await append(tenant, salesAggregates.opportunity, id, [{ type: 'OpportunityCreated', data: { opportunityId: id, leadId: null, ...opportunityFields({ title: String(ownerId), ownerId }) } }]);
    }
    await append(tenant, salesAggregates.quote, quoteId, [
      { type: 'QuoteDrafted', data: { quoteId, reference: 'Q-2027-00002', year: 2027, number: 2, content: quoteContent({ operatorId: 'tom' }) } },
    ]);
    // Drafted by rita for tom: hers to see too (canSeeQuote).
    await append(
      tenant,
      salesAggregates.quote,
      ritasDraft,
      [{ type: 'QuoteDrafted', data: { quoteId: ritasDraft, reference: 'Q-2027-00003', year: 2027, number: 3, content: quoteContent({ operatorId: 'tom' }) } }],
      'rita',
    );
    // Given to rita: the entries after it are hers, the one before stays tom's.
    await append(tenant, salesAggregates.opportunity, tomS, [{ type: 'OpportunityUpdated', data: { opportunityId: tomS, changes: { ownerId: 'rita' } } }]);
    await project(tenant, [[salesAggregates.opportunity, mine], [salesAggregates.opportunity, tomS], [salesAggregates.opportunity, nobodys], [salesAggregates.quote, quoteId], [salesAggregates.quote, ritasDraft]]);

    const seen = async (userId: string, role: 'restricted' | 'standard') =>
      (await timelinePage(readModels, actorIn(tenant, userId, role), { type: 'company', id: 'acme' }, { limit: 50, cursor: undefined })).items.map(
        (entry) => `${entry.event}:${String(entry.summary.title ?? entry.summary.reference)}`,
      );
    expect(await seen('rita', 'restricted')).toEqual(['OpportunityUpdated:tom', 'QuoteDrafted:Q-2027-00003', 'OpportunityCreated:null', 'OpportunityCreated:rita']);
    expect(await seen('olga', 'standard')).toHaveLength(6);
  });

  it('is idempotent, and a rebuild writes exactly the live entries and removes those no history produces', async () => {
    const tenant = uniqueTenant();
    const { streams } = await history(tenant);
    await project(tenant, streams);
    const entriesNow = async () => ({
      acme: await partition(tenant, 'company', 'acme'),
      beta: await partition(tenant, 'company', 'beta'),
      lead: await partition(tenant, 'lead', 'l1'),
    });
    const live = await entriesNow();
    expect(live.acme.length + live.beta.length + live.lead.length).toBe(15);

    // Applied twice, and again in reverse order: nothing changes.
    await project(tenant, streams);
    for (const [type, id] of streams.toReversed()) for (const event of (await eventStore.load(tenant, type, id)).events.toReversed()) await projector.project(event);
    expect(await entriesNow()).toEqual(live);

    const stray = { ...live.beta[0]!, sk: `2027-02-01T00:00:00.000Z#quote#ghost#0000000001`, aggregateId: 'ghost' };
    await readModels.put(stray as never);
    await readModels.delete({ pk: live.lead[1]!.pk as string, sk: live.lead[1]!.sk as string });
    await readModels.delete({ pk: `${tenant}#${streams[0]![0]}#${streams[0]![1]}`, sk: 'timeline' });
    await rebuildReadModels({ ...deps, readModels, tenant });
    expect(await entriesNow()).toEqual(live);
  });
});
