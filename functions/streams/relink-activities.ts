import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Context, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { activityDecider } from '../../domain/activities/activity.ts';
import type { Actor } from '../../domain/shared/actor.ts';
import type { StoredEvent } from '../../events/envelope.ts';
import type { LeadEvent } from '../../events/directory/lead-events.ts';
import { ActivityIndex } from '../http/activities/activity-index.ts';
import { dependenciesFromEnv, type DependencySource } from '../shared/dependencies.ts';
import { logger } from '../shared/logger.ts';
import { runCommand } from '../shared/run-command.ts';
import { eventOfRecord } from './stream-records.ts';

type LeadConverted = Extract<LeadEvent, { type: 'LeadConverted' }>;

/**
 * Policy "a converted lead's open activities follow it": on `LeadConverted`, every open activity
 * related to the lead is related to the contact it became (`ActivityRelinked`, one commit per
 * activity). Idempotent: the decider relinks only an activity that still points at the lead, so a
 * redelivered or replayed record changes nothing. The lead's activities are found in the
 * related-record index (read model), so an activity scheduled on the lead a moment before the
 * conversion and not yet projected is missed; see docs.
 */
export const relinkConvertedLead = async (dependencies: DependencySource, event: StoredEvent): Promise<number> => {
  if (event.type !== 'LeadConverted') return 0;
  const { leadId, contactId } = (event as StoredEvent & LeadConverted).data;
  const { db, readModels, eventStore, newId, now } = dependencies();
  const tenant = event.meta.tenant;
  // The conversion's author, acting through a system policy (the decider checks no ownership for it).
  const actor: Actor = { tenant, userId: event.meta.actor, role: 'admin', groups: [] };
  const open = await new ActivityIndex(db, readModels).openRelatedTo(tenant, { kind: 'lead', id: leadId });
  for (const activity of open) {
    await runCommand({
      store: eventStore,
      decider: activityDecider,
      actor,
      aggregateType: 'activity',
      aggregateId: activity.id,
      command: { type: 'RelinkActivity', data: { from: { kind: 'lead', id: leadId }, to: { kind: 'contact', id: contactId }, reason: 'lead_converted' } },
      meta: { commandId: newId(), correlationId: event.meta.correlationId },
      now,
      respond: () => ({ statusCode: 200, headers: {}, body: '' }),
    });
  }
  if (open.length > 0) logger.info('relinked a converted lead’s activities', { tenant, leadId, contactId, activities: open.length });
  return open.length;
};

export const createRelinkHandler = (dependencies: DependencySource = dependenciesFromEnv) => {
  const processor = new BatchProcessor(EventType.DynamoDBStreams);
  const relink = async (record: DynamoDBRecord) => {
    const event = eventOfRecord(record);
    if (event) await relinkConvertedLead(dependencies, event);
  };
  return async (event: DynamoDBStreamEvent, context: Context) => {
    logger.addContext(context);
    return processPartialResponse(event, relink, processor, { context, processInParallel: false });
  };
};

export const handler = createRelinkHandler();
