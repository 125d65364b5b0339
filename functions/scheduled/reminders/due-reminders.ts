import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { QueryCommand, UpdateCommand, type QueryCommandOutput } from '@aws-sdk/lib-dynamodb';
import { ReadModelStore } from '../../../adapters/dynamodb/read-model-store.ts';
import { readModelsTable } from '../../../contract/tables.ts';
import type { UserProfile } from '../../../domain/access/people.ts';
import { renderReminder } from '../../../domain/reminders/mail-templates.ts';
import type { Assignee } from '../../../events/support/ticket-events.ts';
import { assigneeKey, isOpenStatus } from '../../../projections/activities/activity-calendar.ts';
import { activityRemindersProjection, dueBucket, fireTime, type ActivityReminderRow } from '../../../projections/activities/activity-reminders.ts';
import { canReceiveMail, deliveryKey, emptyCounts, forEachLimited, messageIdOf, type JobContext, type OutcomeCounts } from './job-context.ts';

const dueIndex = readModelsTable.globalSecondaryIndexes.find((index) => index.indexName === 'remindersDue')!;

interface DueEntry {
  readonly pk: string;
  readonly sk: string;
  readonly tenant: string;
  readonly activityId: string;
  readonly offsetMinutes: number;
  readonly fireAt: string;
  readonly assignee: Assignee;
}

const hour = 3_600_000;

/**
 * Every not-yet-delivered reminder whose fire time is in `(now − lookback, now]`: one query per hour
 * bucket of the window, each reading only the index entries due in it (the index is sparse: delivered
 * reminders leave it). The cost follows the due reminders, never the number of activities.
 */
export const queryDueReminders = async (context: JobContext): Promise<DueEntry[]> => {
  const now = Date.parse(context.now);
  const from = new Date(now - context.lookbackMinutes * 60_000).toISOString();
  const entries: DueEntry[] = [];
  for (let bucketStart = Math.floor(Date.parse(from) / hour) * hour; bucketStart <= now; bucketStart += hour) {
    let startKey: Record<string, unknown> | undefined;
    do {
      const page: QueryCommandOutput = await context.db.send(
        new QueryCommand({
          TableName: context.readModelsTable,
          IndexName: dueIndex.indexName,
          KeyConditionExpression: '#bucket = :bucket AND #due BETWEEN :from AND :to',
          ExpressionAttributeNames: { '#bucket': dueIndex.partitionKey.name, '#due': dueIndex.sortKey.name },
          ExpressionAttributeValues: {
            ':bucket': dueBucket(new Date(bucketStart).toISOString()),
            ':from': from,
            ':to': `${context.now}#\uffff`,
          },
          ExclusiveStartKey: startKey,
        }),
      );
      for (const item of page.Items ?? []) entries.push(item as unknown as DueEntry);
      startKey = page.LastEvaluatedKey;
    } while (startKey);
  }
  return entries;
};

/** The activities' current rows (strongly consistent, 100 keys per request), by `<tenant>#<id>`. */
const loadRows = async (context: JobContext, entries: readonly DueEntry[]): Promise<Map<string, ActivityReminderRow>> => {
  const keys = [...new Map(entries.map((e) => [`${e.tenant}#${e.activityId}`, activityRemindersProjection.key(e.tenant, e.activityId)])).values()];
  const items = await new ReadModelStore(context.db, context.readModelsTable).batchGet(keys);
  return new Map(items.map((item) => [`${item.tenant}#${item.aggregateId}`, activityRemindersProjection.fromItem(item)]));
};

/** An index entry is acted on only if the activity still owes exactly this reminder to this assignee. */
const stillOwed = (entry: DueEntry, row: ActivityReminderRow | undefined): row is ActivityReminderRow & { start: string } =>
  row !== undefined &&
  isOpenStatus(row.status) &&
  row.start !== null &&
  row.reminderOffsets.includes(entry.offsetMinutes) &&
  fireTime(row.start, entry.offsetMinutes) === entry.fireAt &&
  assigneeKey(row.assignee) === assigneeKey(entry.assignee) &&
  Date.parse(entry.fireAt) > Date.parse(row.remindFrom);

/** Delivered (or given up on): the entry leaves the due index; the item stays as the slot's record. */
const unindex = async (context: JobContext, entry: DueEntry): Promise<void> => {
  try {
    await context.db.send(
      new UpdateCommand({
        TableName: context.readModelsTable,
        Key: { pk: entry.pk, sk: entry.sk },
        UpdateExpression: 'REMOVE #bucket, #due',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeNames: { '#bucket': dueIndex.partitionKey.name, '#due': dueIndex.sortKey.name },
      }),
    );
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
  }
};

/** A user assignee, or each member of a group assignee (as of now), who can receive mail. */
const recipientsOf = async (context: JobContext, tenant: string, assignee: Assignee): Promise<UserProfile[]> => {
  const ids = assignee.kind === 'user' ? [assignee.userId] : ((await context.people.group(tenant, assignee.groupId))?.members ?? []);
  const users = await Promise.all([...new Set(ids)].map((id) => context.people.user(tenant, id)));
  return users.filter(canReceiveMail);
};

/** Terminal for this run: the entry can leave the index once every recipient is in one of these. */
const settled = new Set(['sent', 'recorded', 'unconfirmed', 'skipped']);

export const sendDueReminders = async (context: JobContext): Promise<OutcomeCounts & { due: number; stale: number; deferred: number }> => {
  const counts = emptyCounts();
  const entries = await queryDueReminders(context);
  const rows = await loadRows(context, entries);
  let stale = 0;
  const deferred = await forEachLimited(entries, context.concurrency, context.mayStart, async (entry) => {
    const row = rows.get(`${entry.tenant}#${entry.activityId}`);
    if (!stillOwed(entry, row)) {
      // The projector replaces or deletes a stale entry; until then it is simply not acted on.
      stale += 1;
      return;
    }
    const recipients = await recipientsOf(context, entry.tenant, row.assignee);
    let allSettled = true;
    for (const user of recipients) {
      const key = deliveryKey(entry.activityId, user.userId, entry.offsetMinutes, entry.fireAt);
      const messageId = messageIdOf(entry.tenant, 'reminder', key);
      const outcome = await context.ledger.deliver({
        tenant: entry.tenant,
        aggregateType: 'reminder',
        key,
        compose: async () => ({
          id: messageId,
          to: { name: user.name, address: user.email },
          ...renderReminder(
            { ...row, relatedName: await context.relatedNames.name(entry.tenant, row.related) },
            { name: user.name, locale: user.locale, timeZone: user.timezone },
          ),
        }),
        record: (delivery, id) => ({
          type: 'ReminderSent',
          data: {
            activityId: entry.activityId,
            userId: user.userId,
            offsetMinutes: entry.offsetMinutes,
            fireAt: entry.fireAt,
            activityStart: row.start,
            delivery,
            messageId: id,
          },
        }),
      });
      counts[outcome] += 1;
      if (!settled.has(outcome)) allSettled = false;
    }
    if (allSettled) await unindex(context, entry);
  });
  return { ...counts, due: entries.length, stale, deferred };
};
