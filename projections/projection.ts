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
}
