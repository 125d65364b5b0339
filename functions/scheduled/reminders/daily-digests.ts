import { QueryCommand, type QueryCommandOutput } from '@aws-sdk/lib-dynamodb';
import type { UserProfile } from '../../../domain/access/people.ts';
import { renderDigest, type ActivitySummary } from '../../../domain/reminders/mail-templates.ts';
import { fromLocal, localDayBounds, toLocal } from '../../../domain/reminders/zoned-time.ts';
import type { Assignee } from '../../../events/support/ticket-events.ts';
import { activityRemindersProjection, agendaKeys } from '../../../projections/activities/activity-reminders.ts';
import { canReceiveMail, deliveryKey, emptyCounts, forEachLimited, messageIdOf, type JobContext, type OutcomeCounts } from './job-context.ts';

/** The digest's local time of day. */
export const digestTime = '07:30';

/**
 * The digest a user is due at `now`, if any: the user's local date when it is between 07:30 and
 * 07:30 + the look-back window there. The instant of 07:30 is computed for that very date, so a
 * 23- or 25-hour day moves it with the clocks.
 */
export const digestDue = (user: Pick<UserProfile, 'timezone'>, now: string, windowMinutes: number): string | null => {
  const { date } = toLocal(now, user.timezone);
  const at = fromLocal(date, digestTime, user.timezone);
  const elapsed = Date.parse(now) - at;
  return elapsed >= 0 && elapsed < windowMinutes * 60_000 ? date : null;
};

const queryAll = async (context: JobContext, input: ConstructorParameters<typeof QueryCommand>[0]): Promise<Record<string, unknown>[]> => {
  const items: Record<string, unknown>[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page: QueryCommandOutput = await context.db.send(new QueryCommand({ ...input, ExclusiveStartKey: startKey }));
    items.push(...(page.Items ?? []));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return items;
};

/**
 * A user's open activities of a local day: timed ones starting within the day's instants (23, 24 or 25
 * hours), and to-dos due that date — the user's own and those of each of the user's groups. Two
 * index range queries per assignee, never a read of other days.
 */
export const activitiesOfDay = async (context: JobContext, tenant: string, user: UserProfile, date: string): Promise<ActivitySummary[]> => {
  const { start, end } = localDayBounds(date, user.timezone);
  const assignees: Assignee[] = [{ kind: 'user', userId: user.userId }, ...user.groups.map((groupId) => ({ kind: 'group' as const, groupId }))];
  const found = await Promise.all(
    assignees.flatMap((assignee) => [
      queryAll(context, {
        TableName: context.readModelsTable,
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :pk AND gsi1sk BETWEEN :from AND :to',
        ExpressionAttributeValues: {
          ':pk': agendaKeys.timed(tenant, assignee),
          ':from': new Date(start).toISOString(),
          ':to': `${new Date(end - 1).toISOString()}#\uffff`,
        },
      }),
      queryAll(context, {
        TableName: context.readModelsTable,
        IndexName: 'gsi2',
        KeyConditionExpression: 'gsi2pk = :pk AND begins_with(gsi2sk, :date)',
        ExpressionAttributeValues: { ':pk': agendaKeys.dated(tenant, assignee), ':date': `${date}#` },
      }),
    ]),
  );
  const byId = new Map<string, ActivitySummary>();
  for (const item of found.flat()) {
    const row = activityRemindersProjection.fromItem(item);
    byId.set(row.id, row);
  }
  return Promise.all([...byId.values()].map(async (row) => ({ ...row, relatedName: await context.relatedNames.name(tenant, row.related) })));
};

/**
 * One digest per user and local date, at 07:30 in the user's timezone: a user whose 07:30 falls in
 * the window gets that day's activities; a day without activities sends nothing.
 */
export const sendDailyDigests = async (context: JobContext): Promise<OutcomeCounts & { due: number; deferred: number }> => {
  const counts = emptyCounts();
  let due = 0;
  let deferred = 0;
  for (const tenant of await context.people.tenants()) {
    const candidates = (await context.people.users(tenant)).flatMap((user) => {
      if (!canReceiveMail(user)) return [];
      const date = digestDue(user, context.now, context.lookbackMinutes);
      return date === null ? [] : [{ user, date }];
    });
    due += candidates.length;
    deferred += await forEachLimited(candidates, context.concurrency, context.stopStartingAt, async ({ user, date }) => {
      const key = deliveryKey(user.userId, date);
      const messageId = messageIdOf(tenant, 'daily-digest', key);
      let activityIds: string[] = [];
      const outcome = await context.ledger.deliver({
        tenant,
        aggregateType: 'daily-digest',
        key,
        compose: async () => {
          const activities = await activitiesOfDay(context, tenant, user, date);
          if (activities.length === 0) return null;
          activityIds = activities.map((a) => a.id).sort();
          return {
            id: messageId,
            to: { name: user.name, address: user.email },
            ...renderDigest(date, activities, { name: user.name, locale: user.locale, timeZone: user.timezone }),
          };
        },
        record: (delivery, id) => ({
          type: 'DailyDigestSent',
          data: { userId: user.userId, date, timeZone: user.timezone, activityIds, delivery, messageId: id },
        }),
      });
      counts[outcome] += 1;
    });
  }
  return { ...counts, due, deferred };
};
