import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadWebhookEndpoint } from '../../application/integrations/webhook-endpoint-service.ts';
import { WebhookDeliveryPage } from '../../contract/http/webhooks.ts';
import { webhookEventTypes } from '../../functions/http/integrations/webhook-rules.ts';
import { dependenciesFromEnv } from '../../functions/shared/dependencies.ts';
import { tickingClock } from '../support/collaboration-stack.ts';
import { tenantWith } from '../support/directory-fixtures.ts';
import { apiClient, eventually, expectProblem } from '../support/http-client.ts';
import { startLocalStack, type LocalStack } from '../support/local-stack.ts';
import { integrationsHandler, recordAttempt, recordingQueue } from '../support/webhook-fixtures.ts';

/**
 * Webhook endpoints over HTTP (API.md "Integration" `/v1/webhooks`, docs/webhooks.md): the secret shown
 * once, never in a read; PATCH with If-Match, enable/disable; rotation keeping both secrets 24 h; delete;
 * test events and redeliveries queued for the sender (a recording queue: SQS has no local engine); the
 * delivery log after the sender recorded attempts (appended here as the sender would). Admin only;
 * another tenant's endpoint is 404. The clock ticks a second per reading from a fixed instant.
 */
const clock = tickingClock('2027-11-01T09:00:00.000Z');
const queue = recordingQueue();
/** The deployment the rules believe they are in: the local cloud unless a test says AWS. */
let local = true;
let stack: LocalStack;
let api: ReturnType<typeof apiClient>;

beforeAll(async () => {
  stack = await startLocalStack({
    handlers: { integrationsApi: integrationsHandler(queue, { now: clock, rules: () => ({ knownEventTypes: webhookEventTypes(), local }) }) },
    rebuilds: false,
    reports: false,
  });
  api = apiClient(stack.url);
});
afterAll(async () => stack?.stop());

const store = () => dependenciesFromEnv().eventStore;
const patch = (path: string, token: string, body: unknown, headers: Record<string, string> = {}) => api.call('PATCH', path, { token, body, headers });
const remove = (path: string, token: string, headers: Record<string, string> = {}) => api.call('DELETE', path, { token, headers });
const receiver = 'http://127.0.0.1:9/hooks';

const createWebhook = async (token: string, body: Record<string, unknown> = { url: receiver }) => {
  const response = await api.post('/v1/webhooks', token, body);
  expect(response.status, response.text).toBe(201);
  return response.body as { id: string; secret: string; version: number };
};

/** The secret items of an endpoint as the sender would read them now. */
const secretsOf = async (tenant: string, endpointId: string, at: string) => {
  const { state } = await loadWebhookEndpoint(store(), tenant, endpointId);
  const ids = [state!.secretId, ...(state!.previousSecret ? [state!.previousSecret.secretId] : [])];
  return Promise.all(ids.map(async (id) => (await store().readPrivateItem({ scope: 'webhook-secret', tenant, id }, at))?.value.secret ?? null));
};

describe('webhook endpoints over HTTP', () => {
  it('creates an endpoint with its secret shown once, reads it and lists it without, changes it with If-Match, enables and disables it', async () => {
    const users = await tenantWith(stack, 'hooks');
    const response = await api.post('/v1/webhooks', users.admin, { url: receiver, eventTypes: ['TicketOpened', 'CompanyRegistered'], description: ' CRM sync ' });
    expect(response.status, response.text).toBe(201);
    const id = response.body.id as string;
    expect(response.headers.get('location')).toBe(`/v1/webhooks/${id}`);
    expect(response.headers.get('etag')).toBe('"1"');
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.body).toMatchObject({
      url: receiver,
      eventTypes: ['CompanyRegistered', 'TicketOpened'],
      description: 'CRM sync',
      enabled: true,
      disabledReason: null,
      failingSince: null,
      version: 1,
      secret: expect.stringMatching(/^whsec_[A-Za-z0-9+/]{43}=$/),
    });
    expect(await secretsOf(users.tenant, id, '2027-11-01T10:00:00.000Z')).toEqual([response.body.secret]);

    const read = await api.get(`/v1/webhooks/${id}`, users.admin);
    expect(read.status, read.text).toBe(200);
    expect(read.headers.get('etag')).toBe('"1"');
    expect(read.text).not.toContain('whsec_');
    expect(read.body).not.toHaveProperty('secret');
    const list = await api.get('/v1/webhooks', users.admin);
    expect(list.body.items.map((item: { id: string }) => item.id)).toEqual([id]);
    expect(list.text).not.toContain('whsec_');

    expectProblem(await patch(`/v1/webhooks/${id}`, users.admin, { description: 'x' }, { 'if-match': '"7"' }), 412);
    const changed = await patch(`/v1/webhooks/${id}`, users.admin, { url: 'http://localhost:9/v2', eventTypes: null, enabled: false }, { 'if-match': '"1"' });
    expect(changed.status, changed.text).toBe(200);
    expect(changed.headers.get('etag')).toBe('"3"');
    expect(changed.body).toMatchObject({ url: 'http://localhost:9/v2', eventTypes: null, enabled: false, disabledReason: 'admin', version: 3 });
    expect(changed.body).not.toHaveProperty('secret');
    const enabled = await patch(`/v1/webhooks/${id}`, users.admin, { enabled: true });
    expect(enabled.body).toMatchObject({ enabled: true, disabledReason: null, version: 4 });
    // Nothing changes: no event, the same version.
    expect((await patch(`/v1/webhooks/${id}`, users.admin, { enabled: true, description: 'CRM sync' })).body).toMatchObject({ version: 4 });
  });

  it('refuses bad URLs and event types naming body.url and body.eventTypes.<i>, and plain http in AWS', async () => {
    const users = await tenantWith(stack, 'hooksbad');
    for (const url of ['https://10.0.0.7/hook', 'https://169.254.169.254/latest', 'https://[::ffff:192.168.1.1]/', 'ftp://example.com/', 'https://user:pw@example.com/', 'not a url']) {
      expectProblem(await api.post('/v1/webhooks', users.admin, { url }), 422, 'body.url');
    }
    expectProblem(await api.post('/v1/webhooks', users.admin, { url: receiver, eventTypes: ['TicketOpened', 'NoSuchEvent'] }), 422, 'body.eventTypes.1');
    // The integrations context's own events are never delivered: not among the types to choose.
    expectProblem(await api.post('/v1/webhooks', users.admin, { url: receiver, eventTypes: ['WebhookAttemptRecorded'] }), 422, 'body.eventTypes.0');
    // Private types (contract/webhook-event-types.ts): users' messages, personal notes, calendar feeds.
    expectProblem(await api.post('/v1/webhooks', users.admin, { url: receiver, eventTypes: ['TicketOpened', 'MessageSent'] }), 422, 'body.eventTypes.1');
    expectProblem(await api.post('/v1/webhooks', users.admin, { url: receiver, eventTypes: ['NoteWritten'] }), 422, 'body.eventTypes.0');
    expectProblem(await api.post('/v1/webhooks', users.admin, { url: receiver, eventTypes: [] }), 422, 'body.eventTypes');
    expectProblem(await api.post('/v1/webhooks', users.admin, { url: 42 }), 400, 'body.url');
    const id = (await createWebhook(users.admin)).id;
    expectProblem(await patch(`/v1/webhooks/${id}`, users.admin, { url: 'https://192.168.0.1/' }), 422, 'body.url');
    local = false;
    try {
      expectProblem(await api.post('/v1/webhooks', users.admin, { url: receiver }), 422, 'body.url');
      expectProblem(await api.post('/v1/webhooks', users.admin, { url: 'https://localhost/hook' }), 422, 'body.url');
      expect((await api.post('/v1/webhooks', users.admin, { url: 'https://hooks.example.com/in' })).status).toBe(201);
    } finally {
      local = true;
    }
    expect((await api.get('/v1/webhooks', users.admin)).body.items).toHaveLength(2);
  });

  it('is for admins only (403) and another tenant’s endpoint is 404 on every route', async () => {
    const users = await tenantWith(stack, 'hooksauth');
    const other = await tenantWith(stack, 'hooksother');
    const id = (await createWebhook(users.admin)).id;
    const delivery = (await api.post(`/v1/webhooks/${id}/test`, users.admin)).body.id as string;
    const calls = (token: string) => [
      api.post('/v1/webhooks', token, { url: receiver }),
      api.get('/v1/webhooks', token),
      api.get(`/v1/webhooks/${id}`, token),
      patch(`/v1/webhooks/${id}`, token, { description: 'mine' }),
      api.post(`/v1/webhooks/${id}/rotate-secret`, token),
      api.post(`/v1/webhooks/${id}/test`, token),
      api.get(`/v1/webhooks/${id}/deliveries`, token),
      api.post(`/v1/webhooks/${id}/deliveries/${delivery}/redeliver`, token),
      remove(`/v1/webhooks/${id}`, token),
    ];
    for (const token of [users.olga, users.rita]) for (const response of await Promise.all(calls(token))) expectProblem(response, 403);
    const foreign = await Promise.all(calls(other.admin));
    expect(foreign.map((response) => response.status)).toEqual([201, 200, 404, 404, 404, 404, 404, 404, 404]);
    expect((await api.get('/v1/webhooks', other.admin)).body.items.map((item: { id: string }) => item.id)).not.toContain(id);
    expect((await api.get(`/v1/webhooks/${id}`, users.admin)).body).toMatchObject({ version: 1, description: null });
  });

  it('rotates the secret: the new one is shown once, both sign for 24 h, the older previous one is dropped by a second rotation', async () => {
    const users = await tenantWith(stack, 'hooksrot');
    const first = await createWebhook(users.admin);
    const rotated = await api.post(`/v1/webhooks/${first.id}/rotate-secret`, users.admin);
    expect(rotated.status, rotated.text).toBe(200);
    expect(rotated.headers.get('etag')).toBe('"2"');
    const second = rotated.body.secret as string;
    expect(second).toMatch(/^whsec_/);
    expect(second).not.toBe(first.secret);
    const validUntil = rotated.body.previousSecretValidUntil as string;
    const rotatedAt = Date.parse(validUntil) - 24 * 60 * 60 * 1000;
    expect(Date.parse(validUntil) - rotatedAt).toBe(86_400_000);
    const atRotation = new Date(rotatedAt).toISOString();
    expect(await secretsOf(users.tenant, first.id, atRotation)).toEqual([second, first.secret]);
    // The previous item expires when it stops signing.
    expect(await secretsOf(users.tenant, first.id, validUntil)).toEqual([second, null]);
    expect((await api.get(`/v1/webhooks/${first.id}`, users.admin)).text).not.toContain('whsec_');

    const firstSecretId = (await loadWebhookEndpoint(store(), users.tenant, first.id)).state!.previousSecret!.secretId;
    const third = (await api.post(`/v1/webhooks/${first.id}/rotate-secret`, users.admin)).body.secret as string;
    const { state } = await loadWebhookEndpoint(store(), users.tenant, first.id);
    // The first secret expired at the second rotation, a day early.
    const dropped = await store().readPrivateItem({ scope: 'webhook-secret', tenant: users.tenant, id: firstSecretId }, atRotation);
    expect(Date.parse(dropped!.expiresAt!)).toBeLessThan(Date.parse(validUntil));
    expect(await store().readPrivateItem({ scope: 'webhook-secret', tenant: users.tenant, id: firstSecretId }, dropped!.expiresAt!)).toBeUndefined();
    const now = '2027-11-01T09:00:00.000Z';
    expect(await store().readPrivateItem({ scope: 'webhook-secret', tenant: users.tenant, id: state!.secretId }, now)).toMatchObject({ value: { secret: third, endpointId: first.id } });
    expect(await secretsOf(users.tenant, first.id, atRotation)).toEqual([third, second]);
  });

  it('deletes an endpoint: 204, then 404 everywhere, out of the list and the registry, its secrets expired', async () => {
    const users = await tenantWith(stack, 'hooksdel');
    const kept = await createWebhook(users.admin);
    const gone = await createWebhook(users.admin);
    expectProblem(await remove(`/v1/webhooks/${gone.id}`, users.admin, { 'if-match': '"5"' }), 412);
    const deleted = await remove(`/v1/webhooks/${gone.id}`, users.admin, { 'if-match': '"1"' });
    expect(deleted.status, deleted.text).toBe(204);
    expect(deleted.headers.get('etag')).toBe('"2"');
    for (const response of [
      await api.get(`/v1/webhooks/${gone.id}`, users.admin),
      await patch(`/v1/webhooks/${gone.id}`, users.admin, { description: 'x' }),
      await api.post(`/v1/webhooks/${gone.id}/test`, users.admin),
      await api.post(`/v1/webhooks/${gone.id}/rotate-secret`, users.admin),
      await api.get(`/v1/webhooks/${gone.id}/deliveries`, users.admin),
      await remove(`/v1/webhooks/${gone.id}`, users.admin),
    ]) {
      expectProblem(response, 404);
    }
    expect((await api.get('/v1/webhooks', users.admin)).body.items.map((item: { id: string }) => item.id)).toEqual([kept.id]);
    expect(await store().readLookup(users.tenant, 'webhook-endpoint', 'all')).toEqual([kept.id]);
    expect(await secretsOf(users.tenant, gone.id, '2099-01-01T00:00:00.000Z')).toEqual([null]);
  });

  it('keeps at most 20 endpoints per tenant; a deleted one frees its place', async () => {
    const users = await tenantWith(stack, 'hookscap', { colleagues: false });
    const ids: string[] = [];
    for (let i = 0; i < 20; i += 1) ids.push((await createWebhook(users.admin, { url: `${receiver}/${i}` })).id);
    expectProblem(await api.post('/v1/webhooks', users.admin, { url: receiver }), 409);
    expect((await remove(`/v1/webhooks/${ids[0]}`, users.admin)).status).toBe(204);
    expect((await api.post('/v1/webhooks', users.admin, { url: receiver })).status).toBe(201);
  });

  it('queues a test event (202), refused for a disabled endpoint; lists deliveries newest first with their attempts; redelivers a finished one in its next round', async () => {
    const users = await tenantWith(stack, 'hooksdel2');
    const endpoint = await createWebhook(users.admin);
    const before = queue.dispatches.length;
    const test = await api.post(`/v1/webhooks/${endpoint.id}/test`, users.admin);
    expect(test.status, test.text).toBe(202);
    const deliveryId = test.body.id as string;
    expect(test.body).toMatchObject({
      endpointId: endpoint.id,
      eventId: deliveryId,
      eventType: 'webhook.test',
      recordRef: { type: 'webhook-endpoint', id: endpoint.id, version: 1 },
      status: 'pending',
      round: 1,
      attemptCount: 0,
      attempts: [],
      lastResponsePrefix: null,
    });
    expect(queue.dispatches.slice(before)).toEqual([
      { tenant: users.tenant, endpointId: endpoint.id, deliveryId, orderingKey: `${endpoint.id}:webhook-endpoint:${endpoint.id}`, round: 1 },
    ]);

    // Pending: nothing to redeliver yet.
    expectProblem(await api.post(`/v1/webhooks/${endpoint.id}/deliveries/${deliveryId}/redeliver`, users.admin), 409);
    await recordAttempt(store(), users.tenant, deliveryId, 1, { attempt: 1, attemptedAt: '2027-11-01T10:00:00.000Z', outcome: 'retry', status: 503, responsePrefix: 'busy', nextAttemptAt: '2027-11-01T10:00:30.000Z' });
    await recordAttempt(store(), users.tenant, deliveryId, 2, { attempt: 2, attemptedAt: '2027-11-01T10:00:30.000Z', outcome: 'failed', status: 410, responsePrefix: 'gone for good' });
    const second = (await api.post(`/v1/webhooks/${endpoint.id}/test`, users.admin)).body.id as string;
    await recordAttempt(store(), users.tenant, second, 1, { attempt: 1, attemptedAt: '2027-11-01T10:01:00.000Z', outcome: 'retry', error: { kind: 'timeout', message: 'no answer in 10 s' }, nextAttemptAt: '2027-11-01T10:02:00.000Z' });

    const log = await eventually(async () => {
      const page = await api.get(`/v1/webhooks/${endpoint.id}/deliveries`, users.admin);
      expect(page.status, page.text).toBe(200);
      expect(page.body.items.map((item: { id: string; attemptCount: number }) => [item.id, item.attemptCount])).toEqual([[second, 1], [deliveryId, 2]]);
      return page.body;
    });
    expect(log.items[1]).toMatchObject({
      status: 'failed',
      nextAttemptAt: null,
      lastResponsePrefix: 'gone for good',
      attempts: [
        { attempt: 1, at: '2027-11-01T10:00:00.000Z', outcome: 'retry', status: 503, durationMs: 12, errorKind: null },
        { attempt: 2, at: '2027-11-01T10:00:30.000Z', outcome: 'failed', status: 410, durationMs: 12, errorKind: null },
      ],
    });
    expect(log.items[0]).toMatchObject({ status: 'pending', nextAttemptAt: '2027-11-01T10:02:00.000Z', attempts: [{ outcome: 'retry', status: null, errorKind: 'timeout' }], lastErrorMessage: 'no answer in 10 s' });
    expect(log.items[1].lastErrorMessage).toBeNull();
    const failed = await api.get(`/v1/webhooks/${endpoint.id}/deliveries?status=failed`, users.admin);
    expect(failed.body.items.map((item: { id: string }) => item.id)).toEqual([deliveryId]);
    const page1 = await api.get(`/v1/webhooks/${endpoint.id}/deliveries?limit=1`, users.admin);
    expect(page1.body.items.map((item: { id: string }) => item.id)).toEqual([second]);
    const page2 = await api.get(`/v1/webhooks/${endpoint.id}/deliveries?limit=1&cursor=${page1.body.nextCursor}`, users.admin);
    expect(page2.body.items.map((item: { id: string }) => item.id)).toEqual([deliveryId]);
    expectProblem(await api.get(`/v1/webhooks/${endpoint.id}/deliveries?cursor=garbage`, users.admin), 400, 'query.cursor');
    // A cursor of one endpoint's log (or of one status) is refused for another.
    const otherEndpoint = await createWebhook(users.admin);
    expectProblem(await api.get(`/v1/webhooks/${otherEndpoint.id}/deliveries?cursor=${page1.body.nextCursor}`, users.admin), 400, 'query.cursor');
    expectProblem(await api.get(`/v1/webhooks/${endpoint.id}/deliveries?status=failed&cursor=${page1.body.nextCursor}`, users.admin), 400, 'query.cursor');
    expectProblem(await api.get(`/v1/webhooks/${endpoint.id}/deliveries?status=lost`, users.admin), 400, 'query.status');

    // A delivery is only found under its own endpoint.
    expectProblem(await api.post(`/v1/webhooks/${otherEndpoint.id}/deliveries/${deliveryId}/redeliver`, users.admin), 404);
    expectProblem(await api.post(`/v1/webhooks/${endpoint.id}/deliveries/no-such-delivery/redeliver`, users.admin), 404);
    const queued = queue.dispatches.length;
    const again = await api.post(`/v1/webhooks/${endpoint.id}/deliveries/${deliveryId}/redeliver`, users.admin);
    expect(again.status, again.text).toBe(202);
    expect(again.body).toMatchObject({ id: deliveryId, status: 'pending', round: 2, attemptCount: 2 });
    expect(queue.dispatches.slice(queued)).toEqual([{ tenant: users.tenant, endpointId: endpoint.id, deliveryId, orderingKey: `${endpoint.id}:webhook-endpoint:${endpoint.id}`, round: 2 }]);
    expectProblem(await api.post(`/v1/webhooks/${endpoint.id}/deliveries/${deliveryId}/redeliver`, users.admin), 409);
    await eventually(async () => {
      const pending = await api.get(`/v1/webhooks/${endpoint.id}/deliveries?status=pending`, users.admin);
      expect(pending.body.items.map((item: { id: string; round: number }) => [item.id, item.round])).toEqual([[second, 1], [deliveryId, 2]]);
    });

    // Disabled: no test event, no redelivery.
    await patch(`/v1/webhooks/${endpoint.id}`, users.admin, { enabled: false });
    const refusedAt = queue.dispatches.length;
    expectProblem(await api.post(`/v1/webhooks/${endpoint.id}/test`, users.admin), 409);
    expect(queue.dispatches.length).toBe(refusedAt);

    // The sender ends a disabled endpoint's pending delivery at its next attempt, sending nothing: the log
    // reads it, in the contract's terms (errorKind endpoint_disabled).
    await recordAttempt(store(), users.tenant, second, 2, { attempt: 2, attemptedAt: '2027-11-01T10:02:00.000Z', outcome: 'failed', error: { kind: 'endpoint_disabled', message: 'the endpoint is disabled' } });
    const ended = await eventually(async () => {
      const page = await api.get(`/v1/webhooks/${endpoint.id}/deliveries?status=failed`, users.admin);
      expect(page.body.items.map((item: { id: string }) => item.id)).toContain(second);
      return page.body;
    });
    expect(WebhookDeliveryPage.parse(ended).items.find((item) => item.id === second)).toMatchObject({
      status: 'failed',
      attemptCount: 2,
      attempts: [{ errorKind: 'timeout' }, { attempt: 2, outcome: 'failed', status: null, errorKind: 'endpoint_disabled' }],
      lastResponsePrefix: null,
      lastErrorMessage: 'the endpoint is disabled',
    });
  });
});
