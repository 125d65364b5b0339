import type { ReadItem } from '../../projections/projection.ts';
import type { ReadItemStore } from '../../projections/projector.ts';

/**
 * The read models as services read them (lists, search, calendars) and projections write them.
 * Implemented on DynamoDB by adapters/dynamodb/read-model-store.ts.
 */
export interface ReadModels extends ReadItemStore {
  /** One page of an index (or the table's own keys), within a bounded read budget. */
  query(query: IndexQuery): Promise<QueryPage>;
  /**
   * How many rows of an index partition match the query's key condition and filter (DynamoDB's
   * `Select: COUNT`: nothing is transferred, every row is still read). `limit`, `startKey`, `newestFirst`
   * and `readAhead` are ignored.
   */
  count(query: IndexQuery): Promise<number>;
  putUnlessNewer(item: ReadItem): Promise<boolean>;
  put(item: ReadItem): Promise<void>;
  delete(key: { pk: string; sk: string }): Promise<void>;
}

export interface IndexQuery {
  /** `undefined` for the table's own keys, else the GSI name (gsi1, gsi2, …). */
  readonly index: string | undefined;
  readonly partitionKey: { readonly name: string; readonly value: string };
  /** `begins_with` on the sort key, for prefix lookups (the search index). */
  readonly sortKeyPrefix?: { readonly name: string; readonly value: string };
  /** `sort key < value`, for ranges on an ordered key (quotes expiring before a date); not with `sortKeyPrefix`. */
  readonly sortKeyBefore?: { readonly name: string; readonly value: string };
  readonly filter?: {
    readonly expression: string;
    readonly names: Record<string, string>;
    readonly values: Record<string, unknown>;
  };
  readonly newestFirst: boolean;
  readonly limit: number;
  readonly startKey?: Record<string, unknown>;
  /**
   * Fill the page under a filter: each request evaluates at least this many rows (not only the
   * missing ones), so a rare filter value fills `limit` instead of answering empty pages. Rows past
   * `limit` are dropped and the page ends at the last one kept, whose key (`keyOf`, the same
   * attributes as DynamoDB's LastEvaluatedKey) is the cursor — nothing is skipped, nothing repeated.
   */
  readonly readAhead?: { readonly rows: number; readonly keyOf: (item: Record<string, unknown>) => Record<string, unknown> };
}

export interface QueryPage {
  readonly items: Record<string, unknown>[];
  readonly lastKey: Record<string, unknown> | undefined;
  readonly consumedReadUnits: number;
}

