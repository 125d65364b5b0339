import type { Context, EventBridgeEvent } from 'aws-lambda';
import { eventOfBusDetail } from '../../adapters/eventbridge/publisher.ts';
import { notifyUsers } from '../../application/collaboration/notifier.ts';
import { dependenciesFromEnv, type DependencySource } from '../shared/dependencies.ts';
import { logger } from '../shared/logger.ts';
import { observed } from '../shared/observability.ts';

/**
 * The collaboration notifier (contract/contexts/collaboration.ts `collaborationNotifier`), invoked by
 * its bus rule: the system's direct messages for assignments by someone else, accepted quotes and
 * board mentions (application/collaboration/notifier.ts). Delivery is at least once and the messages
 * are idempotent per source event; an error is thrown, never swallowed, so the retry sends them.
 */
export const createNotifyUsersHandler = (dependencies: DependencySource = dependenciesFromEnv) =>
  async (event: EventBridgeEvent<string, unknown>, context?: Context): Promise<void> => {
    if (context) logger.addContext(context);
    const stored = eventOfBusDetail(event.detail);
    const sent = await notifyUsers(dependencies, stored);
    if (sent > 0) logger.info('sent system messages', { tenant: stored.meta.tenant, eventType: stored.type, aggregateId: stored.aggregateId, sent });
  };

export const handler = observed(createNotifyUsersHandler());
