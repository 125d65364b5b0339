import type { EventStorePort } from '../ports/event-store.ts';
import type { KnownReferences } from '../../domain/activities/activity.ts';
import type { PeopleOfRecord } from '../../domain/access/people.ts';
import type { Actor } from '../../domain/shared/actor.ts';
import type { RelatedRecord } from '../../events/activities/activity-events.ts';
import type { Assignee } from '../../events/support/ticket-events.ts';
import { visibleRecord } from '../shared/record-references.ts';
import { assigneeExists } from '../shared/user-references.ts';

export interface ReferenceSources {
  readonly eventStore: EventStorePort;
  /** Users and groups, strongly consistent (`EventStorePeople` unless a test keeps them in memory). */
  readonly people: PeopleOfRecord;
}

/**
 * Whether a related record exists and the actor sees it (an invisible record reads as unknown), from
 * its own log: a record created a moment ago is known at once, whatever the projections' lag.
 */
const relatedExists = async (sources: ReferenceSources, actor: Actor, related: RelatedRecord): Promise<boolean> =>
  (await visibleRecord(sources.eventStore, actor, related.kind, related.id)) !== null;


/**
 * Looks up, in parallel, the references a command names — only those — for the decision to check
 * (`KnownReferences`); the decider refuses the unknown ones as invalid, naming the field.
 */
export const lookUpReferences = async (
  sources: ReferenceSources,
  actor: Actor,
  named: { related?: RelatedRecord | null; assignee?: Assignee | null; parentId?: string | null },
): Promise<KnownReferences> => {
  const [related, assignee, parent] = await Promise.all([
    named.related ? relatedExists(sources, actor, named.related) : undefined,
    named.assignee ? assigneeExists(sources.people, actor.tenant, named.assignee) : undefined,
    named.parentId ? visibleRecord(sources.eventStore, actor, 'activity', named.parentId).then((parent) => parent !== null) : undefined,
  ]);
  return {
    ...(related !== undefined ? { related } : {}),
    ...(assignee !== undefined ? { assignee } : {}),
    ...(parent !== undefined ? { parent } : {}),
  };
};
