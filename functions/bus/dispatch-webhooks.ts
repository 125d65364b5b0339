import type { Context, EventBridgeEvent } from 'aws-lambda';
import { eventOfBusDetail } from '../../adapters/eventbridge/publisher.ts';
import { webhookQueueFromEnv } from '../../adapters/queue/webhook-queue.ts';
import { dispatchWebhooks, type DispatcherDependencies } from '../../application/integrations/webhook-dispatcher.ts';
import { dependenciesFromEnv } from '../shared/dependencies.ts';
import { logger } from '../shared/logger.ts';
import { observed } from '../shared/observability.ts';

/**
 * The webhook dispatcher (contract/contexts/integrations.ts `webhookDispatcher`), invoked by its bus
 * rule for every event but the integrations context's own (a source-based rule: the private types of
 * domain/integrations/webhook-event-privacy.ts are filtered by the planning): schedules and queues the
 * deliveries of the event's record up to it, in version order (application/integrations/webhook-dispatcher.ts).
 * An error is thrown, never swallowed: the bus retries, and a retry queues what was committed and redoes
 * what was not finished.
 */
export const createDispatchWebhooksHandler =
  (dependencies: () => DispatcherDependencies & { now: () => string } = () => ({ ...dependenciesFromEnv(), queue: webhookQueueFromEnv() })) =>
  async (event: EventBridgeEvent<string, unknown>, context?: Context): Promise<void> => {
    if (context) logger.addContext(context);
    const stored = eventOfBusDetail(event.detail);
    const deps = dependencies();
    const outcome = await dispatchWebhooks(deps, stored, deps.now());
    if (outcome.kind === 'dispatched' && outcome.deliveries + outcome.requeued > 0) {
      logger.info('scheduled webhook deliveries', { tenant: stored.meta.tenant, aggregateId: stored.aggregateId, ...outcome });
    }
  };

export const handler = observed(createDispatchWebhooksHandler());
