import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';
import { eventFromItem, isEventItem } from '../../adapters/dynamodb/event-store.ts';
import type { StoredEvent } from '../../events/envelope.ts';

/**
 * The event an events-table stream record carries, validated and upcast; `null` for records that
 * are not inserted events (counters, claims, idempotency records, TTL deletions). The event-source
 * mapping's filter already drops those in AWS; this keeps the handlers safe without it.
 */
export const eventOfRecord = (record: DynamoDBRecord): StoredEvent | null => {
  const image = record.dynamodb?.NewImage;
  if (record.eventName !== 'INSERT' || !image) return null;
  const item = unmarshall(image as Record<string, AttributeValue>);
  return isEventItem(item) ? eventFromItem(item) : null;
};
