import { describe, expect, it } from 'vitest';
import { calendarFeedService } from '../../../application/collaboration/calendar-feed-service.ts';
import type { ActivityIndexReads, IndexRange } from '../../../application/ports/activity-index.ts';
import type { PeopleDirectory, UserProfile } from '../../../domain/access/people.ts';
import type { Actor } from '../../../domain/shared/actor.ts';
import type { Assignee } from '../../../events/support/ticket-events.ts';
import type { CalendarRow } from '../../../projections/activities/activity-calendar.ts';
import { failure, memoryDependencies, unused } from '../../support/memory-dependencies.ts';

const now = '2026-03-10T09:00:00.000Z';
const olga: Actor = { tenant: 't1', userId: 'olga', role: 'restricted', groups: ['sales'] };
const profile = (change: Partial<UserProfile> = {}): UserProfile => ({
  tenant: 't1', userId: 'olga', name: 'Olga', email: 'o@x', timezone: 'Europe/Warsaw', locale: 'pl', role: 'restricted', groups: ['sales'], active: true, ...change,
});
const row = (id: string, assignee: Assignee, createdBy = 'ada'): CalendarRow => ({
  id, type: 'call', subject: id, status: 'planned', schedule: { start: '2026-03-12T09:00:00.000Z', end: '2026-03-12T10:00:00.000Z', dueOn: null },
  assignee, related: null, createdBy, updatedAt: '2026-03-01T00:00:00.000Z', closedAt: null, outcome: null,
});

/** An activity index holding rows per assignee, recording the ranges asked for. */
const indexWith = (rows: CalendarRow[]) => {
  const ranges: { assignee: Assignee; range: IndexRange }[] = [];
  const index = {
    ...unused<ActivityIndexReads>('index'),
    calendar: async (_tenant: string, assignee: Assignee, range: IndexRange) => {
      ranges.push({ assignee, range });
      const key = JSON.stringify(assignee);
      return { rows: rows.filter((r) => JSON.stringify(r.assignee) === key), readUnits: 1, itemsRead: 1 };
    },
  } as ActivityIndexReads;
  return { index, ranges };
};

const setup = (user: UserProfile | undefined = profile(), rows: CalendarRow[] = []) => {
  const people = { ...unused<PeopleDirectory>('people'), user: async () => user } as PeopleDirectory;
  const { source } = memoryDependencies(now, { people });
  const { index, ranges } = indexWith(rows);
  let draws = 0;
  const service = calendarFeedService(source, () => index, (n) => Buffer.alloc(n, ++draws));
  const context = { actor: olga, correlationId: 'c1' };
  return { service, context, ranges };
};

describe('calendar feed service', () => {
  it('reads the owner’s calendar over the window in their zone; their groups’ only when asked, as the owner sees them', async () => {
    const rows = [row('mine', { kind: 'user', userId: 'olga' }), row('group-theirs', { kind: 'group', groupId: 'sales' }, 'olga'), row('group-other', { kind: 'group', groupId: 'sales' })];
    const { service, context, ranges } = setup(profile(), rows);
    const plain = (await service.createFeed(context, {})).result;
    const groups = (await service.createFeed(context, { includeGroups: true, name: 'All' })).result;
    const read = await service.readFeed(plain.feed.id, plain.secret);
    expect(read?.timezone).toBe('Europe/Warsaw');
    expect(read?.rows.map((r) => r.id)).toEqual(['mine']);
    expect(ranges[0]!.range).toMatchObject({ firstDay: '2026-01-09', lastDay: '2027-03-10' });
    // The group's activities are hers too (canSeeActivity: a member's own), whoever created them.
    expect((await service.readFeed(groups.feed.id, groups.secret))?.rows.map((r) => r.id).sort()).toEqual(['group-other', 'group-theirs', 'mine']);
  });

  it('answers null alike for a wrong secret, another feed’s secret, garbage, a revoked feed and a deactivated owner', async () => {
    const { service, context } = setup();
    const a = (await service.createFeed(context, {})).result;
    const b = (await service.createFeed(context, {})).result;
    expect(await service.readFeed(a.feed.id, b.secret)).toBeNull();
    expect(await service.readFeed(a.feed.id, `${a.secret.slice(0, -1)}B`)).toBeNull();
    expect(await service.readFeed(a.feed.id, 'garbage')).toBeNull();
    expect(await service.readFeed('nope', a.secret)).toBeNull();
    // Malformed: the edge lets any string through, so that these are the same 404 too.
    expect(await service.readFeed('not an id #1', a.secret)).toBeNull();
    expect(await service.readFeed(a.feed.id, `${a.secret}${'A'.repeat(1000)}`)).toBeNull();
    expect(await service.readFeed(a.feed.id, '')).toBeNull();
    await service.revokeFeed(context, a.feed.id);
    expect(await service.readFeed(a.feed.id, a.secret)).toBeNull();
    expect(await service.listFeeds(olga)).toEqual([b.feed]);
    const inactive = setup(profile({ active: false }));
    const c = (await inactive.service.createFeed(inactive.context, {})).result;
    expect(await inactive.service.readFeed(c.feed.id, c.secret)).toBeNull();
  });

  it('never records the secret, only its hash', async () => {
    const people = { ...unused<PeopleDirectory>('people'), user: async () => profile() } as PeopleDirectory;
    const { source, eventStore } = memoryDependencies(now, { people });
    const service = calendarFeedService(source, () => indexWith([]).index);
    const { secret } = (await service.createFeed({ actor: olga, correlationId: 'c' }, {})).result;
    const stream = await eventStore.load('t1', 'calendar-feeds', 'olga');
    expect(JSON.stringify(stream.events)).not.toContain(secret.split('.').at(-1)!);
    expect(await failure(service.revokeFeed({ actor: olga, correlationId: 'c' }, 'unknown'))).toMatchObject({ kind: 'not_found' });
  });
});
