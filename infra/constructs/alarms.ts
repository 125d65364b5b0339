import { Duration, type RemovalPolicy } from 'aws-cdk-lib';
import type { HttpStage } from 'aws-cdk-lib/aws-apigatewayv2';
import { Alarm, ComparisonOperator, Metric, TreatMissingData, type IMetric } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';

export interface AlarmsProps {
  readonly stage: string;
  readonly removalPolicy: RemovalPolicy;
  /** Optional e-mail address subscribed to the alarm topic. */
  readonly email?: string;
}

/** Thresholds, in one place. */
export const alarmThresholds = {
  functionErrors: 1,
  throttles: 1,
  /** Stream consumers: the oldest record waits longer than this (ms) = projections are lagging. */
  iteratorAgeMs: 60_000,
  /** Any failed batch written to the failure bucket / any failed delivery to it. */
  failedBatches: 1,
  api5xx: 5,
} as const;

/**
 * Alarms, all notifying one SNS topic (KMS-encrypted with a key CloudWatch may use, SSL-only).
 */
export class Alarms extends Construct {
  readonly topic: Topic;
  readonly alarms: Alarm[] = [];
  private readonly action: SnsAction;

  constructor(scope: Construct, id: string, props: AlarmsProps) {
    super(scope, id);
    const key = new Key(this, 'TopicKey', {
      description: `Encrypts the Cronaca ${props.stage} alarm topic`,
      enableKeyRotation: true,
      removalPolicy: props.removalPolicy,
    });
    // CloudWatch publishes alarm notifications to the encrypted topic (AWS-managed aws/sns would not allow it).
    key.grant(new ServicePrincipal('cloudwatch.amazonaws.com'), 'kms:Decrypt', 'kms:GenerateDataKey*');
    this.topic = new Topic(this, 'Topic', {
      topicName: `cronaca-${props.stage}-alarms`,
      displayName: `Cronaca ${props.stage} alarms`,
      masterKey: key,
      enforceSSL: true,
    });
    if (props.email) this.topic.addSubscription(new EmailSubscription(props.email));
    this.action = new SnsAction(this.topic);
  }

  private add(id: string, metric: IMetric, threshold: number, description: string, evaluationPeriods = 1): Alarm {
    const alarm = new Alarm(this, id, {
      metric,
      threshold,
      evaluationPeriods,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
      alarmDescription: description,
    });
    alarm.addAlarmAction(this.action);
    alarm.addOkAction(this.action);
    this.alarms.push(alarm);
    return alarm;
  }

  /** Errors and throttles of any function. */
  watchFunction(id: string, fn: IFunction): void {
    const period = Duration.minutes(5);
    this.add(`${id}Errors`, fn.metricErrors({ period, statistic: 'Sum' }), alarmThresholds.functionErrors, `${id}: invocation errors`);
    this.add(`${id}Throttles`, fn.metricThrottles({ period, statistic: 'Sum' }), alarmThresholds.throttles, `${id}: throttled invocations`);
  }

  /** Throttles only: a function whose errors are not failures (the authorizer's refusals). */
  watchThrottles(id: string, fn: IFunction): void {
    this.add(`${id}Throttles`, fn.metricThrottles({ period: Duration.minutes(5), statistic: 'Sum' }), alarmThresholds.throttles, `${id}: throttled invocations`);
  }

  /** A stream consumer: lag (IteratorAge) and failed deliveries to its on-failure destination. */
  watchStreamConsumer(id: string, fn: IFunction): void {
    this.add(
      `${id}IteratorAge`,
      fn.metric('IteratorAge', { period: Duration.minutes(1), statistic: 'Maximum' }),
      alarmThresholds.iteratorAgeMs,
      `${id}: the oldest stream record waits more than ${alarmThresholds.iteratorAgeMs / 1000}s (read side lagging)`,
      3,
    );
    this.add(
      `${id}DestinationDeliveryFailures`,
      fn.metric('DestinationDeliveryFailures', { period: Duration.minutes(5), statistic: 'Sum' }),
      alarmThresholds.failedBatches,
      `${id}: a failed batch could not even be written to the on-failure destination (records lost)`,
    );
  }

  /**
   * Failed batches arriving in the failure bucket: S3 request metrics (`PutRequests`) of the bucket's
   * metrics filter; only Lambda's on-failure delivery writes to that bucket.
   */
  watchFailureBucket(bucket: IBucket, metricsFilterId: string): void {
    this.add(
      'FailedBatches',
      new Metric({
        namespace: 'AWS/S3',
        metricName: 'PutRequests',
        dimensionsMap: { BucketName: bucket.bucketName, FilterId: metricsFilterId },
        statistic: 'Sum',
        period: Duration.minutes(5),
      }),
      alarmThresholds.failedBatches,
      'A stream consumer gave up on a batch: it is in the failure bucket (replay it, then check the read models)',
    );
  }

  /** Events a bus subscriber gave up on (after every retry): they wait in its dead-letter queue. */
  watchDeadLetterQueue(id: string, queue: IQueue): void {
    this.add(
      `${id}DeadLetters`,
      queue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5), statistic: 'Maximum' }),
      1,
      `${id}: events in the dead-letter queue (redrive them once the cause is fixed)`,
    );
  }

  /** Messages older than `maxAgeSeconds` in a queue: something holds them that should not (docs/webhooks.md). */
  watchOldestMessage(id: string, queue: IQueue, maxAgeSeconds: number, description: string): void {
    this.add(`${id}OldestMessage`, queue.metricApproximateAgeOfOldestMessage({ period: Duration.minutes(15), statistic: 'Maximum' }), maxAgeSeconds, description);
  }

  watchHttpApi(stage: HttpStage): void {
    this.add('Api5xx', stage.metricServerError({ period: Duration.minutes(5), statistic: 'Sum' }), alarmThresholds.api5xx, 'HTTP API: server errors');
  }
}
