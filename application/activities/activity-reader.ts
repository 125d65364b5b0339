import { activityDecider, type Activity } from '../../domain/activities/activity.ts';
import { canSeeActivity } from '../../domain/activities/activity-policy.ts';
import type { Decider, DomainEvent } from '../../domain/shared/decider.ts';
import type { RecordReader } from '../shared/record-reads.ts';

export const activityReader: RecordReader<Activity> = {
  aggregateType: 'activity',
  decider: activityDecider as unknown as Decider<never, Activity | null, DomainEvent>,
  canSee: canSeeActivity,
  label: 'activity',
};
