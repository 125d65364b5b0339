import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { resourceEnv } from '../../contract/tables.ts';
import { awsClient } from '../aws/instrument-client.ts';

/**
 * The document client every DynamoDB adapter uses. The endpoint comes from the standard
 * `AWS_ENDPOINT_URL_DYNAMODB` variable, so the local cloud points the same code at DynamoDB Local.
 */
export const createDocumentClient = (client: DynamoDBClient = new DynamoDBClient({})): DynamoDBDocumentClient =>
  DynamoDBDocumentClient.from(awsClient(client), {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
  });

export interface TableNames {
  readonly events: string;
  readonly readModels: string;
}

const required = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`environment variable ${name} is not set`);
  return value;
};

export const tableNamesFromEnv = (): TableNames => ({
  events: required(resourceEnv.eventsTable),
  readModels: required(resourceEnv.readModelsTable),
});

/** Physical table names the local cloud and the tests use (CDK names them in AWS). */
export const localTableNames: TableNames = { events: 'cronaca-events', readModels: 'cronaca-read-models' };
