import { describe, expect, it } from 'vitest';
import { activityDecider, remindersOf, type Activity, type ActivityState } from '../../../domain/activities/activity.ts';
import { defaultCatalogues } from '../../../domain/settings/catalogues.ts';
import type { Actor } from '../../../domain/shared/actor.ts';
import type { ActivityEvent } from '../../../events/activities/activity-events.ts';
import { deciderSpec, type GivenEvent } from '../../support/decider-spec.ts';

/** Friday 23 October 2026, 12:00 in Rome (CEST); the clocks go back on Sunday 25 October. */
const now = '2026-10-23T10:00:00.000Z';
const olga: Actor = { tenant: 'acme', userId: 'olga', role: 'standard', groups: [] };
const spec = deciderSpec(activityDecider, { actor: olga, now });
const catalogue = defaultCatalogues['activity-types'];

/** Monday 26 October 09:00 in Rome, CET: 08:00Z. */
const monday = { start: '2026-10-26T08:00:00.000Z', end: '2026-10-26T09:00:00.000Z', dueOn: null };

const scheduled = (reminderOffsets: number[], at?: string): GivenEvent<ActivityEvent> => ({
  type: 'ActivityScheduled',
  data: {
    activityId: 'a1',
    details: { type: 'meeting', subject: 'Review', notes: null, estimatedMinutes: null, related: null, parentId: null, reminderOffsets },
    schedule: monday,
    assignee: { kind: 'user', userId: 'olga' },
    status: 'planned',
  },
  ...(at ? { at } : {}),
});

const reminders = (expected: { offsetMinutes: number; fireAt: string }[]) => (state: ActivityState) =>
  expect(remindersOf(state as Activity)).toEqual(expected);

describe('reminders of an activity (what the view lists and the job sends)', () => {
  it('fire at the start minus the offset as a duration, across the clock change, earliest first', () => {
    spec
      .given([])
      .when({ type: 'ScheduleActivity', data: { activityId: 'a1', type: 'meeting', subject: 'Review', ...monday, reminderOffsets: [15, 1440, 2880], catalogue, known: {} } })
      .then([expect.objectContaining({ type: 'ActivityScheduled' }) as never])
      .andState(
        // Two days before Monday 09:00 CET is Saturday 10:00 CEST: 08:00Z.
        reminders([
          { offsetMinutes: 2880, fireAt: '2026-10-24T08:00:00.000Z' },
          { offsetMinutes: 1440, fireAt: '2026-10-25T08:00:00.000Z' },
          { offsetMinutes: 15, fireAt: '2026-10-26T07:45:00.000Z' },
        ]),
      );
  });

  it('leaves out a fire time already past when it was set; a move sets them again from then', () => {
    // Scheduled on Saturday 24 October 09:00Z: "2 days before" (08:00Z that day) had passed.
    spec
      .given([scheduled([1440, 2880], '2026-10-24T09:00:00.000Z')])
      .when({ type: 'ChangeActivityStatus', data: { status: 'in_progress' } })
      .then([{ type: 'ActivityStatusChanged', data: { activityId: 'a1', from: 'planned', to: 'in_progress' } }])
      .andState(reminders([{ offsetMinutes: 1440, fireAt: '2026-10-25T08:00:00.000Z' }]));
    spec
      .given([scheduled([600, 4320], '2026-10-20T09:00:00.000Z')])
      .when({ type: 'RescheduleActivity', data: { start: '2026-10-28T08:00:00.000Z', end: '2026-10-28T09:00:00.000Z' } })
      .then([expect.objectContaining({ type: 'ActivityRescheduled' }) as never])
      // Three days before the new start (25 October 08:00Z) is after now; ten hours before too.
      .andState(
        reminders([
          { offsetMinutes: 4320, fireAt: '2026-10-25T08:00:00.000Z' },
          { offsetMinutes: 600, fireAt: '2026-10-27T22:00:00.000Z' },
        ]),
      );
  });

  it('none once closed or for a to-do without a time; reopening sets them again from the reopening', () => {
    spec.given([scheduled([15])]).when({ type: 'CompleteActivity', data: { catalogue, known: {} } }).then([expect.anything() as never]).andState(reminders([]));
    spec
      .given([scheduled([15, 4320]), { type: 'ActivityStatusChanged', data: { activityId: 'a1', from: 'planned', to: 'done' } }])
      .when({ type: 'ChangeActivityStatus', data: { status: 'planned' } })
      .then([{ type: 'ActivityStatusChanged', data: { activityId: 'a1', from: 'done', to: 'planned' } }])
      // Reopened on Friday: three days before Monday had passed.
      .andState(reminders([{ offsetMinutes: 15, fireAt: '2026-10-26T07:45:00.000Z' }]));
    spec
      .given([])
      .when({ type: 'ScheduleActivity', data: { activityId: 'a1', type: 'task', subject: 'Offer', dueOn: '2026-10-26', reminderOffsets: [60], catalogue, known: {} } })
      .then([expect.objectContaining({ type: 'ActivityScheduled' }) as never])
      .andState(reminders([]));
  });
});
