import type { ActivityEvent, RelatedRecord } from '../../events/activities/activity-events.ts';
import type { Assignee } from '../../events/support/ticket-events.ts';
import { openActivityStatuses, type ActivityStatus } from '../../events/activities/activity-events.ts';
import type { StoredEvent } from '../../events/envelope.ts';
import type { Projection, ReadItem } from '../projection.ts';
import { timelineItem, type RecordRef } from '../timeline/timeline-entry.ts';

/**
 * Activities on the timelines of the records they relate to (the client sheet's history): every
 * event of an activity becomes an entry, kind `activity`, on the timeline of the record it relates
 * to at that moment. A change of the related record (a user's re-relating, the lead-conversion
 * relink) is on both records' timelines; the activity's later events reach only the new one, the
 * earlier ones stay where they happened. A converted lead's entries reach the company and contact it
 * produced through the timeline merge (projections/directory/timelines.ts).
 *
 * Only records that have a timeline get entries (companies, contacts, leads); an activity about a
 * ticket or an opportunity is listed by `GET …/{id}/activities` alone. A rebuild adds the entries of
 * a kind that gains a timeline later.
 */
const timelineKinds: readonly RelatedRecord['kind'][] = ['company', 'contact', 'lead'];

/** What the entries need besides the event: where the activity is, what it is called, whose it is. */
export interface ActivityTimelineRow {
  readonly related: RelatedRecord | null;
  readonly type: string;
  readonly subject: string;
  readonly status: ActivityStatus;
  readonly assignee: Assignee;
  readonly createdBy: string;
}

/**
 * Whose the activity was when the entry's event happened, kept on the entry item (not in the entry):
 * the timeline reader shows a restricted user only the entries of activities that were theirs
 * (domain/activities/activity-policy.ts).
 */
export interface ActivityEntryAccess {
  readonly assignee: Assignee;
  readonly createdBy: string;
}

const isOpen = (status: ActivityStatus): boolean => (openActivityStatuses as readonly ActivityStatus[]).includes(status);

const evolve = (row: ActivityTimelineRow | null, stored: StoredEvent): ActivityTimelineRow | null => {
  const event = stored as StoredEvent & ActivityEvent;
  if (event.type === 'ActivityScheduled') {
    const { details, status, assignee } = event.data;
    return row ?? { related: details.related, type: details.type, subject: details.subject, status, assignee, createdBy: event.meta.actor };
  }
  if (row === null) return null;
  switch (event.type) {
    case 'ActivityDetailsChanged': {
      const { related, type, subject } = event.data.changes;
      return { ...row, ...(related !== undefined ? { related } : {}), ...(type !== undefined ? { type } : {}), ...(subject !== undefined ? { subject } : {}) };
    }
    case 'ActivityStatusChanged':
      return { ...row, status: event.data.to };
    case 'ActivityRelinked':
      return { ...row, related: event.data.to };
    case 'ActivityReassigned':
      return { ...row, assignee: event.data.to };
    default:
      return row;
  }
};

/** `completed`, `not_done` or `reopened` for a status change that closes or reopens; else `status`. */
const statusAction = (from: ActivityStatus, to: ActivityStatus): string => {
  if (to === 'done') return 'completed';
  if (to === 'not_done') return 'not_done';
  return isOpen(from) ? 'status' : 'reopened';
};

/** What the card shows about the event: what happened (`action`) and its particulars. */
const describe = (event: ActivityEvent): Record<string, unknown> => {
  switch (event.type) {
    case 'ActivityScheduled': {
      const { schedule, assignee, status, copiedFrom, previousActivityId } = event.data;
      return {
        action: 'scheduled',
        ...schedule,
        assignee,
        status,
        ...(copiedFrom ? { copiedFrom } : {}),
        ...(previousActivityId ? { previousActivityId } : {}),
      };
    }
    case 'ActivityDetailsChanged':
      return { action: 'changed', fields: Object.keys(event.data.changes) };
    case 'ActivityRescheduled':
      return { action: 'rescheduled', from: event.data.from, to: event.data.to };
    case 'ActivityStatusChanged': {
      const { from, to, outcome, nextActivityId } = event.data;
      return { action: statusAction(from, to), from, to, ...(outcome ? { outcome } : {}), ...(nextActivityId ? { nextActivityId } : {}) };
    }
    case 'ActivityReassigned':
      return { action: 'reassigned', from: event.data.from, to: event.data.to };
    case 'ActivityRelinked':
      return { action: 'relinked', from: event.data.from, to: event.data.to, reason: event.data.reason };
  }
};

const ownerOf = (related: RelatedRecord | null | undefined): RecordRef | null =>
  related && timelineKinds.includes(related.kind) ? { type: related.kind, id: related.id } : null;

const entries = (tenant: string, id: string, before: ActivityTimelineRow | null, after: ActivityTimelineRow | null, stored: StoredEvent): ReadItem[] => {
  if (after === null) return [];
  const event = stored as StoredEvent & ActivityEvent;
  const summary = { activityId: id, type: after.type, subject: after.subject, ...describe(event) };
  const owners = [ownerOf(before?.related), ownerOf(after.related)].filter((owner): owner is RecordRef => owner !== null);
  const unique = owners.filter((owner, i) => owners.findIndex((o) => o.type === owner.type && o.id === owner.id) === i);
  const activityAccess: ActivityEntryAccess = { assignee: after.assignee, createdBy: after.createdBy };
  return unique.map((owner) => ({ ...timelineItem(tenant, owner, stored, { kind: 'activity', summary }), activityAccess }));
};

/** The row is the main item `<tenant>#activity#<id>` / `timeline`; the entries are in the records' partitions. */
export const activityTimelineProjection: Projection<ActivityTimelineRow> = {
  name: 'activity-timeline',
  aggregateType: 'activity',
  evolve,
  key: (tenant, id) => ({ pk: `${tenant}#activity#${id}`, sk: 'timeline' }),
  toItem(tenant, id, row, version): ReadItem {
    return { ...this.key(tenant, id), version, aggregateType: 'activity', aggregateId: id, tenant, row };
  },
  fromItem: (item) => item.row as ActivityTimelineRow,
  entries,
};
