import { randomUUID } from 'node:crypto';
import type { EventStore } from '../../adapters/dynamodb/event-store.ts';
import type { UserProfile } from '../../domain/access/people.ts';
import type { ActivityDetails, ActivitySchedule, ActivityStatus } from '../../events/activities/activity-events.ts';
import type { Assignee } from '../../events/support/ticket-events.ts';
import type { Projector } from '../../projections/projector.ts';

const halfHourAfter = (instant: string) => new Date(Date.parse(instant) + 30 * 60_000).toISOString();

/**
 * Activity histories for the reminders' tests, appended straight to the event store (the activity
 * decider is the activities context's) and projected like the stream would: through every activity
 * projection (the reminders' due index, the calendar the digest reads).
 */
export const activityHistory = (store: EventStore, projector: Projector, tenant: string) => {
  const append = async (activityId: string, at: string, type: string, data: unknown) => {
    const { version } = await store.load(tenant, 'activity', activityId);
    await store.commit({
      tenant,
      at,
      meta: { actor: 'olga', commandId: randomUUID(), correlationId: 'test' },
      streams: [{ aggregateType: 'activity', aggregateId: activityId, expectedVersion: version, events: [{ type, data }] }],
    });
    const { events } = await store.load(tenant, 'activity', activityId);
    await projector.project(events.at(-1)!);
  };
  return {
    schedule: async (input: {
      at: string;
      start: string | null;
      end?: string | null;
      dueOn?: string | null;
      assignee: Assignee;
      offsets?: number[];
      subject?: string;
      status?: ActivityStatus;
      related?: ActivityDetails['related'];
      activityId?: string;
    }): Promise<string> => {
      const activityId = input.activityId ?? randomUUID();
      await append(activityId, input.at, 'ActivityScheduled', {
        activityId,
        details: {
          type: 'meeting',
          subject: input.subject ?? 'Riunione',
          notes: null,
          estimatedMinutes: null,
          related: input.related ?? null,
          parentId: null,
          reminderOffsets: input.offsets ?? [15],
        },
        // A timed activity has an end, as the decider requires (default: half an hour after its start).
        schedule: { start: input.start, end: input.end ?? (input.start === null ? null : halfHourAfter(input.start)), dueOn: input.dueOn ?? null },
        assignee: input.assignee,
        status: input.status ?? 'planned',
      });
      return activityId;
    },
    reschedule: (activityId: string, at: string, from: ActivitySchedule, to: ActivitySchedule) =>
      append(activityId, at, 'ActivityRescheduled', { activityId, from, to }),
    changeStatus: (activityId: string, at: string, from: ActivityStatus, to: ActivityStatus) =>
      append(activityId, at, 'ActivityStatusChanged', { activityId, from, to }),
    reassign: (activityId: string, at: string, from: Assignee, to: Assignee) => append(activityId, at, 'ActivityReassigned', { activityId, from, to }),
    changeDetails: (activityId: string, at: string, changes: Partial<ActivityDetails>) =>
      append(activityId, at, 'ActivityDetailsChanged', { activityId, changes }),
  };
};

export const person = (tenant: string, userId: string, overrides: Partial<UserProfile> = {}): UserProfile => ({
  tenant,
  userId,
  name: userId[0]!.toUpperCase() + userId.slice(1),
  email: `${userId}@example.com`,
  timezone: 'Europe/Rome',
  locale: 'it',
  role: 'standard',
  groups: [],
  active: true,
  ...overrides,
});
