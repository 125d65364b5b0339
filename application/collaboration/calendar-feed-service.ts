import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { canSeeActivity } from '../../domain/activities/activity-policy.ts';
import { localDateOf, rangeOfDays, addDays } from '../../domain/activities/local-time.ts';
import { calendarFeedDecider, liveFeed, liveFeeds, type CalendarFeed, type CalendarFeeds } from '../../domain/collaboration/calendar-feeds.ts';
import type { Actor } from '../../domain/shared/actor.ts';
import type { Assignee } from '../../events/support/ticket-events.ts';
import type { CalendarRow } from '../../projections/activities/activity-calendar.ts';
import { indexRangeOf, type ActivityIndexReads } from '../ports/activity-index.ts';
import type { ApplicationDependencySource } from '../ports/application-dependencies.ts';
import type { CommandContext, CommandOptions, CommandOutcome } from '../shared/command-context.ts';
import { runCommand } from '../shared/command-runner.ts';
import { loadState } from '../shared/load-state.ts';

/** The stream type of a user's feeds (id = the user id). */
export const calendarFeedsAggregate = 'calendar-feeds';

/** The feed's window: what a calendar app shows of the past and the future (bounded reads). */
export const feedDaysBack = 60;
export const feedDaysAhead = 365;

export interface CalendarFeedView {
  readonly id: string;
  readonly name: string | null;
  readonly includeGroups: boolean;
  readonly createdAt: string;
}

export const calendarFeedView = (feed: CalendarFeed): CalendarFeedView => ({ id: feed.id, name: feed.name, includeGroups: feed.includeGroups, createdAt: feed.createdAt });

/** What the public route renders: the owner's zone, the feed's activities and when the newest changed. */
export interface FeedCalendar {
  readonly feed: CalendarFeedView;
  readonly ownerName: string;
  readonly timezone: string;
  readonly rows: readonly CalendarRow[];
  /** The latest `updatedAt` of the rows (or the feed's creation): Last-Modified and the ETag's seed. */
  readonly lastModified: string;
}

const hashOf = (secret: string): string => createHash('sha256').update(secret).digest('base64url');
const segment = /^[A-Za-z0-9_.:@-]{1,128}$/;
const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64url');
const unb64 = (text: string): string | null => {
  if (!/^[A-Za-z0-9_-]{1,200}$/.test(text)) return null;
  const decoded = Buffer.from(text, 'base64url').toString('utf8');
  return segment.test(decoded) ? decoded : null;
};

/**
 * The secret carries where the feed lives — tenant and owner, readable by whoever holds the URL, who
 * may read the feed anyway — and 256 random bits; only the hash of the whole is recorded.
 */
export const feedSecretFor = (tenant: string, ownerId: string, random: Buffer): string => `${b64(tenant)}.${b64(ownerId)}.${random.toString('base64url')}`;

/** Far above a real secret (at most 445 characters): a longer one is not split or hashed at all. */
const maxSecretLength = 1000;

const parseSecret = (secret: string): { tenant: string; ownerId: string } | null => {
  if (secret.length > maxSecretLength) return null;
  const parts = secret.split('.');
  if (parts.length !== 3 || !/^[A-Za-z0-9_-]{43}$/.test(parts[2]!)) return null;
  const tenant = unb64(parts[0]!);
  const ownerId = unb64(parts[1]!);
  return tenant && ownerId ? { tenant, ownerId } : null;
};

/** Equal hashes, compared in constant time (both are base64url SHA-256: the same length). */
const sameHash = (a: string, b: string): boolean => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

export interface CreatedFeed {
  readonly feed: CalendarFeedView;
  /**
   * The secret. The log keeps only its hash; the idempotency record keeps this result for its day, so
   * that a client whose answer was lost gets the same URL back on its retry instead of a feed it
   * cannot use (the record is scoped to the caller and expires).
   */
  readonly secret: string;
}

/**
 * A user's secret calendar feeds: create (the secret shown once, its hash recorded), list, revoke, and
 * the public read behind the secret URL. Every failure of the public read is the same not-found
 * (unknown feed, wrong secret, revoked feed, deactivated owner), so the URL reveals nothing.
 */
export const calendarFeedService = (dependencies: ApplicationDependencySource, index: () => ActivityIndexReads, random: (bytes: number) => Buffer = randomBytes) => {
  const own = (actor: Actor) => loadState<CalendarFeeds>(dependencies().eventStore, actor.tenant, calendarFeedsAggregate, actor.userId, calendarFeedDecider);

  return {
    createFeed: async (
      context: CommandContext,
      input: { readonly name?: string | null | undefined; readonly includeGroups?: boolean | undefined },
      options: Pick<CommandOptions, 'idempotency'> = {},
    ): Promise<CommandOutcome<CreatedFeed>> => {
      const { eventStore, newId, now, metrics } = dependencies();
      const { actor } = context;
      const feedId = newId();
      const secret = feedSecretFor(actor.tenant, actor.userId, random(32));
      const outcome = await runCommand({
        store: eventStore,
        ...(metrics ? { metrics } : {}),
        decider: calendarFeedDecider,
        actor,
        aggregateType: calendarFeedsAggregate,
        aggregateId: actor.userId,
        command: { type: 'CreateFeed', data: { feedId, ownerId: actor.userId, name: input.name ?? null, includeGroups: input.includeGroups ?? false, secretHash: hashOf(secret) } },
        ...(options.idempotency ? { idempotency: options.idempotency } : {}),
        meta: { commandId: newId(), correlationId: context.correlationId, ...(context.requestId ? { requestId: context.requestId } : {}) },
        now,
        result: ({ state }): CreatedFeed => ({ feed: calendarFeedView(liveFeed(state, feedId)!), secret }),
      });
      return outcome;
    },

    /** The caller's live feeds, oldest first, from their stream (read-your-writes). */
    listFeeds: async (actor: Actor): Promise<CalendarFeedView[]> => liveFeeds((await own(actor)).state).map(calendarFeedView),

    revokeFeed: async (context: CommandContext, feedId: string): Promise<void> => {
      const { eventStore, newId, now, metrics } = dependencies();
      await runCommand({
        store: eventStore,
        ...(metrics ? { metrics } : {}),
        decider: calendarFeedDecider,
        actor: context.actor,
        aggregateType: calendarFeedsAggregate,
        aggregateId: context.actor.userId,
        command: { type: 'RevokeFeed', data: { feedId } },
        meta: { commandId: newId(), correlationId: context.correlationId, ...(context.requestId ? { requestId: context.requestId } : {}) },
        now,
        result: () => null,
      });
    },

    /** The feed behind a secret URL, or null for anything wrong with it. */
    readFeed: async (feedId: string, secret: string): Promise<FeedCalendar | null> => {
      const where = parseSecret(secret);
      if (!where || !segment.test(feedId)) return null;
      const { eventStore, people, now } = dependencies();
      const { state } = await loadState<CalendarFeeds>(eventStore, where.tenant, calendarFeedsAggregate, where.ownerId, calendarFeedDecider);
      const feed = liveFeed(state, feedId);
      if (!feed || !sameHash(feed.secretHash, hashOf(secret))) return null;
      const profile = await people.user(where.tenant, where.ownerId);
      if (profile && !profile.active) return null;
      const owner: Actor = { tenant: where.tenant, userId: where.ownerId, role: profile?.role ?? 'restricted', groups: profile?.groups ?? [] };
      const timezone = profile?.timezone ?? 'UTC';
      const first = addDays(localDateOf(now(), timezone), -feedDaysBack);
      const range = indexRangeOf(rangeOfDays(first, feedDaysBack + feedDaysAhead + 1, timezone));
      const assignees: Assignee[] = [
        { kind: 'user', userId: owner.userId },
        ...(feed.includeGroups ? owner.groups.map((groupId): Assignee => ({ kind: 'group', groupId })) : []),
      ];
      const reads = await Promise.all(assignees.map((assignee) => index().calendar(owner.tenant, assignee, range)));
      const rows = new Map<string, CalendarRow>();
      for (const read of reads) for (const row of read.rows) if (canSeeActivity(owner, row)) rows.set(row.id, row);
      const sorted = [...rows.values()].toSorted((a, b) => (a.schedule.start ?? a.schedule.dueOn ?? '').localeCompare(b.schedule.start ?? b.schedule.dueOn ?? '') || a.id.localeCompare(b.id));
      const lastModified = sorted.reduce((latest, row) => (row.updatedAt > latest ? row.updatedAt : latest), feed.createdAt);
      return { feed: calendarFeedView(feed), ownerName: profile?.name ?? owner.userId, timezone, rows: sorted, lastModified };
    },
  };
};

export type CalendarFeedService = ReturnType<typeof calendarFeedService>;
