import { Duration, Stack } from 'aws-cdk-lib';
import { EventType } from 'aws-cdk-lib/aws-s3';
import { SqsDestination } from 'aws-cdk-lib/aws-s3-notifications';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { Construct } from 'constructs';
import { importQueueEnv } from '../../adapters/queue/job-queue.ts';
import { functions } from '../../contract/functions.ts';
import type { DropBucket } from './drop-bucket.ts';
import type { CronacaFunction } from './functions.ts';
import { acknowledge } from './nag.ts';

export interface ImportJobsProps {
  readonly dropBucket: DropBucket;
  readonly worker: CronacaFunction;
  /** Functions that start jobs (the imports API). */
  readonly starters: readonly CronacaFunction[];
}

/**
 * The import queue: drop-folder notifications (S3 -> SQS directly), API starts and continuations
 * all become messages the worker consumes one at a time. Three failed receives move a message to the
 * dead-letter queue (kept 14 days); the job itself stays resumable from its last checkpoint.
 */
export class ImportJobs extends Construct {
  readonly queue: Queue;
  readonly deadLetterQueue: Queue;

  constructor(scope: Construct, id: string, props: ImportJobsProps) {
    super(scope, id);
    this.deadLetterQueue = new Queue(this, 'DeadLetterQueue', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    this.queue = new Queue(this, 'Queue', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      // Longer than a worker run, so a message is not handed to a second worker while the first runs.
      visibilityTimeout: Duration.seconds(functions.importWorker.timeoutSeconds * 2),
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: 3 },
    });

    // S3 filters match key prefixes and suffixes only and the tenant comes first, so every `.csv`
    // is notified; the worker ignores keys that are not `<tenant>/imports/<kind>/<name>.csv`.
    props.dropBucket.bucket.addEventNotification(EventType.OBJECT_CREATED, new SqsDestination(this.queue), { suffix: '.csv' });

    const worker = props.worker.function;
    worker.addEventSource(new SqsEventSource(this.queue, { batchSize: 1, reportBatchItemFailures: true }));
    this.queue.grantSendMessages(worker); // continuations
    worker.addEnvironment(importQueueEnv, this.queue.queueUrl);
    props.dropBucket.grantRead(worker, '*/imports/*');
    props.dropBucket.grantReadWrite(worker, '*/import-errors/*');

    for (const starter of props.starters) {
      this.queue.grantSendMessages(starter.function);
      starter.function.addEnvironment(importQueueEnv, this.queue.queueUrl);
      props.dropBucket.grantReadWrite(starter.function, '*/imports/*'); // presigned PUT, pasted text
      props.dropBucket.grantRead(starter.function, '*/import-errors/*');
    }

    // The notification configuration is set by CDK's own singleton handler function.
    const handler = Stack.of(this).node.tryFindChild('BucketNotificationsHandler050a0587b7544547bf325f094a3db834');
    if (handler) {
      acknowledge(handler, 'AwsSolutions-IAM4', "CDK's BucketNotificationsHandler (sets the bucket's notification configuration at deploy time) uses AWSLambdaBasicExecutionRole; it is not ours to change.");
      acknowledge(handler, 'AwsSolutions-IAM5[Resource::*]', "CDK's BucketNotificationsHandler needs s3:PutBucketNotification; CDK scopes it as it does.");
    }
  }
}
