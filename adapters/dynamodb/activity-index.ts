import { QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { ReadModelStore } from './read-model-store.ts';
import type { RelatedRecord } from '../../events/activities/activity-events.ts';
import type { Assignee } from '../../events/support/ticket-events.ts';
import type { ActivityIndexReads, IndexRange, IndexRead } from '../../application/ports/activity-index.ts';
import {
  activityCalendarProjection,
  activityIndexKeys,
  calendarLookBehindMs,
  type CalendarRow,
} from '../../projections/activities/activity-calendar.ts';

export { indexRangeOf, type IndexRange, type IndexRead } from '../../application/ports/activity-index.ts';

const overlaps = (row: CalendarRow, from: number, to: number): boolean => {
  if (row.schedule.start === null) return false;
  const start = Date.parse(row.schedule.start);
  const end = Date.parse(row.schedule.end!);
  return start < to && (end > from || (start === end && start >= from));
};

/**
 * Reads of the activity indexes (projections/activities/activity-calendar.ts). Each read is a
 * `Query` with `BETWEEN` on the time-ordered sort key of one assignee's partition: it reads the
 * requested range (plus a day before it, where activities overlapping the range's start begin) and
 * never the rest of the assignee's activities.
 */
export class ActivityIndex implements ActivityIndexReads {
  readonly #db: DynamoDBDocumentClient;
  readonly #readModels: ReadModelStore;

  constructor(db: DynamoDBDocumentClient, readModels: ReadModelStore) {
    this.#db = db;
    this.#readModels = readModels;
  }

  async #between(index: 'gsi1' | 'gsi2', partition: string, low: string, high: string): Promise<{ items: Record<string, unknown>[]; readUnits: number; itemsRead: number }> {
    const items: Record<string, unknown>[] = [];
    let readUnits = 0;
    let itemsRead = 0;
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.#db.send(
        new QueryCommand({
          TableName: this.#readModels.tableName,
          IndexName: index,
          KeyConditionExpression: '#pk = :pk AND #sk BETWEEN :low AND :high',
          ExpressionAttributeNames: { '#pk': `${index}pk`, '#sk': `${index}sk` },
          ExpressionAttributeValues: { ':pk': partition, ':low': low, ':high': high },
          ExclusiveStartKey: startKey,
          ReturnConsumedCapacity: 'TOTAL',
        }),
      );
      readUnits += page.ConsumedCapacity?.CapacityUnits ?? 0;
      itemsRead += page.ScannedCount ?? 0;
      items.push(...(page.Items ?? []));
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return { items, readUnits, itemsRead };
  }

  /**
   * Every activity of one assignee that overlaps the range, any status: timed items starting up to a
   * day before `from` (then checked for overlap), continuation items of longer ones (their activity
   * is fetched when its own item was not in the window), and dated to-dos on the range's days.
   */
  async calendar(tenant: string, assignee: Assignee, range: IndexRange): Promise<IndexRead> {
    const partition = activityIndexKeys.calendar(tenant, assignee);
    const from = Date.parse(range.from);
    const to = Date.parse(range.to);
    const low = activityIndexKeys.timed(new Date(from - calendarLookBehindMs).toISOString());
    // `t#<to>` sorts before `t#<to>#<id>`: an item starting exactly at `to` is outside, as it should be.
    const high = activityIndexKeys.timed(range.to);
    const [timed, dated] = await Promise.all([
      this.#between('gsi1', partition, low, high),
      this.#between('gsi1', partition, activityIndexKeys.dated(range.firstDay), `${activityIndexKeys.dated(range.lastDay)}#~`),
    ]);
    const rows = new Map<string, CalendarRow>();
    const continued = new Set<string>();
    for (const item of timed.items) {
      if (typeof item.continuationOf === 'string') continued.add(item.continuationOf);
      else rows.set(String(item.aggregateId), activityCalendarProjection.fromItem(item));
    }
    let readUnits = timed.readUnits + dated.readUnits;
    let itemsRead = timed.itemsRead + dated.itemsRead;
    const missing = [...continued].filter((id) => !rows.has(id));
    if (missing.length > 0) {
      // A continuation may be stale (the activity moved since): its activity's own item decides.
      const items = await this.#readModels.batchGet(missing.map((id) => activityCalendarProjection.key(tenant, id)));
      // BatchGet reports no capacity per call here: a strongly consistent read of an item under 4 KB is 1 unit.
      readUnits += items.length;
      itemsRead += items.length;
      for (const item of items) {
        const row = activityCalendarProjection.fromItem(item);
        if (activityIndexKeys.calendar(tenant, row.assignee) === partition) rows.set(row.id, row);
      }
    }
    const result = [...rows.values()].filter((row) => overlaps(row, from, to));
    for (const item of dated.items) result.push(activityCalendarProjection.fromItem(item));
    return { rows: result, readUnits, itemsRead };
  }

  /** One assignee's open activities due in the range: timed ones starting in it, dated ones on its days. */
  async todo(tenant: string, assignee: Assignee, range: IndexRange): Promise<IndexRead> {
    const partition = activityIndexKeys.todo(tenant, assignee);
    const [timed, dated] = await Promise.all([
      this.#between('gsi2', partition, activityIndexKeys.timed(range.from), activityIndexKeys.timed(range.to)),
      this.#between('gsi2', partition, activityIndexKeys.dated(range.firstDay), `${activityIndexKeys.dated(range.lastDay)}#~`),
    ]);
    return {
      rows: [...dated.items, ...timed.items].map((item) => activityCalendarProjection.fromItem(item)),
      readUnits: timed.readUnits + dated.readUnits,
      itemsRead: timed.itemsRead + dated.itemsRead,
    };
  }

  /**
   * One page of a record's activities in gsi3 order (see `relatedSortKey`): open ones by due date,
   * closed ones newest first; `after` is the sort key of the last item of the previous page. Each
   * row comes with its own sort key (an item older than the current key layout keeps its own until
   * it changes or a rebuild rewrites it).
   */
  async relatedPage(
    tenant: string,
    related: RelatedRecord,
    state: 'open' | 'closed',
    limit: number,
    after: string | undefined,
  ): Promise<{ rows: { row: CalendarRow; sortKey: string }[]; more: boolean }> {
    const partition = activityIndexKeys.related(tenant, related);
    const activityId = after?.slice(after.lastIndexOf('#') + 1);
    const page = await this.#db.send(
      new QueryCommand({
        TableName: this.#readModels.tableName,
        IndexName: 'gsi3',
        KeyConditionExpression: 'gsi3pk = :pk AND begins_with(gsi3sk, :state)',
        ExpressionAttributeValues: { ':pk': partition, ':state': `${state}#` },
        ScanIndexForward: state === 'open',
        Limit: limit,
        ...(after ? { ExclusiveStartKey: { gsi3pk: partition, gsi3sk: after, ...activityCalendarProjection.key(tenant, activityId!) } } : {}),
      }),
    );
    return {
      rows: (page.Items ?? []).map((item) => ({ row: activityCalendarProjection.fromItem(item), sortKey: String(item.gsi3sk) })),
      more: page.LastEvaluatedKey !== undefined,
    };
  }

  /** The open activities related to a record (what a lead conversion moves). */
  async openRelatedTo(tenant: string, related: RelatedRecord): Promise<CalendarRow[]> {
    const items: CalendarRow[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.#db.send(
        new QueryCommand({
          TableName: this.#readModels.tableName,
          IndexName: 'gsi3',
          KeyConditionExpression: 'gsi3pk = :pk AND begins_with(gsi3sk, :open)',
          ExpressionAttributeValues: { ':pk': activityIndexKeys.related(tenant, related), ':open': 'open#' },
          ExclusiveStartKey: startKey,
        }),
      );
      items.push(...(page.Items ?? []).map((item) => activityCalendarProjection.fromItem(item)));
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return items;
  }
}
