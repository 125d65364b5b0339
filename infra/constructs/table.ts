import type { RemovalPolicy } from 'aws-cdk-lib';
import { AttributeType, BillingMode, ProjectionType, StreamViewType, Table, TableEncryption } from 'aws-cdk-lib/aws-dynamodb';
import type { Construct } from 'constructs';
import type { AttributeType as ContractAttributeType, KeyDefinition, TableDefinition } from '../../contract/tables.ts';

const attributeType = (type: ContractAttributeType): AttributeType =>
  type === 'S' ? AttributeType.STRING : AttributeType.NUMBER;

const key = (k: KeyDefinition) => ({ name: k.name, type: attributeType(k.type) });

export interface TableFromDefinitionOptions {
  readonly tableName: string;
  readonly removalPolicy: RemovalPolicy;
  readonly deletionProtection: boolean;
}

/**
 * Turns a `contract/tables.ts` definition into a DynamoDB table: keys, GSIs, stream and TTL all come
 * from the definition; this function only adds the operational settings every Cronaca table shares
 * (on-demand billing, point-in-time recovery, AWS-managed KMS encryption).
 */
export const tableFromDefinition = (
  scope: Construct,
  id: string,
  definition: TableDefinition,
  options: TableFromDefinitionOptions,
): Table => {
  const table = new Table(scope, id, {
    tableName: options.tableName,
    partitionKey: key(definition.partitionKey),
    sortKey: key(definition.sortKey),
    billingMode: BillingMode.PAY_PER_REQUEST,
    pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
    encryption: TableEncryption.AWS_MANAGED,
    deletionProtection: options.deletionProtection,
    removalPolicy: options.removalPolicy,
    ...(definition.stream === 'NEW_IMAGE' ? { stream: StreamViewType.NEW_IMAGE } : {}),
    ...(definition.timeToLiveAttribute ? { timeToLiveAttribute: definition.timeToLiveAttribute } : {}),
  });
  for (const index of definition.globalSecondaryIndexes) {
    table.addGlobalSecondaryIndex({
      indexName: index.indexName,
      partitionKey: key(index.partitionKey),
      sortKey: key(index.sortKey),
      projectionType: ProjectionType.ALL,
    });
  }
  return table;
};

/** ARNs of the table and of each of its indexes, named (no `index/*` wildcard). */
export const tableAndIndexArns = (table: Table, definition: TableDefinition): string[] => [
  table.tableArn,
  ...definition.globalSecondaryIndexes.map((index) => `${table.tableArn}/index/${index.indexName}`),
];

/** `ReadModels` -> `read-models`. */
export const kebab = (id: string): string => id.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();

/** Physical name: `cronaca-<stage>-<kebab(id)>`, e.g. `cronaca-dev-read-models` (locally `cronaca-read-models`). */
export const physicalTableName = (stage: string, definition: TableDefinition): string =>
  `cronaca-${stage}-${kebab(definition.id)}`;
