import type { UserProfile } from '../../../domain/access/people.ts';
import { renderDigest, type ActivitySummary } from '../../../domain/reminders/mail-templates.ts';
import { fromLocal, localDatesTouched, rangeOfDays, toLocal } from '../../../domain/activities/local-time.ts';
import type { Assignee } from '../../../events/support/ticket-events.ts';
import { isOpenStatus, type CalendarRow } from '../../../projections/activities/activity-calendar.ts';
import { indexRangeOf } from '../../../adapters/dynamodb/activity-index.ts';
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

/**
 * A user's open activities of a local day, as the user's calendar shows that day: the calendar's
 * range query over the day's instants (23, 24 or 25 hours, with its look-behind for activities that
 * began earlier and still run) for the user's own calendar and each of the user's groups', plus the
 * to-dos due that date. Reads the requested day only, never the rest of anyone's activities.
 */
export const activitiesOfDay = async (context: JobContext, tenant: string, user: UserProfile, date: string): Promise<ActivitySummary[]> => {
  const range = rangeOfDays(date, 1, user.timezone);
  const assignees: Assignee[] = [{ kind: 'user', userId: user.userId }, ...user.groups.map((groupId): Assignee => ({ kind: 'group', groupId }))];
  const reads = await Promise.all(assignees.map((assignee) => context.activities.calendar(tenant, assignee, indexRangeOf(range))));
  const byId = new Map<string, CalendarRow>();
  for (const read of reads) for (const row of read.rows) if (isOpenStatus(row.status) && localDatesTouched(row.schedule, range).includes(date)) byId.set(row.id, row);
  return Promise.all(
    [...byId.values()].map(async (row) => ({
      id: row.id,
      type: row.type,
      subject: row.subject,
      ...row.schedule,
      related: row.related,
      relatedName: await context.relatedNames.name(tenant, row.related),
    })),
  );
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
    deferred += await forEachLimited(candidates, context.concurrency, context.mayStart, async ({ user, date }) => {
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
