import type { _Record as StreamRecordSdk } from '@aws-sdk/client-dynamodb-streams';
import type { DynamoDBBatchResponse, DynamoDBRecord } from 'aws-lambda';
import { matchesAnyPattern } from '../stream-filter.ts';
import type { FilterPattern } from '../stream-filter.ts';
import { splitIntoLanes, StreamWatermark } from '../stream-lanes.ts';
import type { CheckpointStore } from './checkpoints.ts';
import { setAsideFailedBatch } from './failed-batches.ts';
import { invokeConsumer } from './invoke-consumer.ts';
import { toLambdaRecord } from './lambda-record.ts';
import { Stopped } from './shard-state.ts';
import type { ConsumerState, ShardState } from './shard-state.ts';

/**
 * Delivering what one GetRecords returned to one consumer: filtered, in lanes by partition key
 * (parallelization factor), in batches; partial batch failures honoured, bounded retries, exhausted
 * batches set aside, and the shard's checkpoint moved over the prefix that is entirely done.
 */

export interface BatchDeliveryOptions {
  readonly checkpoints: CheckpointStore;
  /** `null` = no filtering. */
  readonly filters: readonly FilterPattern[] | null;
  readonly maximumRetryAttempts: number;
  readonly retryBaseDelayMs: number;
  readonly failedDir: string | undefined;
  readonly log: (line: string) => void;
  /** The stream being read now (it changes when the table's stream does). */
  readonly streamArn: () => string;
  readonly isStopped: () => boolean;
  /** Sleeps; throws `Stopped` when polling stops meanwhile. */
  readonly pause: (ms: number) => Promise<void>;
}

/** Index of the first failed record, `undefined` when the batch succeeded. Unknown identifiers fail the whole batch. */
const firstFailure = (result: DynamoDBBatchResponse | void | undefined, batch: readonly DynamoDBRecord[]): number | undefined => {
  const failures = result?.batchItemFailures ?? [];
  if (failures.length === 0) return undefined;
  let first = batch.length;
  for (const failure of failures) {
    const index = batch.findIndex((record) => record.dynamodb?.SequenceNumber === failure.itemIdentifier);
    if (!failure.itemIdentifier || index === -1) return 0;
    first = Math.min(first, index);
  }
  return first;
};

export interface BatchDelivery {
  deliver(state: ConsumerState, shard: ShardState, records: readonly StreamRecordSdk[]): Promise<void>;
}

export const createBatchDelivery = (options: BatchDeliveryOptions): BatchDelivery => {
  const { checkpoints, filters, maximumRetryAttempts, retryBaseDelayMs, failedDir, log, pause } = options;

  const saveCheckpoint = async (state: ConsumerState, shard: ShardState, sequenceNumber: string): Promise<void> => {
    shard.checkpoint = sequenceNumber;
    await checkpoints.save(state.consumer.name, options.streamArn(), shard.id, sequenceNumber);
  };

  /**
   * Delivers one batch, retrying from the first failed record; sets the batch aside after the last
   * retry. `onDone` gets the records that are finished with (processed or set aside). An invocation
   * that got further than the last one (a handler that stopped at its deadline) is progress, not a
   * failure: it costs no retry attempt and the rest is sent again at once.
   */
  const processBatch = async (state: ConsumerState, shard: ShardState, batch: readonly DynamoDBRecord[], onDone: (records: readonly DynamoDBRecord[]) => Promise<void>): Promise<void> => {
    let pending = batch;
    let failedAttempts = 0;
    for (;;) {
      if (options.isStopped()) throw new Stopped();
      let failedAt: number | undefined;
      let reason = '';
      try {
        const result = await invokeConsumer(state.consumer, pending);
        failedAt = firstFailure(result, pending);
        if (failedAt !== undefined) reason = `batch item failure at ${pending[failedAt]!.dynamodb!.SequenceNumber}`;
      } catch (error) {
        failedAt = 0;
        reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
        log(`[stream] ${state.consumer.name}: invocation failed: ${reason}`);
      }
      if (failedAt === undefined) {
        await onDone(pending);
        return;
      }
      if (failedAt > 0) {
        // Records before the first failure are done: checkpoint them, send the rest again now.
        await onDone(pending.slice(0, failedAt));
        pending = pending.slice(failedAt);
        failedAttempts = 0;
        continue;
      }
      failedAttempts += 1;
      if (failedAttempts > maximumRetryAttempts) {
        setAsideFailedBatch({ consumerName: state.consumer.name, shardId: shard.id, streamArn: options.streamArn(), failedDir, log }, pending, failedAttempts, reason);
        await onDone(pending);
        return;
      }
      const delay = Math.min(5_000, retryBaseDelayMs * 2 ** (failedAttempts - 1));
      log(`[stream] ${state.consumer.name}: retrying ${pending.length} record(s) from ${pending[0]!.dynamodb!.SequenceNumber} in ${delay} ms (${reason})`);
      await pause(delay);
    }
  };

  const deliver = async (state: ConsumerState, shard: ShardState, records: readonly StreamRecordSdk[]): Promise<void> => {
    const batchSize = Math.max(1, Math.min(state.consumer.batchSize ?? 100, 10_000));
    const selected = records.map((record) => toLambdaRecord(record, options.streamArn())).filter((record) => matchesAnyPattern(record, filters));
    const sequenceOf = (record: DynamoDBRecord): string => record.dynamodb!.SequenceNumber!;
    const watermark = new StreamWatermark(
      records.map((record) => record.dynamodb!.SequenceNumber!),
      selected.map(sequenceOf),
    );
    // Lanes finish out of order: the checkpoint follows the prefix that is entirely done, one save at a time.
    let saving = Promise.resolve();
    const onDone = (done: readonly DynamoDBRecord[]): Promise<void> => {
      const checkpoint = watermark.done(done.map(sequenceOf));
      if (checkpoint !== undefined) saving = saving.then(() => saveCheckpoint(state, shard, checkpoint));
      return saving;
    };
    const lanes = splitIntoLanes(selected, Math.min(10, state.consumer.parallelizationFactor ?? 1));
    await Promise.all(
      lanes.map(async (lane) => {
        for (let start = 0; start < lane.length; start += batchSize) {
          if (options.isStopped()) throw new Stopped();
          await processBatch(state, shard, lane.slice(start, start + batchSize), onDone);
        }
      }),
    );
    // Filtered-out records are consumed too.
    const last = records.at(-1)?.dynamodb?.SequenceNumber;
    if (last && last !== shard.checkpoint) await saveCheckpoint(state, shard, last);
  };

  return { deliver };
};
