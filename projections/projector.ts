import type { StoredEvent } from '../events/envelope.ts';
import { projectionsFor } from './catalogue.ts';
import { itemKey, type Projection, type ReadItem } from './projection.ts';

/** Where read items live. `putIfNewer` writes only over an older version (or nothing). */
export interface ReadItemStore {
  get(key: { pk: string; sk: string }): Promise<Record<string, unknown> | null>;
  putIfNewer(item: ReadItem): Promise<boolean>;
  put(item: ReadItem): Promise<void>;
  delete(key: { pk: string; sk: string }): Promise<void>;
}

/** Reads an aggregate's events, to fill a gap when a stream record arrives before an earlier one. */
export interface EventReader {
  load(tenant: string, aggregateType: string, aggregateId: string): Promise<{ events: StoredEvent[] }>;
}

/**
 * Applies one event to every projection of its aggregate type. Idempotent by construction: an item
 * already at (or past) the event's version is left alone, and the write is conditioned on the stored
 * version being older, so replays, duplicates and a rebuild running alongside never move an item back.
 */
export class Projector {
  readonly #items: ReadItemStore;
  readonly #events: EventReader;

  constructor(items: ReadItemStore, events: EventReader) {
    this.#items = items;
    this.#events = events;
  }

  async project(event: StoredEvent): Promise<void> {
    for (const projection of projectionsFor(event.aggregateType)) await this.#apply(projection, event);
  }

  async #apply(projection: Projection<unknown>, event: StoredEvent): Promise<void> {
    const { tenant } = event.meta;
    const item = await this.#items.get(projection.key(tenant, event.aggregateId));
    const current = item ? Number(item.version) : 0;
    if (current >= event.version) return;

    let pending = [event];
    if (event.version > current + 1) {
      // An earlier record has not been applied (it failed and is being retried, or went to the
      // failure destination): read the missing events from the log rather than skip them.
      const { events } = await this.#events.load(tenant, event.aggregateType, event.aggregateId);
      pending = events.filter((e) => e.version > current && e.version <= event.version);
    }
    const before = item ? projection.fromItem(item) : null;
    const { row, entries } = foldWithEntries(projection, tenant, event.aggregateId, before, pending);
    if (row === null) return;
    // Entries, then satellites, then the main item: a crash in between is retried from the same `before`.
    for (const entry of entries) await this.#items.put(entry);
    if (projection.satellites) {
      // Satellites first, the main item last: a crash in between is retried from the same `before`.
      const old = before === null ? [] : projection.satellites(tenant, event.aggregateId, before);
      const now = projection.satellites(tenant, event.aggregateId, row);
      const oldKeys = new Set(old.map(itemKey));
      const nowKeys = new Set(now.map(itemKey));
      for (const satellite of now) if (!oldKeys.has(itemKey(satellite))) await this.#items.put(satellite);
      for (const satellite of old) if (!nowKeys.has(itemKey(satellite))) await this.#items.delete(satellite);
    }
    await this.#items.putIfNewer(projection.toItem(tenant, event.aggregateId, row, event.version));
  }
}

/** Folds events into a row, collecting the entries each event adds (see `Projection.entries`). */
const foldWithEntries = <Row>(
  projection: Projection<Row>,
  tenant: string,
  aggregateId: string,
  start: Row | null,
  events: readonly StoredEvent[],
): { row: Row | null; entries: ReadItem[] } => {
  if (!projection.entries) return { row: events.reduce(projection.evolve, start), entries: [] };
  const entries: ReadItem[] = [];
  let row = start;
  for (const event of events) {
    const next = projection.evolve(row, event);
    entries.push(...projection.entries(tenant, aggregateId, row, next, event));
    row = next;
  }
  return { row, entries };
};

/** Folds an aggregate's whole history into its items: what a rebuild writes, and what live must equal. */
export const itemsFromHistory = (tenant: string, events: readonly StoredEvent[]): ReadItem[] => {
  const first = events[0];
  const last = events.at(-1);
  if (!first || !last) return [];
  return projectionsFor(first.aggregateType).flatMap((projection) => {
    const { row, entries } = foldWithEntries(projection, tenant, first.aggregateId, null, events);
    if (row === null) return [];
    return [
      projection.toItem(tenant, first.aggregateId, row, last.version),
      ...(projection.satellites?.(tenant, first.aggregateId, row) ?? []),
      ...entries,
    ];
  });
};
