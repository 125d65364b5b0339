import { setTimeout as sleep } from 'node:timers/promises';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetRecordsCommand, GetShardIteratorCommand } from '@aws-sdk/client-dynamodb-streams';
import type { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import { eventStreamFilter } from '../contract/tables.ts';
import type { FilterPattern } from './stream-filter.ts';
import { createBatchDelivery } from './stream/batch-delivery.ts';
import { memoryCheckpoints } from './stream/checkpoints.ts';
import type { CheckpointStore } from './stream/checkpoints.ts';
import type { StreamConsumer } from './stream/consumer.ts';
import { Stopped } from './stream/shard-state.ts';
import type { ConsumerState, ShardState } from './stream/shard-state.ts';
import { describeShards, resolveStreamArn } from './stream/stream-discovery.ts';

// The parts live in `stream/`; `npm start`, tests and benches keep importing them from here.
export { fileCheckpoints, memoryCheckpoints } from './stream/checkpoints.ts';
export type { CheckpointStore } from './stream/checkpoints.ts';
export type { StreamConsumer, StreamHandler } from './stream/consumer.ts';
export { toLambdaRecord } from './stream/lambda-record.ts';

/**
 * The local event source mapping: reads the events table's DynamoDB stream on DynamoDB Local and
 * invokes stream consumers (the projector and publisher handlers) with the events Lambda would send
 * them — same record shape, same filter, batches of at most 100 in stream order (in lanes by
 * partition key with a parallelization factor), partial batch failures honoured and checkpointed,
 * bounded retries, failed batches set aside like an on-failure destination.
 */

export interface StartStreamPollerOptions {
  readonly streamsClient: DynamoDBStreamsClient;
  /** The table whose stream is read (its `LatestStreamArn`). */
  readonly tableName: string;
  /** Used to read the table's `LatestStreamArn`; without it the stream is found with ListStreams. */
  readonly dynamoClient?: DynamoDBClient;
  readonly consumers: readonly StreamConsumer[];
  /** Default: in memory. */
  readonly checkpoints?: CheckpointStore;
  /** Where to start in shards without a checkpoint that exist at start-up (later shards: TRIM_HORIZON). Default TRIM_HORIZON. */
  readonly startingPosition?: 'TRIM_HORIZON' | 'LATEST';
  /** Lambda filter criteria (any matches). Default: the contract's `eventStreamFilter`; `null` = no filtering. */
  readonly filters?: readonly FilterPattern[] | null;
  /** Sleep between polls when the stream is idle. Default 100 ms. */
  readonly pollIntervalMs?: number;
  /** Retries of a failed batch before it is set aside. Default 3. */
  readonly maximumRetryAttempts?: number;
  /** First retry delay, doubled each time (capped at 5 s). Default 200 ms. */
  readonly retryBaseDelayMs?: number;
  /** Where failed batches are written as JSON (the on-failure destination); without it they are only logged. */
  readonly failedDir?: string;
  /** Default console.log; `false` silences. */
  readonly log?: ((line: string) => void) | false;
}

export interface StreamPoller {
  readonly streamArn: string;
  /** Resolves once every consumer completed a full pass over all shards, begun after this call, that found nothing new. */
  idle(): Promise<void>;
  /** Stops polling (after the current invocation finishes); checkpoints stay where they are. */
  stop(): Promise<void>;
}

const errorName = (error: unknown): string => (error as { name?: string } | undefined)?.name ?? '';

/**
 * Starts polling. Resolves once the stream is found and every consumer holds its starting position
 * (so with `startingPosition: 'LATEST'` anything written after this resolves is delivered).
 */
export const startStreamPoller = async (options: StartStreamPollerOptions): Promise<StreamPoller> => {
  const { streamsClient, consumers } = options;
  const checkpoints = options.checkpoints ?? memoryCheckpoints();
  const filters = options.filters === undefined ? [eventStreamFilter as FilterPattern] : options.filters;
  const pollIntervalMs = options.pollIntervalMs ?? 100;
  const maximumRetryAttempts = options.maximumRetryAttempts ?? 3;
  const retryBaseDelayMs = options.retryBaseDelayMs ?? 200;
  const log = options.log === false ? () => undefined : (options.log ?? ((line: string) => console.log(line)));
  const abort = new AbortController();
  let stopped = false;

  const pause = async (ms: number): Promise<void> => {
    try {
      await sleep(ms, undefined, { signal: abort.signal });
    } catch {
      throw new Stopped();
    }
  };

  let streamArn = await resolveStreamArn(streamsClient, options.tableName, options.dynamoClient);
  const states: ConsumerState[] = consumers.map((consumer) => ({ consumer, shards: new Map(), streamArn, cyclesStarted: 0, lastEmptyCycle: 0 }));

  const acquireIterator = async (shard: ShardState): Promise<void> => {
    const base = { StreamArn: streamArn, ShardId: shard.id };
    const request = shard.checkpoint
      ? { ...base, ShardIteratorType: 'AFTER_SEQUENCE_NUMBER' as const, SequenceNumber: shard.checkpoint }
      : { ...base, ShardIteratorType: shard.initialPosition };
    try {
      const { ShardIterator } = await streamsClient.send(new GetShardIteratorCommand(request));
      shard.iterator = ShardIterator;
      if (!ShardIterator) shard.finished = true;
    } catch (error) {
      if (errorName(error) === 'TrimmedDataAccessException') {
        log(`[stream] shard ${shard.id}: checkpoint ${shard.checkpoint} was trimmed; reading from TRIM_HORIZON`);
        const { ShardIterator } = await streamsClient.send(new GetShardIteratorCommand({ ...base, ShardIteratorType: 'TRIM_HORIZON' }));
        shard.iterator = ShardIterator;
        if (!ShardIterator) shard.finished = true;
      } else if (errorName(error) === 'ResourceNotFoundException') {
        // The shard is gone from the stream (trimmed entirely).
        shard.finished = true;
      } else {
        throw error;
      }
    }
  };

  /**
   * Adds shards not yet known. `startup`: shards that exist when polling starts (checkpoint, else the
   * starting position); `new`: child shards appearing later (TRIM_HORIZON); `reset`: the table's
   * stream changed (checkpoint of that stream, else TRIM_HORIZON).
   */
  const refreshShards = async (state: ConsumerState, mode: 'startup' | 'new' | 'reset'): Promise<void> => {
    if (mode === 'reset') state.shards.clear();
    state.streamArn = streamArn;
    const saved = mode === 'new' ? {} : await checkpoints.load(state.consumer.name, streamArn);
    for (const shard of await describeShards(streamsClient, streamArn)) {
      const id = shard.ShardId!;
      if (state.shards.has(id)) continue;
      state.shards.set(id, {
        id,
        parentId: shard.ParentShardId,
        initialPosition: mode === 'startup' ? (options.startingPosition ?? 'TRIM_HORIZON') : 'TRIM_HORIZON',
        iterator: undefined,
        checkpoint: saved[id],
        finished: false,
      });
    }
  };

  const { deliver } = createBatchDelivery({
    checkpoints,
    filters,
    maximumRetryAttempts,
    retryBaseDelayMs,
    failedDir: options.failedDir,
    log,
    streamArn: () => streamArn,
    isStopped: () => stopped,
    pause,
  });

  /** Reads every ready shard once. Returns how many records were read. */
  const cycle = async (state: ConsumerState): Promise<number> => {
    let read = 0;
    let shardClosed = false;
    for (const shard of state.shards.values()) {
      if (stopped) throw new Stopped();
      if (shard.finished) continue;
      const parent = shard.parentId ? state.shards.get(shard.parentId) : undefined;
      if (parent && !parent.finished) continue; // a child waits until its parent is drained
      if (!shard.iterator) await acquireIterator(shard);
      if (shard.finished || !shard.iterator) {
        shardClosed = true;
        continue;
      }
      let response;
      try {
        response = await streamsClient.send(new GetRecordsCommand({ ShardIterator: shard.iterator, Limit: 1000 }));
      } catch (error) {
        const name = errorName(error);
        if (name === 'ExpiredIteratorException' || name === 'TrimmedDataAccessException') {
          // Re-acquire from the checkpoint on the next pass.
          shard.iterator = undefined;
          read += 1;
          continue;
        }
        if (name === 'ResourceNotFoundException') {
          shard.finished = true;
          shardClosed = true;
          continue;
        }
        throw error;
      }
      const records = response.Records ?? [];
      read += records.length;
      if (records.length > 0) await deliver(state, shard, records);
      shard.iterator = response.NextShardIterator;
      if (!shard.iterator) {
        // Closed shard: drained. Its children (if any) become readable.
        shard.finished = true;
        shardClosed = true;
      }
    }
    if (shardClosed) {
      await refreshShards(state, 'new');
      read += 1;
    }
    return read;
  };

  // Starting positions are taken before start resolves.
  for (const state of states) {
    await refreshShards(state, 'startup');
    for (const shard of state.shards.values()) {
      const parent = shard.parentId ? state.shards.get(shard.parentId) : undefined;
      if (!parent) await acquireIterator(shard);
    }
  }

  const waiters = new Set<{ readonly marks: readonly number[]; readonly resolve: () => void }>();
  const settleWaiters = (): void => {
    for (const waiter of waiters) {
      if (stopped || states.every((state, index) => state.lastEmptyCycle > waiter.marks[index]!)) {
        waiters.delete(waiter);
        waiter.resolve();
      }
    }
  };

  const run = async (state: ConsumerState): Promise<void> => {
    let lastRefresh = Date.now();
    let failures = 0;
    while (!stopped) {
      const number = ++state.cyclesStarted;
      try {
        if (state.streamArn !== streamArn) {
          await refreshShards(state, 'reset');
        } else if (Date.now() - lastRefresh > 5_000) {
          await refreshShards(state, 'new');
          lastRefresh = Date.now();
        }
        const read = await cycle(state);
        failures = 0;
        if (read === 0) {
          state.lastEmptyCycle = number;
          settleWaiters();
          await pause(pollIntervalMs);
        }
      } catch (error) {
        if (error instanceof Stopped || stopped) break;
        failures++;
        if (errorName(error) === 'ResourceNotFoundException') {
          // The stream went away (table recreated?): follow the table's current stream.
          try {
            const latest = await resolveStreamArn(streamsClient, options.tableName, options.dynamoClient);
            if (latest !== streamArn) {
              log(`[stream] the table's stream changed; now reading ${latest}`);
              streamArn = latest;
            }
          } catch {
            // try again later
          }
        }
        if (failures === 1 || failures % 50 === 0) log(`[stream] ${state.consumer.name}: polling failed (${failures}x): ${String(error)}`);
        try {
          await pause(Math.min(5_000, 200 * failures));
        } catch {
          break;
        }
      }
    }
  };

  const loops = states.map((state) => run(state));
  let stopping: Promise<void> | undefined;

  return {
    get streamArn() {
      return streamArn;
    },
    idle() {
      if (stopped) return Promise.resolve();
      return new Promise<void>((resolve) => {
        waiters.add({ marks: states.map((state) => state.cyclesStarted), resolve });
      });
    },
    stop() {
      stopping ??= (async () => {
        stopped = true;
        abort.abort();
        await Promise.allSettled(loops);
        settleWaiters();
      })();
      return stopping;
    },
  };
};
