import type { StoredEvent } from '../events/envelope.ts';

/** A read-model item: its keys, the aggregate version it reflects, and the row's fields. */
export interface ReadItem {
  readonly pk: string;
  readonly sk: string;
  readonly version: number;
  /** The aggregate the item is folded from (a rebuild checks it before deleting an orphan). */
  readonly aggregateType: string;
  readonly aggregateId: string;
  readonly [attribute: string]: unknown;
}

/**
 * A pure read-model builder for one aggregate type: each aggregate maps to exactly one item whose
 * fields evolve with its events. The item carries the aggregate version it reflects, so applying an
 * event twice, or a batch twice, is harmless (see projections/projector.ts).
 */
export interface Projection<Row> {
  readonly name: string;
  readonly aggregateType: string;
  evolve(row: Row | null, event: StoredEvent): Row | null;
  key(tenant: string, aggregateId: string): { pk: string; sk: string };
  toItem(tenant: string, aggregateId: string, row: Row, version: number): ReadItem;
  fromItem(item: Record<string, unknown>): Row;
  /**
   * Further items derived from the row alone (e.g. one per search token), owned by the main item.
   * They are a pure function of the row, carry version 0 and are only written when they appear or
   * disappear; readers verify candidates against the main item, so a stale one is never shown.
   */
  satellites?(tenant: string, aggregateId: string, row: Row): ReadItem[];
  /**
   * Items one event adds, append-only (e.g. timeline entries): a pure function of the event and the
   * rows before and after it, keyed by the event, so a replay rewrites the same items. They carry
   * version 0; the projector never deletes them (a rebuild deletes those no history produces).
   */
  entries?(tenant: string, aggregateId: string, before: Row | null, after: Row | null, event: StoredEvent): ReadItem[];
  /**
   * The counter one of this projection's satellites or entries adds 1 to (null: none), e.g. a card
   * item counts in `<tenant>#card-counts#<company>` / `<section>#<audience>`. A projection with
   * counters keeps in its main item the tally of what it added (`counted`, see projections/counters.ts)
   * and the main item is written together with the counters' changes in one transaction, conditioned
   * on the version it was read at: exact under replays, races and rebuilds (projections/projector.ts).
   */
  counterOf?(item: ReadItem): CounterKey | null;
}

/** A counter item: `n`, added to atomically (`ADD n :delta`). */
export interface CounterKey {
  readonly pk: string;
  readonly sk: string;
}

export const itemKey = (item: { pk: string; sk: string }): string => `${item.pk}\u0000${item.sk}`;
