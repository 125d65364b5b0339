import { createHash } from 'node:crypto';
import type { DomainEvent } from '../../domain/shared/decider.ts';
import { webhookDeliveryDecider } from '../../domain/integrations/webhook-delivery.ts';
import { endpointWants, type WebhookEndpoint } from '../../domain/integrations/webhook-endpoint.ts';
import type { StoredEvent } from '../../events/envelope.ts';
import { StreamConflictError } from '../ports/event-store-errors.ts';
import { maxCommitItems, type EventStorePort, type StreamAppend } from '../ports/event-store.ts';
import { webhookOrderingKey, type WebhookDispatch, type WebhookQueue } from '../ports/webhook-queue.ts';
import { tenantEndpoints } from './tenant-endpoints.ts';

/**
 * The webhook dispatcher (docs/webhooks.md "Pipeline"): one domain event from the bus in, one delivery
 * per endpoint of the tenant that wants it, queued in the record's version order.
 *
 * EventBridge does not order events, so the dispatcher keeps an order cursor per record (stream
 * `webhook-cursor`, id `<aggregateType>.<aggregateId>`, one WebhookDispatchCursorAdvanced per record
 * version queued, so the stream's version is the cursor): on event
 * v of record R it loads R's events (cursor, v] from the log and, in version order, (1) commits their
 * deliveries (WebhookDeliveryScheduled; the id derives from endpoint and event, so scheduling twice is
 * one delivery), (2) queues them, (3) advances the cursor to v, conditionally on its stream version.
 * An event at or below the cursor is a no-op (a duplicate or late bus event: it was queued already).
 *
 * Invariant: the cursor passes version x only once every delivery up to x is QUEUED. That is why the
 * deliveries and the cursor are two commits and the queueing is between them: with one commit before
 * queueing, a dispatcher of v+1 could read the new cursor and queue v+1 before the dispatcher of v had
 * queued v; with queueing before the one commit, the sender would get dispatches of deliveries not yet
 * committed (it would have to poll for them). A crash after (1) or (2) leaves the cursor behind: the bus's retry redoes the range (the
 * existing deliveries are kept, the queue's deduplication drops the repeats).
 */

export interface DispatcherDependencies {
  readonly eventStore: EventStorePort;
  readonly queue: WebhookQueue;
}

export const cursorAggregateType = 'webhook-cursor';
export const dispatcherActor = 'system:webhooks';

/** The id the webhook body gives the event (stable: its record and version). */
export const webhookEventId = (event: Pick<StoredEvent, 'aggregateType' | 'aggregateId' | 'version'>): string =>
  `${event.aggregateType}-${event.aggregateId}-v${event.version}`;

/** One event to one endpoint: the same id whoever schedules it, whenever (a record id: letters, digits). */
export const webhookDeliveryId = (endpointId: string, eventId: string): string =>
  `d${createHash('sha256').update(`${endpointId}\u0000${eventId}`).digest('hex').slice(0, 32)}`;

export const cursorIdOf = (event: Pick<StoredEvent, 'aggregateType' | 'aggregateId'>): string => `${event.aggregateType}.${event.aggregateId}`;

export type DispatchOutcome =
  | { readonly kind: 'no-endpoints' }
  | { readonly kind: 'already-dispatched'; readonly cursor: number }
  | { readonly kind: 'dispatched'; readonly from: number; readonly to: number; readonly deliveries: number };

interface PlannedDelivery {
  readonly dispatch: WebhookDispatch;
  readonly append: StreamAppend;
  /** The version of the record's event it carries. */
  readonly version: number;
}

const deliveryVersion = (planned: PlannedDelivery): number => planned.version;

/** Whether an endpoint receives this event: enabled, wanting the type, and existing when it was recorded. */
const receives = (endpoint: WebhookEndpoint, event: StoredEvent): boolean =>
  endpointWants(endpoint, event.type) && Date.parse(event.at) >= Date.parse(endpoint.createdAt);

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
          dispatch: { tenant, endpointId: endpoint.id, deliveryId, orderingKey: webhookOrderingKey(endpoint.id, event), round: 1 },
          append: { aggregateType: 'webhook-delivery', aggregateId: deliveryId, expectedVersion: 0, events: decided },
          version: event.version,
        };
      }),
  );

/**
 * The cursor stream has ONE event per record version dispatched (version k of the cursor stream says
 * "record version k is queued"), so the stream's version IS the cursor and reading it touches only the
 * last events: from a little before the trigger's version, stopping at the trigger's. A stream read
 * whole on every event would grow with the record.
 */
const cursorWindow = 100;

const readCursor = async (store: EventStorePort, tenant: string, cursorId: string, through: number): Promise<number> => {
  const scan = async (after: number): Promise<number> => {
    let cursor = after;
    for await (const page of store.pages(tenant, cursorAggregateType, cursorId, { afterVersion: after })) {
      if (page.length === 0) break;
      cursor = page.at(-1)!.version;
      if (cursor >= through) break;
    }
    return cursor;
  };
  const from = Math.max(0, through - cursorWindow);
  const near = await scan(from);
  // Nothing after `from`: the cursor is at or before it (or the stream is new); look from the start.
  return near > from || from === 0 ? near : scan(0);
};

/** The record's events after `after` up to `through`, in version order. */
const eventsBetween = async (store: EventStorePort, trigger: StoredEvent, after: number): Promise<StoredEvent[]> => {
  const events: StoredEvent[] = [];
  for await (const page of store.pages(trigger.meta.tenant, trigger.aggregateType, trigger.aggregateId, { afterVersion: after })) {
    for (const event of page) if (event.version <= trigger.version) events.push(event);
    if (page.length === 0 || page.at(-1)!.version >= trigger.version) break;
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
 * Commits the deliveries not yet in the log, up to 100 per commit. A conflict means some exist already
 * (an earlier, interrupted run or a concurrent dispatcher of a later event): those are left out and
 * the rest committed.
 */
const commitDeliveries = async (store: EventStorePort, trigger: StoredEvent, planned: readonly PlannedDelivery[], now: string): Promise<void> => {
  const tenant = trigger.meta.tenant;
  for (let start = 0; start < planned.length; start += maxCommitItems) {
    let chunk = planned.slice(start, start + maxCommitItems);
    for (let attempt = 0; chunk.length > 0; attempt += 1) {
      try {
        await store.commit({ tenant, at: now, meta: metaOf(trigger, 'schedule'), streams: chunk.map((p) => p.append) });
        break;
      } catch (error) {
        if (!(error instanceof StreamConflictError) || attempt >= 2) throw error;
        const exists = await Promise.all(chunk.map(async (p) => (await store.load(tenant, 'webhook-delivery', p.append.aggregateId)).version > 0));
        chunk = chunk.filter((_, index) => !exists[index]);
      }
    }
  }
};

export const dispatchWebhooks = async (dependencies: DispatcherDependencies, trigger: StoredEvent, now: string): Promise<DispatchOutcome> => {
  const { eventStore: store, queue } = dependencies;
  const tenant = trigger.meta.tenant;
  const endpoints = await tenantEndpoints(store, tenant);
  if (endpoints.length === 0) return { kind: 'no-endpoints' };
  const cursorId = cursorIdOf(trigger);
  // Another dispatcher may advance the cursor meanwhile (an earlier or later event of the record):
  // then start again from where it left it.
  for (let attempt = 0; ; attempt += 1) {
    const cursor = await readCursor(store, tenant, cursorId, trigger.version);
    if (trigger.version <= cursor) return { kind: 'already-dispatched', cursor };
    const events = await eventsBetween(store, trigger, cursor);
    const planned = planDeliveries(tenant, endpoints, events, now);
    await commitDeliveries(store, trigger, planned, now);
    if (planned.length > 0) await queue.enqueue(planned.map((p) => p.dispatch));
    const deliveriesOf = (version: number) => planned.filter((p) => deliveryVersion(p) === version).length;
    try {
      // One cursor event per version, up to 100 per commit, each commit conditioned on the one before.
      for (let from = cursor; from < trigger.version; from += maxCommitItems) {
        const to = Math.min(trigger.version, from + maxCommitItems);
        await store.commit({
          tenant,
          at: now,
          meta: metaOf(trigger, 'cursor'),
          streams: [
            {
              aggregateType: cursorAggregateType,
              aggregateId: cursorId,
              expectedVersion: from,
              events: Array.from({ length: to - from }, (_, index) => ({
                type: 'WebhookDispatchCursorAdvanced',
                data: { recordType: trigger.aggregateType, recordId: trigger.aggregateId, version: from + index + 1, deliveries: deliveriesOf(from + index + 1) },
              })),
            },
          ],
        });
      }
      return { kind: 'dispatched', from: cursor, to: trigger.version, deliveries: planned.length };
    } catch (error) {
      if (!(error instanceof StreamConflictError) || attempt >= 5) throw error;
    }
  }
};
