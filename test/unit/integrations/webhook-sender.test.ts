import { Webhook } from 'standardwebhooks';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { MemoryEventStore } from '../../../adapters/memory/memory-event-store.ts';
import { standardSigner } from '../../../adapters/webhooks/standard-signer.ts';
import { dispatchWebhooks } from '../../../application/integrations/webhook-dispatcher.ts';
import { webhookDeliveryDecider } from '../../../domain/integrations/webhook-delivery.ts';
import { testEventData, testEventType } from '../../../domain/integrations/test-event.ts';
import { sendWebhook, type SenderDependencies } from '../../../application/integrations/webhook-sender.ts';
import type { OutboundRequest, OutboundResult } from '../../../application/ports/outbound-http.ts';
import type { WebhookDispatch } from '../../../application/ports/webhook-queue.ts';
import { commandTestEndpoint, createTestEndpoint } from '../../support/webhook-fixtures.ts';

const tenant = 'acme';
const created = '2030-01-01T00:00:00.000Z';
const start = Date.parse('2030-01-02T00:00:00.000Z');
const day = 24 * 60 * 60 * 1000;

afterEach(() => {
  vi.useRealTimers();
});

/** A store with one endpoint and a ticket's first event scheduled to it; a scripted remote. */
const setup = async (answers: OutboundResult[]) => {
  const store = new MemoryEventStore();
  const endpoint = await createTestEndpoint(store, tenant, { endpointId: 'ep-1', url: 'https://hooks.example.com/in', at: created });
  await store.commit({
    tenant,
    at: new Date(start).toISOString(),
    meta: { actor: 'olga', commandId: 'open', correlationId: 'corr' },
    streams: [{ aggregateType: 'ticket', aggregateId: 't1', expectedVersion: 0, events: [{ type: 'TicketOpened', data: { ticketId: 't1', number: 1, companyId: 'c-1', subject: 'Printer', type: 'problem', priority: 'normal', assignee: null } }] }],
  });
  const queued: WebhookDispatch[] = [];
  const [event] = (await store.load(tenant, 'ticket', 't1')).events;
  await dispatchWebhooks({ eventStore: store, queue: { enqueue: async (d) => void queued.push(...d) } }, event!, new Date(start).toISOString());
  const clock = { ms: start };
  const requests: OutboundRequest[] = [];
  const dependencies: SenderDependencies = {
    eventStore: store,
    signer: standardSigner,
    now: () => new Date(clock.ms).toISOString(),
    random: () => 0.5,
    http: {
      send: async (request) => {
        requests.push(request);
        return answers.shift() ?? { kind: 'response', status: 200, headers: {}, bodyPrefix: 'ok', bodyTruncated: false, durationMs: 3 };
      },
    },
  };
  const dispatch = queued[0]!;
  /** A new ticket's first event, dispatched: its delivery's dispatch. */
  const another = async (ticketId: string): Promise<WebhookDispatch> => {
    const when = new Date(clock.ms).toISOString();
    await store.commit({
      tenant,
      at: when,
      meta: { actor: 'olga', commandId: `open-${ticketId}`, correlationId: 'corr' },
      streams: [{ aggregateType: 'ticket', aggregateId: ticketId, expectedVersion: 0, events: [{ type: 'TicketOpened', data: { ticketId, number: 2, companyId: 'c-1', subject: 'Fax', type: 'problem', priority: 'normal', assignee: null } }] }],
    });
    const [opened] = (await store.load(tenant, 'ticket', ticketId)).events;
    const before = queued.length;
    await dispatchWebhooks({ eventStore: store, queue: { enqueue: async (d) => void queued.push(...d) } }, opened!, when);
    return queued[before]!;
  };
  const attempts = async () => (await store.load(tenant, 'webhook-delivery', dispatch.deliveryId)).events.filter((e) => e.type === 'WebhookAttemptRecorded').map((e) => e.data as Record<string, unknown>);
  return { store, endpoint, dispatch, clock, requests, dependencies, attempts, another };
};

const status = (code: number, headers: Record<string, string> = {}): OutboundResult => ({ kind: 'response', status: code, headers, bodyPrefix: `status ${code}`, bodyTruncated: false, durationMs: 5 });

describe('the webhook sender', () => {
  it('signs the event with the endpoint secret, sends it and records it delivered', async () => {
    const { dispatch, dependencies, requests, attempts, endpoint, clock } = await setup([]);
    expect(await sendWebhook(dependencies, dispatch, 1)).toEqual({ kind: 'done', reason: 'delivered' });
    const [request] = requests;
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(clock.ms);
    const payload = new Webhook(endpoint.secret).verify(request!.body as string, request!.headers) as Record<string, unknown>;
    expect(payload).toMatchObject({ type: 'TicketOpened', data: { eventId: 'ticket-t1-v1', record: { type: 'ticket', id: 't1', version: 1 }, event: { ticketId: 't1' } } });
    expect(request!.headers['webhook-id']).toBe(dispatch.deliveryId);
    expect(await attempts()).toEqual([{ deliveryId: dispatch.deliveryId, attempt: 1, attemptedAt: new Date(start).toISOString(), outcome: 'delivered', status: 200, durationMs: 3, responsePrefix: 'ok' }]);
    // Delivered: a duplicate message of the same round sends nothing.
    expect(await sendWebhook(dependencies, dispatch, 2)).toEqual({ kind: 'done', reason: 'already delivered' });
    expect(requests).toHaveLength(1);
  });

  it('retries a 500 after the back-off and a 429 after its Retry-After, and fails a 404 for good', async () => {
    const { dispatch, dependencies, attempts, clock } = await setup([status(500), status(429, { 'retry-after': '600' }), status(404)]);
    const first = await sendWebhook(dependencies, dispatch, 1);
    // Retry 1 waits random × 30 s = 15 s.
    expect(first).toEqual({ kind: 'retry', waitMs: 15_000, reason: 'retry' });
    clock.ms += 15_000;
    expect(await sendWebhook(dependencies, dispatch, 2)).toEqual({ kind: 'retry', waitMs: 600_000, reason: 'retry' });
    clock.ms += 600_000;
    expect(await sendWebhook(dependencies, dispatch, 3)).toEqual({ kind: 'done', reason: 'failed' });
    expect((await attempts()).map((a) => [a['outcome'], a['status']])).toEqual([['retry', 500], ['retry', 429], ['failed', 404]]);
  });

  it('records a timeout, a network error and a refused address as such', async () => {
    const { dispatch, dependencies, attempts, clock } = await setup([
      { kind: 'failed', reason: 'timeout', message: 'no answer in 10000 ms', durationMs: 10_000 },
      { kind: 'refused', reason: 'private-address', message: 'hooks.example.com resolves to 10.0.0.7' },
      { kind: 'failed', reason: 'network', message: 'ECONNREFUSED', durationMs: 1 },
    ]);
    for (let receive = 1; receive <= 3; receive += 1) {
      const verdict = await sendWebhook(dependencies, dispatch, receive);
      clock.ms += verdict.kind === 'retry' ? verdict.waitMs : 0;
    }
    expect((await attempts()).map((a) => a['error'])).toEqual([
      { kind: 'timeout', message: 'timeout: no answer in 10000 ms' },
      { kind: 'unsafe_address', message: 'private-address: hooks.example.com resolves to 10.0.0.7' },
      { kind: 'network', message: 'network: ECONNREFUSED' },
    ]);
  });

  it('fails a delivery at once, sending nothing, when its endpoint was deleted or disabled', async () => {
    const deleted = await setup([]);
    await commandTestEndpoint(deleted.store, tenant, 'ep-1', { type: 'DeleteWebhookEndpoint' }, created);
    expect(await sendWebhook(deleted.dependencies, deleted.dispatch, 1)).toEqual({ kind: 'done', reason: 'failed' });
    expect((await deleted.attempts()).map((a) => [a['outcome'], a['error']])).toEqual([['failed', { kind: 'endpoint_deleted', message: 'the endpoint was deleted' }]]);
    const disabled = await setup([]);
    await commandTestEndpoint(disabled.store, tenant, 'ep-1', { type: 'DisableWebhookEndpoint' }, created);
    await sendWebhook(disabled.dependencies, disabled.dispatch, 1);
    expect((await disabled.attempts()).map((a) => (a['error'] as { kind: string }).kind)).toEqual(['endpoint_disabled']);
    expect([...deleted.requests, ...disabled.requests]).toEqual([]);
  });

  it('looks again shortly at a dispatch whose delivery is not in the log yet, and drops it after ten receives', async () => {
    const { dependencies, dispatch } = await setup([]);
    const unknown = { ...dispatch, deliveryId: 'd-not-there' };
    expect(await sendWebhook(dependencies, unknown, 1)).toEqual({ kind: 'retry', waitMs: 5_000, reason: 'delivery not in the log yet' });
    expect(await sendWebhook(dependencies, unknown, 10)).toEqual({ kind: 'done', reason: 'delivery not in the log: dropped' });
  });

  it('disables an endpoint failing for 5 days, the streak counted from its first failure', async () => {
    const { store, dependencies, dispatch, clock, another } = await setup(Array.from({ length: 3 }, () => status(503)));
    await sendWebhook(dependencies, dispatch, 1);
    clock.ms = start + 3 * day;
    await sendWebhook(dependencies, await another('t2'), 1);
    expect((await store.load(tenant, 'webhook-endpoint', 'ep-1')).events.map((e) => e.type)).toEqual(['WebhookEndpointCreated']);
    clock.ms = start + 5 * day;
    await sendWebhook(dependencies, await another('t3'), 1);
    const last = (await store.load(tenant, 'webhook-endpoint', 'ep-1')).events.at(-1)!;
    expect([last.type, last.data]).toEqual(['WebhookEndpointDisabled', { endpointId: 'ep-1', reason: 'failing', failingSince: new Date(start).toISOString() }]);
  });

  it('ends the streak on a success, or when an admin enables the endpoint again', async () => {
    const { store, dependencies, dispatch, clock, another } = await setup([status(503), status(503)]);
    const health = async () => (await store.readPrivateItem({ scope: 'webhook-health', tenant, id: 'ep-1' }, new Date(clock.ms).toISOString()))?.value;
    await sendWebhook(dependencies, dispatch, 1);
    expect(await health()).toMatchObject({ endpointId: 'ep-1', failingSince: new Date(start).toISOString() });
    await commandTestEndpoint(store, tenant, 'ep-1', { type: 'DisableWebhookEndpoint' }, new Date(start + day).toISOString());
    await commandTestEndpoint(store, tenant, 'ep-1', { type: 'EnableWebhookEndpoint' }, new Date(start + day).toISOString());
    clock.ms = start + 5 * day;
    await sendWebhook(dependencies, await another('t2'), 1);
    // Re-enabled after the streak began: a new streak from this failure, nothing disabled.
    expect(await health()).toMatchObject({ endpointId: 'ep-1', failingSince: new Date(start + 5 * day).toISOString() });
    expect((await store.load(tenant, 'webhook-endpoint', 'ep-1')).events.at(-1)!.type).toBe('WebhookEndpointEnabled');
    clock.ms += 10_000; // past the circuit's first 5 s open
    expect(await sendWebhook(dependencies, await another('t3'), 1)).toEqual({ kind: 'done', reason: 'delivered' });
    expect(await health()).toEqual({ endpointId: 'ep-1', failingSince: null, openUntil: null, failures: 0, probeClaimedAt: null });
  });

  it('sends a test event (no event in the log) with its made-up data', async () => {
    const { store, dependencies, requests, clock, endpoint } = await setup([]);
    const deliveryId = 'test-1';
    const events = webhookDeliveryDecider.decide(
      { type: 'ScheduleWebhookDelivery', data: { deliveryId, endpointId: 'ep-1', eventId: deliveryId, eventType: testEventType, recordRef: { type: 'webhook-endpoint', id: 'ep-1', version: 1 } } },
      null,
      { actor: { tenant, userId: 'admin-1', role: 'admin', groups: [] }, now: new Date(clock.ms).toISOString() },
    );
    await store.commit({ tenant, at: new Date(clock.ms).toISOString(), meta: { actor: 'admin-1', commandId: 'test', correlationId: 'test' }, streams: [{ aggregateType: 'webhook-delivery', aggregateId: deliveryId, expectedVersion: 0, events }] });
    const dispatch = { tenant, endpointId: 'ep-1', deliveryId, orderingKey: 'ep-1:webhook-endpoint:ep-1', round: 1 };
    expect(await sendWebhook(dependencies, dispatch, 1)).toEqual({ kind: 'done', reason: 'delivered' });
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(clock.ms);
    const payload = new Webhook(endpoint.secret).verify(requests[0]!.body as string, requests[0]!.headers);
    expect(payload).toEqual({ type: testEventType, timestamp: new Date(clock.ms).toISOString(), data: { eventId: deliveryId, record: { type: 'webhook-endpoint', id: 'ep-1', version: 1 }, event: testEventData('ep-1') } });
  });

  it('sends a redelivery under the same webhook-id, and drops a message of a round it has gone past', async () => {
    const { store, dependencies, dispatch, requests, clock } = await setup([status(404)]);
    await sendWebhook(dependencies, dispatch, 1);
    const { version } = await store.load(tenant, 'webhook-delivery', dispatch.deliveryId);
    await store.commit({ tenant, at: new Date(clock.ms).toISOString(), meta: { actor: 'admin-1', commandId: 'redeliver', correlationId: 'r' }, streams: [{ aggregateType: 'webhook-delivery', aggregateId: dispatch.deliveryId, expectedVersion: version, events: [{ type: 'WebhookRedeliveryRequested', data: { deliveryId: dispatch.deliveryId } }] }] });
    expect(await sendWebhook(dependencies, dispatch, 2)).toEqual({ kind: 'done', reason: 'an earlier round: superseded' });
    expect(await sendWebhook(dependencies, { ...dispatch, round: 2 }, 1)).toEqual({ kind: 'done', reason: 'delivered' });
    expect(requests.map((r) => r.headers['webhook-id'])).toEqual([dispatch.deliveryId, dispatch.deliveryId]);
  });

  describe('circuit breaker (one failing endpoint costs one probe at a time)', () => {
    const timeout: OutboundResult = { kind: 'failed', reason: 'timeout', message: 'no answer in 10000 ms', durationMs: 10_000 };
    const healthOf = async (store: MemoryEventStore, at: number) => (await store.readPrivateItem({ scope: 'webhook-health', tenant, id: 'ep-1' }, new Date(at).toISOString()))?.value;
    const attemptsOf = async (store: MemoryEventStore, deliveryId: string) => (await store.load(tenant, 'webhook-delivery', deliveryId)).events.filter((e) => e.type === 'WebhookAttemptRecorded');

    it('given a timeout, when other messages for the endpoint come before the probe time, then they are deferred unsent, unrecorded, until then', async () => {
      const { store, dependencies, dispatch, clock, requests, another } = await setup([timeout]);
      expect(await sendWebhook(dependencies, dispatch, 1)).toMatchObject({ kind: 'retry', reason: 'retry' });
      expect(await healthOf(store, clock.ms)).toMatchObject({ openUntil: new Date(start + 5_000).toISOString(), failures: 1, probeClaimedAt: null });
      clock.ms = start + 1_000;
      const later = await another('t2');
      const verdict = await sendWebhook(dependencies, later, 1);
      // Until the probe time (4 s), plus at most 20 % jitter (random 0.5: 10 %).
      expect(verdict).toEqual({ kind: 'retry', waitMs: 5_000 + 500, reason: 'endpoint circuit open: deferred' });
      expect(requests).toHaveLength(1);
      expect(await attemptsOf(store, later.deliveryId)).toEqual([]);
    });

    it('given the probe time passed, when two senders race for it, then exactly one sends (the probe) and the other is deferred', async () => {
      const { store, dependencies, dispatch, clock, requests, another } = await setup([timeout]);
      await sendWebhook(dependencies, dispatch, 1);
      const [a, b] = [await another('t2'), await another('t3')];
      clock.ms = start + 6_000;
      const verdicts = await Promise.all([sendWebhook(dependencies, a, 1), sendWebhook(dependencies, b, 1)]);
      expect(requests).toHaveLength(2);
      const reasons = verdicts.map((v) => v.reason);
      expect(reasons).toHaveLength(2);
      expect(reasons).toEqual(expect.arrayContaining(['delivered', expect.stringMatching(/^endpoint circuit open/)]));
      expect(await healthOf(store, clock.ms)).toEqual({ endpointId: 'ep-1', failingSince: null, openUntil: null, failures: 0, probeClaimedAt: null });
    });

    it('given a probe in flight, when another message comes, then it waits for the probe; the probe\'s success closes the circuit and the next message is sent', async () => {
      const { store, dependencies, dispatch, clock, requests, another } = await setup([timeout]);
      await sendWebhook(dependencies, dispatch, 1);
      const [a, b] = [await another('t2'), await another('t3')];
      clock.ms = start + 6_000;
      let answer: (result: OutboundResult) => void = () => undefined;
      const slow = { ...dependencies, http: { send: (request: OutboundRequest) => (requests.push(request), new Promise<OutboundResult>((resolve) => (answer = resolve))) } };
      const probe = sendWebhook(slow, a, 1);
      while (requests.length < 2) await new Promise((resolve) => setTimeout(resolve, 1));
      expect(await healthOf(store, clock.ms)).toMatchObject({ probeClaimedAt: new Date(start + 6_000).toISOString() });
      clock.ms = start + 7_000;
      // The claim holds for the timeout + 20 s (30 s) from when it was made.
      expect(await sendWebhook(dependencies, b, 1)).toEqual({ kind: 'retry', waitMs: 29_000 + 2_500, reason: 'endpoint circuit open: deferred' });
      expect(requests).toHaveLength(2);
      answer(status(204));
      expect(await probe).toEqual({ kind: 'done', reason: 'delivered' });
      expect(await healthOf(store, clock.ms)).toMatchObject({ openUntil: null, failures: 0, failingSince: null });
      expect(await sendWebhook(dependencies, b, 2)).toEqual({ kind: 'done', reason: 'delivered' });
      expect(requests).toHaveLength(3);
    });

    it('given a failed probe, then the circuit opens again for twice as long, and a Retry-After longer than that is honoured', async () => {
      const { store, dependencies, dispatch, clock, another } = await setup([timeout, status(503), status(429, { 'retry-after': '120' })]);
      await sendWebhook(dependencies, dispatch, 1);
      clock.ms = start + 6_000;
      await sendWebhook(dependencies, await another('t2'), 1);
      expect(await healthOf(store, clock.ms)).toMatchObject({ openUntil: new Date(start + 16_000).toISOString(), failures: 2, probeClaimedAt: null, failingSince: new Date(start).toISOString() });
      clock.ms = start + 16_000;
      await sendWebhook(dependencies, await another('t3'), 1);
      expect(await healthOf(store, clock.ms)).toMatchObject({ openUntil: new Date(start + 136_000).toISOString(), failures: 3 });
    });

    it('given an attempt unanswered for 5 s, then the circuit opens with it as the probe and other messages wait for it', async () => {
      const { store, dependencies, dispatch, clock, requests, another } = await setup([]);
      let answer: (result: OutboundResult) => void = () => undefined;
      let slowNoticed: () => void = () => undefined;
      const slow: SenderDependencies = {
        ...dependencies,
        http: { send: (request: OutboundRequest) => (requests.push(request), new Promise<OutboundResult>((resolve) => (answer = resolve))) },
        after: (ms) => (expect(ms).toBe(5_000), new Promise<void>((resolve) => (slowNoticed = resolve))),
      };
      const later = await another('t2');
      const first = sendWebhook(slow, dispatch, 1);
      while (requests.length < 1) await new Promise((resolve) => setTimeout(resolve, 1));
      clock.ms = start + 5_000;
      slowNoticed();
      while ((await healthOf(store, clock.ms)) === undefined) await new Promise((resolve) => setTimeout(resolve, 1));
      expect(await healthOf(store, clock.ms)).toMatchObject({ openUntil: new Date(start + 10_000).toISOString(), failures: 0, probeClaimedAt: new Date(start).toISOString() });
      expect(await sendWebhook(dependencies, later, 1)).toMatchObject({ kind: 'retry', reason: 'endpoint circuit open: deferred' });
      expect(requests).toHaveLength(1);
      clock.ms = start + 10_000;
      answer(timeout);
      expect(await first).toMatchObject({ kind: 'retry', reason: 'retry' });
      expect(await healthOf(store, clock.ms)).toMatchObject({ openUntil: new Date(start + 15_000).toISOString(), failures: 1, probeClaimedAt: null, failingSince: new Date(start).toISOString() });
    });

    it('writes nothing while the endpoint is healthy', async () => {
      const { store, dependencies, dispatch, clock, another } = await setup([]);
      // Answered before the 5 s mark: the timer is cancelled.
      const aborted: boolean[] = [];
      const timed: SenderDependencies = { ...dependencies, after: (_ms, signal) => new Promise<void>((_, reject) => signal.addEventListener('abort', () => (aborted.push(true), reject(new Error('aborted'))))) };
      await sendWebhook(timed, dispatch, 1);
      await sendWebhook(timed, await another('t2'), 1);
      expect(aborted).toEqual([true, true]);
      expect(await healthOf(store, clock.ms)).toBeUndefined();
    });
  });
});
