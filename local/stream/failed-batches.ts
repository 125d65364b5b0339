import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DynamoDBRecord } from 'aws-lambda';
import { functions } from '../../contract/functions.ts';
import { createLambdaContext, localFunctionName } from '../lambda-context.ts';

/**
 * The on-failure destination: a batch whose retries are exhausted is logged and, with a `failedDir`,
 * written there as JSON in the shape of Lambda's on-failure record.
 */

export interface FailedBatchOrigin {
  readonly consumerName: string;
  readonly shardId: string;
  readonly streamArn: string;
  /** Without it the batch is only logged. */
  readonly failedDir: string | undefined;
  readonly log: (line: string) => void;
}

export const setAsideFailedBatch = (origin: FailedBatchOrigin, batch: readonly DynamoDBRecord[], attempts: number, reason: string): void => {
  const { consumerName, shardId, streamArn, failedDir, log } = origin;
  const first = batch[0]!.dynamodb!;
  const last = batch.at(-1)!.dynamodb!;
  log(`[stream] ${consumerName}: giving up on ${batch.length} record(s) ${first.SequenceNumber}..${last.SequenceNumber} after ${attempts} attempts: ${reason}`);
  if (!failedDir) return;
  const definition = (functions as Record<string, { timeoutSeconds: number } | undefined>)[consumerName];
  const payload = {
    version: '1.0',
    timestamp: new Date().toISOString(),
    requestContext: {
      condition: 'RetryAttemptsExhausted',
      approximateInvokeCount: attempts,
      functionArn: createLambdaContext({ functionName: localFunctionName(consumerName), ...(definition ? { timeoutSeconds: definition.timeoutSeconds } : {}) }).invokedFunctionArn,
    },
    responseContext: { error: reason },
    DDBStreamBatchInfo: {
      shardId,
      startSequenceNumber: first.SequenceNumber,
      endSequenceNumber: last.SequenceNumber,
      approximateArrivalOfFirstRecord: first.ApproximateCreationDateTime ? new Date(first.ApproximateCreationDateTime * 1000).toISOString() : undefined,
      approximateArrivalOfLastRecord: last.ApproximateCreationDateTime ? new Date(last.ApproximateCreationDateTime * 1000).toISOString() : undefined,
      batchSize: batch.length,
      streamArn,
    },
    // Unlike Lambda's destination (metadata only) the payload is kept, as the S3 destination does.
    event: { Records: batch },
  };
  mkdirSync(failedDir, { recursive: true });
  const file = join(failedDir, `${consumerName}-${new Date().toISOString().replace(/[:.]/g, '-')}-${first.SequenceNumber}.json`);
  writeFileSync(file, `${JSON.stringify(payload, null, 2)}\n`);
  log(`[stream] ${consumerName}: failed batch written to ${file}`);
};
