import { ScanCommand, type DynamoDBDocumentClient, type ScanCommandOutput } from '@aws-sdk/lib-dynamodb';
import type { StoredEvent } from '../../events/envelope.ts';
import { itemKey } from '../../projections/projection.ts';
import { itemsFromHistory } from '../../projections/projector.ts';
import { eventFromItem, type EventStore } from './event-store.ts';
import type { ReadModelStore } from './read-model-store.ts';

export interface RebuildOptions {
  readonly db: DynamoDBDocumentClient;
  readonly eventsTable: string;
  readonly readModels: ReadModelStore;
  readonly eventStore: EventStore;
  /** Rebuild one tenant (the HTTP route: an admin rebuilds their own tenant), or all when absent. */
  readonly tenant?: string;
  /** Parallel scan segments; each preserves per-aggregate order. */
  readonly segments?: number;
}

export interface RebuildResult {
  readonly tenant: string | null;
  readonly aggregates: number;
  readonly events: number;
  readonly itemsWritten: number;
  readonly itemsDeleted: number;
}

const tenantFilter = (tenant: string | undefined) =>
  tenant === undefined
    ? {}
    : { FilterExpression: 'begins_with(pk, :prefix)', ExpressionAttributeValues: { ':prefix': `${tenant}#` } };

/**
 * Scans the events table and writes every aggregate's folded read items: the same function of the
 * same events the live projector applies one by one, so a rebuild yields the same items. Items of
 * the scanned tenant(s) that no aggregate produces any more are deleted.
 *
 * A Scan returns a partition's items together and in sort-key order within a segment, so each
 * aggregate's history is complete and ordered when its partition ends.
 */
export const rebuildReadModels = async (options: RebuildOptions): Promise<RebuildResult> => {
  const { db, eventsTable, readModels, eventStore, tenant, segments = 4 } = options;
  const produced = new Set<string>();
  /** The version each aggregate was folded at. */
  const scanned = new Map<string, number>();
  let aggregates = 0;
  let eventCount = 0;
  let itemsWritten = 0;

  const flush = async (history: StoredEvent[]) => {
    const last = history.at(-1);
    if (!last) return;
    aggregates += 1;
    scanned.set(`${last.meta.tenant}#${last.aggregateType}#${last.aggregateId}`, last.version);
    for (const item of itemsFromHistory(history[0]!.meta.tenant, history)) {
      produced.add(itemKey(item));
      if (item.version === 0) await readModels.put(item);
      else if (!(await readModels.putUnlessNewer(item))) continue;
      itemsWritten += 1;
    }
  };

  const scanSegment = async (segment: number) => {
    let history: StoredEvent[] = [];
    let currentPk: unknown;
    let startKey: Record<string, unknown> | undefined;
    do {
      const page: ScanCommandOutput = await db.send(
        new ScanCommand({
          TableName: eventsTable,
          Segment: segment,
          TotalSegments: segments,
          ConsistentRead: true,
          ExclusiveStartKey: startKey,
          ...tenantFilter(tenant),
        }),
      );
      for (const item of page.Items ?? []) {
        if (item.kind !== 'event') continue;
        if (item.pk !== currentPk) {
          await flush(history);
          history = [];
          currentPk = item.pk;
        }
        history.push(eventFromItem(item));
        eventCount += 1;
      }
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    await flush(history);
  };

  await Promise.all(Array.from({ length: segments }, (_, segment) => scanSegment(segment)));

  let itemsDeleted = 0;
  let startKey: Record<string, unknown> | undefined;
  do {
    const page: ScanCommandOutput = await db.send(
      new ScanCommand({
        TableName: readModels.tableName,
        ProjectionExpression: 'pk, sk, tenant, aggregateType, aggregateId',
        ExclusiveStartKey: startKey,
        ...tenantFilter(tenant),
      }),
    );
    for (const item of page.Items ?? []) {
      const key = { pk: String(item.pk), sk: String(item.sk) };
      if (produced.has(itemKey(key))) continue;
      // Not produced by the scan: an orphan — or an aggregate the live projector moved on while the
      // scan ran (created after the scan passed it, or changed since). Only orphans have no events
      // newer than what the scan folded.
      const { version } = await eventStore.load(String(item.tenant), String(item.aggregateType), String(item.aggregateId));
      if (version > (scanned.get(`${item.tenant}#${item.aggregateType}#${item.aggregateId}`) ?? 0)) continue;
      await readModels.delete(key);
      itemsDeleted += 1;
    }
    startKey = page.LastEvaluatedKey;
  } while (startKey);

  return { tenant: tenant ?? null, aggregates, events: eventCount, itemsWritten, itemsDeleted };
};
