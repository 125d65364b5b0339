import { ScanCommand, type DynamoDBDocumentClient, type ScanCommandOutput } from '@aws-sdk/lib-dynamodb';
import type { StoredEvent } from '../../events/envelope.ts';
import { projectionsFor } from '../../projections/catalogue.ts';
import { itemKey, type ReadItem } from '../../projections/projection.ts';
import { itemsFromHistory, repairSatellites } from '../../projections/projector.ts';
import { eventFromItem, type EventStore } from './event-store.ts';
import type { ReadModelStore } from './read-model-store.ts';

/** A scan segment's position: continue after `key` (null: from the start), or `done`. */
export interface ScanCursor {
  readonly key: Record<string, string | number> | null;
  readonly done: boolean;
}

/** Fold the events table into read items, then sweep the read models for items nothing produces. */
export type RebuildPhase = 'events' | 'read-models';

export interface RebuildCheckpoint {
  readonly phase: RebuildPhase;
  readonly cursors: readonly ScanCursor[];
}

export interface RebuildCounts {
  /** Aggregates folded (those with read models) and their events. */
  readonly aggregates: number;
  readonly events: number;
  readonly itemsWritten: number;
  /** Read items the sweep looked at, and the orphans among them it deleted. */
  readonly itemsChecked: number;
  readonly itemsDeleted: number;
}

export interface RebuildOptions {
  readonly db: DynamoDBDocumentClient;
  readonly eventsTable: string;
  readonly readModels: ReadModelStore;
  readonly eventStore: EventStore;
  /** Rebuild one tenant (an admin's job rebuilds their own tenant), or all when absent (the CLI). */
  readonly tenant?: string;
  /** Parallel scan segments of a new rebuild; each preserves per-aggregate order. */
  readonly segments?: number;
  /** Scan `Limit` (items evaluated per page); default: DynamoDB's 1 MB pages. */
  readonly pageSize?: number;
}

export interface RebuildStepOptions extends RebuildOptions {
  /** Where to continue; default: the start of the events phase. */
  readonly from?: RebuildCheckpoint;
  /**
   * Asked after every page: true makes each segment stop at its next safe point and the step
   * return its checkpoint. A segment stops only once it moved, so every step makes progress.
   */
  readonly shouldStop?: () => boolean;
  /** Called after every page read (a budget may count pages). */
  readonly onPage?: () => void;
}

export interface RebuildStep {
  /** Where the next step continues; null when the rebuild is complete. */
  readonly checkpoint: RebuildCheckpoint | null;
  /** What this step did (only work behind the checkpoint is counted). */
  readonly counts: RebuildCounts;
}

export interface RebuildResult extends Omit<RebuildCounts, 'itemsChecked'> {
  readonly tenant: string | null;
}

const tenantFilter = (tenant: string | undefined) =>
  tenant === undefined
    ? {}
    : { FilterExpression: 'begins_with(pk, :prefix)', ExpressionAttributeValues: { ':prefix': `${tenant}#` } };

const startOf = (segments: number): RebuildCheckpoint => ({
  phase: 'events',
  cursors: Array.from({ length: segments }, () => ({ key: null, done: false })),
});

type Key = Record<string, string | number>;

class Counter {
  aggregates = 0;
  events = 0;
  itemsWritten = 0;
  itemsChecked = 0;
  itemsDeleted = 0;
  snapshot(): RebuildCounts {
    const { aggregates, events, itemsWritten, itemsChecked, itemsDeleted } = this;
    return { aggregates, events, itemsWritten, itemsChecked, itemsDeleted };
  }
}

/** Runs `work` over `inputs` with at most `limit` at a time. */
const inParallel = async <T>(inputs: readonly T[], limit: number, work: (input: T) => Promise<void>): Promise<void> => {
  let next = 0;
  const worker = async () => {
    while (next < inputs.length) await work(inputs[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, inputs.length) }, worker));
};

/**
 * A counted main item (the card's), as `putCountedUnlessNewer`. When live stored a newer version, the
 * satellites just written from this older history are put back to what the stored row derives (as a
 * projector run that lost its race does: projections/projector.ts `repairSatellites`) — else a card
 * item the newer version removed or changed would stay as this history left it, counted by nobody.
 */
const putCounted = async (readModels: ReadModelStore, item: ReadItem): Promise<boolean> => {
  if (await readModels.putCountedUnlessNewer(item)) return true;
  const tenant = String(item.tenant);
  const projection = projectionsFor(item.aggregateType).find((candidate) => itemKey(candidate.key(tenant, item.aggregateId)) === itemKey(item));
  if (projection?.satellites) {
    const written = projection.satellites(tenant, item.aggregateId, projection.fromItem(item));
    await repairSatellites(readModels, projection, tenant, item.aggregateId, new Map(written.map((satellite) => [itemKey(satellite), { pk: satellite.pk, sk: satellite.sk }])));
  }
  return false;
};

/**
 * The events phase for one segment: a Scan returns a partition's items together and in sort-key
 * order within a segment, so an aggregate's history is complete and ordered when its partition ends.
 * The cursor moves only past whole partitions (to the end of the last one folded), so a step that
 * stops mid-partition reads that partition again from its start next time.
 */
const foldSegment = async (options: RebuildStepOptions, counter: Counter, segment: number, total: number, cursor: ScanCursor): Promise<ScanCursor> => {
  const { db, eventsTable, readModels, tenant } = options;
  let resume: Key | null = cursor.key;
  let moved = false;
  let history: StoredEvent[] = [];
  let openPk: unknown;
  let lastKey: Key | null = null;

  const flush = async () => {
    const first = history[0];
    // Streams without read models (jobs, deliveries) are not counted as folded.
    if (first && projectionsFor(first.aggregateType).length > 0) {
      const items = itemsFromHistory(first.meta.tenant, history);
      // Satellites and entries first, main items last (as live): a main item's counters
      // (projections/counters.ts) move with it, in one transaction from the stored item's tally.
      for (const item of [...items.filter((i) => i.version === 0), ...items.filter((i) => i.version !== 0)]) {
        if (item.version === 0) await readModels.put(item);
        else if (item.counted === undefined ? !(await readModels.putUnlessNewer(item)) : !(await putCounted(readModels, item))) continue;
        counter.itemsWritten += 1;
      }
      counter.aggregates += 1;
      counter.events += history.length;
    }
    history = [];
  };

  let startKey: Key | undefined = cursor.key ?? undefined;
  for (;;) {
    const page: ScanCommandOutput = await db.send(
      new ScanCommand({
        TableName: eventsTable,
        Segment: segment,
        TotalSegments: total,
        ConsistentRead: true,
        ExclusiveStartKey: startKey,
        ...(options.pageSize ? { Limit: options.pageSize } : {}),
        ...tenantFilter(tenant),
      }),
    );
    options.onPage?.();
    for (const item of page.Items ?? []) {
      if (item.pk !== openPk) {
        if (openPk !== undefined) {
          await flush();
          resume = lastKey;
          moved = true;
        }
        openPk = item.pk;
      }
      // Past every version of this partition, also those appended after this scan read it: a later
      // step must never start inside a stream and fold its newest events alone (the live projector
      // applies those; `putUnlessNewer` keeps what it wrote).
      lastKey = { pk: String(item.pk), version: Number.MAX_SAFE_INTEGER };
      if (item.kind === 'event') history.push(eventFromItem(item));
    }
    startKey = page.LastEvaluatedKey as Key | undefined;
    if (!startKey) {
      await flush();
      return { key: null, done: true };
    }
    if (openPk === undefined) {
      // Nothing of the tenant yet: the whole page is behind us.
      resume = startKey;
      moved = true;
    }
    if (moved && options.shouldStop?.()) return { key: resume, done: false };
  }
};

/**
 * The sweep for one segment of the read models: an item nothing produces any more is deleted. Its
 * aggregate is loaded (strongly consistent) after the item was read, so the history includes every
 * event the item could have come from: an item the live projector wrote meanwhile is produced by it
 * and kept; only true orphans go. Stateless per page, so the cursor is the page's last key.
 */
const sweepSegment = async (options: RebuildStepOptions, counter: Counter, segment: number, total: number, cursor: ScanCursor): Promise<ScanCursor> => {
  const { db, readModels, eventStore, tenant } = options;
  let startKey: Key | undefined = cursor.key ?? undefined;
  for (;;) {
    const page: ScanCommandOutput = await db.send(
      new ScanCommand({
        TableName: readModels.tableName,
        Segment: segment,
        TotalSegments: total,
        ProjectionExpression: 'pk, sk, tenant, aggregateType, aggregateId, #counter, #n, #counted, #pending',
        ExpressionAttributeNames: { '#counter': 'counter', '#n': 'n', '#counted': 'counted', '#pending': 'pendingCounts' },
        ExclusiveStartKey: startKey,
        ...(options.pageSize ? { Limit: options.pageSize } : {}),
        ...tenantFilter(tenant),
      }),
    );
    options.onPage?.();
    const byAggregate = new Map<string, { tenant: string; type: string; id: string; keys: { pk: string; sk: string; counted: boolean; pending: boolean }[] }>();
    for (const item of page.Items ?? []) {
      // Counters belong to no aggregate: the main items that counted keep them exact; one at 0 goes.
      if (item.counter === true) {
        if (item.n === 0) await readModels.deleteZeroCounter({ pk: String(item.pk), sk: String(item.sk) });
        continue;
      }
      const owner = { tenant: String(item.tenant), type: String(item.aggregateType), id: String(item.aggregateId) };
      const ownerKey = `${owner.tenant}#${owner.type}#${owner.id}`;
      const group = byAggregate.get(ownerKey) ?? { ...owner, keys: [] };
      group.keys.push({ pk: String(item.pk), sk: String(item.sk), counted: item.counted !== undefined, pending: item.pendingCounts !== undefined });
      byAggregate.set(ownerKey, group);
    }
    await inParallel([...byAggregate.values()], 8, async (group) => {
      const { events } = await eventStore.load(group.tenant, group.type, group.id);
      const produced = new Set(itemsFromHistory(group.tenant, events).map(itemKey));
      for (const key of group.keys) {
        counter.itemsChecked += 1;
        if (produced.has(itemKey(key))) {
          // A split counted write whose writer died (projections/counters.ts): its counts are owed.
          if (key.pending) await readModels.finishCounted({ pk: key.pk, sk: key.sk });
          continue;
        }
        if (key.counted) await readModels.deleteCounted({ pk: key.pk, sk: key.sk });
        else await readModels.delete({ pk: key.pk, sk: key.sk });
        counter.itemsDeleted += 1;
      }
    });
    startKey = page.LastEvaluatedKey as Key | undefined;
    if (!startKey) return { key: null, done: true };
    if (options.shouldStop?.()) return { key: startKey, done: false };
  }
};

/**
 * One step of a rebuild, from a checkpoint: the segments of the current phase run in parallel until
 * they finish or `shouldStop` says so; then the sweep follows in the same step when there is time.
 * Every write is idempotent (`putUnlessNewer`, deletes of orphans), so a step repeated from the same
 * checkpoint — a run that died — changes nothing twice.
 */
export const rebuildStep = async (options: RebuildStepOptions): Promise<RebuildStep> => {
  const counter = new Counter();
  let checkpoint = options.from ?? startOf(options.segments ?? 4);
  for (;;) {
    const run = checkpoint.phase === 'events' ? foldSegment : sweepSegment;
    const total = checkpoint.cursors.length;
    const cursors = await Promise.all(
      checkpoint.cursors.map((cursor, segment) => (cursor.done ? cursor : run(options, counter, segment, total, cursor))),
    );
    checkpoint = { phase: checkpoint.phase, cursors };
    if (cursors.some((cursor) => !cursor.done)) return { checkpoint, counts: counter.snapshot() };
    if (checkpoint.phase === 'read-models') return { checkpoint: null, counts: counter.snapshot() };
    checkpoint = { phase: 'read-models', cursors: cursors.map(() => ({ key: null, done: false })) };
    if (options.shouldStop?.()) return { checkpoint, counts: counter.snapshot() };
  }
};

/**
 * Scans the events table and writes every aggregate's folded read items (the same function of the
 * same events the live projector applies one by one, so a rebuild yields the same items), then
 * deletes the items of the scanned tenant(s) that no aggregate produces any more. In one go: the CLI
 * and tests; the HTTP route runs it as a job, step by step (`functions/queue/rebuild-projections.ts`).
 */
export const rebuildReadModels = async (options: RebuildOptions): Promise<RebuildResult> => {
  const { counts } = await rebuildStep(options);
  const { itemsChecked: _checked, ...result } = counts;
  return { tenant: options.tenant ?? null, ...result };
};
