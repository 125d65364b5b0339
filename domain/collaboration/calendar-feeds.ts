import type { CalendarFeedEvent } from '../../events/collaboration/calendar-feed-events.ts';
import type { Decider } from '../shared/decider.ts';
import { conflict, invalid, notFound } from '../shared/errors.ts';

/** How many live feeds one user may keep (a phone, a laptop, a shared calendar… and room for mistakes). */
export const maxCalendarFeeds = 10;

export interface CalendarFeed {
  readonly id: string;
  readonly name: string | null;
  readonly includeGroups: boolean;
  readonly secretHash: string;
  readonly createdAt: string;
  readonly revokedAt: string | null;
}

/** One user's feeds, in creation order (the stream of `calendar-feeds` under the user's id). */
export interface CalendarFeeds {
  readonly ownerId: string | null;
  readonly feeds: readonly CalendarFeed[];
}

export type CalendarFeedCommand =
  | { type: 'CreateFeed'; data: { feedId: string; ownerId: string; name: string | null; includeGroups: boolean; secretHash: string } }
  | { type: 'RevokeFeed'; data: { feedId: string } };

export const liveFeeds = (state: CalendarFeeds): CalendarFeed[] => state.feeds.filter((feed) => feed.revokedAt === null);

/** The live feed with this id, or null (unknown and revoked alike: a revoked URL must look like a wrong one). */
export const liveFeed = (state: CalendarFeeds, feedId: string): CalendarFeed | null => liveFeeds(state).find((feed) => feed.id === feedId) ?? null;

/**
 * Creating and revoking a user's feeds. Only the owner acts on their stream (the service opens the
 * caller's own stream), so no other user can even name someone else's feed. Revoking twice is
 * nothing (idempotent DELETE); an unknown feed is not found.
 */
export const calendarFeedDecider: Decider<CalendarFeedCommand, CalendarFeeds, CalendarFeedEvent> = {
  initialState: { ownerId: null, feeds: [] },
  decide(command, state, { actor }) {
    switch (command.type) {
      case 'CreateFeed': {
        const { feedId, ownerId, name, includeGroups, secretHash } = command.data;
        if (ownerId !== actor.userId) throw notFound('no such calendar feeds');
        if (name !== null && name.trim() === '') throw invalid('name', 'must not be blank');
        if (state.feeds.some((feed) => feed.id === feedId)) throw conflict(`feed ${feedId} exists`);
        if (liveFeeds(state).length >= maxCalendarFeeds) throw conflict(`at most ${maxCalendarFeeds} calendar feeds: revoke one first`);
        return [{ type: 'CalendarFeedCreated', data: { feedId, ownerId, name: name?.trim() ?? null, includeGroups, secretHash } }];
      }
      case 'RevokeFeed': {
        const feed = state.feeds.find((f) => f.id === command.data.feedId);
        if (!feed) throw notFound(`no calendar feed ${command.data.feedId}`);
        if (feed.revokedAt !== null) return [];
        return [{ type: 'CalendarFeedRevoked', data: { feedId: feed.id } }];
      }
    }
  },
  evolve(state, event) {
    switch (event.type) {
      case 'CalendarFeedCreated': {
        const { feedId, ownerId, name, includeGroups, secretHash } = event.data;
        return { ownerId, feeds: [...state.feeds, { id: feedId, name, includeGroups, secretHash, createdAt: event.at, revokedAt: null }] };
      }
      case 'CalendarFeedRevoked':
        return { ...state, feeds: state.feeds.map((feed) => (feed.id === event.data.feedId ? { ...feed, revokedAt: event.at } : feed)) };
    }
  },
};
