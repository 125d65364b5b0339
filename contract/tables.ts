/**
 * The DynamoDB tables, defined once. `infra/` turns these into CDK tables, `local/` into CreateTable
 * calls against DynamoDB Local, and the adapters read the attribute names from here — so the local
 * stack and the deployed one can never disagree on a key or an index.
 */
export type AttributeType = 'S' | 'N';

export interface KeyDefinition {
  readonly name: string;
  readonly type: AttributeType;
}

export interface IndexDefinition {
  readonly indexName: string;
  readonly partitionKey: KeyDefinition;
  readonly sortKey: KeyDefinition;
}

export interface TableDefinition {
  /** Logical id in CDK and suffix of the physical table name. */
  readonly id: string;
  readonly partitionKey: KeyDefinition;
  readonly sortKey: KeyDefinition;
  readonly globalSecondaryIndexes: readonly IndexDefinition[];
  /** Stream view type, when the table feeds stream consumers. */
  readonly stream?: 'NEW_IMAGE';
  /** Attribute holding an epoch-seconds expiry (DynamoDB TTL). */
  readonly timeToLiveAttribute?: string;
}

/**
 * The event log. Besides events (`kind = event`) it holds the items that must commit atomically with
 * them: sequence counters, unique-key claims and idempotency records (see adapters/dynamodb/event-store).
 */
export const eventsTable = {
  id: 'Events',
  partitionKey: { name: 'pk', type: 'S' },
  sortKey: { name: 'version', type: 'N' },
  globalSecondaryIndexes: [],
  stream: 'NEW_IMAGE',
  timeToLiveAttribute: 'expiresAt',
} as const satisfies TableDefinition;

const index = (n: number): IndexDefinition => ({
  indexName: `gsi${n}`,
  partitionKey: { name: `gsi${n}pk`, type: 'S' },
  sortKey: { name: `gsi${n}sk`, type: 'S' },
});

/**
 * Read models: single-table design with generic GSIs. Which projection uses which index, and how it
 * shapes the keys, is documented next to the projection (projections/*).
 */
export const readModelsTable = {
  id: 'ReadModels',
  partitionKey: { name: 'pk', type: 'S' },
  sortKey: { name: 'sk', type: 'S' },
  globalSecondaryIndexes: [
    index(1),
    index(2),
    index(3),
    // The dashboard's own widgets read their rows here, one Query each: the opportunity list's owned
    // rows by creation time, the quote list's sent rows by operator and expiry (projections/sales/*).
    index(4),
    // Sparse: only reminders not yet delivered carry these keys (projections/activities/activity-reminders.ts).
    { indexName: 'remindersDue', partitionKey: { name: 'dueBucket', type: 'S' }, sortKey: { name: 'dueAt', type: 'S' } },
  ],
} as const satisfies TableDefinition;

export const tables = [eventsTable, readModelsTable] as const;

/** Only inserted events go to stream consumers; counters, claims and idempotency records do not. */
export const eventStreamFilter = {
  eventName: ['INSERT'],
  dynamodb: { NewImage: { kind: { S: ['event'] } } },
} as const;

/** Environment variables through which functions learn their resources. */
export const resourceEnv = {
  eventsTable: 'EVENTS_TABLE',
  readModelsTable: 'READ_MODELS_TABLE',
  dropBucket: 'DROP_BUCKET',
  eventBus: 'EVENT_BUS',
} as const;

/** Environment variables of the integrations context's functions (`infra/` sets them where needed). */
export const integrationEnv = {
  /** The webhook queue (SQS FIFO URL; `local:webhooks` selects the in-process queue). */
  webhookQueue: 'WEBHOOK_QUEUE_URL',
  /**
   * `true` only in the local cloud: webhook URLs may be plain http to a loopback address (a receiver on
   * this machine), and the sender may connect to loopback. Absent in AWS: loopback is refused.
   */
  webhookLoopbackAllowed: 'WEBHOOK_LOOPBACK_ALLOWED',
} as const;
