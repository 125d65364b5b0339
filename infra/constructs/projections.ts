import { Duration, type RemovalPolicy } from 'aws-cdk-lib';
import { Grant } from 'aws-cdk-lib/aws-iam';
import {
  EventSourceMapping,
  FilterCriteria,
  StartingPosition,
  type DlqDestinationConfig,
  type IEventSourceDlq,
  type IEventSourceMapping,
  type IFunction,
} from 'aws-cdk-lib/aws-lambda';
import { Bucket, type CfnBucket, type IBucket } from 'aws-cdk-lib/aws-s3';
import { privateBucketProps } from './private-bucket.ts';
import { Construct } from 'constructs';
import { streamMapping } from '../../contract/stream-mapping.ts';
import { eventStreamFilter } from '../../contract/tables.ts';
import type { EventStore } from './event-store.ts';
import { acknowledge, nagAttRef } from './nag.ts';

/** Id of the S3 request-metrics filter on the failure bucket; the alarm watches its `PutRequests`. */
export const failureBucketMetricsId = 'OnFailure';

/**
 * Event-source mapping settings shared by every consumer of the events table stream
 * (`contract/stream-mapping.ts` says why these values; the local poller uses the same).
 */
export const streamConsumerSettings = {
  startingPosition: StartingPosition.TRIM_HORIZON,
  batchSize: streamMapping.batchSize,
  // Concurrent batches per shard, split by partition key: each aggregate's events stay in order.
  parallelizationFactor: streamMapping.parallelizationFactor,
  bisectBatchOnError: true,
  retryAttempts: streamMapping.maximumRetryAttempts,
  maxRecordAge: Duration.seconds(streamMapping.maximumRecordAgeSeconds),
  reportBatchItemFailures: true,
} as const;

/**
 * S3 on-failure destination with the two permissions Lambda documents for it (`s3:PutObject`,
 * `s3:ListBucket`), instead of `S3OnFailureDestination`, which grants full read/write on the bucket.
 */
class S3PutOnlyOnFailureDestination implements IEventSourceDlq {
  readonly bucket: Bucket;
  constructor(bucket: Bucket) {
    this.bucket = bucket;
  }
  bind(_target: IEventSourceMapping, targetHandler: IFunction): DlqDestinationConfig {
    Grant.addToPrincipal({ grantee: targetHandler, actions: ['s3:PutObject'], resourceArns: [this.bucket.arnForObjects('*')] });
    Grant.addToPrincipal({ grantee: targetHandler, actions: ['s3:ListBucket'], resourceArns: [this.bucket.bucketArn] });
    if (targetHandler.role) {
      acknowledge(
        targetHandler.role,
        `AwsSolutions-IAM5[Resource::${nagAttRef(this.bucket.node.defaultChild as CfnBucket)}/*]`,
        'Lambda writes failed batches under keys it generates (aws/lambda/<mapping>/<shard>/<date>/…) into this dedicated failure bucket; only s3:PutObject is granted on its objects.',
      );
    }
    return { destination: this.bucket.bucketArn };
  }
}

export interface ProjectionsProps {
  readonly eventStore: EventStore;
  readonly removalPolicy: RemovalPolicy;
  readonly accessLogsBucket: IBucket;
}

/**
 * Consumers of the events table stream (projector, publisher): one event-source mapping each, with
 * bounded retries, bisect-on-error, partial batch responses, the contract's filter (inserted events
 * only) and failed batches kept in S3.
 */
export class Projections extends Construct {
  readonly failureBucket: Bucket;
  readonly consumers: { readonly fn: IFunction; readonly mapping: EventSourceMapping }[] = [];
  private readonly eventStore: EventStore;
  private readonly onFailure: S3PutOnlyOnFailureDestination;

  constructor(scope: Construct, id: string, props: ProjectionsProps) {
    super(scope, id);
    this.eventStore = props.eventStore;
    this.failureBucket = new Bucket(this, 'FailureBucket', {
      ...privateBucketProps(props.removalPolicy),
      versioned: true,
      serverAccessLogsBucket: props.accessLogsBucket,
      serverAccessLogsPrefix: 'stream-failures/',
      metrics: [{ id: failureBucketMetricsId }],
      lifecycleRules: [
        { id: 'expire-failed-batches', expiration: Duration.days(90), noncurrentVersionExpiration: Duration.days(7) },
        { id: 'abort-incomplete-multipart-uploads', abortIncompleteMultipartUploadAfter: Duration.days(1) },
      ],
    });
    this.onFailure = new S3PutOnlyOnFailureDestination(this.failureBucket);
  }

  /** Attach `fn` to the events table stream. */
  addConsumer(id: string, fn: IFunction): EventSourceMapping {
    this.eventStore.grantStreamRead(fn);
    const mapping = new EventSourceMapping(this, `${id}Mapping`, {
      target: fn,
      eventSourceArn: this.eventStore.tableStreamArn,
      ...streamConsumerSettings,
      filters: [FilterCriteria.filter(eventStreamFilter)],
      onFailure: this.onFailure,
      supportS3OnFailureDestination: true,
    });
    // The mapping must not start before its role may read the stream and write to the bucket.
    if (fn.role) mapping.node.addDependency(fn.role);
    this.consumers.push({ fn, mapping });
    return mapping;
  }
}
