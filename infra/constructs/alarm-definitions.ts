import { Duration } from 'aws-cdk-lib';
import type { HttpStage } from 'aws-cdk-lib/aws-apigatewayv2';
import { ComparisonOperator, MathExpression, Metric, type IMetric } from 'aws-cdk-lib/aws-cloudwatch';
import type { Table } from 'aws-cdk-lib/aws-dynamodb';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';

/**
 * One alarm, as data: the `Alarms` construct makes the CloudWatch alarm AND the dashboard widget of
 * its group from the same record, so the dashboard cannot drift from what pages. The description is
 * what the operator reads in the notification: what it means, then the first thing to do.
 */
export interface AlarmDefinition {
  /** Unique within the stack; the alarm is named `cronaca-<stage>-<id>`. */
  readonly id: string;
  readonly metric: IMetric;
  readonly threshold: number;
  /** Default `>=`. */
  readonly comparison?: ComparisonOperator;
  /** Evaluation periods (default 1). */
  readonly periods?: number;
  /** Breaching datapoints within `periods` that raise it (default all of them). */
  readonly datapoints?: number;
  readonly description: string;
  readonly group: DashboardGroup;
}

/** The dashboard's widgets, in order: one per group, each graphing its alarms' metrics with their thresholds. */
export const dashboardGroups = {
  lostWork: 'Work waiting in a dead-letter queue or failure destination (any is an incident)',
  api: 'HTTP API: 5xx rate (%) and p99 latency (ms)',
  functionErrors: 'Lambda errors per function',
  functionThrottles: 'Lambda throttles per function',
  streams: 'Stream consumers: iterator age (ms)',
  queues: 'Queues: age of the oldest message (s): jobs and webhook deliveries waiting',
  dynamodb: 'DynamoDB: throttled requests and system errors',
} as const;
export type DashboardGroup = keyof typeof dashboardGroups;

/** Thresholds, in one place. */
export const alarmThresholds = {
  functionErrors: 1,
  throttles: 1,
  /** Stream consumers: the oldest record waits longer than this (ms) = projections are lagging. */
  iteratorAgeMs: 60_000,
  /** Any failed batch written to the failure bucket / any failed delivery to it. */
  failedBatches: 1,
  /** Any message in a dead-letter queue. */
  deadLetters: 1,
  /** API: 5xx responses in % of requests, in 2 of 3 five-minute periods… */
  api5xxPercent: 2,
  /** …counted only when a period has at least this many requests (one error at 3 a.m. does not page). */
  api5xxMinRequests: 50,
  /** API: p99 latency (ms, API Gateway's `Latency`: authorizer + integration) for 3 five-minute periods. */
  apiP99LatencyMs: 3_000,
  /** DynamoDB: any throttled request or system error in 5 minutes (on-demand tables should see none). */
  dynamoThrottles: 1,
  dynamoSystemErrors: 1,
  /**
   * Job queues (import, rebuild, report): the oldest message is older than this (s). A running job's
   * message counts too, for up to its worker's 15-minute run, so twice that means jobs wait for a worker.
   */
  jobQueueWaitSeconds: 30 * 60,
} as const;

const fiveMinutes = Duration.minutes(5);

export const functionAlarms = (id: string, fn: IFunction): AlarmDefinition[] => [
  {
    id: `${id}Errors`,
    metric: fn.metricErrors({ period: fiveMinutes, statistic: 'Sum' }),
    threshold: alarmThresholds.functionErrors,
    description: `${id}: invocation errors. First: its log group (JSON logs, level ERROR) for the cause.`,
    group: 'functionErrors',
  },
  ...functionThrottleAlarms(id, fn),
];

export const functionThrottleAlarms = (id: string, fn: IFunction): AlarmDefinition[] => [
  {
    id: `${id}Throttles`,
    metric: fn.metricThrottles({ period: fiveMinutes, statistic: 'Sum' }),
    threshold: alarmThresholds.throttles,
    description: `${id}: throttled invocations. First: the account's concurrent executions and this function's reserved concurrency.`,
    group: 'functionThrottles',
  },
];

export const streamConsumerAlarms = (id: string, fn: IFunction): AlarmDefinition[] => [
  {
    id: `${id}IteratorAge`,
    metric: fn.metric('IteratorAge', { period: Duration.minutes(1), statistic: 'Maximum' }),
    threshold: alarmThresholds.iteratorAgeMs,
    periods: 3,
    description: `${id}: the oldest stream record waits more than ${alarmThresholds.iteratorAgeMs / 1000}s (read side lagging). First: its Errors and Duration; a batch retried over and over holds its shard.`,
    group: 'streams',
  },
  {
    id: `${id}DestinationDeliveryFailures`,
    metric: fn.metric('DestinationDeliveryFailures', { period: fiveMinutes, statistic: 'Sum' }),
    threshold: alarmThresholds.failedBatches,
    description: `${id}: a failed batch could not even be written to the on-failure destination (records lost). First: the function role's s3:PutObject on the failure bucket; rebuild the read models (docs/deploy.md).`,
    group: 'lostWork',
  },
];

/** Failed batches arriving in the failure bucket: S3 request metrics of its filter; only Lambda's on-failure delivery writes there. */
export const failureBucketAlarm = (bucket: IBucket, metricsFilterId: string): AlarmDefinition => ({
  id: 'FailedBatches',
  metric: new Metric({
    namespace: 'AWS/S3',
    metricName: 'PutRequests',
    dimensionsMap: { BucketName: bucket.bucketName, FilterId: metricsFilterId },
    statistic: 'Sum',
    period: fiveMinutes,
  }),
  threshold: alarmThresholds.failedBatches,
  description: 'A stream consumer gave up on a batch: it is in the failure bucket. First: the consumer\'s logs for the cause; fix, then replay the batch (or rebuild the read models).',
  group: 'lostWork',
});

/** Messages in a dead-letter queue: work that every retry failed. */
export const deadLetterQueueAlarm = (id: string, queue: IQueue, what = 'messages'): AlarmDefinition => ({
  id: `${id}DeadLetters`,
  metric: queue.metricApproximateNumberOfMessagesVisible({ period: fiveMinutes, statistic: 'Maximum' }),
  threshold: alarmThresholds.deadLetters,
  description: `${id}: ${what} in the dead-letter queue. First: the function's logs at the time of the first one; fix the cause, then redrive the queue (SQS console "Start DLQ redrive").`,
  group: 'lostWork',
});

/** Jobs waiting for a worker longer than `alarmThresholds.jobQueueWaitSeconds`. */
export const jobQueueWaitAlarm = (id: string, queue: IQueue): AlarmDefinition =>
  oldestMessageAlarm(
    id,
    queue,
    alarmThresholds.jobQueueWaitSeconds,
    `${id}: a job has waited ${alarmThresholds.jobQueueWaitSeconds / 60} minutes for a worker (jobs delayed). First: the worker's Throttles and ConcurrentExecutions (reserved concurrency, the account limit), then its Errors (a message retried until it reaches the DLQ).`,
  );

/** Messages older than `maxAgeSeconds` in a queue: something holds them that should not. */
export const oldestMessageAlarm = (id: string, queue: IQueue, maxAgeSeconds: number, description: string): AlarmDefinition => ({
  id: `${id}OldestMessage`,
  metric: queue.metricApproximateAgeOfOldestMessage({ period: Duration.minutes(15), statistic: 'Maximum' }),
  threshold: maxAgeSeconds,
  description,
  group: 'queues',
});

/**
 * The operations Cronaca sends to its tables (adapters/: no TransactGet, no PartiQL). Listed, not
 * all of DynamoDB's: an alarm's math expression may hold at most 10 metrics.
 */
export const dynamoOperations = ['GetItem', 'BatchGetItem', 'Query', 'Scan', 'PutItem', 'UpdateItem', 'DeleteItem', 'BatchWriteItem', 'TransactWriteItems'] as const;

/**
 * Sum of a per-operation DynamoDB metric. Own metric ids (`<prefix><n>`), not the Table helpers'
 * (`getitem`, …): the same ids in two expressions of one dashboard graph would collide.
 */
const sumOverOperations = (table: Table, metricName: string, prefix: string, label: string): MathExpression =>
  new MathExpression({
    expression: dynamoOperations.map((_, i) => `${prefix}${i}`).join(' + '),
    usingMetrics: Object.fromEntries(
      dynamoOperations.map((operation, i) => [
        `${prefix}${i}`,
        table.metric(metricName, { dimensionsMap: { TableName: table.tableName, Operation: operation }, statistic: 'Sum', period: fiveMinutes }),
      ]),
    ),
    label,
    period: fiveMinutes,
  });

/**
 * Throttled requests (`ThrottledRequests` counts a request once whatever throttled it, the table or
 * one of its GSIs) and system errors (5xx of DynamoDB, retried by the SDK, surfacing as errors).
 */
export const tableAlarms = (id: string, table: Table): AlarmDefinition[] => {
  const prefix = id.charAt(0).toLowerCase() + id.slice(1).replace(/[^A-Za-z0-9]/g, '');
  return [
    {
      id: `${id}Throttles`,
      metric: sumOverOperations(table, 'ThrottledRequests', `${prefix}Thr`, `${id} throttled requests`),
      threshold: alarmThresholds.dynamoThrottles,
      description: `${id}: throttled requests (on-demand: a hot partition or the account's table limits). First: which operation (the alarm's per-operation metrics) and which function's Errors/Duration rose with it; a job (import, rebuild) writing one partition hard.`,
      group: 'dynamodb',
    },
    {
      id: `${id}SystemErrors`,
      metric: sumOverOperations(table, 'SystemErrors', `${prefix}Err`, `${id} system errors`),
      threshold: alarmThresholds.dynamoSystemErrors,
      description: `${id}: DynamoDB system errors (500s of the service). First: the AWS Health Dashboard for DynamoDB in the region; the functions' Errors tell whether retries absorbed them.`,
      group: 'dynamodb',
    },
  ];
};

/** 5xx rate (with a floor on requests) and p99 latency of the API stage. */
export const httpApiAlarms = (stage: HttpStage): AlarmDefinition[] => [
  {
    id: 'Api5xxRate',
    metric: new MathExpression({
      expression: `IF(apiRequests >= ${alarmThresholds.api5xxMinRequests}, 100 * apiErrors / apiRequests, 0)`,
      usingMetrics: {
        apiErrors: stage.metricServerError({ period: fiveMinutes, statistic: 'Sum' }),
        apiRequests: stage.metricCount({ period: fiveMinutes, statistic: 'Sum' }),
      },
      label: 'API 5xx %',
      period: fiveMinutes,
    }),
    threshold: alarmThresholds.api5xxPercent,
    periods: 3,
    datapoints: 2,
    description: `HTTP API: more than ${alarmThresholds.api5xxPercent}% of requests answered 5xx (periods with ≥ ${alarmThresholds.api5xxMinRequests} requests). First: the access log's status/integrationError/authorizerError by routeKey, then that function's logs.`,
    group: 'api',
  },
  {
    id: 'ApiLatencyP99',
    metric: stage.metricLatency({ period: fiveMinutes, statistic: 'p99' }),
    threshold: alarmThresholds.apiP99LatencyMs,
    periods: 3,
    description: `HTTP API: p99 latency above ${alarmThresholds.apiP99LatencyMs} ms for 15 minutes. First: integrationLatency by routeKey in the access log; the function's Duration and DynamoDB throttles.`,
    group: 'api',
  },
];

export const defaultComparison = ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD;
