import { randomUUID } from 'node:crypto';
import { GetCommand, QueryCommand, TransactWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { runConcurrently, summarize, timed, type Summary } from './stats.ts';

/**
 * (a) The floor every append stands on: ONE TransactWriteItems holding one Put with
 * `attribute_not_exists(pk)` of an item shaped and sized like a real event (TicketOpened), through
 * the same document client configuration as the event store.
 */
export const eventLikeItem = (tenant: string, aggregateId: string, version: number): Record<string, unknown> => ({
  pk: `${tenant}#ticket#${aggregateId}`,
  version,
  kind: 'event',
  tenant,
  aggregateType: 'ticket',
  aggregateId,
  type: 'TicketOpened',
  schemaVersion: 1,
  data: {
    ticketId: aggregateId,
    number: version,
    companyId: 'company-1',
    subject: 'The printer on the second floor does not print',
    type: 'problem',
    priority: 'normal',
    assignee: null,
  },
  meta: {
    actor: 'bench-user',
    tenant,
    commandId: randomUUID(),
    correlationId: randomUUID(),
    causationId: randomUUID(),
    requestId: randomUUID(),
  },
  at: new Date().toISOString(),
});

export const rawAppend = (db: DynamoDBDocumentClient, table: string, tenant: string, aggregateId: string, version = 1) =>
  db.send(
    new TransactWriteCommand({
      TransactItems: [
        { Put: { TableName: table, Item: eventLikeItem(tenant, aggregateId, version), ConditionExpression: 'attribute_not_exists(pk)' } },
      ],
    }),
  );

export interface RawLatencyResult {
  readonly latency: Summary;
  readonly warmup: number;
}

/** Sequential appends (each to a fresh stream), after a warm-up. */
export const measureRawLatency = async (
  db: DynamoDBDocumentClient,
  table: string,
  options: { n: number; warmup: number },
): Promise<RawLatencyResult> => {
  const tenant = 'bench-raw';
  for (let i = 0; i < options.warmup; i += 1) await rawAppend(db, table, tenant, `warm-${randomUUID()}`);
  const samples: number[] = [];
  for (let i = 0; i < options.n; i += 1) {
    const { ms } = await timed(() => rawAppend(db, table, tenant, randomUUID()));
    samples.push(ms);
  }
  return { latency: summarize(samples), warmup: options.warmup };
};

export interface RateResult {
  readonly operations: number;
  readonly concurrency: number;
  readonly wallMs: number;
  readonly perSecond: number;
  readonly latency: Summary;
}

/** `concurrency` writers issuing `total` raw one-put transactions, each on its own stream. */
export const measureRawRate = async (
  db: DynamoDBDocumentClient,
  table: string,
  options: { total: number; concurrency: number },
): Promise<RateResult & { readonly latencies: number[] }> => {
  const tenant = 'bench-raw-rate';
  const { wallMs, latencies } = await runConcurrently(options.total, options.concurrency, async () => {
    await rawAppend(db, table, tenant, randomUUID());
  });
  return {
    operations: options.total,
    concurrency: options.concurrency,
    wallMs,
    perSecond: (options.total / wallMs) * 1000,
    latency: summarize(latencies),
    latencies,
  };
};

export interface OpenTicketFloorTimings {
  /** TransactWriteItems of the event put and the conditioned counter put. */
  readonly transaction: number;
}

/** The last counter value per tenant, as a warm process remembers it (see EventStore.readSequence). */
const counters = new Map<string, number>();

/**
 * The DynamoDB floor of `POST /v1/tickets` in a warm process: ONE TransactWriteItems holding the
 * event put (a fresh id: nothing to load) and the counter put conditioned on the remembered value,
 * issued raw (no handler, no validation, no decider). Next to (b) it separates DynamoDB's work from
 * the handler and HTTP overhead.
 */
export const openTicketFloorOnce = async (db: DynamoDBDocumentClient, table: string, tenant: string): Promise<OpenTicketFloorTimings> => {
  const counterKey = { pk: `${tenant}#$sequence#ticket`, version: 0 };
  if (!counters.has(tenant)) {
    const { Item } = await db.send(new GetCommand({ TableName: table, Key: counterKey, ConsistentRead: true }));
    counters.set(tenant, Item ? Number(Item.value) : 0);
  }
  const counter = counters.get(tenant)!;
  const id = randomUUID();
  const t = await timed(() =>
    db.send(
      new TransactWriteCommand({
        TransactItems: [
          { Put: { TableName: table, Item: eventLikeItem(tenant, id, 1), ConditionExpression: 'attribute_not_exists(pk)' } },
          {
            Put: {
              TableName: table,
              Item: { ...counterKey, kind: 'sequence', value: counter + 1 },
              ...(counter === 0
                ? { ConditionExpression: 'attribute_not_exists(pk)' }
                : { ConditionExpression: '#value = :from', ExpressionAttributeNames: { '#value': 'value' }, ExpressionAttributeValues: { ':from': counter } }),
            },
          },
        ],
      }),
    ),
  );
  counters.set(tenant, counter + 1);
  return { transaction: t.ms };
};

/**
 * DynamoDB Local (a JVM) gets markedly faster over its first few thousand requests (measured here:
 * sequential one-put transactions went from p50 9.6 ms to 5-6 ms after ~900 mixed requests). Every
 * section runs after this warm-up, so no section is measured against a colder emulator than another.
 */
export const warmUpDynamoDbLocal = async (
  db: DynamoDBDocumentClient,
  table: string,
  options: { operations: number; concurrency: number },
): Promise<{ wallMs: number }> => {
  const tenant = 'bench-warmup';
  const { wallMs } = await runConcurrently(options.operations, options.concurrency, async () => {
    const id = randomUUID();
    await rawAppend(db, table, tenant, id);
    await db.send(
      new QueryCommand({
        TableName: table,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': `${tenant}#ticket#${id}` },
        ConsistentRead: true,
      }),
    );
    await db.send(new GetCommand({ TableName: table, Key: { pk: `${tenant}#ticket#${id}`, version: 1 }, ConsistentRead: true }));
  });
  return { wallMs };
};
