import { describe, it } from 'vitest';
import { calendarFeedDecider, maxCalendarFeeds } from '../../../domain/collaboration/calendar-feeds.ts';
import type { Actor } from '../../../domain/shared/actor.ts';
import { deciderSpec } from '../../support/decider-spec.ts';

const now = '2026-03-10T09:00:00.000Z';
const anna: Actor = { tenant: 't1', userId: 'anna', role: 'standard', groups: [] };
const spec = deciderSpec(calendarFeedDecider, { actor: anna, now });

const created = (feedId: string) => ({
  type: 'CalendarFeedCreated' as const,
  data: { feedId, ownerId: 'anna', name: 'Phone', includeGroups: false, secretHash: `hash-${feedId}` },
});
const create = (feedId: string, change: Partial<{ name: string | null; ownerId: string }> = {}) => ({
  type: 'CreateFeed' as const,
  data: { feedId, ownerId: 'anna', name: 'Phone', includeGroups: false, secretHash: `hash-${feedId}`, ...change },
});

describe('calendar feeds decider', () => {
  it('creates a feed with the hash of its secret only', () => {
    spec.given([]).when(create('f1')).then([created('f1')]);
  });
  it('trims the name; a blank name is invalid naming name', () => {
    spec.given([]).when(create('f1', { name: '  Phone ' })).then([created('f1')]);
    spec.given([]).when(create('f1', { name: '   ' })).thenThrows('invalid', { path: 'name' });
  });
  it('opens only the caller’s own stream', () => {
    spec.given([]).when(create('f1', { ownerId: 'bruno' })).thenThrows('not_found');
  });
  it('refuses a feed over the limit until one is revoked', () => {
    const many = Array.from({ length: maxCalendarFeeds }, (_, i) => created(`f${i}`));
    spec.given(many).when(create('fx')).thenThrows('conflict');
    spec.given([...many, { type: 'CalendarFeedRevoked', data: { feedId: 'f0' } }]).when(create('fx')).then([created('fx')]);
  });
  it('revokes a live feed, and revoking again is nothing', () => {
    spec.given([created('f1')]).when({ type: 'RevokeFeed', data: { feedId: 'f1' } }).then([{ type: 'CalendarFeedRevoked', data: { feedId: 'f1' } }]);
    spec.given([created('f1'), { type: 'CalendarFeedRevoked', data: { feedId: 'f1' } }]).when({ type: 'RevokeFeed', data: { feedId: 'f1' } }).thenNothing();
    spec.given([created('f1')]).when({ type: 'RevokeFeed', data: { feedId: 'f1' } }).thenState({ feeds: [{ id: 'f1', revokedAt: now }] });
  });
  it('does not find an unknown feed', () => {
    spec.given([created('f1')]).when({ type: 'RevokeFeed', data: { feedId: 'f2' } }).thenThrows('not_found');
  });
});
