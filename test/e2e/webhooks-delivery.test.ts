import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { safeHttpClient } from '../../adapters/http/safe-http-client.ts';
import { LocalFifoQueue } from '../../adapters/queue/local-fifo-queue.ts';
import { setLocalWebhookQueue } from '../../adapters/queue/webhook-queue.ts';
import { readCursor } from '../../application/integrations/dispatch-cursor.ts';
import type { EventStorePort } from '../../application/ports/event-store.ts';
import type { OutboundHttp } from '../../application/ports/outbound-http.ts';
import { testDependencies } from '../support/dynamo.ts';
import { startLocalStack, type LocalStack } from '../support/local-stack.ts';
import { commandTestEndpoint, createTestEndpoint } from '../support/webhook-fixtures.ts';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver.ts';

/**
 * The webhook pipeline end to end on the local cloud: events committed to DynamoDB Local -> stream ->
 * publisher -> local bus -> the real dispatcher -> the local FIFO queue -> the real sender -> a
 * receiver on 127.0.0.1 that verifies every request with `standardwebhooks`. The sender and the queue
 * run on a test clock: retry waits (up to the 24 h window) pass by moving it, never by waiting.
 * Endpoints are committed through the event store (the endpoints API is built apart), with the
 * registry lookup and the secret item the API writes.
 */
const clock = { ms: Date.parse('2031-05-01T08:00:00.000Z') };
const queue = new LocalFifoQueue({ clock: () => clock.ms, pollMs: 5 });
let previousQueue: LocalFifoQueue;
let stack: LocalStack;
let receiver: WebhookReceiver;
let store: EventStorePort;
/** Paths whose next request crashes the sender after sending, before recording (fault injection). */
const crashAfterSending = new Set<string>();

beforeAll(async () => {
  previousQueue = setLocalWebhookQueue(queue);
  receiver = await startWebhookReceiver(() => clock.ms);
  stack = await startLocalStack({
    reports: false,
    rebuilds: false,
    webhooks: {
      sender: (defaults) => {
        // A name that resolves to a private address (SSRF); loopback literals need no resolving. The
        // timeout is real time: 2 s, so that a busy machine does not turn a slow 200 into a timeout.
        const real = safeHttpClient({ allowLoopbackHttp: true, timeoutMs: 2_000, resolve: async () => [{ address: '10.1.2.3', family: 4 }] });
        const http: OutboundHttp = {
          send: async (request) => {
            const result = await real.send(request);
            const path = new URL(request.url).pathname;
            if (crashAfterSending.delete(path)) throw new Error('injected crash after sending');
            return result;
          },
        };
        return { ...defaults, http, now: () => new Date(clock.ms).toISOString(), random: () => 0.5, timeoutMs: 2_000 };
      },
    },
  });
  store = testDependencies().eventStore;
}, 60_000);

afterAll(async () => {
  await stack?.stop();
  await receiver?.close();
  setLocalWebhookQueue(previousQueue);
});

const newTenant = () => `t-${randomUUID().slice(0, 8)}`;

/** Commits a ticket's events one commit each (v1 opened, then comments), as the API would. */
const ticketEvents = async (tenant: string, ticketId: string, count: number): Promise<void> => {
  for (let version = 1; version <= count; version += 1) {
    const event =
      version === 1
        ? { type: 'TicketOpened', data: { ticketId, number: 1, companyId: 'c-1', subject: 'Printer', type: 'problem', priority: 'normal', assignee: null } }
        : { type: 'TicketCommented', data: { ticketId, commentId: `c${version}`, body: `comment ${version}`, visibility: 'public' } };
    await store.commit({
      tenant,
      at: new Date().toISOString(),
      meta: { actor: 'olga', commandId: randomUUID(), correlationId: randomUUID() },
      streams: [{ aggregateType: 'ticket', aggregateId: ticketId, expectedVersion: version - 1, events: [event] }],
    });
  }
};

const endpoint = async (tenant: string, path: string, url = `${receiver.url}${path}`) => {
  const created = await createTestEndpoint(store, tenant, { endpointId: `ep-${randomUUID().slice(0, 8)}`, url, at: new Date(Date.now() - 1000).toISOString() });
  receiver.secret(path, created.secret);
  return created;
};

/**
 * Lets the pipeline run until `done`, moving the test clock to the next message's visibility whenever
 * the queue has nothing to hand out (the stream poller and bus run on real time meanwhile), unless
 * `moveClock` is false.
 */
const until = async (done: () => boolean | Promise<boolean>, what: string, options: { moveClock?: boolean } = {}): Promise<void> => {
  const deadline = Date.now() + 50_000;
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${JSON.stringify({ received: receiver.received.map((r) => [r.path, r.answered]), unverified: receiver.unverified, size: queue.size, dead: queue.deadLetters.length })}`);
    await queue.idle();
    const next = queue.nextVisibleAt();
    if (options.moveClock !== false && next !== undefined && next > clock.ms) {
      clock.ms = next;
      queue.poke();
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
};

const at = (path: string) => receiver.received.filter((r) => r.path === path);
const versions = (path: string) => at(path).map((r) => r.payload.data.record.version);

const attemptsOf = async (tenant: string, deliveryId: string) =>
  (await store.load(tenant, 'webhook-delivery', deliveryId)).events.filter((e) => e.type === 'WebhookAttemptRecorded').map((e) => e.data as Record<string, unknown>);

describe('webhook delivery, end to end', () => {
  it('delivers a record in order, holding it behind a retried 500, under the same webhook-id', async () => {
    const tenant = newTenant();
    await endpoint(tenant, '/ordered');
    receiver.script('/ordered', [{ status: 500 }]);
    await ticketEvents(tenant, 'tkt-1', 4);
    await until(() => at('/ordered').filter((r) => r.answered === 200).length === 4, 'four deliveries');
    expect(at('/ordered').map((r) => [r.payload.data.record.version, r.answered])).toEqual([[1, 500], [1, 200], [2, 200], [3, 200], [4, 200]]);
    const [failed, retried] = at('/ordered');
    expect(retried!.id).toBe(failed!.id);
    // The retry waited the back-off on the sender's clock (random 0.5 × 30 s).
    expect(retried!.timestamp - failed!.timestamp).toBeGreaterThanOrEqual(15);
    expect(at('/ordered').map((r) => r.payload.type)).toEqual(['TicketOpened', 'TicketOpened', 'TicketCommented', 'TicketCommented', 'TicketCommented']);
    expect(receiver.unverified).toEqual([]);
  });

  it('honours a 429 Retry-After, retries a timeout, and ends a 4xx for good while the record goes on', async () => {
    const tenant = newTenant();
    await endpoint(tenant, '/moody');
    receiver.script('/moody', [{ status: 429, retryAfter: '120' }, { status: 200 }, { hang: true }, { status: 200 }, { status: 410 }, { status: 200 }]);
    await ticketEvents(tenant, 'tkt-2', 4);
    await until(() => versions('/moody').length === 6, 'six requests');
    expect(at('/moody').map((r) => [r.payload.data.record.version, r.answered])).toEqual([[1, 429], [1, 200], [2, 'hang'], [2, 200], [3, 410], [4, 200]]);
    const requests = at('/moody');
    expect(requests[1]!.timestamp - requests[0]!.timestamp).toBeGreaterThanOrEqual(120);
    const gone = await attemptsOf(tenant, requests[4]!.id);
    expect(gone.map((a) => [a['outcome'], a['status']])).toEqual([['failed', 410]]);
    const timedOut = await attemptsOf(tenant, requests[2]!.id);
    expect(timedOut.map((a) => [a['outcome'], (a['error'] as { kind?: string } | undefined)?.kind ?? a['status']])).toEqual([['retry', 'timeout'], ['delivered', 200]]);
  });

  it('keeps delivering every event of a tenant while another tenant\'s endpoint times out: the failing one gets one probe at a time', async () => {
    const [slowTenant, healthyTenant] = [newTenant(), newTenant()];
    await endpoint(slowTenant, '/timing-out');
    await endpoint(healthyTenant, '/healthy');
    receiver.script('/timing-out', Array.from({ length: 100 }, () => ({ hang: true })));
    const { webhookDeliveryId, webhookEventId } = await import('../../application/integrations/webhook-dispatcher.ts');
    const slowEndpointId = (await store.readLookup(slowTenant, 'webhook-endpoint', 'all'))[0]!;
    const slowDelivery = (ticketId: string) => webhookDeliveryId(slowEndpointId, webhookEventId({ aggregateType: 'ticket', aggregateId: ticketId, version: 1 }));
    // The first timeout opens the endpoint's circuit (the test clock stands still: it stays open).
    await ticketEvents(slowTenant, 'slow-0', 1);
    await until(async () => (await attemptsOf(slowTenant, slowDelivery('slow-0'))).length === 1, 'the first timeout', { moveClock: false });
    // Many records of the failing tenant queued beside the healthy tenant's.
    const records = Array.from({ length: 10 }, (_, i) => i + 1);
    for (const i of records) {
      await ticketEvents(slowTenant, `slow-${i}`, 1);
      await ticketEvents(healthyTenant, `ok-${i}`, 1);
    }
    await until(() => at('/healthy').length === records.length, 'every healthy delivery', { moveClock: false });
    await until(async () => (await Promise.all(records.map(async (i) => (await store.load(slowTenant, 'webhook-delivery', slowDelivery(`slow-${i}`))).version))).every((v) => v > 0), 'the slow deliveries scheduled', { moveClock: false });
    await queue.idle();
    // Deferred, not sent: the failing endpoint had only its first request, no attempt was recorded for the rest.
    expect(at('/timing-out')).toHaveLength(1);
    const recorded = async () => (await Promise.all([0, ...records].map(async (i) => (await attemptsOf(slowTenant, slowDelivery(`slow-${i}`))).length))).reduce((a, b) => a + b, 0);
    expect(await recorded()).toBe(1);
    // Ten minutes later on the test clock, a minute at a time: at most one probe per step (each failed
    // probe opens the circuit again, for longer), while the healthy tenant keeps receiving everything.
    const steps = 10;
    for (let step = 1; step <= steps; step += 1) {
      clock.ms += 60_000;
      queue.poke();
      await ticketEvents(healthyTenant, `ok-later-${step}`, 1);
      await until(() => at('/healthy').length === records.length + step, `healthy delivery ${step}`, { moveClock: false });
      await queue.idle();
    }
    const probes = at('/timing-out').length;
    expect(probes).toBeGreaterThan(1);
    expect(probes).toBeLessThanOrEqual(1 + steps);
    // Each request to the failing endpoint is one recorded attempt; the others were deferred unrecorded.
    expect(await recorded()).toBe(probes);
    expect(queue.deadLetters).toEqual([]);
    expect(receiver.unverified).toEqual([]);
    // Deleted: its deliveries end unsent as they come back (the later tests move the clock on).
    await commandTestEndpoint(store, slowTenant, slowEndpointId, { type: 'DeleteWebhookEndpoint' }, new Date(clock.ms).toISOString());
  }, 180_000);

  it('loses nothing when the sender crashes after sending and before recording: sent again, same webhook-id', async () => {
    const tenant = newTenant();
    await endpoint(tenant, '/crash');
    crashAfterSending.add('/crash');
    await ticketEvents(tenant, 'tkt-3', 2);
    await until(() => versions('/crash').length === 3, 'three requests');
    expect(versions('/crash')).toEqual([1, 1, 2]);
    const [first, again] = at('/crash');
    expect(again!.id).toBe(first!.id);
    expect((await attemptsOf(tenant, first!.id)).map((a) => [a['attempt'], a['outcome']])).toEqual([[1, 'delivered']]);
  });

  it('refuses a name that resolves to a private address, recorded as unsafe_address', async () => {
    const tenant = newTenant();
    const { endpointId } = await endpoint(tenant, '/ssrf', 'https://hooks.attacker.example/ssrf');
    await ticketEvents(tenant, 'tkt-4', 1);
    const deliveryIdOf = async () => {
      const { webhookDeliveryId, webhookEventId } = await import('../../application/integrations/webhook-dispatcher.ts');
      return webhookDeliveryId(endpointId, webhookEventId({ aggregateType: 'ticket', aggregateId: 'tkt-4', version: 1 }));
    };
    const deliveryId = await deliveryIdOf();
    await until(async () => (await attemptsOf(tenant, deliveryId)).length >= 1, 'an attempt');
    const [attempt] = await attemptsOf(tenant, deliveryId);
    expect(attempt).toMatchObject({ outcome: 'retry', error: { kind: 'unsafe_address' } });
    expect((attempt!['error'] as { message: string }).message).toContain('10.1.2.3');
  });

  it('gives up 24 hours after the first attempt of an endpoint that always fails (on the test clock)', async () => {
    const tenant = newTenant();
    await endpoint(tenant, '/down');
    receiver.script('/down', Array.from({ length: 60 }, () => ({ status: 503 })));
    await ticketEvents(tenant, 'tkt-5', 1);
    await until(async () => {
      const first = at('/down')[0];
      if (!first) return false;
      const attempts = await attemptsOf(tenant, first.id);
      return attempts.at(-1)?.['outcome'] === 'failed';
    }, 'the round to end');
    const attempts = await attemptsOf(tenant, at('/down')[0]!.id);
    const span = Date.parse(attempts.at(-1)!['attemptedAt'] as string) - Date.parse(attempts[0]!['attemptedAt'] as string);
    expect(span).toBe(24 * 60 * 60 * 1000);
    expect(attempts.length).toBeLessThanOrEqual(40);
  });

  it('disables an endpoint whose deliveries have failed for 5 days; nothing is scheduled to it or sent after', async () => {
    const tenant = newTenant();
    const { endpointId } = await endpoint(tenant, '/dead');
    receiver.script('/dead', Array.from({ length: 60 }, () => ({ status: 500 })));
    const day = 24 * 60 * 60 * 1000;
    const { webhookDeliveryId, webhookEventId } = await import('../../application/integrations/webhook-dispatcher.ts');
    const deliveryOf = (ticketId: string) => webhookDeliveryId(endpointId, webhookEventId({ aggregateType: 'ticket', aggregateId: ticketId, version: 1 }));
    const firstAttemptOf = async (ticketId: string) => (await attemptsOf(tenant, deliveryOf(ticketId)))[0]?.['attemptedAt'] as string | undefined;
    // One new record a day for 5 days: each day one attempt fails (the probe of the endpoint's open
    // circuit: a new record's or an earlier one's retry), the streak grows from the very first.
    const start = clock.ms;
    const requestsOn = (d: number) => at('/dead').filter((r) => r.timestamp >= Math.floor((start + d * day) / 1000)).length;
    for (let d = 0; d < 5; d += 1) {
      clock.ms = start + d * day;
      queue.poke();
      await ticketEvents(tenant, `tkt-6-${d}`, 1);
      // Needs no waiting: the clock stays on day d (earlier days' retries must not move it on).
      await until(async () => requestsOn(d) > 0 && (await store.load(tenant, 'webhook-delivery', deliveryOf(`tkt-6-${d}`))).version > 0, `day ${d}'s attempt`, { moveClock: false });
    }
    expect((await store.load(tenant, 'webhook-endpoint', endpointId)).events.map((e) => e.type)).toEqual(['WebhookEndpointCreated']);
    // 5 days after the first failure, the next failing attempt (a retry) disables the endpoint.
    clock.ms = start + 5 * day;
    queue.poke();
    const endpointEvents = async () => (await store.load(tenant, 'webhook-endpoint', endpointId)).events;
    await until(async () => (await endpointEvents()).some((e) => e.type === 'WebhookEndpointDisabled'), 'the endpoint disabled', { moveClock: false });
    const disabled = (await endpointEvents()).find((e) => e.type === 'WebhookEndpointDisabled')!;
    expect(disabled.data).toEqual({ endpointId, reason: 'failing', failingSince: await firstAttemptOf('tkt-6-0') });
    // Every delivery ends (failed: exhausted or endpoint_disabled); an event recorded now is scheduled to nobody.
    await ticketEvents(tenant, 'tkt-6-after', 1);
    const ended = async () =>
      (await Promise.all([0, 1, 2, 3, 4].map(async (d) => (await attemptsOf(tenant, deliveryOf(`tkt-6-${d}`))).at(-1)?.['outcome']))).every((o) => o === 'failed');
    await until(async () => (await readCursor(store, tenant, { aggregateType: 'ticket', aggregateId: 'tkt-6-after' })).cursor > 0 && (await ended()), 'every delivery to end');
    expect((await store.load(tenant, 'webhook-delivery', deliveryOf('tkt-6-after'))).version).toBe(0);
    expect(at('/dead').filter((r) => r.timestamp * 1000 > Date.parse(disabled.at))).toEqual([]);
  });
});
