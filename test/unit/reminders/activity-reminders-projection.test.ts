import { describe, expect, it } from 'vitest';
import type { StoredEvent } from '../../../events/envelope.ts';
import { activityRemindersProjection, reminderSlots, type ActivityReminderRow } from '../../../projections/activities/activity-reminders.ts';

const tenant = 'acme';
let version = 0;
const event = (type: string, at: string, data: Record<string, unknown>): StoredEvent => ({
  aggregateType: 'activity',
  aggregateId: 'a1',
  version: (version += 1),
  type,
  data: { activityId: 'a1', ...data },
  at,
  meta: { tenant, actor: 'olga', commandId: 'c', correlationId: 'c' },
});

const scheduled = (overrides: Record<string, unknown> = {}) =>
  event('ActivityScheduled', '2026-05-01T08:00:00.000Z', {
    details: { type: 'call', subject: 'Call', notes: null, estimatedMinutes: null, related: { kind: 'company', id: 'c1' }, parentId: null, reminderOffsets: [15, 1440, 15] },
    schedule: { start: '2026-05-04T09:00:00.000Z', end: '2026-05-04T10:00:00.000Z', dueOn: null },
    assignee: { kind: 'user', userId: 'anna' },
    status: 'planned',
    ...overrides,
  });

const fold = (...events: StoredEvent[]) => events.reduce(activityRemindersProjection.evolve, null as ActivityReminderRow | null)!;
const satellites = (row: ActivityReminderRow) => activityRemindersProjection.satellites!(tenant, 'a1', row);

describe('activity reminders projection', () => {
  it('one indexed satellite per distinct offset, keyed by fire time and hour bucket', () => {
    const items = satellites(fold(scheduled()));
    expect(items.map((i) => [i.sk, i.dueBucket, i.dueAt])).toEqual([
      ['reminder#15#2026-05-04T08:45:00.000Z#user:anna', 'reminders-due#2026-05-04T08', '2026-05-04T08:45:00.000Z#acme#a1#15'],
      ['reminder#1440#2026-05-03T09:00:00.000Z#user:anna', 'reminders-due#2026-05-03T09', '2026-05-03T09:00:00.000Z#acme#a1#1440'],
    ]);
  });

  it('no reminders without a start, for closed activities, or for fire times before they were set', () => {
    expect(satellites(fold(scheduled({ schedule: { start: null, end: null, dueOn: '2026-05-04' } })))).toEqual([]);
    expect(satellites(fold(scheduled({ status: 'done' })))).toEqual([]);
    const late = fold(scheduled(), event('ActivityRescheduled', '2026-05-04T08:50:00.000Z', { from: {}, to: { start: '2026-05-04T09:00:00.000Z', end: null, dueOn: null } }));
    expect(reminderSlots(late)).toEqual([]);
  });

  it('follows reschedules, reassignments, offset changes, closing and reopening', () => {
    const row = fold(
      scheduled(),
      event('ActivityRescheduled', '2026-05-01T09:00:00.000Z', { from: {}, to: { start: '2026-05-05T09:00:00.000Z', end: null, dueOn: null } }),
      event('ActivityReassigned', '2026-05-01T09:01:00.000Z', { from: {}, to: { kind: 'group', groupId: 'sales' } }),
      event('ActivityDetailsChanged', '2026-05-01T09:02:00.000Z', { changes: { reminderOffsets: [60], subject: 'New' } }),
    );
    expect(satellites(row).map((i) => i.sk)).toEqual(['reminder#60#2026-05-05T08:00:00.000Z#group:sales']);
    const closed = activityRemindersProjection.evolve(row, event('ActivityStatusChanged', '2026-05-01T10:00:00.000Z', { from: 'planned', to: 'not_done' }))!;
    expect(satellites(closed)).toEqual([]);
    const reopened = activityRemindersProjection.evolve(closed, event('ActivityStatusChanged', '2026-05-05T08:30:00.000Z', { from: 'not_done', to: 'planned' }))!;
    expect(satellites(reopened)).toEqual([]); // its only fire time (08:00) passed before the reopening
    const relinked = activityRemindersProjection.evolve(reopened, event('ActivityRelinked', '2026-05-05T08:31:00.000Z', { from: null, to: { kind: 'contact', id: 'p1' }, reason: 'lead_converted' }))!;
    expect(relinked.related).toEqual({ kind: 'contact', id: 'p1' });
  });

  it('indexes nothing but the reminders: the digest reads the calendar projection', () => {
    for (const row of [fold(scheduled()), fold(scheduled({ schedule: { start: null, end: null, dueOn: '2026-05-04' } }))]) {
      const item = activityRemindersProjection.toItem(tenant, 'a1', row, 1);
      expect(Object.keys(item).filter((field) => /^gsi\d/.test(field))).toEqual([]);
      expect(activityRemindersProjection.fromItem(item)).toEqual(row);
    }
  });
});
