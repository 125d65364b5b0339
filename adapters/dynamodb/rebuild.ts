import { ScanCommand, type DynamoDBDocumentClient, type ScanCommandOutput } from '@aws-sdk/lib-dynamodb';
import type { StoredEvent } from '../../events/envelope.ts';
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
  let aggregates = 0;
  let eventCount = 0;
  let itemsWritten = 0;

  const flush = async (history: StoredEvent[]) => {
    if (history.length === 0) return;
    aggregates += 1;
    for (const item of itemsFromHistory(history[0]!.meta.tenant, history)) {
      produced.add(`${item.pk}\u0000${item.sk}`);
      if (await readModels.putUnlessNewer(item)) itemsWritten += 1;
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
      if (produced.has(`${key.pk}\u0000${key.sk}`)) continue;
      // Not produced by the scan: either an orphan, or an aggregate created while the scan ran (the
      // live projector wrote it). Only the first kind has no events.
      const { version } = await eventStore.load(String(item.tenant), String(item.aggregateType), String(item.aggregateId));
      if (version > 0) continue;
      await readModels.delete(key);
      itemsDeleted += 1;
    }
    startKey = page.LastEvaluatedKey;
  } while (startKey);

  return { tenant: tenant ?? null, aggregates, events: eventCount, itemsWritten, itemsDeleted };
};
