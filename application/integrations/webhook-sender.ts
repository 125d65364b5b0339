import { webhookDeliveryDecider, type WebhookDelivery } from '../../domain/integrations/webhook-delivery.ts';
import { validSecretIds, webhookEndpointDecider, type WebhookEndpoint } from '../../domain/integrations/webhook-endpoint.ts';
import {
  circuitGate,
  defaultCircuitSettings,
  deferWaitMs,
  endpointHealthOf,
  endpointHealthValue,
  healthAfterAttempt,
  healthWhenSlow,
  type AttemptSeen,
  type CircuitSettings,
  type EndpointHealth,
} from '../../domain/integrations/endpoint-circuit.ts';
import type { AttemptResult } from '../../domain/integrations/retry-policy.ts';
import { testEventData, testEventType } from '../../domain/integrations/test-event.ts';
import type { DecisionContext, DomainEvent } from '../../domain/shared/decider.ts';
import type { StoredEvent } from '../../events/envelope.ts';
import { PrivateItemChangedError, StreamConflictError } from '../ports/event-store-errors.ts';
import type { EventStorePort, PrivateItemPut } from '../ports/event-store.ts';
import type { OutboundHttp, OutboundResult } from '../ports/outbound-http.ts';
import type { WebhookSigner } from '../ports/webhook-signer.ts';
import type { BusinessMetrics, WebhookDeliveryOutcome } from '../ports/business-metrics.ts';
import type { WebhookDispatch } from '../ports/webhook-queue.ts';
import { recorded } from '../shared/recorded.ts';
import { signedWebhook, webhookBody } from './webhook-message.ts';
import { loadState } from '../shared/load-state.ts';
import { webhooksActor } from './webhook-constants.ts';

/**
 * The webhook sender's policy for one queued dispatch (docs/webhooks.md "Pipeline"): load the delivery
 * and its endpoint, sign the body with every valid secret, send it once, record the attempt through the
 * delivery decider, and say what the queue should do with the message. At least once and idempotent:
 * a dispatch of a delivery already delivered or failed in its round is dropped; a crash after sending
 * and before recording sends the same message (same `webhook-id`) again.
 *
 * The failure streak of each endpoint (`webhook-health` private item: `failingSince`) is written only
 * when it changes, in the attempt's commit; a success ends it, and so does an admin re-enabling the
 * endpoint (a streak that began before the last WebhookEndpointEnabled is over). When it reaches 5
 * days the sender asks the endpoint decider to disable the endpoint (MarkWebhookEndpointFailing).
 */

export interface SenderDependencies {
  readonly eventStore: EventStorePort;
  readonly http: OutboundHttp;
  readonly signer: WebhookSigner;
  readonly now: () => string;
  /** Uniform in [0, 1): the retry policy's jitter. */
  readonly random: () => number;
  /** Per attempt (default 10 000 ms). */
  readonly timeoutMs?: number;
  /** The endpoints' circuit breaker (defaults: defaultCircuitSettings, the probe lease = timeout + 20 s). */
  readonly circuit?: Partial<CircuitSettings>;
  /**
   * Resolves after `ms` of real time unless `signal` aborts first (then it rejects): how the sender
   * notices an attempt slower than the circuit's `slowMs`. Absent: no early opening.
   */
  readonly after?: (ms: number, signal: AbortSignal) => Promise<void>;
  /** Where each attempt's outcome (and each deferral by the open circuit) is counted. Absent: nowhere. */
  readonly metrics?: BusinessMetrics;
}

/** What to do with the message: delete it, or let it come back after `waitMs` (the group waits too). */
export type SendVerdict =
  | { readonly kind: 'done'; readonly reason: string }
  | { readonly kind: 'retry'; readonly waitMs: number; readonly reason: string };

/** The sender's actor in the log: the integrations context's own (webhook-constants.ts). */
export const senderActor = webhooksActor;

/** A dispatch of a delivery not yet in the log (queued before its commit ended): looked at again soon, a few times. */
const notYetWaitMs = 5_000;
const notYetReceives = 10;

export const parseDispatch = (body: string): WebhookDispatch => {
  const value = JSON.parse(body) as Partial<WebhookDispatch>;
  const { tenant, endpointId, deliveryId, orderingKey, round } = value;
  if (typeof tenant !== 'string' || typeof endpointId !== 'string' || typeof deliveryId !== 'string' || typeof orderingKey !== 'string' || typeof round !== 'number') {
    throw new Error('not a webhook dispatch');
  }
  return { tenant, endpointId, deliveryId, orderingKey, round };
};

interface LoadedDelivery {
  readonly state: WebhookDelivery | null;
  readonly version: number;
  /** The delivery's current round (the decider's: 1 + the redeliveries requested). */
  readonly round: number;
}

const loadDelivery = async (store: EventStorePort, tenant: string, deliveryId: string): Promise<LoadedDelivery> => {
  const { state, version } = await loadState(store, tenant, 'webhook-delivery', deliveryId, webhookDeliveryDecider);
  return { state, version, round: state?.round.number ?? 1 };
};

interface LoadedEndpoint {
  readonly state: WebhookEndpoint | null;
  readonly version: number;
  /** When an admin last enabled it again (ends a failure streak). */
  readonly enabledAt: string | null;
}

const loadEndpoint = async (store: EventStorePort, tenant: string, endpointId: string): Promise<LoadedEndpoint> => {
  const stream = await store.load(tenant, 'webhook-endpoint', endpointId);
  let state = webhookEndpointDecider.initialState;
  let enabledAt: string | null = null;
  for (const event of stream.events) {
    state = webhookEndpointDecider.evolve(state, recorded(event));
    if (event.type === 'WebhookEndpointEnabled') enabledAt = event.at;
  }
  return { state, version: stream.version, enabledAt };
};

/** The event a delivery carries, from the log (a test event is made up: it is in no log). */
const sourceOf = async (store: EventStorePort, tenant: string, delivery: WebhookDelivery) => {
  if (delivery.eventType === testEventType) {
    return { eventId: delivery.eventId, eventType: delivery.eventType, at: delivery.scheduledAt, data: testEventData(delivery.endpointId), record: delivery.recordRef };
  }
  const { type, id, version } = delivery.recordRef;
  let found: StoredEvent | undefined;
  for await (const page of store.pages(tenant, type, id, { afterVersion: version - 1 })) {
    found = page.find((event) => event.version === version);
    break;
  }
  if (!found) throw new Error(`the event of delivery ${delivery.id} is not in the log: ${type} ${id} v${version}`);
  return { eventId: delivery.eventId, eventType: found.type, at: found.at, data: found.data, record: delivery.recordRef };
};

const secretsOf = async (store: EventStorePort, tenant: string, endpoint: WebhookEndpoint, at: string): Promise<string[]> => {
  const items = await Promise.all(validSecretIds(endpoint, at).map((id) => store.readPrivateItem({ scope: 'webhook-secret', tenant, id }, at)));
  return items.flatMap((item) => (item && typeof item.value['secret'] === 'string' ? [item.value['secret']] : []));
};

/** The attempt as the retry policy sees it, and the message the log keeps. */
export const attemptResultOf = (result: OutboundResult): { result: AttemptResult; message?: string; prefix?: string; durationMs: number } => {
  switch (result.kind) {
    case 'response':
      return { result: { kind: 'response', status: result.status, retryAfter: result.headers['retry-after'] ?? null }, prefix: result.bodyPrefix, durationMs: result.durationMs };
    case 'failed':
      return { result: { kind: result.reason === 'timeout' ? 'timeout' : 'network' }, message: `${result.reason}: ${result.message}`, durationMs: result.durationMs };
    case 'refused':
      // A name that has no address may get one: a network error. Anything else refused is the address's fault.
      return { result: { kind: result.reason === 'unresolvable' ? 'network' : 'unsafe_address' }, message: `${result.reason}: ${result.message}`, durationMs: 0 };
  }
};

interface StoredHealth {
  readonly health: EndpointHealth;
  /** The item's revision, for the swap that changes it. */
  readonly revision: number;
}

/** One strongly consistent GetItem per message for an endpoint; healthy endpoints are never written. */
const readHealth = async (store: EventStorePort, tenant: string, endpoint: LoadedEndpoint, now: string): Promise<StoredHealth> => {
  const item = await store.readPrivateItem({ scope: 'webhook-health', tenant, id: endpoint.state!.id }, now);
  return { health: endpointHealthOf(item?.value, endpoint.enabledAt), revision: item?.revision ?? 0 };
};

/** Writes `health` if nobody wrote the item since `revision` was read (PrivateItemChangedError otherwise). */
const swapHealth = async (store: EventStorePort, tenant: string, endpointId: string, revision: number, health: EndpointHealth, at: string, causation: string): Promise<void> => {
  const put: PrivateItemPut = { scope: 'webhook-health', id: endpointId, value: endpointHealthValue(endpointId, health), mode: 'swap', expectRevision: revision };
  await store.commit({ tenant, at, meta: { actor: senderActor, commandId: `webhook-health-${endpointId}-${revision + 1}`, correlationId: causation }, streams: [], privateItems: [put] });
};

const circuitSettingsOf = (dependencies: SenderDependencies): CircuitSettings => ({
  ...defaultCircuitSettings,
  // A probe claim outlives the probe's own attempt, so a second probe starts only if the first one crashed.
  probeLeaseMs: (dependencies.timeoutMs ?? 10_000) + 20_000,
  ...dependencies.circuit,
});

export const sendWebhook = async (dependencies: SenderDependencies, dispatch: WebhookDispatch, receiveCount: number): Promise<SendVerdict> => {
  const { eventStore: store } = dependencies;
  const { tenant } = dispatch;
  const delivery = await loadDelivery(store, tenant, dispatch.deliveryId);
  if (delivery.state === null || dispatch.round > delivery.round) {
    if (receiveCount >= notYetReceives) return { kind: 'done', reason: 'delivery not in the log: dropped' };
    return { kind: 'retry', waitMs: notYetWaitMs, reason: 'delivery not in the log yet' };
  }
  if (dispatch.round < delivery.round) return { kind: 'done', reason: 'an earlier round: superseded' };
  const current = delivery.state;
  if (current.status !== 'pending') return { kind: 'done', reason: `already ${current.status}` };

  const endpoint = await loadEndpoint(store, tenant, current.endpointId);
  const attemptAt = dependencies.now();
  const settings = circuitSettingsOf(dependencies);
  let outcome: { result: AttemptResult; message?: string; prefix?: string; durationMs: number };
  let stored: StoredHealth | null = null;
  let probeClaim: string | null = null;
  if (endpoint.state === null || endpoint.state.deleted) {
    outcome = { result: { kind: 'endpoint_deleted' }, message: 'the endpoint was deleted', durationMs: 0 };
  } else if (!endpoint.state.enabled) {
    outcome = { result: { kind: 'endpoint_disabled' }, message: `the endpoint is disabled (${endpoint.state.disabledReason ?? 'admin'})`, durationMs: 0 };
  } else {
    // The circuit breaker: while the endpoint is failing, its messages wait (nothing sent, no attempt
    // recorded, so no attempt number used and the group's order kept) and one sender probes at a time.
    stored = await readHealth(store, tenant, endpoint, attemptAt);
    const gate = circuitGate(stored.health, attemptAt, settings);
    const defer = (waitMs: number, reason: string): SendVerdict => {
      dependencies.metrics?.webhookDelivery('deferred');
      return { kind: 'retry', waitMs: deferWaitMs(waitMs, receiveCount, dependencies.random(), settings), reason };
    };
    if (gate.kind === 'defer') return defer(gate.waitMs, 'endpoint circuit open: deferred');
    if (gate.kind === 'probe') {
      try {
        await swapHealth(store, tenant, endpoint.state.id, stored.revision, gate.claimed, attemptAt, current.id);
      } catch (error) {
        if (error instanceof PrivateItemChangedError) return defer(settings.probeLeaseMs, 'endpoint circuit open: another sender probes');
        throw error;
      }
      stored = { health: gate.claimed, revision: stored.revision + 1 };
      probeClaim = attemptAt;
    }
    const secrets = await secretsOf(store, tenant, endpoint.state, attemptAt);
    if (secrets.length === 0) throw new Error(`no signing secret of endpoint ${endpoint.state.id} is readable`);
    const source = await sourceOf(store, tenant, current);
    const message = signedWebhook(dependencies.signer, { deliveryId: current.id, body: webhookBody(source), attemptAt, secrets });
    const sending = dependencies.http.send({
      url: endpoint.state.url,
      method: 'POST',
      headers: { ...message.headers },
      body: message.body,
      timeoutMs: dependencies.timeoutMs ?? 10_000,
    });
    if (probeClaim === null && dependencies.after) {
      const opened = await openWhenSlow(dependencies, dependencies.after, sending, { tenant, endpointId: endpoint.state.id, stored, attemptAt, settings, causation: current.id });
      if (opened) {
        stored = opened;
        probeClaim = attemptAt;
      }
    }
    outcome = attemptResultOf(await sending);
  }

  const now = dependencies.now();
  const context: DecisionContext = { actor: { tenant, userId: senderActor, role: 'admin', groups: [] }, now };
  const events: DomainEvent[] = webhookDeliveryDecider.decide(
    {
      type: 'RecordWebhookAttempt',
      data: {
        attempt: current.attempts.length + 1,
        attemptedAt: attemptAt,
        durationMs: Math.max(0, Math.round(outcome.durationMs)),
        result: outcome.result,
        ...(outcome.prefix !== undefined ? { responsePrefix: outcome.prefix } : {}),
        ...(outcome.message !== undefined ? { errorMessage: outcome.message } : {}),
        random: dependencies.random(),
      },
    },
    current,
    context,
  );

  if (events.length > 0) {
    try {
      await store.commit({
        tenant,
        at: now,
        meta: { actor: senderActor, commandId: `webhook-attempt-${current.id}-${current.attempts.length + 1}`, correlationId: current.id, causationId: current.eventId },
        streams: [{ aggregateType: 'webhook-delivery', aggregateId: current.id, expectedVersion: delivery.version, events }],
      });
    } catch (error) {
      // Another sender recorded this attempt first (a duplicate message): its record stands.
      if (error instanceof StreamConflictError) return { kind: 'retry', waitMs: 0, reason: 'recorded concurrently: look again' };
      throw error;
    }
  }

  if (stored !== null && endpoint.state) {
    const health = await recordHealth(store, tenant, endpoint, stored, { result: outcome.result, attemptAt, now, probeClaim }, settings, current.id);
    if (health.failingSince !== null) await markFailing(store, tenant, endpoint, health.failingSince, context);
  }

  const recordedAttempt = events[0]?.data as { outcome?: WebhookDeliveryOutcome; nextAttemptAt?: string } | undefined;
  if (recordedAttempt?.outcome) dependencies.metrics?.webhookDelivery(recordedAttempt.outcome);
  if (recordedAttempt?.outcome === 'retry' && recordedAttempt.nextAttemptAt) {
    return { kind: 'retry', waitMs: Math.max(0, Date.parse(recordedAttempt.nextAttemptAt) - Date.parse(now)), reason: 'retry' };
  }
  return { kind: 'done', reason: recordedAttempt?.outcome ?? 'nothing to record' };
};

/**
 * Waits for the answer; if none came within `slowMs`, opens the closed circuit with this attempt as
 * its probe (healthWhenSlow) and answers the record written. A concurrent writer wins: nothing to do.
 */
const openWhenSlow = async (
  dependencies: SenderDependencies,
  after: NonNullable<SenderDependencies['after']>,
  sending: Promise<unknown>,
  at: { tenant: string; endpointId: string; stored: StoredHealth; attemptAt: string; settings: CircuitSettings; causation: string },
): Promise<StoredHealth | null> => {
  const abort = new AbortController();
  const slow = await Promise.race([
    sending.then(
      () => false,
      () => false,
    ),
    after(at.settings.slowMs, abort.signal).then(
      () => true,
      () => false,
    ),
  ]);
  abort.abort();
  if (!slow) return null;
  const now = dependencies.now();
  const opened = healthWhenSlow(at.stored.health, at.attemptAt, now, at.settings);
  if (opened === null) return null;
  try {
    await swapHealth(dependencies.eventStore, at.tenant, at.endpointId, at.stored.revision, opened, now, at.causation);
  } catch (error) {
    if (error instanceof PrivateItemChangedError) return null;
    throw error;
  }
  return { health: opened, revision: at.stored.revision + 1 };
};

/**
 * The endpoint's record after the attempt, written only on a change, after the attempt's commit (a
 * crash between the two leaves the record to the next attempt). A concurrent writer (another sender's
 * attempt, a probe claim) makes the swap fail: read again and decide again, a few times at most.
 */
const recordHealth = async (
  store: EventStorePort,
  tenant: string,
  endpoint: LoadedEndpoint,
  read: StoredHealth,
  seen: AttemptSeen,
  settings: CircuitSettings,
  causation: string,
): Promise<EndpointHealth> => {
  let current = read;
  for (let round = 0; round < 5; round += 1) {
    const next = healthAfterAttempt(current.health, seen, settings);
    if (next === null) return current.health;
    try {
      await swapHealth(store, tenant, endpoint.state!.id, current.revision, next, seen.now, causation);
      return next;
    } catch (error) {
      if (!(error instanceof PrivateItemChangedError)) throw error;
      current = await readHealth(store, tenant, endpoint, seen.now);
    }
  }
  return current.health;
};

/** Five days of failures disable the endpoint (the decider judges the 5 days; a race with an admin is harmless). */
const markFailing = async (store: EventStorePort, tenant: string, endpoint: LoadedEndpoint, failingSince: string, context: DecisionContext): Promise<void> => {
  const events = webhookEndpointDecider.decide({ type: 'MarkWebhookEndpointFailing', data: { failingSince } }, endpoint.state, context);
  if (events.length === 0) return;
  try {
    await store.commit({
      tenant,
      at: context.now,
      meta: { actor: senderActor, commandId: `webhook-failing-${endpoint.state!.id}-${endpoint.version}`, correlationId: endpoint.state!.id },
      streams: [{ aggregateType: 'webhook-endpoint', aggregateId: endpoint.state!.id, expectedVersion: endpoint.version, events }],
    });
  } catch (error) {
    // The endpoint changed meanwhile (an admin): the next failure judges again.
    if (!(error instanceof StreamConflictError)) throw error;
  }
};
