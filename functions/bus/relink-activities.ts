import type { Context, EventBridgeEvent } from 'aws-lambda';
import { eventOfBusDetail } from '../../adapters/eventbridge/publisher.ts';
import { ActivityIndex } from '../../adapters/dynamodb/activity-index.ts';
import { relinkLeadActivities as relinkPolicy } from '../../application/activities/lead-conversion-policy.ts';
import type { RelatedRecord } from '../../events/activities/activity-events.ts';
import type { StoredEvent } from '../../events/envelope.ts';
import { dependenciesFromEnv, type DependencySource } from '../shared/dependencies.ts';
import { logger } from '../shared/logger.ts';
import { observed } from '../shared/observability.ts';

/**
 * The policy "a converted lead's open activities follow it" (application/activities/lead-conversion-policy.ts)
 * on the calendar read model's related-record index. Returns how many activities it examined.
 */
export const relinkLeadActivities = async (dependencies: DependencySource, event: StoredEvent): Promise<number> => {
  const openRelatedTo = (tenant: string, related: RelatedRecord) => new ActivityIndex(dependencies().db, dependencies().readModels).openRelatedTo(tenant, related);
  const { examined, lead } = await relinkPolicy(dependencies, openRelatedTo, event);
  if (lead && examined > 0) logger.info('relinked a converted lead’s activities', { tenant: event.meta.tenant, leadId: lead.leadId, contactId: lead.contactId, activities: examined });
  return examined;
};

/**
 * Invoked by the bus rule of `contract/bus-rules.ts` (asynchronously: EventBridge and Lambda retry, then
 * the dead-letter queue). Delivery is at least once; the policy is idempotent, so a redelivered
 * event changes nothing. An error is thrown, never swallowed: the retry is what makes a failed relink
 * happen after all.
 */
export const createRelinkHandler = (dependencies: DependencySource = dependenciesFromEnv) =>
  async (event: EventBridgeEvent<string, unknown>, context?: Context): Promise<void> => {
    if (context) logger.addContext(context);
    await relinkLeadActivities(dependencies, eventOfBusDetail(event.detail));
  };

export const handler = observed(createRelinkHandler());
