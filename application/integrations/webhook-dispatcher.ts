import { createHash } from 'node:crypto';
import type { DomainEvent } from '../../domain/shared/decider.ts';
import { isDeliverableEventType } from '../../domain/integrations/webhook-event-privacy.ts';
import { webhookDeliveryDecider } from '../../domain/integrations/webhook-delivery.ts';
import { endpointWants, type WebhookEndpoint } from '../../domain/integrations/webhook-endpoint.ts';
import type { StoredEvent } from '../../events/envelope.ts';
import { SequenceConflictError, StreamConflictError } from '../ports/event-store-errors.ts';
import { maxCommitItems, type EventStorePort, type SequenceAdvance, type StreamAppend } from '../ports/event-store.ts';
import { webhookOrderingKey, type WebhookDispatch, type WebhookQueue } from '../ports/webhook-queue.ts';
import { markPending, noPlan, pendingPlanOf, planAggregateType, planIdOf, readCursor, settle, type PendingPlan } from './dispatch-cursor.ts';
import { tenantEndpoints } from './tenant-endpoints.ts';
import { webhooksActor } from './webhook-constants.ts';

/**
 * The webhook dispatcher (docs/webhooks.md "Pipeline"): one domain event from the bus in, one delivery
 * per endpoint of the tenant that wants it, queued in the record's version order. Private event types
 * (domain/integrations/webhook-event-privacy.ts) are never planned, whatever an endpoint asks for.
 *
 * EventBridge does not order events, so the dispatcher keeps an order cursor per record (one sequence
 * item, dispatch-cursor.ts): on event v of record R it loads R's events (cursor, v] from the log and,
 * in version order, (1) commits their deliveries (WebhookDeliveryScheduled; the id derives from
 * endpoint and event, so scheduling twice is one delivery) with a plan event naming their endpoints and
 * the cursor marked pending, (2) queues them, (3) settles the cursor at v, conditionally on its value.
 * An event at or below the cursor is a no-op (a duplicate or late bus event: it was queued already).
 *
 * Invariant: the cursor passes version x only once every delivery up to x is QUEUED. That is why the
 * deliveries and the cursor are two commits and the queueing is between them: with one commit before
 * queueing, a dispatcher of v+1 could read the new cursor and queue v+1 before the dispatcher of v had
 * queued v; with queueing before the one commit, the sender would get dispatches of deliveries not yet
 * committed. A crash after (1) or (2) leaves the cursor pending: the next run from that cursor (the
 * bus's retry, or a later event of R) queues what it plans now AND every delivery the pending plans
 * name that exists — whatever its endpoint's state now (deleted, disabled, filter changed: the sender
 * records those as failed), so a committed delivery is never stranded unqueued. The queue's
 * deduplication drops the repeats.
 */

export interface DispatcherDependencies {
  readonly eventStore: EventStorePort;
  readonly queue: WebhookQueue;
}

export const dispatcherActor = webhooksActor;

/** The id the webhook body gives the event (stable: its record and version). */
export const webhookEventId = (event: Pick<StoredEvent, 'aggregateType' | 'aggregateId' | 'version'>): string =>
  `${event.aggregateType}-${event.aggregateId}-v${event.version}`;

/** One event to one endpoint: the same id whoever schedules it, whenever (a record id: letters, digits). */
export const webhookDeliveryId = (endpointId: string, eventId: string): string =>
  `d${createHash('sha256').update(`${endpointId}\u0000${eventId}`).digest('hex').slice(0, 32)}`;

export type DispatchOutcome =
  | { readonly kind: 'no-endpoints' }
  | { readonly kind: 'already-dispatched'; readonly cursor: number }
  /** `requeued`: deliveries an interrupted earlier run committed that this run's plan no longer has. */
  | { readonly kind: 'dispatched'; readonly from: number; readonly to: number; readonly deliveries: number; readonly requeued: number };

interface QueuedDelivery {
  readonly dispatch: WebhookDispatch;
  /** The version of the record's event it carries. */
  readonly version: number;
}

interface PlannedDelivery extends QueuedDelivery {
  readonly append: StreamAppend;
}

/** Whether an endpoint receives this event: deliverable, enabled, wanting the type, and existing when it was recorded. */
const receives = (endpoint: WebhookEndpoint, event: StoredEvent): boolean =>
  isDeliverableEventType(event.type) && endpointWants(endpoint, event.type) && Date.parse(event.at) >= Date.parse(endpoint.createdAt);

const dispatchOf = (tenant: string, endpointId: string, event: StoredEvent): WebhookDispatch => ({
  tenant,
  endpointId,
  deliveryId: webhookDeliveryId(endpointId, webhookEventId(event)),
  orderingKey: webhookOrderingKey(endpointId, event),
  round: 1,
});

const planDeliveries = (tenant: string, endpoints: readonly WebhookEndpoint[], events: readonly StoredEvent[], now: string): PlannedDelivery[] =>
  events.flatMap((event) =>
    endpoints
      .filter((endpoint) => receives(endpoint, event))
      .map((endpoint) => {
        const eventId = webhookEventId(event);
        const deliveryId = webhookDeliveryId(endpoint.id, eventId);
        const decided: DomainEvent[] = webhookDeliveryDecider.decide(
          {
            type: 'ScheduleWebhookDelivery',
            data: {
              deliveryId,
              endpointId: endpoint.id,
              eventId,
              eventType: event.type,
              recordRef: { type: event.aggregateType, id: event.aggregateId, version: event.version },
            },
          },
          null,
          { actor: { tenant, userId: dispatcherActor, role: 'admin', groups: [] }, now },
        );
        return {
          dispatch: dispatchOf(tenant, endpoint.id, event),
          append: { aggregateType: 'webhook-delivery', aggregateId: deliveryId, expectedVersion: 0, events: decided },
          version: event.version,
        };
      }),
  );

/** The record's events after `after` up to `through`, in version order. */
const eventsBetween = async (store: EventStorePort, trigger: StoredEvent, after: number, through: number): Promise<StoredEvent[]> => {
  const events: StoredEvent[] = [];
  for await (const page of store.pages(trigger.meta.tenant, trigger.aggregateType, trigger.aggregateId, { afterVersion: after })) {
    for (const event of page) if (event.version <= through) events.push(event);
    if (page.length === 0 || page.at(-1)!.version >= through) break;
  }
  return events;
};

const metaOf = (trigger: StoredEvent, step: string) => ({
  actor: dispatcherActor,
  commandId: `webhook-dispatch-${step}-${webhookEventId(trigger)}`,
  correlationId: trigger.meta.correlationId,
  causationId: webhookEventId(trigger),
});

/**
 * Deliveries a pending plan names (an earlier run committed them, then stopped before the cursor
 * settled) that this run's plan does not have: its endpoint was deleted or disabled, or its filter
 * changed. They exist, so they are queued all the same; the sender records why they fail.
 */
const strandedDeliveries = async (store: EventStorePort, tenant: string, plan: PendingPlan, planned: readonly PlannedDelivery[], events: readonly StoredEvent[]): Promise<QueuedDelivery[]> => {
  if (plan.endpointIds.size === 0) return [];
  const plannedIds = new Set(planned.map((p) => p.dispatch.deliveryId));
  const candidates = events
    .filter((event) => event.version <= plan.through && isDeliverableEventType(event.type))
    .flatMap((event) => [...plan.endpointIds].map((endpointId) => ({ dispatch: dispatchOf(tenant, endpointId, event), version: event.version })))
    .filter((candidate) => !plannedIds.has(candidate.dispatch.deliveryId));
  const exists = await Promise.all(candidates.map(async (c) => (await store.load(tenant, 'webhook-delivery', c.dispatch.deliveryId)).version > 0));
  return candidates.filter((_, index) => exists[index]);
};

/** What the first commit of the deliveries carries besides them: the plan and the pending mark. */
interface PlanRecord {
  readonly stream: StreamAppend;
  readonly sequence: SequenceAdvance;
}

/**
 * Commits the deliveries not yet in the log, the plan record with the first of them, up to 100 items
 * per commit. A conflict on a delivery means it exists already (an earlier, interrupted run or a
 * concurrent dispatcher of a later event): those are left out and the rest committed. A conflict on
 * the plan or the cursor is the caller's: it starts again from a fresh read.
 */
const commitDeliveries = async (store: EventStorePort, trigger: StoredEvent, planned: readonly PlannedDelivery[], plan: PlanRecord, now: string): Promise<void> => {
  const tenant = trigger.meta.tenant;
  // The first commit also holds the plan event and the cursor item.
  const chunks: PlannedDelivery[][] = [planned.slice(0, maxCommitItems - 2)];
  for (let start = maxCommitItems - 2; start < planned.length; start += maxCommitItems) chunks.push(planned.slice(start, start + maxCommitItems));
  for (const [index, initial] of chunks.entries()) {
    let chunk = initial;
    for (let attempt = 0; index === 0 || chunk.length > 0; attempt += 1) {
      try {
        await store.commit({
          tenant,
          at: now,
          meta: metaOf(trigger, 'schedule'),
          streams: [...(index === 0 ? [plan.stream] : []), ...chunk.map((p) => p.append)],
          ...(index === 0 ? { sequences: [plan.sequence] } : {}),
        });
        break;
      } catch (error) {
        if (!(error instanceof StreamConflictError) || error.aggregateType !== 'webhook-delivery' || attempt >= 2) throw error;
        const exists = await Promise.all(chunk.map(async (p) => (await store.load(tenant, 'webhook-delivery', p.append.aggregateId)).version > 0));
        chunk = chunk.filter((_, i) => !exists[i]);
      }
    }
  }
};

export const dispatchWebhooks = async (dependencies: DispatcherDependencies, trigger: StoredEvent, now: string): Promise<DispatchOutcome> => {
  const { eventStore: store, queue } = dependencies;
  const tenant = trigger.meta.tenant;
  const endpoints = await tenantEndpoints(store, tenant);
  if (endpoints.length === 0) return { kind: 'no-endpoints' };
  // Another dispatcher may move the cursor or plan meanwhile (an earlier or later event of the
  // record): then start again from what it left.
  for (let attempt = 0; ; attempt += 1) {
    try {
      const state = await readCursor(store, tenant, trigger);
      if (trigger.version <= state.cursor) return { kind: 'already-dispatched', cursor: state.cursor };
      const planId = planIdOf(trigger, state.cursor);
      // A settled cursor has no plan after it (dispatch-cursor.ts): read only when pending.
      const pending = state.pending ? pendingPlanOf(await store.load(tenant, planAggregateType, planId)) : noPlan;
      // A pending plan may reach past this event (an interrupted run of a later one): this run then
      // goes as far, so that settling the cursor never leaves a planned delivery unqueued behind it.
      const through = Math.max(trigger.version, pending.through);
      const events = await eventsBetween(store, trigger, state.cursor, through);
      const planned = planDeliveries(tenant, endpoints, events, now);
      const stranded = await strandedDeliveries(store, tenant, pending, planned, events);
      let settleFrom = state.stored;
      if (planned.length > 0) {
        const sequence = markPending(trigger, state);
        const stream: StreamAppend = {
          aggregateType: planAggregateType,
          aggregateId: planId,
          expectedVersion: pending.version,
          events: [
            {
              type: 'WebhookDispatchPlanned',
              data: {
                recordType: trigger.aggregateType,
                recordId: trigger.aggregateId,
                after: state.cursor,
                through,
                endpointIds: [...new Set(planned.map((p) => p.dispatch.endpointId))].sort(),
              },
            },
          ],
        };
        await commitDeliveries(store, trigger, planned, { stream, sequence }, now);
        settleFrom = sequence.to;
      }
      // In version order (stable: endpoints in registry order within a version).
      const queued = [...planned, ...stranded].sort((a, b) => a.version - b.version);
      if (queued.length > 0) await queue.enqueue(queued.map((q) => q.dispatch));
      await store.commit({ tenant, at: now, meta: metaOf(trigger, 'cursor'), streams: [], sequences: [settle(trigger, settleFrom, through)] });
      return { kind: 'dispatched', from: state.cursor, to: through, deliveries: planned.length, requeued: stranded.length };
    } catch (error) {
      if (!(error instanceof StreamConflictError || error instanceof SequenceConflictError) || attempt >= 5) throw error;
    }
  }
};
