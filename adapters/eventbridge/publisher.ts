import { PutEventsCommand, type EventBridgeClient, type PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import { z } from 'zod';
import { catalogue } from '../../contract/event-catalogue.ts';
import { EventMeta, type StoredEvent } from '../../events/envelope.ts';

/** Sends events to the integration bus; resolves with the indexes of the events that were NOT accepted. */
export interface EventPublisher {
  publish(events: readonly StoredEvent[]): Promise<number[]>;
}

/** PutEvents takes at most 10 entries per call. */
const entriesPerCall = 10;

/**
 * The bus entry of an event: `source` from the catalogue (e.g. `cronaca.support`), `detail-type` the
 * event type, and a detail whose `id` (`tenant#aggregate#id#version`) lets consumers drop the
 * duplicates that at-least-once delivery can produce.
 */
export const busEntry = (event: StoredEvent, busName: string): PutEventsRequestEntry => ({
  EventBusName: busName,
  Source: catalogue.get(event.type)?.source ?? 'cronaca',
  DetailType: event.type,
  Time: new Date(event.at),
  Detail: JSON.stringify({
    id: `${event.meta.tenant}#${event.aggregateType}#${event.aggregateId}#${event.version}`,
    ...event,
  }),
});

/** A bus entry's detail as `busEntry` wrote it: the stored event and its deduplication `id`. */
const BusDetail = z.object({
  id: z.string(),
  aggregateType: z.string(),
  aggregateId: z.string(),
  version: z.number().int().positive(),
  type: z.string(),
  data: z.unknown(),
  at: z.iso.datetime(),
  meta: EventMeta,
});

/** The stored event a bus subscriber receives (the inverse of `busEntry`); throws on a foreign detail. */
export const eventOfBusDetail = (detail: unknown): StoredEvent => {
  const { id: _id, ...event } = BusDetail.parse(detail);
  return event as StoredEvent;
};

export class EventBridgePublisher implements EventPublisher {
  readonly #client: EventBridgeClient;
  readonly #busName: string;

  constructor(client: EventBridgeClient, busName: string) {
    this.#client = client;
    this.#busName = busName;
  }

  async publish(events: readonly StoredEvent[]): Promise<number[]> {
    const failed: number[] = [];
    for (let start = 0; start < events.length; start += entriesPerCall) {
      const chunk = events.slice(start, start + entriesPerCall);
      const result = await this.#client.send(new PutEventsCommand({ Entries: chunk.map((e) => busEntry(e, this.#busName)) }));
      // PutEvents succeeds as a call even when entries fail: each failed entry carries an ErrorCode.
      if ((result.FailedEntryCount ?? 0) > 0) {
        (result.Entries ?? []).forEach((entry, i) => {
          if (entry.ErrorCode) failed.push(start + i);
        });
      }
    }
    return failed;
  }
}
