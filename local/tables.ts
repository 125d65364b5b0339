import {
  CreateTableCommand,
  DeleteTableCommand,
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  ResourceInUseException,
  ResourceNotFoundException,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import type { AttributeDefinition, CreateTableCommandInput, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { setTimeout as sleep } from 'node:timers/promises';
import { tables } from '../contract/tables.ts';
import type { KeyDefinition, TableDefinition } from '../contract/tables.ts';
import type { TableNames } from '../adapters/dynamodb/client.ts';

/**
 * The physical name of a contract table: `TableNames` is keyed by the table id with a lower-case
 * first letter (`Events` -> `events`, `ReadModels` -> `readModels`).
 */
export const physicalTableName = (definition: Pick<TableDefinition, 'id'>, names: TableNames): string => {
  const key = `${definition.id.charAt(0).toLowerCase()}${definition.id.slice(1)}`;
  const name = (names as unknown as Record<string, string | undefined>)[key];
  if (!name) throw new Error(`no physical table name for table ${definition.id} (expected TableNames.${key})`);
  return name;
};

/** The CreateTable request for a contract table: keys, GSIs (projection ALL), on-demand, stream. */
export const createTableInput = (definition: TableDefinition, tableName: string): CreateTableCommandInput => {
  const attributes = new Map<string, AttributeDefinition>();
  const add = (key: KeyDefinition): void => {
    attributes.set(key.name, { AttributeName: key.name, AttributeType: key.type });
  };
  add(definition.partitionKey);
  add(definition.sortKey);
  for (const index of definition.globalSecondaryIndexes) {
    add(index.partitionKey);
    add(index.sortKey);
  }
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: [...attributes.values()],
    KeySchema: [
      { AttributeName: definition.partitionKey.name, KeyType: 'HASH' },
      { AttributeName: definition.sortKey.name, KeyType: 'RANGE' },
    ],
    ...(definition.globalSecondaryIndexes.length > 0
      ? {
          GlobalSecondaryIndexes: definition.globalSecondaryIndexes.map((index) => ({
            IndexName: index.indexName,
            KeySchema: [
              { AttributeName: index.partitionKey.name, KeyType: 'HASH' as const },
              { AttributeName: index.sortKey.name, KeyType: 'RANGE' as const },
            ],
            Projection: { ProjectionType: 'ALL' as const },
          })),
        }
      : {}),
    ...(definition.stream ? { StreamSpecification: { StreamEnabled: true, StreamViewType: definition.stream } } : {}),
  };
};

const waitUntilActive = async (client: DynamoDBClient, tableName: string, timeoutMs = 30_000): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
    const indexesActive = (Table?.GlobalSecondaryIndexes ?? []).every((index) => index.IndexStatus === 'ACTIVE');
    if (Table?.TableStatus === 'ACTIVE' && indexesActive) return;
    if (Date.now() > deadline) throw new Error(`table ${tableName} is not ACTIVE after ${timeoutMs} ms`);
    await sleep(100);
  }
};

const ensureTimeToLive = async (client: DynamoDBClient, tableName: string, attributeName: string): Promise<void> => {
  const { TimeToLiveDescription } = await client.send(new DescribeTimeToLiveCommand({ TableName: tableName }));
  const status = TimeToLiveDescription?.TimeToLiveStatus;
  if ((status === 'ENABLED' || status === 'ENABLING') && TimeToLiveDescription?.AttributeName === attributeName) return;
  await client.send(
    new UpdateTimeToLiveCommand({ TableName: tableName, TimeToLiveSpecification: { AttributeName: attributeName, Enabled: true } }),
  );
};

const tableExists = async (client: DynamoDBClient, tableName: string): Promise<boolean> => {
  try {
    await client.send(new DescribeTableCommand({ TableName: tableName }));
    return true;
  } catch (error) {
    if (error instanceof ResourceNotFoundException) return false;
    throw error;
  }
};

export interface EnsureTablesResult {
  readonly created: readonly string[];
  readonly existing: readonly string[];
}

/**
 * Creates every table of `contract/tables.ts` that does not exist yet (idempotent), waits until it
 * is ACTIVE and makes sure TTL is on where the contract names a TTL attribute.
 */
export const ensureTables = async (
  client: DynamoDBClient,
  names: TableNames,
  definitions: readonly TableDefinition[] = tables,
): Promise<EnsureTablesResult> => {
  const created: string[] = [];
  const existing: string[] = [];
  for (const definition of definitions) {
    const tableName = physicalTableName(definition, names);
    if (await tableExists(client, tableName)) {
      existing.push(tableName);
    } else {
      try {
        await client.send(new CreateTableCommand(createTableInput(definition, tableName)));
        created.push(tableName);
      } catch (error) {
        // Someone else created it in the meantime.
        if (!(error instanceof ResourceInUseException)) throw error;
        existing.push(tableName);
      }
    }
    await waitUntilActive(client, tableName);
    if (definition.timeToLiveAttribute) await ensureTimeToLive(client, tableName, definition.timeToLiveAttribute);
  }
  return { created, existing };
};

/** Deletes the contract tables that exist (used by `--fresh` when the data folder is kept). */
export const deleteAllTables = async (
  client: DynamoDBClient,
  names: TableNames,
  definitions: readonly TableDefinition[] = tables,
): Promise<string[]> => {
  const deleted: string[] = [];
  for (const definition of definitions) {
    const tableName = physicalTableName(definition, names);
    try {
      await client.send(new DeleteTableCommand({ TableName: tableName }));
      deleted.push(tableName);
    } catch (error) {
      if (!(error instanceof ResourceNotFoundException)) throw error;
    }
  }
  return deleted;
};
