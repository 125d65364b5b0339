import { canonicalJson } from '../domain/shared/canonical-json.ts';
import type { StoredEvent } from '../events/envelope.ts';
import { projectionsFor } from './catalogue.ts';
import { addTallies, countDeltas, countedOf, hasPendingCounts, tallyOf, type Counted, type CounterDelta } from './counters.ts';
import { itemKey, type Projection, type ReadItem } from './projection.ts';

/** Where read items live. `putIfNewer` writes only over an older version (or nothing). */
export interface ReadItemStore {
  get(key: { pk: string; sk: string }): Promise<Record<string, unknown> | null>;
  /** Strongly consistent reads of many keys (BatchGetItem); missing items are simply absent. */
  batchGet(keys: readonly { pk: string; sk: string }[]): Promise<Record<string, unknown>[]>;
  putIfNewer(item: ReadItem): Promise<boolean>;
  /** Unconditional puts and deletes of distinct keys, in any order (BatchWriteItem, 25 a request). */
  writeAll(puts: readonly ReadItem[], deletes: readonly { pk: string; sk: string }[]): Promise<void>;
  /**
   * For projections with counters (projections/counters.ts): puts `item` — or deletes the item at
   * `key` when `item` is null — only if its stored version is exactly `expected` (null: absent), and
   * adds the deltas to the counters, in ONE transaction. False when the item moved meanwhile (nothing
   * is written: the caller re-reads and recomputes).
   */
  writeCounted(key: { pk: string; sk: string }, item: ReadItem | null, expected: number | null, deltas: readonly CounterDelta[]): Promise<boolean>;
  /**
   * Applies the counter changes a split counted write left on the main item at `key` (`pendingCounts`,
   * see projections/counters.ts) — exactly once, whoever runs it — and answers the item as it then
   * stands (null: absent). Read with it, never past it: a main item with pending counts is not written over.
   */
  finishCounted(key: { pk: string; sk: string }): Promise<Record<string, unknown> | null>;
}

/** Re-reads after a lost race on a counted main item before giving up (the stream then retries the batch). */
const countedAttempts = 8;

/** Reads an aggregate's events, to fill a gap when a stream record arrives before an earlier one. */
export interface EventReader {
  load(tenant: string, aggregateType: string, aggregateId: string): Promise<{ events: StoredEvent[] }>;
}

/**
 * Applies events to every projection of their aggregate type. Idempotent by construction: an item
 * already at (or past) an event's version is left alone, and the write is conditioned on the stored
 * version being older, so replays, duplicates and a rebuild running alongside never move an item back.
 */
export class Projector {
  readonly #items: ReadItemStore;
  readonly #events: EventReader;

  constructor(items: ReadItemStore, events: EventReader) {
    this.#items = items;
    this.#events = events;
  }

  project(event: StoredEvent): Promise<void> {
    return this.projectRun([event]);
  }

  /**
   * Reads, in BatchGetItem requests, the items the runs will start from (for `projectRun`'s `known`):
   * a batch of a hundred aggregates costs two requests instead of one GetItem per item.
   */
  async prefetch(runs: readonly (readonly StoredEvent[])[]): Promise<ReadonlyMap<string, Record<string, unknown> | null>> {
    const keys = runs.flatMap((events) => {
      const first = events[0];
      return first ? projectionsFor(first.aggregateType).map((projection) => projection.key(first.meta.tenant, first.aggregateId)) : [];
    });
    const known = new Map<string, Record<string, unknown> | null>(keys.map((key) => [itemKey(key), null]));
    for (const item of await this.#items.batchGet(keys)) known.set(itemKey(item as { pk: string; sk: string }), item);
    return known;
  }

  /**
   * Applies consecutive events of ONE aggregate (in version order) at once: one read and one write
   * of each item for the whole run instead of one per event. The aggregate's projections are
   * independent items, so they are written concurrently.
   */
  async projectRun(events: readonly StoredEvent[], known?: ReadonlyMap<string, Record<string, unknown> | null>): Promise<void> {
    const first = events[0];
    if (!first) return;
    await Promise.all(projectionsFor(first.aggregateType).map((projection) => this.#apply(projection, events, known)));
  }

  async #apply(projection: Projection<unknown>, events: readonly StoredEvent[], known: ReadonlyMap<string, Record<string, unknown> | null> | undefined): Promise<void> {
    const { tenant } = events[0]!.meta;
    const aggregateId = events[0]!.aggregateId;
    const key = projection.key(tenant, aggregateId);
    let item = known?.has(itemKey(key)) ? known.get(itemKey(key))! : await this.#items.get(key);
    // A split counted write (this run's earlier attempt, or a writer that died) is finished first.
    if (hasPendingCounts(item)) item = await this.#items.finishCounted(key);
    // The satellites this run wrote or deleted: a lost race makes them suspect (see `#repair`).
    const touched = new Map<string, { pk: string; sk: string }>();
    for (let attempt = 1; ; attempt += 1) {
      if (await this.#applyFrom(projection, events, item, touched)) return;
      // Counted projections only: the main item moved between our read and our transaction (a
      // rebuild, a replay running alongside): start again from what is stored now.
      if (attempt >= countedAttempts) throw new Error(`${projection.name}: the main item of ${key.pk} kept moving (${attempt} attempts)`);
      item = await repairSatellites(this.#items, projection, tenant, aggregateId, touched);
    }
  }

  /** Applies the run over the stored `item`; false when a counted write lost a race (see `writeCounted`). */
  async #applyFrom(
    projection: Projection<unknown>,
    events: readonly StoredEvent[],
    item: Record<string, unknown> | null,
    touched: Map<string, { pk: string; sk: string }>,
  ): Promise<boolean> {
    const first = events[0]!;
    const last = events.at(-1)!;
    const { tenant } = first.meta;
    const key = projection.key(tenant, first.aggregateId);
    const current = item ? Number(item.version) : 0;
    if (current >= last.version) return true;

    let pending = events.filter((e) => e.version > current);
    const contiguous = pending.every((e, i) => e.version === current + 1 + i);
    if (!contiguous) {
      // An earlier record has not been applied (it failed and is being retried, or went to the
      // failure destination): read the missing events from the log rather than skip them.
      const { events: history } = await this.#events.load(tenant, first.aggregateType, first.aggregateId);
      pending = history.filter((e) => e.version > current && e.version <= last.version);
    }
    const before = item ? projection.fromItem(item) : null;
    const counted = projection.counterOf !== undefined;
    const { row, entries } = foldWithEntries(projection, tenant, first.aggregateId, before, pending);
    if (row === null) {
      // The record was removed (a compensation such as a reverted import): it leaves lists and search.
      if (before === null) return true;
      const gone = projection.satellites?.(tenant, first.aggregateId, before) ?? [];
      for (const satellite of gone) touched.set(itemKey(satellite), { pk: satellite.pk, sk: satellite.sk });
      await this.#items.writeAll([], gone);
      if (!counted) {
        await this.#items.writeAll([], [key]);
        return true;
      }
      // Its entries go too (as a rebuild, which produces nothing for it), and its counts with them.
      const { events: history } = await this.#events.load(tenant, first.aggregateType, first.aggregateId);
      const everEntries = foldWithEntries(projection, tenant, first.aggregateId, null, history.filter((e) => e.version <= last.version)).entries;
      await this.#items.writeAll([], everEntries);
      return this.#items.writeCounted(key, null, current, countDeltas(countedOf(item), { satellites: {}, entries: {} }));
    }
    // Entries and satellites first, the main item last: a crash in between is retried from the same `before`.
    const puts: ReadItem[] = [...entries];
    const deletes: { pk: string; sk: string }[] = [];
    const now = projection.satellites?.(tenant, first.aggregateId, row) ?? [];
    if (projection.satellites) {
      const old = before === null ? [] : projection.satellites(tenant, first.aggregateId, before);
      const oldByKey = new Map(old.map((satellite) => [itemKey(satellite), satellite]));
      const nowKeys = new Set(now.map(itemKey));
      // A satellite is written when its key appears, and also when its content changed under the same
      // key (a card item whose status or title changed); an unchanged one is not written again.
      puts.push(...now.filter((satellite) => !sameContent(oldByKey.get(itemKey(satellite)), satellite)));
      deletes.push(...old.filter((satellite) => !nowKeys.has(itemKey(satellite))));
    }
    for (const satellite of [...puts.filter((put) => !entries.includes(put)), ...deletes]) touched.set(itemKey(satellite), { pk: satellite.pk, sk: satellite.sk });
    if (puts.length > 0 || deletes.length > 0) await this.#items.writeAll(puts, deletes);
    const main = projection.toItem(tenant, first.aggregateId, row, last.version);
    if (!counted) {
      await this.#items.putIfNewer(main);
      return true;
    }
    const stored = countedOf(item);
    const after: Counted = { satellites: tallyOf(projection, now), entries: addTallies(stored.entries, tallyOf(projection, entries)) };
    return this.#items.writeCounted(key, { ...main, counted: after }, item ? current : null, countDeltas(stored, after));
  }
}

/**
 * After a lost race: the satellites a run wrote came from a `before` that was no longer stored (they
 * may resurrect an item the winner removed, or roll back one it rewrote), and a retry that finds the
 * stored version already past the run returns without writing again. So every satellite key the run
 * touched is put back to what the STORED row derives (written when the row has it, deleted when not);
 * untouched keys were never changed by it. Repeated until the main item stands still across the
 * repair, so a writer that moved it meanwhile is repaired against as well. Also used by a rebuild
 * whose folded item was older than the stored one (adapters/dynamodb/rebuild.ts). Answers the
 * stored main item.
 */
export const repairSatellites = async (
  items: ReadItemStore,
  projection: Projection<unknown>,
  tenant: string,
  aggregateId: string,
  touched: ReadonlyMap<string, { pk: string; sk: string }>,
): Promise<Record<string, unknown> | null> => {
  const key = projection.key(tenant, aggregateId);
  for (let round = 1; ; round += 1) {
    const stored = await items.finishCounted(key);
    if (touched.size > 0 && projection.satellites) {
      const truth = stored === null ? [] : projection.satellites(tenant, aggregateId, projection.fromItem(stored));
      const truthKeys = new Set(truth.map(itemKey));
      await items.writeAll(
        truth.filter((satellite) => touched.has(itemKey(satellite))),
        [...touched.entries()].filter(([id]) => !truthKeys.has(id)).map(([, satellite]) => satellite),
      );
    }
    const again = await items.get(key);
    if (sameStoredState(stored, again) || round >= countedAttempts) return again;
  }
};

/** The same stored main item (version and tally), with nothing pending: a repair against it holds. */
const sameStoredState = (a: Record<string, unknown> | null, b: Record<string, unknown> | null): boolean =>
  !hasPendingCounts(b) && (a === null ? b === null : b !== null && Number(a.version) === Number(b.version) && canonicalJson(a.counted ?? null) === canonicalJson(b.counted ?? null));

/** Whether a satellite is already stored as `now` (absent: no). Satellites are plain data: JSON compares them. */
const sameContent = (before: ReadItem | undefined, now: ReadItem): boolean => before !== undefined && canonicalJson(before) === canonicalJson(now);

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
    const main = projection.toItem(tenant, first.aggregateId, row, last.version);
    const satellites = projection.satellites?.(tenant, first.aggregateId, row) ?? [];
    return [
      // What a counted main item added (projections/counters.ts): live keeps the same tally.
      projection.counterOf ? { ...main, counted: { satellites: tallyOf(projection, satellites), entries: tallyOf(projection, entries) } } : main,
      ...satellites,
      ...entries,
    ];
  });
};
