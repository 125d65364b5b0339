import { Grant } from 'aws-cdk-lib/aws-iam';
import type { CfnBucket } from 'aws-cdk-lib/aws-s3';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { reportQueueEnv } from '../../adapters/queue/report-queue.ts';
import { reportAggregate } from '../../application/reports/report-service.ts';
import { functions } from '../../contract/functions.ts';
import type { DropBucket } from './drop-bucket.ts';
import type { EventStore } from './event-store.ts';
import type { CronacaFunction } from './functions.ts';
import { acknowledge, nagAttRef } from './nag.ts';
import { workerQueue } from './worker-queue.ts';


/** Renders at once, at most: the renderer's reserved concurrency (contract/contexts/reports.ts says why). */
export const reportRenderConcurrency: number = functions.reportRenderer.reservedConcurrency;

/** Report files: `<tenant>/reports/<jobId>.<format>` (domain/reports/report-job.ts `reportKeyOf`). */
export const reportKeyPattern = '*/reports/*';

export interface ReportJobsProps {
  readonly eventStore: EventStore;
  readonly dropBucket: DropBucket;
  /** The renderer (`reportRenderer`: Chromium, x86_64). */
  readonly renderer: CronacaFunction;
  /** Functions that queue report jobs and sign their download links (the reports API). */
  readonly starters: readonly CronacaFunction[];
}

/**
 * Report jobs: the reports API queues `{ tenant, jobId }`, the renderer takes one message at a time
 * (its visibility timeout twice the renderer's 300 s, so a running render is never handed to a
 * second one). A failed attempt is recorded on the job and the renderer queues the job again itself
 * (application/reports/render-report.ts: at once, not after the visibility timeout), so it may send
 * to the queue too; the job's own attempt count (`maxReportAttempts` = 3) decides when it fails for
 * good. A message whose handler throws — it could not even record how its attempt ended — is
 * redelivered, and after 3 receives lands in the dead-letter queue (kept 14 days, alarmed by the
 * stack); its job reads `failed` all the same (`timed_out` once its attempt is 15 minutes past its
 * deadline, `not_started` after an hour without one: `reportAsOf`). The renderer reads the log and the
 * read models (its definition's `access`), appends only to report jobs' streams and writes only report
 * files; the API reads only report files, to presign their downloads (a presigned GET is authorised
 * as the role that signed it).
 */
export class ReportJobs extends Construct {
  readonly queue: Queue;
  readonly deadLetterQueue: Queue;

  constructor(scope: Construct, id: string, props: ReportJobsProps) {
    super(scope, id);
    ({ queue: this.queue, deadLetterQueue: this.deadLetterQueue } = workerQueue(this, {
      worker: props.renderer,
      timeoutSeconds: functions.reportRenderer.timeoutSeconds,
      env: reportQueueEnv,
      starters: props.starters,
      maxConcurrency: reportRenderConcurrency,
    }));
    const renderer = props.renderer.function;
    // Its progress: one PutItem per step on `<tenant>#report#<jobId>` (no counters, claims or idempotency records).
    props.eventStore.grantAppendTo(renderer, reportAggregate);

    const bucketRef = nagAttRef(props.dropBucket.bucket.node.defaultChild as CfnBucket);
    const objects = (fn: CronacaFunction, actions: string[]) => {
      Grant.addToPrincipal({ grantee: fn.function, actions, resourceArns: [props.dropBucket.bucket.arnForObjects(reportKeyPattern)] });
      acknowledge(
        fn.role,
        `AwsSolutions-IAM5[Resource::${bucketRef}/${reportKeyPattern}]`,
        'Report files are <tenant>/reports/<jobId>.<format>: the renderer writes the key its job names, the API signs downloads for jobs it found in the token\'s tenant only.',
      );
    };
    // One PutObject with `Tagging` (cronaca-kind=reports: the bucket's 30-day expiry) needs both.
    objects(props.renderer, ['s3:PutObject', 's3:PutObjectTagging']);
    for (const starter of props.starters) objects(starter, ['s3:GetObject']);
  }
}
