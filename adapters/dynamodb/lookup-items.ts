import { createHash } from 'node:crypto';
import { QueryCommand, type DynamoDBDocumentClient, type QueryCommandOutput } from '@aws-sdk/lib-dynamodb';
import type { LookupEntry } from '../../application/ports/event-store.ts';
import { lookupKey } from './event-keys.ts';

/**
 * Lookup items: a strongly consistent "who holds this value" for values that are not unique (a
 * company's normalised name, a contact's e-mail), kept in the events table and written in the same
 * TransactWriteItems as the events that give or drop the value — so a record is findable by its
 * values the moment its commit succeeds, unlike the search index that follows the stream.
 *
 * One item per (value, holder): partition `<tenant>#$lookup#<scope>#<value>`, sort key a 48-bit hash
 * of the holder's id (the table's sort key is numeric), the holder in `owner`. A value shared by any
 * number of records is any number of small items, so no item ever nears DynamoDB's 400 KB limit (a
 * string set of holders on one item would stop at about 10,000 ids). Two holders whose ids hash to the
 * same slot make the second commit fail (probability about n²/2^49 for n holders of one value).
 */

export type { LookupEntry } from '../../application/ports/event-store.ts';

/** The holder's slot in the value's partition: 1 … 2^48 (0 is the singletons' sort key). */
export const lookupSlot = (owner: string): number => createHash('sha256').update(owner).digest().readUIntBE(0, 6) + 1;

/** The `Put` that records a holder; harmless when it already holds the value. */
export const lookupPut = (table: string, tenant: string, entry: LookupEntry, at: string) => ({
  Put: {
    TableName: table,
    Item: {
      pk: lookupKey(tenant, entry.scope, entry.value),
      version: lookupSlot(entry.owner),
      kind: 'lookup',
      scope: entry.scope,
      value: entry.value,
      owner: entry.owner,
      at,
    },
    ConditionExpression: 'attribute_not_exists(pk) OR #owner = :owner',
    ExpressionAttributeNames: { '#owner': 'owner' },
    ExpressionAttributeValues: { ':owner': entry.owner },
  },
});

/** The `Delete` that drops a holder; harmless when it holds nothing there. */
export const lookupDelete = (table: string, tenant: string, entry: LookupEntry) => ({
  Delete: {
    TableName: table,
    Key: { pk: lookupKey(tenant, entry.scope, entry.value), version: lookupSlot(entry.owner) },
    ConditionExpression: 'attribute_not_exists(pk) OR #owner = :owner',
    ExpressionAttributeNames: { '#owner': 'owner' },
    ExpressionAttributeValues: { ':owner': entry.owner },
  },
});

/**
 * The holders of a value, strongly consistent, up to `limit` (a caller verifies each on its own
 * record, so it bounds what it is ready to read).
 */
export const readLookup = async (
  db: DynamoDBDocumentClient,
  table: string,
  tenant: string,
  scope: string,
  value: string,
  limit: number,
): Promise<string[]> => {
  const owners: string[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page: QueryCommandOutput = await db.send(
      new QueryCommand({
        TableName: table,
        KeyConditionExpression: '#pk = :pk',
        ExpressionAttributeNames: { '#pk': 'pk' },
        ExpressionAttributeValues: { ':pk': lookupKey(tenant, scope, value) },
        ConsistentRead: true,
        Limit: limit - owners.length,
        ExclusiveStartKey: startKey,
      }),
    );
    for (const item of page.Items ?? []) owners.push(String(item.owner));
    startKey = page.LastEvaluatedKey;
  } while (startKey && owners.length < limit);
  return owners;
};
