import { leadDecider } from '../../domain/directory/lead.ts';
import type { Actor } from '../../domain/shared/actor.ts';
import type { ActivityEvent, RelatedRecord } from '../../events/activities/activity-events.ts';
import type { LeadEvent } from '../../events/directory/lead-events.ts';
import type { StoredEvent } from '../../events/envelope.ts';
import type { ApplicationDependencySource } from '../ports/application-dependencies.ts';
import { recorded } from '../shared/recorded.ts';
import { activityService } from './activity-service.ts';

type LeadConverted = Extract<LeadEvent, { type: 'LeadConverted' }>;

/** The open activities related to a record (the calendar read model's related-record index). */
export type OpenActivitiesRelatedTo = (tenant: string, related: RelatedRecord) => Promise<readonly { readonly id: string }[]>;

/** What a converted lead's activities follow: the contact it became, or the company of a company-only conversion. */
const successor = (converted: { readonly companyId: string; readonly contactId: string | null }): RelatedRecord =>
  converted.contactId !== null ? { kind: 'contact', id: converted.contactId } : { kind: 'company', id: converted.companyId };

/** The lead an activity event newly relates the activity to, if any. */
const leadNamedBy = (event: StoredEvent): RelatedRecord | null => {
  const activity = event as StoredEvent & ActivityEvent;
  const related =
    activity.type === 'ActivityScheduled' ? activity.data.details.related : activity.type === 'ActivityDetailsChanged' ? activity.data.changes.related : undefined;
  return related?.kind === 'lead' ? related : null;
};

/**
 * Policy "a converted lead's open activities follow it" (`ActivityRelinked` to the contact it
 * became, one commit per activity), from both sides so that neither order of arrival loses one:
 * - `LeadConverted`: the open activities related to the lead, from the related-record index;
 * - an activity scheduled on (or re-related to) a lead: the lead's own log, read strongly
 *   consistently, says whether it is already converted — this also catches an activity committed just
 *   before the conversion that the index did not show yet.
 * Idempotent: the decider relinks only an open activity that still points at the lead, so a
 * redelivered event, or both sides firing, changes it once. Returns how many activities it examined
 * (and the converted lead, when it relinked any on its conversion).
 */
export const relinkLeadActivities = async (
  dependencies: ApplicationDependencySource,
  openRelatedTo: OpenActivitiesRelatedTo,
  event: StoredEvent,
): Promise<{ examined: number; lead?: { leadId: string; contactId: string | null } }> => {
  const tenant = event.meta.tenant;
  const activities = activityService(dependencies);
  // The author of the triggering event, acting through a system policy (the decider checks no ownership for it).
  const actor: Actor = { tenant, userId: event.meta.actor, role: 'admin', groups: [] };
  const relink = (activityId: string, leadId: string, to: RelatedRecord) =>
    activities.relinkActivity({ actor, correlationId: event.meta.correlationId }, activityId, { kind: 'lead', id: leadId }, to);

  if (event.type === 'LeadConverted') {
    const { leadId, contactId, companyId } = (event as StoredEvent & LeadConverted).data;
    const open = await openRelatedTo(tenant, { kind: 'lead', id: leadId });
    for (const activity of open) await relink(activity.id, leadId, successor({ companyId, contactId }));
    return { examined: open.length, lead: { leadId, contactId } };
  }
  const lead = leadNamedBy(event);
  if (lead === null) return { examined: 0 };
  const { events } = await dependencies().eventStore.load(tenant, 'lead', lead.id);
  const state = events.reduce((s, e) => leadDecider.evolve(s, recorded(e)), leadDecider.initialState);
  if (!state?.converted) return { examined: 0 };
  await relink(event.aggregateId, lead.id, successor(state.converted));
  return { examined: 1 };
};
