import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import type { Context, DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { resourceEnv } from '../../contract/tables.ts';
import { EventBridgePublisher, type EventPublisher } from '../../adapters/eventbridge/publisher.ts';
import type { StoredEvent } from '../../events/envelope.ts';
import { logger } from '../shared/logger.ts';
import { eventOfRecord } from './stream-records.ts';
import { observed } from '../shared/observability.ts';
import { awsClient } from '../../adapters/aws/instrument-client.ts';

/**
 * Events-table stream -> EventBridge. The whole batch goes out in PutEvents calls of ten; entries the
 * bus did not accept (`FailedEntryCount`) become batch item failures from the first of them, so the
 * mapping retries them — and whatever came after, in order. Delivery is at least once: every detail
 * carries an `id` consumers can deduplicate on.
 */
export const createPublishHandler = (deps: { publisher: EventPublisher }) =>
  async (event: DynamoDBStreamEvent, context?: Context): Promise<DynamoDBBatchResponse> => {
    if (context) logger.addContext(context);
    const events: { sequenceNumber: string; event: StoredEvent }[] = [];
    for (const record of event.Records) {
      const stored = eventOfRecord(record);
      if (stored) events.push({ sequenceNumber: record.dynamodb?.SequenceNumber ?? '', event: stored });
    }
    if (events.length === 0) return { batchItemFailures: [] };
    const failed = await deps.publisher.publish(events.map((e) => e.event));
    if (failed.length === 0) return { batchItemFailures: [] };
    const first = Math.min(...failed);
    logger.warn('events not accepted by the bus', { failed: failed.length, firstFailedType: events[first]?.event.type });
    return { batchItemFailures: [{ itemIdentifier: events[first]!.sequenceNumber }] };
  };

let fromEnvironment: ((event: DynamoDBStreamEvent, context?: Context) => Promise<DynamoDBBatchResponse>) | undefined;

export const handler = observed((event: DynamoDBStreamEvent, context?: Context) => {
  if (!fromEnvironment) {
    const busName = process.env[resourceEnv.eventBus];
    if (!busName) throw new Error(`environment variable ${resourceEnv.eventBus} is not set`);
    fromEnvironment = createPublishHandler({ publisher: new EventBridgePublisher(awsClient(new EventBridgeClient({})), busName) });
  }
  return fromEnvironment(event, context);
});
