import { Duration } from 'aws-cdk-lib';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import type { FunctionDefinition } from '../../contract/functions.ts';
import type { CronacaFunction } from './functions.ts';

/**
 * Fails the synth when an SQS event source may run more batches than its function's reserved
 * concurrency: Lambda throttles the extra pollers' invocations, and each throttled receive counts
 * toward the queue's `maxReceiveCount` — messages would reach the dead-letter queue unprocessed.
 */
export const checkPollers = (definition: FunctionDefinition, maxConcurrency: number | undefined): void => {
  const reserved = definition.reservedConcurrency;
  if (reserved === undefined) return;
  if (maxConcurrency === undefined || maxConcurrency > reserved) {
    throw new Error(`${definition.id}: its event source's maxConcurrency (${maxConcurrency ?? 'unbounded'}) must be at most its reserved concurrency (${reserved})`);
  }
};

export interface WorkerQueue {
  readonly queue: Queue;
  readonly deadLetterQueue: Queue;
}

/**
 * The queue of a job worker, in `scope` (so the queues keep their place in the construct tree): the
 * worker consumes it one message at a time with partial batch failures and sends its own
 * continuations to it; the starters send jobs; all of them find it in `env`. Three failed receives
 * move a message to the dead-letter queue (kept 14 days); the job stays resumable from its last
 * checkpoint.
 */
export const workerQueue = (
  scope: Construct,
  props: {
    readonly worker: CronacaFunction;
    readonly timeoutSeconds: number;
    readonly env: string;
    readonly starters: readonly CronacaFunction[];
    /**
     * At most this many workers at once (SQS event source `maxConcurrency`, ≥ 2); default: the worker's
     * reserved concurrency (contract), else as many as Lambda gives.
     */
    readonly maxConcurrency?: number;
  },
): WorkerQueue => {
  const maxConcurrency = props.maxConcurrency ?? props.worker.definition.reservedConcurrency;
  checkPollers(props.worker.definition, maxConcurrency);
  const deadLetterQueue = new Queue(scope, 'DeadLetterQueue', {
    encryption: QueueEncryption.SQS_MANAGED,
    enforceSSL: true,
    retentionPeriod: Duration.days(14),
  });
  const queue = new Queue(scope, 'Queue', {
    encryption: QueueEncryption.SQS_MANAGED,
    enforceSSL: true,
    // Longer than a worker run, so a message is not handed to a second worker while the first runs.
    visibilityTimeout: Duration.seconds(props.timeoutSeconds * 2),
    deadLetterQueue: { queue: deadLetterQueue, maxReceiveCount: 3 },
  });
  const worker = props.worker.function;
  worker.addEventSource(
    new SqsEventSource(queue, { batchSize: 1, reportBatchItemFailures: true, ...(maxConcurrency ? { maxConcurrency } : {}) }),
  );
  for (const fn of [worker, ...props.starters.map((starter) => starter.function)]) {
    queue.grantSendMessages(fn); // the worker: its continuations
    fn.addEnvironment(props.env, queue.queueUrl);
  }
  return { queue, deadLetterQueue };
};
