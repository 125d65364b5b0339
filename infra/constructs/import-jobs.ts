import { Stack } from 'aws-cdk-lib';
import { Grant } from 'aws-cdk-lib/aws-iam';
import { EventType, type CfnBucket } from 'aws-cdk-lib/aws-s3';
import { SqsDestination } from 'aws-cdk-lib/aws-s3-notifications';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { importQueueEnv } from '../../adapters/queue/job-queue.ts';
import { functions } from '../../contract/functions.ts';
import type { DropBucket } from './drop-bucket.ts';
import type { CronacaFunction } from './functions.ts';
import { acknowledge, nagAttRef } from './nag.ts';
import { workerQueue } from './worker-queue.ts';

export interface ImportJobsProps {
  readonly dropBucket: DropBucket;
  readonly worker: CronacaFunction;
  /** Functions that start jobs (the imports API, which also serves exports). */
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
    ({ queue: this.queue, deadLetterQueue: this.deadLetterQueue } = workerQueue(this, {
      worker: props.worker,
      timeoutSeconds: functions.importWorker.timeoutSeconds,
      env: importQueueEnv,
      starters: props.starters,
    }));

    // S3 filters match key prefixes and suffixes only and the tenant comes first, so every `.csv`
    // is notified; the worker ignores keys that are not `<tenant>/imports/<kind>/<name>.csv`.
    props.dropBucket.bucket.addEventNotification(EventType.OBJECT_CREATED, new SqsDestination(this.queue), { suffix: '.csv' });

    const worker = props.worker.function;
    const bucketRef = nagAttRef(props.dropBucket.bucket.node.defaultChild as CfnBucket);
    const objects = (fn: CronacaFunction['function'], actions: string[], pattern: string) => {
      Grant.addToPrincipal({ grantee: fn, actions, resourceArns: [props.dropBucket.bucket.arnForObjects(pattern)] });
      if (fn.role) {
        acknowledge(
          fn.role,
          `AwsSolutions-IAM5[Resource::${bucketRef}/${pattern}]`,
          'Import files are <tenant>/imports/<kind>/<name>.csv, error files <tenant>/import-errors/<job>/<line>.csv and exports <tenant>/exports/<job>.csv; every handler derives the tenant from the token or the job before any access.',
        );
      }
    };
    objects(worker, ['s3:GetObject'], '*/imports/*'); // HeadObject and ranged GetObject of the file
    objects(worker, ['s3:PutObject'], '*/import-errors/*'); // rejected rows, per chunk
    // Exports: PutObject covers the multipart calls but aborting one; the tag marks the object for expiry.
    objects(worker, ['s3:PutObject', 's3:PutObjectTagging', 's3:AbortMultipartUpload'], '*/exports/*');

    for (const starter of props.starters) {
      objects(starter.function, ['s3:PutObject'], '*/imports/*'); // presigned PUT, pasted text
      objects(starter.function, ['s3:GetObject'], '*/import-errors/*'); // GET /v1/imports/{id}/errors
      objects(starter.function, ['s3:GetObject'], '*/exports/*'); // the presigned download of GET /v1/exports/{id}
    }

    // The notification configuration is set by CDK's own singleton handler function.
    const handler = Stack.of(this).node.tryFindChild('BucketNotificationsHandler050a0587b7544547bf325f094a3db834');
    if (handler) {
      acknowledge(
        handler,
        'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
        "CDK's own BucketNotificationsHandler (it sets the drop bucket's notification configuration at deploy time) has this managed policy; it is not ours to change.",
      );
    }
  }
}
