import type { Context, DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';

/** A stream consumer as the local event source mapping sees it: a Lambda handler and its mapping settings. */

export type StreamHandler = (event: DynamoDBStreamEvent, context: Context) => Promise<DynamoDBBatchResponse | void | undefined>;

export interface StreamConsumer {
  /** Used for checkpoints, logs and the Lambda context (`cronaca-<name>`); contract function names get their timeout. */
  readonly name: string;
  readonly handler: StreamHandler;
  /** At most this many records per invocation. Default 100. */
  readonly batchSize?: number;
  /** Lambda's `ParallelizationFactor`: invocations at once per shard, records split by partition key. Default 1. */
  readonly parallelizationFactor?: number;
  /** The invocation's time limit. Default: the contract function's timeout (`name`), else 60 s. */
  readonly timeoutSeconds?: number;
}
