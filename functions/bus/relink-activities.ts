import type { Context, EventBridgeEvent } from 'aws-lambda';
import { eventOfBusDetail } from '../../adapters/eventbridge/publisher.ts';
import { leadDecider } from '../../domain/directory/lead.ts';
import type { Actor } from '../../domain/shared/actor.ts';
import type { ActivityEvent, RelatedRecord } from '../../events/activities/activity-events.ts';
import type { StoredEvent } from '../../events/envelope.ts';
import type { LeadEvent } from '../../events/directory/lead-events.ts';
import { ActivityIndex } from '../../adapters/dynamodb/activity-index.ts';
import { dependenciesFromEnv, type DependencySource } from '../shared/dependencies.ts';
import { logger } from '../shared/logger.ts';
import { recorded } from '../../application/shared/recorded.ts';
import { activityService } from '../../application/activities/activity-service.ts';

type LeadConverted = Extract<LeadEvent, { type: 'LeadConverted' }>;

/** What a converted lead's activities follow: the contact it became, or the company of a company-only conversion. */
const successor = (converted: { readonly companyId: string; readonly contactId: string | null }): RelatedRecord =>
  converted.contactId !== null ? { kind: 'contact', id: converted.contactId } : { kind: 'company', id: converted.companyId };

const relink = (dependencies: DependencySource, event: StoredEvent, activityId: string, leadId: string, to: RelatedRecord) => {
  // The author of the triggering event, acting through a system policy (the decider checks no ownership for it).
  const actor: Actor = { tenant: event.meta.tenant, userId: event.meta.actor, role: 'admin', groups: [] };
  return activityService(dependencies).relinkActivity({ actor, correlationId: event.meta.correlationId }, activityId, { kind: 'lead', id: leadId }, to);
};

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
 * redelivered record, or both sides firing, changes it once. Returns how many activities it examined.
 */
export const relinkLeadActivities = async (dependencies: DependencySource, event: StoredEvent): Promise<number> => {
  const tenant = event.meta.tenant;
  if (event.type === 'LeadConverted') {
    const { leadId, contactId, companyId } = (event as StoredEvent & LeadConverted).data;
    const { db, readModels } = dependencies();
    const open = await new ActivityIndex(db, readModels).openRelatedTo(tenant, { kind: 'lead', id: leadId });
    for (const activity of open) await relink(dependencies, event, activity.id, leadId, successor({ companyId, contactId }));
    if (open.length > 0) logger.info('relinked a converted lead’s activities', { tenant, leadId, contactId, activities: open.length });
    return open.length;
  }
  const lead = leadNamedBy(event);
  if (lead === null) return 0;
  const { events } = await dependencies().eventStore.load(tenant, 'lead', lead.id);
  const state = events.reduce((s, e) => leadDecider.evolve(s, recorded(e)), leadDecider.initialState);
  if (!state?.converted) return 0;
  await relink(dependencies, event, event.aggregateId, lead.id, successor(state.converted));
  return 1;
};

/**
 * Invoked by the bus rule of `contract/bus-rules.ts` (asynchronously: EventBridge and Lambda retry, then
 * the dead-letter queue). Delivery is at least once; the policy above is idempotent, so a redelivered
 * event changes nothing. An error is thrown, never swallowed: the retry is what makes a failed relink
 * happen after all.
 */
export const createRelinkHandler = (dependencies: DependencySource = dependenciesFromEnv) =>
  async (event: EventBridgeEvent<string, unknown>, context?: Context): Promise<void> => {
    if (context) logger.addContext(context);
    await relinkLeadActivities(dependencies, eventOfBusDetail(event.detail));
  };

export const handler = createRelinkHandler();
