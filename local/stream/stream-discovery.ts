import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DescribeStreamCommand, ListStreamsCommand } from '@aws-sdk/client-dynamodb-streams';
import type { DynamoDBStreamsClient, Shard } from '@aws-sdk/client-dynamodb-streams';

/**
 * Finding the table's current stream (its `LatestStreamArn`, or the latest ListStreams entry when no
 * DynamoDB client is given) and its shards. Asked again when the stream goes away (table recreated).
 */

export const resolveStreamArn = async (streamsClient: DynamoDBStreamsClient, tableName: string, dynamoClient: DynamoDBClient | undefined): Promise<string> => {
  if (dynamoClient) {
    const { Table } = await dynamoClient.send(new DescribeTableCommand({ TableName: tableName }));
    if (!Table?.LatestStreamArn) throw new Error(`table ${tableName} has no stream`);
    return Table.LatestStreamArn;
  }
  const streams = [];
  let start: string | undefined;
  do {
    const page = await streamsClient.send(new ListStreamsCommand({ TableName: tableName, ...(start ? { ExclusiveStartStreamArn: start } : {}) }));
    streams.push(...(page.Streams ?? []));
    start = page.LastEvaluatedStreamArn;
  } while (start);
  const latest = streams.filter((stream) => stream.TableName === tableName).sort((a, b) => (a.StreamLabel ?? '').localeCompare(b.StreamLabel ?? '')).at(-1);
  if (!latest?.StreamArn) throw new Error(`table ${tableName} has no stream`);
  return latest.StreamArn;
};

export const describeShards = async (streamsClient: DynamoDBStreamsClient, streamArn: string): Promise<Shard[]> => {
  const shards: Shard[] = [];
  let start: string | undefined;
  do {
    const page = await streamsClient.send(new DescribeStreamCommand({ StreamArn: streamArn, ...(start ? { ExclusiveStartShardId: start } : {}) }));
    shards.push(...(page.StreamDescription?.Shards ?? []));
    start = page.StreamDescription?.LastEvaluatedShardId;
  } while (start);
  return shards;
};
