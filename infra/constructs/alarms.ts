import type { RemovalPolicy } from 'aws-cdk-lib';
import type { HttpStage } from 'aws-cdk-lib/aws-apigatewayv2';
import { Alarm, AlarmStatusWidget, Dashboard, GraphWidget, MathExpression, Metric, TreatMissingData, type IWidget } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { Table } from 'aws-cdk-lib/aws-dynamodb';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';
import {
  dashboardGroups,
  deadLetterQueueAlarm,
  defaultComparison,
  failureBucketAlarm,
  functionAlarms,
  functionThrottleAlarms,
  httpApiAlarms,
  jobQueueWaitAlarm,
  oldestMessageAlarm,
  streamConsumerAlarms,
  tableAlarms,
  type AlarmDefinition,
  type DashboardGroup,
} from './alarm-definitions.ts';

export { alarmThresholds } from './alarm-definitions.ts';

export interface AlarmsProps {
  readonly stage: string;
  readonly removalPolicy: RemovalPolicy;
  /** Optional e-mail address subscribed to the alarm topic. */
  readonly email?: string;
}

/**
 * A widget whose content is made at synthesis: a group's graph shows every alarm added to the group,
 * whenever it was added (the dashboard's body is resolved lazily too).
 */
class LazyWidget implements IWidget {
  readonly width = 24;
  readonly warningsV2 = {};
  private x = 0;
  private y = 0;
  readonly height: number;
  private readonly build: () => IWidget;
  constructor(height: number, build: () => IWidget) {
    this.height = height;
    this.build = build;
  }
  position(x: number, y: number): void {
    this.x = x;
    this.y = y;
  }
  toJson(): unknown[] {
    const widget = this.build();
    widget.position(this.x, this.y);
    return widget.toJson();
  }
}

/**
 * Alarms, all notifying one SNS topic (KMS-encrypted with a key CloudWatch may use, SSL-only), and the
 * stage's dashboard `cronaca-<stage>`: both made from the same `AlarmDefinition` records
 * (alarm-definitions.ts), one graph per group with each threshold as an annotation.
 */
export class Alarms extends Construct {
  readonly topic: Topic;
  readonly alarms: Alarm[] = [];
  readonly definitions: AlarmDefinition[] = [];
  readonly dashboard: Dashboard;
  private readonly action: SnsAction;
  private readonly stage: string;

  constructor(scope: Construct, id: string, props: AlarmsProps) {
    super(scope, id);
    this.stage = props.stage;
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

    this.dashboard = new Dashboard(this, 'Dashboard', { dashboardName: `cronaca-${props.stage}` });
    this.dashboard.addWidgets(new LazyWidget(6, () => new AlarmStatusWidget({ title: `Cronaca ${props.stage}: every alarm`, alarms: this.alarms, width: 24, height: 6 })));
    for (const group of Object.keys(dashboardGroups) as DashboardGroup[]) {
      this.dashboard.addWidgets(new LazyWidget(8, () => this.graphOf(group)));
    }
  }

  /** The alarm of each definition, notifying the topic on ALARM and OK; its metric joins its group's graph. */
  add(...definitions: AlarmDefinition[]): Alarm[] {
    return definitions.map((definition) => {
      if (this.definitions.some((known) => known.id === definition.id)) throw new Error(`duplicate alarm id ${definition.id}`);
      const alarm = new Alarm(this, definition.id, {
        alarmName: `cronaca-${this.stage}-${definition.id}`,
        metric: definition.metric,
        threshold: definition.threshold,
        evaluationPeriods: definition.periods ?? 1,
        datapointsToAlarm: definition.datapoints ?? definition.periods ?? 1,
        comparisonOperator: definition.comparison ?? defaultComparison,
        treatMissingData: TreatMissingData.NOT_BREACHING,
        alarmDescription: definition.description,
      });
      alarm.addAlarmAction(this.action);
      alarm.addOkAction(this.action);
      this.alarms.push(alarm);
      this.definitions.push(definition);
      return alarm;
    });
  }

  private graphOf(group: DashboardGroup): IWidget {
    const members = this.definitions.filter((definition) => definition.group === group);
    const thresholds = [...new Set(members.map((definition) => definition.threshold))];
    return new GraphWidget({
      title: dashboardGroups[group],
      width: 24,
      height: 8,
      // Labelled here, not in the record: a label on an alarm's metric turns it into a metric-math alarm.
      left: members.map(({ id, metric }) => (metric instanceof Metric || metric instanceof MathExpression ? metric.with({ label: id }) : metric)),
      leftAnnotations: thresholds.map((value) => ({
        value,
        label: `alarm: ${members.filter((definition) => definition.threshold === value).map((definition) => definition.id).join(', ')}`.slice(0, 200),
      })),
    });
  }

  /** Errors and throttles of any function. */
  watchFunction(id: string, fn: IFunction): void {
    this.add(...functionAlarms(id, fn));
  }

  /** Throttles only: a function whose errors are not failures (the authorizer's refusals). */
  watchThrottles(id: string, fn: IFunction): void {
    this.add(...functionThrottleAlarms(id, fn));
  }

  /** A stream consumer: lag (IteratorAge) and failed deliveries to its on-failure destination. */
  watchStreamConsumer(id: string, fn: IFunction): void {
    this.add(...streamConsumerAlarms(id, fn));
  }

  /** Failed batches arriving in the failure bucket (S3 request metrics `PutRequests` of its metrics filter). */
  watchFailureBucket(bucket: IBucket, metricsFilterId: string): void {
    this.add(failureBucketAlarm(bucket, metricsFilterId));
  }

  /** Work every retry failed on: it waits in a dead-letter queue. */
  watchDeadLetterQueue(id: string, queue: IQueue): void {
    this.add(deadLetterQueueAlarm(id, queue));
  }

  /** Messages older than `maxAgeSeconds` in a queue: something holds them that should not (docs/webhooks.md). */
  watchOldestMessage(id: string, queue: IQueue, maxAgeSeconds: number, description: string): void {
    this.add(oldestMessageAlarm(id, queue, maxAgeSeconds, description));
  }

  /** A job queue whose oldest message waits too long: jobs are delayed. */
  watchJobQueue(id: string, queue: IQueue): void {
    this.add(jobQueueWaitAlarm(id, queue));
  }

  /** Throttled requests and system errors of a table. */
  watchTable(id: string, table: Table): void {
    this.add(...tableAlarms(id, table));
  }

  /** 5xx rate and p99 latency of the API. */
  watchHttpApi(stage: HttpStage): void {
    this.add(...httpApiAlarms(stage));
  }
}
