import { Webhook, WebhookVerificationError } from 'standardwebhooks';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MemoryEventStore } from '../../../adapters/memory/memory-event-store.ts';
import { standardSigner } from '../../../adapters/webhooks/standard-signer.ts';
import { signedWebhook, webhookBody } from '../../../application/integrations/webhook-message.ts';
import {
  loadWebhookEndpoint,
  maxWebhookEndpoints,
  webhookEndpointService,
  type WebhookEndpointServiceOptions,
} from '../../../application/integrations/webhook-endpoint-service.ts';
import type { Commit } from '../../../application/ports/event-store.ts';
import { idempotencyFor, type CommandContext } from '../../../application/shared/command-context.ts';
import { validSecretIds } from '../../../domain/integrations/webhook-endpoint.ts';
import type { Actor } from '../../../domain/shared/actor.ts';
import { DomainError } from '../../../domain/shared/errors.ts';
import { webhookEventTypes } from '../../../functions/http/integrations/webhook-rules.ts';
import { failure, memoryDependencies } from '../../support/memory-dependencies.ts';
import { recordingQueue } from '../../support/webhook-fixtures.ts';

/**
 * The endpoint commands on the memory event store: what each commit holds (events, registry entry,
 * secret items), the cap, the admin rule, test events and redeliveries queued; and the secrets, read
 * back as the sender would, verify with the package receivers use (`Webhook.verify`) around a rotation.
 */
const now = '2030-03-10T09:00:00.000Z';
const admin: Actor = { tenant: 'acme', userId: 'ada', role: 'admin', groups: [] };
const standard: Actor = { ...admin, userId: 'olga', role: 'standard' };
const as = (actor: Actor): CommandContext => ({ actor, correlationId: 'corr' });

const setup = (local = true) => {
  const memory = memoryDependencies(now);
  const commits: Commit[] = [];
  const commit = memory.eventStore.commit.bind(memory.eventStore);
  memory.eventStore.commit = async (c) => {
    await commit(c);
    commits.push(c);
  };
  const queue = recordingQueue();
  const options: WebhookEndpointServiceOptions = { signer: standardSigner, rules: () => ({ knownEventTypes: webhookEventTypes(), local }), queue: () => queue };
  return { store: memory.eventStore as MemoryEventStore, commits, queue, service: webhookEndpointService(memory.source, options) };
};

const kind = async (promise: Promise<unknown>) => ((await failure(promise)) as DomainError).kind;

describe('creating an endpoint', () => {
  it('commits the event, the registry entry and the secret item together; the secret is in the result only', async () => {
    const { service, commits, store } = setup();
    const { result } = await service.createEndpoint(as(admin), { url: 'http://localhost:4000/hook', eventTypes: ['TicketOpened'] });
    expect(commits).toHaveLength(1);
    const [written] = commits;
    expect(written!.streams.map((s) => s.events.map((e) => e.type))).toEqual([['WebhookEndpointCreated']]);
    expect(JSON.stringify(written!.streams)).not.toContain('whsec_');
    expect(written!.lookups).toEqual({ add: [{ scope: 'webhook-endpoint', value: 'all', owner: result.endpoint.id }], remove: [] });
    expect(written!.privateItems).toEqual([{ scope: 'webhook-secret', id: 'id-2', value: { secret: result.secret, endpointId: 'id-1' }, mode: 'create' }]);
    expect(result).toMatchObject({ version: 1, endpoint: { id: 'id-1', eventTypes: ['TicketOpened'], enabled: true } });
    expect(await store.readPrivateItem({ scope: 'webhook-secret', tenant: 'acme', id: 'id-2' }, now)).toMatchObject({ value: { secret: result.secret } });
  });

  it('replays the same secret under the same Idempotency-Key (the one way to get it again)', async () => {
    const { service, commits } = setup();
    const idempotency = idempotencyFor(admin, 'k-1', 'POST /v1/webhooks {"url":"http://localhost/"}');
    const first = await service.createEndpoint(as(admin), { url: 'http://localhost/' }, { idempotency });
    const again = await service.createEndpoint(as(admin), { url: 'http://localhost/' }, { idempotency });
    expect(again).toEqual({ result: first.result, replayed: true });
    expect(JSON.stringify(again.result)).toBe(JSON.stringify(first.result));
    expect(commits).toHaveLength(1);
  });

  it('keeps the secret out of the idempotency record: the record names the secret item, a replay reads it', async () => {
    const { service, commits, store } = setup();
    const idempotency = idempotencyFor(admin, 'k-1', 'POST /v1/webhooks {"url":"http://localhost/"}');
    const first = await service.createEndpoint(as(admin), { url: 'http://localhost/' }, { idempotency });
    expect(JSON.stringify(commits[0]!.idempotency)).not.toContain(first.result.secret);
    const record = await store.readIdempotency('acme', idempotency.key, now);
    expect(JSON.stringify(record)).not.toContain('whsec_');
    expect(record!.result).toEqual({ ...first.result, secret: { secretId: 'id-2' } });
  });

  it('a replay once the secret is gone (endpoint deleted since) is a conflict, showing no secret', async () => {
    const { service, commits } = setup();
    const idempotency = idempotencyFor(admin, 'k-1', 'POST /v1/webhooks {"url":"http://localhost/"}');
    const first = await service.createEndpoint(as(admin), { url: 'http://localhost/' }, { idempotency });
    await service.deleteEndpoint(as(admin), first.result.endpoint.id);
    const refused = (await failure(service.createEndpoint(as(admin), { url: 'http://localhost/' }, { idempotency }))) as DomainError;
    expect(refused.kind).toBe('conflict');
    expect(refused.message).toMatch(/no longer exists/);
    expect(commits).toHaveLength(2);
  });

  it(`keeps at most ${maxWebhookEndpoints} per tenant`, async () => {
    const { service } = setup();
    for (let i = 0; i < maxWebhookEndpoints; i += 1) await service.createEndpoint(as(admin), { url: `http://localhost/${i}` });
    const refused = (await failure(service.createEndpoint(as(admin), { url: 'http://localhost/more' }))) as DomainError;
    expect(refused.kind).toBe('conflict');
    expect(refused.issues).toEqual([]);
    // Another tenant has its own.
    await service.createEndpoint(as({ ...admin, tenant: 'other' }), { url: 'http://localhost/' });
  });

  it('is for admins; URLs and event types are refused by name', async () => {
    const { service, commits } = setup(false);
    expect(await kind(service.createEndpoint(as(standard), { url: 'https://example.com/' }))).toBe('forbidden');
    const plainHttp = (await failure(service.createEndpoint(as(admin), { url: 'http://localhost/' }))) as DomainError;
    expect(plainHttp.issues.map((i) => i.path)).toEqual(['url']);
    const unknown = (await failure(service.createEndpoint(as(admin), { url: 'https://example.com/', eventTypes: ['TicketOpened', 'WebhookEndpointCreated'] }))) as DomainError;
    expect(unknown.issues.map((i) => i.path)).toEqual(['eventTypes.1']);
    expect(commits).toEqual([]);
  });
});

describe('changing, rotating, deleting', () => {
  it('PATCH decides the changes and the enabled flag in one commit, pinned to If-Match', async () => {
    const { service, commits } = setup();
    const id = (await service.createEndpoint(as(admin), { url: 'http://localhost/' })).result.endpoint.id;
    expect((await failure(service.changeEndpoint(as(admin), id, { description: 'x' }, { expectedVersion: 3 })))?.constructor.name).toBe('StaleVersionError');
    const { result } = await service.changeEndpoint(as(admin), id, { description: 'CRM', enabled: false }, { expectedVersion: 1 });
    expect(commits.at(-1)!.streams[0]!.events.map((e) => e.type)).toEqual(['WebhookEndpointChanged', 'WebhookEndpointDisabled']);
    expect(result).toMatchObject({ version: 3, endpoint: { description: 'CRM', enabled: false, disabledReason: 'admin' } });
    expect(await kind(service.changeEndpoint(as(admin), 'no-such', { enabled: true }))).toBe('not_found');
  });

  describe('the secrets around a rotation, as the sender reads and signs with them', () => {
    beforeEach(() => {
      vi.useFakeTimers({ toFake: ['Date'] });
    });
    afterEach(() => {
      vi.useRealTimers();
    });

    it('both secrets verify for 24 h after a rotation, then only the new one', async () => {
      const { service, store } = setup();
      const created = (await service.createEndpoint(as(admin), { url: 'http://localhost/' })).result;
      const rotated = (await service.rotateSecret(as(admin), created.endpoint.id)).result;
      expect(rotated.secret).not.toBe(created.secret);
      expect(rotated.previousSecretValidUntil).toBe('2030-03-11T09:00:00.000Z');
      const { state } = await loadWebhookEndpoint(store, 'acme', created.endpoint.id);
      const body = webhookBody({ eventId: 'e-1', eventType: 'TicketOpened', at: now, data: {}, record: { type: 'ticket', id: 't-1', version: 1 } });
      const sendAt = async (at: string) => {
        const secrets = await Promise.all(validSecretIds(state!, at).map(async (id) => (await store.readPrivateItem({ scope: 'webhook-secret', tenant: 'acme', id }, at))!.value['secret'] as string));
        vi.setSystemTime(new Date(at));
        return signedWebhook(standardSigner, { deliveryId: 'd-1', body, attemptAt: at, secrets });
      };
      const verifies = (secret: string, message: Awaited<ReturnType<typeof sendAt>>) => () => new Webhook(secret).verify(message.body, { ...message.headers });
      const during = await sendAt('2030-03-11T08:59:59.000Z');
      expect(verifies(created.secret, during)).not.toThrow();
      expect(verifies(rotated.secret, during)).not.toThrow();
      const after = await sendAt('2030-03-11T09:00:00.000Z');
      expect(verifies(rotated.secret, after)).not.toThrow();
      expect(verifies(created.secret, after)).toThrow(WebhookVerificationError);
      // The old item expires when it stops signing.
      expect(await store.readPrivateItem({ scope: 'webhook-secret', tenant: 'acme', id: state!.previousSecret!.secretId }, '2030-03-11T09:00:00.000Z')).toBeUndefined();
    });
  });

  it('a rotation replays its new secret from the secret item (the record names it), and after two more rotations refuses', async () => {
    const { service, commits, store } = setup();
    const id = (await service.createEndpoint(as(admin), { url: 'http://localhost/' })).result.endpoint.id;
    const idempotency = idempotencyFor(admin, 'r-1', `POST /v1/webhooks/${id}/rotate-secret`);
    const first = await service.rotateSecret(as(admin), id, { idempotency });
    const record = await store.readIdempotency('acme', idempotency.key, now);
    expect(JSON.stringify(record)).not.toContain(first.result.secret);
    expect(record!.result).toEqual({ ...first.result, secret: { secretId: 'id-4' } });
    const again = await service.rotateSecret(as(admin), id, { idempotency });
    expect(again).toEqual({ result: first.result, replayed: true });
    expect(JSON.stringify(again.result)).toBe(JSON.stringify(first.result));
    // One more rotation: the replayed secret is the previous one now, still signing for 24 h, still answered.
    await service.rotateSecret(as(admin), id);
    expect((await service.rotateSecret(as(admin), id, { idempotency })).result.secret).toBe(first.result.secret);
    // Another: it is erased at once (at most two secrets sign), and the answer cannot be repeated.
    const written = commits.length;
    await service.rotateSecret(as(admin), id);
    expect(await kind(service.rotateSecret(as(admin), id, { idempotency }))).toBe('conflict');
    expect(commits).toHaveLength(written + 1);
  });

  it('deletion takes the endpoint out of the registry and expires its secrets in the same commit', async () => {
    const { service, commits, store } = setup();
    const id = (await service.createEndpoint(as(admin), { url: 'http://localhost/' })).result.endpoint.id;
    await service.rotateSecret(as(admin), id);
    await service.deleteEndpoint(as(admin), id);
    const deletion = commits.at(-1)!;
    expect(deletion.streams[0]!.events.map((e) => e.type)).toEqual(['WebhookEndpointDeleted']);
    expect(deletion.lookups).toEqual({ add: [], remove: [{ scope: 'webhook-endpoint', value: 'all', owner: id }] });
    // Both the current and the previous secret (still signing): erased, not merely expired.
    expect(deletion.privateItems!.map((item) => [item.mode, item.expiresAt, item.value])).toEqual([
      ['replace', now, { secret: null, endpointId: id }],
      ['replace', now, { secret: null, endpointId: id }],
    ]);
    expect(await store.readLookup('acme', 'webhook-endpoint', 'all')).toEqual([]);
    expect(await kind(service.deleteEndpoint(as(admin), id))).toBe('not_found');
  });
});

describe('test events and redeliveries', () => {
  it('a test event is a delivery of its own, queued in round 1, queued again on a replay; refused when disabled', async () => {
    const { service, queue, store } = setup();
    const id = (await service.createEndpoint(as(admin), { url: 'http://localhost/' })).result.endpoint.id;
    const idempotency = idempotencyFor(admin, 'k-2', `test ${id}`);
    const { result } = await service.sendTestEvent(as(admin), id, { idempotency });
    expect(result).toMatchObject({ eventType: 'webhook.test', eventId: result.id, recordRef: { type: 'webhook-endpoint', id, version: 1 }, round: 1 });
    const dispatch = { tenant: 'acme', endpointId: id, deliveryId: result.id, orderingKey: `${id}:webhook-endpoint:${id}`, round: 1 };
    expect(queue.dispatches).toEqual([dispatch]);
    // A crash between the commit and the queue is mended by the client's retry (the queue deduplicates a round).
    expect((await service.sendTestEvent(as(admin), id, { idempotency })).replayed).toBe(true);
    expect(queue.dispatches).toEqual([dispatch, dispatch]);
    expect((await store.load('acme', 'webhook-delivery', result.id)).version).toBe(1);

    await service.changeEndpoint(as(admin), id, { enabled: false });
    expect(await kind(service.sendTestEvent(as(admin), id))).toBe('conflict');
    expect(queue.dispatches).toHaveLength(2);
  });

  it('redelivers a finished delivery of this endpoint only, in its next round; refused while pending', async () => {
    const { service, queue, store } = setup();
    const id = (await service.createEndpoint(as(admin), { url: 'http://localhost/' })).result.endpoint.id;
    const other = (await service.createEndpoint(as(admin), { url: 'http://localhost/other' })).result.endpoint.id;
    const deliveryId = (await service.sendTestEvent(as(admin), id)).result.id;
    expect(await kind(service.redeliver(as(admin), id, deliveryId))).toBe('conflict');
    await store.commit({
      tenant: 'acme',
      at: now,
      meta: { actor: 'system:webhook-sender', commandId: 'c-9', correlationId: 'corr' },
      streams: [{ aggregateType: 'webhook-delivery', aggregateId: deliveryId, expectedVersion: 1, events: [{ type: 'WebhookAttemptRecorded', data: { deliveryId, attempt: 1, attemptedAt: now, outcome: 'failed', status: 404, durationMs: 5 } }] }],
    });
    expect(await kind(service.redeliver(as(admin), other, deliveryId))).toBe('not_found');
    expect(await kind(service.redeliver(as(standard), id, deliveryId))).toBe('forbidden');
    const { result } = await service.redeliver(as(admin), id, deliveryId);
    expect(result).toMatchObject({ status: 'pending', round: 2, attemptCount: 1 });
    expect(queue.dispatches.at(-1)).toEqual({ tenant: 'acme', endpointId: id, deliveryId, orderingKey: `${id}:webhook-endpoint:${id}`, round: 2 });
  });
});
