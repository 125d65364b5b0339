import type { ReadModelStore } from '../../../adapters/dynamodb/read-model-store.ts';
import type { EventStore } from '../../../adapters/dynamodb/event-store.ts';
import { canSeeOwned } from '../../../domain/directory/company-policy.ts';
import { canSeeContact } from '../../../domain/directory/contact-policy.ts';
import { canSeeLead } from '../../../domain/directory/lead.ts';
import { activityDecider, type KnownReferences } from '../../../domain/activities/activity.ts';
import { canSeeActivity } from '../../../domain/activities/activity-policy.ts';
import type { PeopleDirectory } from '../../../domain/access/people.ts';
import type { Actor } from '../../../domain/shared/actor.ts';
import { canSeeTicket } from '../../../domain/support/ticket-policy.ts';
import type { RelatedRecord } from '../../../events/activities/activity-events.ts';
import type { Assignee } from '../../../events/support/ticket-events.ts';
import { companyListProjection } from '../../../projections/directory/company-list.ts';
import { contactListProjection } from '../../../projections/directory/contact-list.ts';
import { leadListProjection } from '../../../projections/directory/lead-list.ts';
import { ticketListProjection } from '../../../projections/support/ticket-list.ts';
import { recorded } from '../../shared/recorded.ts';

export interface ReferenceSources {
  readonly readModels: ReadModelStore;
  readonly eventStore: EventStore;
  readonly people: PeopleDirectory;
}

/**
 * Whether a related record exists and the actor sees it (an invisible record reads as unknown): the
 * directory's and the tickets' list items. Opportunities have no read model yet, so none is known.
 */
const relatedExists = async (sources: ReferenceSources, actor: Actor, related: RelatedRecord): Promise<boolean> => {
  const { readModels } = sources;
  const tenant = actor.tenant;
  switch (related.kind) {
    case 'company': {
      const item = await readModels.get(companyListProjection.key(tenant, related.id));
      return item !== null && canSeeOwned(actor, companyListProjection.fromItem(item));
    }
    case 'contact': {
      const item = await readModels.get(contactListProjection.key(tenant, related.id));
      return item !== null && canSeeContact(actor, contactListProjection.fromItem(item));
    }
    case 'lead': {
      const item = await readModels.get(leadListProjection.key(tenant, related.id));
      return item !== null && canSeeLead(actor, leadListProjection.fromItem(item));
    }
    case 'ticket': {
      const item = await readModels.get(ticketListProjection.key(tenant, related.id));
      return item !== null && canSeeTicket(actor, ticketListProjection.fromItem(item));
    }
    case 'opportunity':
      return false;
  }
};

/** An active user, or a group, of the tenant. */
export const assigneeExists = async (people: PeopleDirectory, tenant: string, assignee: Assignee): Promise<boolean> => {
  if (assignee.kind === 'group') return (await people.group(tenant, assignee.groupId)) !== undefined;
  const user = await people.user(tenant, assignee.userId);
  return user !== undefined && user.active;
};

/** The parent activity, from its own log (strongly consistent): it must exist and be visible. */
const parentExists = async (sources: ReferenceSources, actor: Actor, parentId: string): Promise<boolean> => {
  const { events } = await sources.eventStore.load(actor.tenant, 'activity', parentId);
  const parent = events.reduce((s, e) => activityDecider.evolve(s, recorded(e)), activityDecider.initialState);
  return parent !== null && canSeeActivity(actor, parent);
};

/**
 * Looks up, in parallel, the references a command names — only those — for the decision to check
 * (`KnownReferences`); the decider refuses the unknown ones with 422 naming the field.
 */
export const lookUpReferences = async (
  sources: ReferenceSources,
  actor: Actor,
  named: { related?: RelatedRecord | null; assignee?: Assignee | null; parentId?: string | null },
): Promise<KnownReferences> => {
  const [related, assignee, parent] = await Promise.all([
    named.related ? relatedExists(sources, actor, named.related) : undefined,
    named.assignee ? assigneeExists(sources.people, actor.tenant, named.assignee) : undefined,
    named.parentId ? parentExists(sources, actor, named.parentId) : undefined,
  ]);
  return {
    ...(related !== undefined ? { related } : {}),
    ...(assignee !== undefined ? { assignee } : {}),
    ...(parent !== undefined ? { parent } : {}),
  };
};
