import { randomUUID } from 'node:crypto';
import { CreateTableCommand, DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventsTable, readModelsTable } from '../../../contract/tables.ts';
import { localAwsConfig, startDynamoDbLocal, type DynamoDbLocal } from '../../../local/dynamodb-local.ts';
import { createTableInput, deleteAllTables, ensureTables } from '../../../local/tables.ts';

/**
 * A data folder kept by `npm start` from an older version holds the read models table as it was
 * created then: `ensureTables` adds the GSIs the contract has gained since (gsi4 here), on the items
 * already there, and leaves the rest alone.
 */
/**
 * Its own DynamoDB Local, as `npm start` has: on the suite's shared instance, busy with every other
 * test's writes, the new index's backfill could take longer than the wait allows.
 */
let local: DynamoDbLocal;
let dynamo: DynamoDBClient;
let db: DynamoDBDocumentClient;
beforeAll(async () => {
  local = await startDynamoDbLocal();
  dynamo = new DynamoDBClient({ ...localAwsConfig, endpoint: local.endpoint });
  db = DynamoDBDocumentClient.from(dynamo);
});
afterAll(async () => {
  dynamo?.destroy();
  await local?.stop();
});

/** The read models table as it was before gsi4. */
const withoutGsi4 = {
  ...readModelsTable,
  globalSecondaryIndexes: readModelsTable.globalSecondaryIndexes.filter((index) => index.indexName !== 'gsi4'),
};

const indexNames = async (tableName: string) =>
  ((await dynamo.send(new DescribeTableCommand({ TableName: tableName }))).Table!.GlobalSecondaryIndexes ?? []).map((index) => index.IndexName).sort();

describe('ensureTables on a table from an older contract', () => {
  it('adds the missing gsi4 (ACTIVE, backfilled, queryable), then finds nothing to add', async () => {
    const names = { events: `ev-${randomUUID().slice(0, 8)}`, readModels: `rm-${randomUUID().slice(0, 8)}` };
    await dynamo.send(new CreateTableCommand(createTableInput(eventsTable, names.events)));
    await dynamo.send(new CreateTableCommand(createTableInput(withoutGsi4, names.readModels)));
    expect(await indexNames(names.readModels)).toEqual(['gsi1', 'gsi2', 'gsi3', 'remindersDue']);
    // An item written before the index existed: the new index shows it too.
    await db.send(new PutCommand({ TableName: names.readModels, Item: { pk: 'before', sk: 'list', gsi4pk: 'p', gsi4sk: '1' } }));

    expect(await ensureTables(dynamo, names)).toEqual({
      created: [],
      existing: [names.events, names.readModels],
      indexesAdded: [`${names.readModels}/gsi4`],
    });
    const table = (await dynamo.send(new DescribeTableCommand({ TableName: names.readModels }))).Table!;
    expect(table.GlobalSecondaryIndexes?.map((index) => index.IndexName).sort()).toEqual(['gsi1', 'gsi2', 'gsi3', 'gsi4', 'remindersDue']);
    expect(table.GlobalSecondaryIndexes?.find((index) => index.IndexName === 'gsi4')).toMatchObject({
      IndexStatus: 'ACTIVE',
      KeySchema: [
        { AttributeName: 'gsi4pk', KeyType: 'HASH' },
        { AttributeName: 'gsi4sk', KeyType: 'RANGE' },
      ],
      Projection: { ProjectionType: 'ALL' },
    });

    await db.send(new PutCommand({ TableName: names.readModels, Item: { pk: 'after', sk: 'list', gsi4pk: 'p', gsi4sk: '2', title: 'x' } }));
    const page = await db.send(
      new QueryCommand({ TableName: names.readModels, IndexName: 'gsi4', KeyConditionExpression: 'gsi4pk = :p', ExpressionAttributeValues: { ':p': 'p' } }),
    );
    expect(page.Items).toEqual([
      { pk: 'before', sk: 'list', gsi4pk: 'p', gsi4sk: '1' },
      { pk: 'after', sk: 'list', gsi4pk: 'p', gsi4sk: '2', title: 'x' },
    ]);

    expect(await ensureTables(dynamo, names)).toEqual({ created: [], existing: [names.events, names.readModels], indexesAdded: [] });
    expect(await deleteAllTables(dynamo, names)).toEqual([names.events, names.readModels]);
  });
});
