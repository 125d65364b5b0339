import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { localTableNames } from '../../adapters/dynamodb/client.ts';
import { rebuildReadModels } from '../../adapters/dynamodb/rebuild.ts';
import { standardSigner } from '../../adapters/webhooks/standard-signer.ts';
import { webhookEndpointService } from '../../application/integrations/webhook-endpoint-service.ts';
import { webhookQueries } from '../../application/integrations/webhook-queries.ts';
import { webhookEventTypes } from '../../functions/http/integrations/webhook-rules.ts';
import { maxDeliveryRounds, webhookDeliveryDecider } from '../../domain/integrations/webhook-delivery.ts';
import { fold } from '../../domain/shared/decider.ts';
import { webhookDeliveriesProjection } from '../../projections/integrations/webhook-deliveries.ts';
import { itemsFromHistory, Projector } from '../../projections/projector.ts';
import { actorIn, testDependencies, uniqueTenant } from '../support/dynamo.ts';
import { recordAttempt, recordingQueue } from '../support/webhook-fixtures.ts';

/**
 * The delivery log (`webhook-deliveries`) on DynamoDB Local, fed by the service's own commits (test
 * events) and the sender's attempts (appended as the sender would), at fixed times a minute apart:
 * index keys per endpoint and per status; applying events twice and in reverse = once = the items of
 * the history; a rebuild = the live items.
 */
const seed = async () => {
  const tenant = uniqueTenant('hooklog');
  let minute = 0;
  const deps = testDependencies({ now: () => `2030-01-01T10:${String(minute++).padStart(2, '0')}:00.000Z` });
  const service = webhookEndpointService(() => deps, {
    signer: standardSigner,
    rules: () => ({ knownEventTypes: webhookEventTypes(), local: true }),
    queue: () => recordingQueue(),
  });
  const ada = actorIn(tenant, 'ada', 'admin');
  const as = { actor: ada, correlationId: 'c' };
  const endpoint = (await service.createEndpoint(as, { url: 'http://localhost:9/hook' })).result.endpoint.id;
  const delivered = (await service.sendTestEvent(as, endpoint)).result.id;
  const failed = (await service.sendTestEvent(as, endpoint)).result.id;
  const pending = (await service.sendTestEvent(as, endpoint)).result.id;
  await recordAttempt(deps.eventStore, tenant, delivered, 1, { attempt: 1, attemptedAt: '2030-01-01T11:00:00.000Z', outcome: 'delivered', status: 204 });
  await recordAttempt(deps.eventStore, tenant, failed, 1, { attempt: 1, attemptedAt: '2030-01-01T11:00:00.000Z', outcome: 'failed', status: 404, responsePrefix: 'x'.repeat(1024) });
  await service.redeliver(as, endpoint, failed);
  await recordAttempt(deps.eventStore, tenant, pending, 1, { attempt: 1, attemptedAt: '2030-01-01T11:00:00.000Z', outcome: 'retry', error: { kind: 'network', message: 'ECONNREFUSED' }, nextAttemptAt: '2030-01-01T11:00:20.000Z' });
  const ids = [delivered, failed, pending];
  const events = (await Promise.all(ids.map((id) => deps.eventStore.load(tenant, 'webhook-delivery', id)))).flatMap((s) => s.events);
  const itemsOf = () => Promise.all(ids.map((id) => deps.readModels.get(webhookDeliveriesProjection.key(tenant, id))));
  return { tenant, deps, ada, endpoint, ids, events, itemsOf, projector: new Projector(deps.readModels, deps.eventStore) };
};

describe('the webhook delivery log on DynamoDB Local', () => {
  it('one row per delivery under its endpoint, by status; the queries page them newest first', async () => {
    const { tenant, deps, ada, endpoint, ids, events, itemsOf, projector } = await seed();
    const [delivered, failed, pending] = ids;
    for (const event of events) await projector.project(event);
    const [one, two, three] = await itemsOf();
    expect(one).toMatchObject({ status: 'delivered', gsi1pk: `${tenant}#webhook-deliveries#${endpoint}`, gsi2pk: `${tenant}#webhook-deliveries#${endpoint}#delivered` });
    expect(two).toMatchObject({ status: 'pending', round: { number: 2, attempts: 0 }, gsi2pk: `${tenant}#webhook-deliveries#${endpoint}#pending` });
    expect(three).toMatchObject({ status: 'pending', nextAttemptAt: '2030-01-01T11:00:20.000Z' });

    const queries = webhookQueries(() => deps);
    const all = await queries.listDeliveries(ada, endpoint, { limit: 10 });
    expect(all.items.map((d) => d.id)).toEqual([pending, failed, delivered]);
    expect(all.items[1]).toMatchObject({ round: 2, attemptCount: 1, lastResponsePrefix: 'x'.repeat(1024), attempts: [{ outcome: 'failed', status: 404 }] });
    expect(all.items[0]).toMatchObject({ attempts: [{ outcome: 'retry', status: null, errorKind: 'network' }], lastResponsePrefix: null });
    expect((await queries.listDeliveries(ada, endpoint, { status: 'pending', limit: 10 })).items.map((d) => d.id)).toEqual([pending, failed]);
    expect((await queries.listDeliveries(ada, endpoint, { status: 'delivered', limit: 10 })).items.map((d) => d.id)).toEqual([delivered]);
    const first = await queries.listDeliveries(ada, endpoint, { limit: 2 });
    expect((await queries.listDeliveries(ada, endpoint, { limit: 2, cursor: first.nextCursor! })).items.map((d) => d.id)).toEqual([delivered]);
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
    const { tenant, deps, ids, events, itemsOf, projector } = await seed();
    for (const event of events) await projector.project(event);
    const live = await itemsOf();
    await deps.readModels.delete(webhookDeliveriesProjection.key(tenant, ids[0]!));
    await deps.db.send(new PutCommand({ TableName: localTableNames.readModels, Item: { ...live[1]!, status: 'delivered' } }));
    await rebuildReadModels({ ...deps, tenant });
    expect(await itemsOf()).toEqual(live);
  });

  it(`stays bounded over many rounds, which are capped at ${maxDeliveryRounds}`, async () => {
    const { tenant, deps, ada, endpoint, projector } = await seed();
    const service = webhookEndpointService(() => deps, {
      signer: standardSigner,
      rules: () => ({ knownEventTypes: webhookEventTypes(), local: true }),
      queue: () => recordingQueue(),
    });
    const as = { actor: ada, correlationId: 'c' };
    const id = (await service.sendTestEvent(as, endpoint)).result.id;
    // Rounds of 40 attempts (the retry policy's most), each with 1 KB of response or of error message.
    let version = 1;
    let attempt = 0;
    for (let round = 1; round <= maxDeliveryRounds; round++) {
      if (round > 1) {
        await service.redeliver(as, endpoint, id);
        version++;
      }
      const attempts = 40;
      for (let i = 1; i <= attempts; i++) {
        attempt++;
        const last = i === attempts;
        const attemptedAt = new Date(Date.parse('2030-01-02T00:00:00.000Z') + attempt * 60_000).toISOString();
        await recordAttempt(deps.eventStore, tenant, id, version++, {
          attempt,
          attemptedAt,
          outcome: last ? 'failed' : 'retry',
          ...(attempt % 2 === 0 ? { status: 503, responsePrefix: 'r'.repeat(1024) } : { error: { kind: 'timeout', message: 'm'.repeat(1024) } }),
          ...(last ? {} : { nextAttemptAt: attemptedAt }),
        });
      }
    }
    await expect(service.redeliver(as, endpoint, id)).rejects.toMatchObject({ kind: 'conflict' });
    const { events } = await deps.eventStore.load(tenant, 'webhook-delivery', id);
    // What the row held before: every attempt in full, past DynamoDB's 400 KB item limit.
    expect(JSON.stringify(fold(webhookDeliveryDecider, events.map((e) => ({ ...e, actor: e.meta.actor }) as never))).length).toBeGreaterThan(400_000);
    for (const event of events) await projector.project(event);
    const item = (await deps.readModels.get(webhookDeliveriesProjection.key(tenant, id)))!;
    expect(item).toMatchObject({ status: 'failed', attemptCount: attempt, round: { number: maxDeliveryRounds }, lastResponsePrefix: 'r'.repeat(1024), lastErrorMessage: null });
    expect((item.attempts as unknown[]).length).toBe(40);
    expect(JSON.stringify(item).length).toBeLessThan(16_000);
    const view = (await webhookQueries(() => deps).listDeliveries(ada, endpoint, { limit: 1 })).items[0]!;
    expect(view).toMatchObject({ id, attemptCount: attempt, lastResponsePrefix: 'r'.repeat(1024), lastErrorMessage: null });
    expect(view.attempts.at(-1)).toMatchObject({ attempt, outcome: 'failed', status: 503, errorKind: null });
    expect(view.attempts[0]).toMatchObject({ attempt: attempt - 39, outcome: 'retry', errorKind: 'timeout' });
  });
});
