import { Duration } from 'aws-cdk-lib';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { acknowledge } from './nag.ts';

/**
 * The dead-letter queue of a function EventBridge invokes asynchronously (a bus rule's or a
 * schedule's target). Both ways an invocation can fail end in it: EventBridge could not invoke the
 * function (the target's retry policy, then this queue as the target's DLQ), or the function failed
 * on every attempt (Lambda's asynchronous retries, then this queue as the on-failure destination).
 * Kept 14 days; the stack alarms on any message in it.
 */
export const invocationDeadLetterQueue = (
  scope: Construct,
  fn: IFunction,
  retries: { readonly retryAttempts: number; readonly maxEventAge: Duration },
): Queue => {
  const queue = new Queue(scope, 'DeadLetterQueue', {
    encryption: QueueEncryption.SQS_MANAGED,
    enforceSSL: true,
    retentionPeriod: Duration.days(14),
  });
  acknowledge(
    queue,
    'AwsSolutions-SQS3',
    'This queue is the dead-letter queue (of the EventBridge target and of the function’s asynchronous invocations); it needs none of its own.',
  );
  fn.configureAsyncInvoke({ onFailure: new SqsDestination(queue), ...retries });
  return queue;
};
