import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { streamKey } from '../../adapters/dynamodb/event-keys.ts';
import { commit, opened } from '../support/commit-fixtures.ts';
import { testDependencies, uniqueTenant } from '../support/dynamo.ts';
import { describeEventStoreContract } from '../support/event-store-contract.ts';

/** The DynamoDB event store held to the port's contract, on DynamoDB Local (a tenant per test). */
const { db, eventsTable, eventStore } = testDependencies();

describeEventStoreContract('DynamoDB', () => eventStore);

describe('the DynamoDB store the contract runs against', () => {
  it('writes its commits to the events table itself, as event items under the tenant-first key', async () => {
    const tenant = uniqueTenant();
    await eventStore.commit(commit(tenant, [{ aggregateType: 'ticket', aggregateId: 'a', expectedVersion: 0, events: [opened('a')] }]));
    const { Item } = await db.send(new GetCommand({ TableName: eventsTable, Key: { pk: streamKey(tenant, 'ticket', 'a'), version: 1 }, ConsistentRead: true }));
    expect(Item).toMatchObject({ kind: 'event', tenant, type: 'TicketOpened', aggregateId: 'a' });
  });
});
