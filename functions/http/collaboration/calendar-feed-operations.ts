import { createHash } from 'node:crypto';
import { ActivityIndex } from '../../../adapters/dynamodb/activity-index.ts';
import { feedIcs } from '../../../adapters/ical/feed-ics.ts';
import { calendarFeedService, feedDaysAhead, feedDaysBack } from '../../../application/collaboration/calendar-feed-service.ts';
import type { DependencySource } from '../../shared/dependencies.ts';
import { HttpProblem } from '../../shared/problem.ts';
import { requestOrigin } from '../request-origin.ts';
import { answer, commandContextOf, idempotencyOf } from '../idempotency.ts';
import { json } from '../responses.ts';
import type { Operations } from '../router.ts';

type CalendarFeedOperations = Pick<Operations<'collaborationApi'>, 'createCalendarFeed' | 'listCalendarFeeds' | 'revokeCalendarFeed' | 'getCalendarFeedIcs'>;

/** The path of a feed's .ics (the route `/v1/calendar/feeds/{id}/{secret}`). */
export const feedPath = (feedId: string, secret: string): string => `/v1/calendar/feeds/${feedId}/${secret}`;

/**
 * The URLs a calendar app subscribes to: absolute (apps take nothing else), on the host the caller
 * reached; `webcal://` opens the subscription dialog of most calendar apps.
 */
export const feedUrls = (host: string | undefined, feedId: string, secret: string): { url: string; webcalUrl: string } => {
  const url = `${requestOrigin(host)}${feedPath(feedId, secret)}`;
  return { url, webcalUrl: url.replace(/^https?:/, 'webcal:') };
};

const DAY = 24 * 60 * 60_000;

/** Secret calendar feeds over HTTP: the commands and list behind the authorizer, the .ics without a token. */
export const calendarFeedOperations = (dependencies: DependencySource): CalendarFeedOperations => {
  let index: ActivityIndex | undefined;
  const feeds = calendarFeedService(dependencies, () => (index ??= new ActivityIndex(dependencies().db, dependencies().readModels)));
  // One answer for every wrong URL (unknown feed, wrong secret, revoked, deactivated owner): nothing to tell them apart.
  const noFeed = () => new HttpProblem(404, 'not-found', 'Not found', 'no such calendar feed');

  return {
    createCalendarFeed: async ({ actor, body, ...request }) => {
      const idempotency = idempotencyOf(actor, request);
      // Before the command: a malformed Host must not leave a feed behind whose URL nobody was given.
      requestOrigin(request.host);
      const outcome = await feeds.createFeed(commandContextOf(actor, request), body ?? {}, idempotency ? { idempotency } : {});
      // No Location: a feed has no URL of its own but the secret one, which is in the body.
      return answer(outcome, ({ feed, secret }) => json(201, { ...feed, ...feedUrls(request.host, feed.id, secret) }, { 'cache-control': 'no-store' }));
    },
    listCalendarFeeds: async ({ actor }) => json(200, { items: await feeds.listFeeds(actor) }),
    revokeCalendarFeed: async ({ actor, params, ...request }) => {
      await feeds.revokeFeed(commandContextOf(actor, request), params.id);
      return { statusCode: 204, headers: {}, body: '' };
    },
    getCalendarFeedIcs: async ({ params, headers }) => {
      const calendar = await feeds.readFeed(params.id, params.secret);
      if (!calendar) throw noFeed();
      const now = Date.parse(dependencies().now());
      const body = feedIcs(calendar, {
        fromYear: new Date(now - (feedDaysBack + 1) * DAY).getUTCFullYear(),
        toYear: new Date(now + (feedDaysAhead + 1) * DAY).getUTCFullYear(),
      });
      const tag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
      const cache = {
        etag: tag,
        'last-modified': new Date(calendar.lastModified).toUTCString(),
        // The URL is a credential: no shared caches, no referrers, no search engines.
        'cache-control': 'private, max-age=300',
        'referrer-policy': 'no-referrer',
        'x-robots-tag': 'noindex',
      };
      if (headers['if-none-match'] === tag) return { statusCode: 304, headers: cache, body: '' };
      return { statusCode: 200, headers: { 'content-type': 'text/calendar; charset=utf-8', ...cache }, body };
    },
  };
};
