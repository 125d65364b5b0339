import type { CounterKey, Projection, ReadItem } from './projection.ts';

/**
 * Counters kept beside read models (the client card's per-section counts): a counter is an item
 * `{pk, sk, n, counter: true}` only ever changed by `ADD n :delta`. Whoever moves the main item of a
 * projection with counters — the live projector, a rebuild, the sweep of an orphan — does it in ONE
 * TransactWriteItems with the counters' deltas, conditioned on the version it read (not merely
 * "older"): a replay, a concurrent rebuild or a second projector changes the version and cancels the
 * whole transaction, which is then re-read and recomputed, so nothing is counted twice or missed.
 *
 * The main item keeps what it added (`counted`): the tally of its satellites (a function of the row)
 * and of its entries (append-only, so a running tally). Deltas are `after − stored`, from the stored
 * tally rather than from the stored row re-derived by today's code: a deploy that changes where or
 * for whom items count cannot make a later delta wrong, and a rebuild corrects such counters.
 */

/** counter id (`JSON [pk, sk]`) → how many. */
export type Tally = Readonly<Record<string, number>>;

/** What a main item added to counters. */
export interface Counted {
  readonly satellites: Tally;
  readonly entries: Tally;
}

export interface CounterDelta {
  readonly key: CounterKey;
  readonly delta: number;
}

export const noCounts: Counted = { satellites: {}, entries: {} };

export const counterId = (key: CounterKey): string => JSON.stringify([key.pk, key.sk]);
export const counterKeyOf = (id: string): CounterKey => {
  const [pk, sk] = JSON.parse(id) as [string, string];
  return { pk, sk };
};

/** How many of `items` count in each counter. */
export const tallyOf = (projection: Pick<Projection<unknown>, 'counterOf'>, items: readonly ReadItem[]): Tally => {
  const tally: Record<string, number> = {};
  for (const item of items) {
    const key = projection.counterOf?.(item);
    if (key) tally[counterId(key)] = (tally[counterId(key)] ?? 0) + 1;
  }
  return tally;
};

export const addTallies = (...tallies: readonly Tally[]): Tally => {
  const sum: Record<string, number> = {};
  for (const tally of tallies) for (const [id, n] of Object.entries(tally)) sum[id] = (sum[id] ?? 0) + n;
  return sum;
};

/** The stored tally of a main item (absent: it counted nothing). */
export const countedOf = (item: Record<string, unknown> | null): Counted => {
  const counted = item?.counted as Counted | undefined;
  return counted ? { satellites: counted.satellites ?? {}, entries: counted.entries ?? {} } : noCounts;
};

/** The non-zero changes from `before` to `after`, in a stable order. */
export const countDeltas = (before: Counted, after: Counted): CounterDelta[] => {
  const from = addTallies(before.satellites, before.entries);
  const to = addTallies(after.satellites, after.entries);
  return [...new Set([...Object.keys(from), ...Object.keys(to)])]
    .sort()
    .map((id) => ({ key: counterKeyOf(id), delta: (to[id] ?? 0) - (from[id] ?? 0) }))
    .filter((change) => change.delta !== 0);
};

/**
 * DynamoDB's TransactWriteItems limit (100 actions): a counted write is the main item + at most 99
 * counters. More deltas (an opportunity with 50 company parties whose owner changes: 50 × −1 and
 * 50 × +1; a rebuild of a contact whose interactions counted on many cards) are split: the first
 * transaction writes the main item with the rest recorded ON it (`pendingCounts`, counter id →
 * delta), and follow-up transactions each apply some of them, conditioned on those very entries and
 * removing them (adapters/dynamodb/counted-writes.ts). Whoever reads a main item with pending counts
 * finishes them before anything else (the live projector, a rebuild, the sweep), so every delta is
 * applied exactly once even when the writer died in between.
 */
export const maxTransactItems = 100;

/** The counter changes a main item still owes (absent: none). */
export const pendingCountsOf = (item: Record<string, unknown> | null): Readonly<Record<string, number>> | null =>
  (item?.pendingCounts as Record<string, number> | undefined) ?? null;

export const hasPendingCounts = (item: Record<string, unknown> | null): boolean => pendingCountsOf(item) !== null;
