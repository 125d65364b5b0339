import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DescribeStreamCommand, GetRecordsCommand, GetShardIteratorCommand, ListStreamsCommand } from '@aws-sdk/client-dynamodb-streams';
import type { DynamoDBStreamsClient, _Record as StreamRecordSdk, AttributeValue as SdkAttributeValue, Shard, ShardIteratorType } from '@aws-sdk/client-dynamodb-streams';
import type { AttributeValue, Context, DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { functions } from '../contract/functions.ts';
import { eventStreamFilter } from '../contract/tables.ts';
import { createLambdaContext, localFunctionName } from './lambda-context.ts';
import { matchesAnyPattern } from './stream-filter.ts';
import { splitIntoLanes, StreamWatermark } from './stream-lanes.ts';
import type { FilterPattern } from './stream-filter.ts';

/**
 * The local event source mapping: reads the events table's DynamoDB stream on DynamoDB Local and
 * invokes stream consumers (the projector and publisher handlers) with the events Lambda would send
 * them — same record shape, same filter, batches of at most 100 in stream order (in lanes by
 * partition key with a parallelization factor), partial batch failures honoured and checkpointed,
 * bounded retries, failed batches set aside like an on-failure destination.
 */

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

/** Last processed sequence number per consumer and shard, scoped to one stream ARN. */
export interface CheckpointStore {
  load(consumer: string, streamArn: string): Promise<Record<string, string>>;
  save(consumer: string, streamArn: string, shardId: string, sequenceNumber: string): Promise<void>;
}

export const memoryCheckpoints = (): CheckpointStore => {
  const data = new Map<string, Record<string, string>>();
  return {
    load: async (consumer, streamArn) => ({ ...data.get(`${consumer} ${streamArn}`) }),
    save: async (consumer, streamArn, shardId, sequenceNumber) => {
      const key = `${consumer} ${streamArn}`;
      data.set(key, { ...data.get(key), [shardId]: sequenceNumber });
    },
  };
};

interface CheckpointFile {
  readonly streamArn: string;
  readonly shards: Record<string, string>;
}

/** One JSON file per consumer in `dir` (`<consumer>.json`); checkpoints of another stream are ignored. */
export const fileCheckpoints = (dir: string): CheckpointStore => {
  const path = (consumer: string): string => join(dir, `${consumer.replace(/[^\w.-]/g, '_')}.json`);
  const read = (consumer: string): CheckpointFile | undefined => {
    const file = path(consumer);
    if (!existsSync(file)) return undefined;
    try {
      return JSON.parse(readFileSync(file, 'utf8')) as CheckpointFile;
    } catch {
      return undefined;
    }
  };
  return {
    load: async (consumer, streamArn) => {
      const file = read(consumer);
      return file?.streamArn === streamArn ? { ...file.shards } : {};
    },
    save: async (consumer, streamArn, shardId, sequenceNumber) => {
      mkdirSync(dir, { recursive: true });
      const current = read(consumer);
      const shards = current?.streamArn === streamArn ? current.shards : {};
      const next: CheckpointFile = { streamArn, shards: { ...shards, [shardId]: sequenceNumber } };
      const file = path(consumer);
      writeFileSync(`${file}.tmp`, `${JSON.stringify(next, null, 2)}\n`);
      renameSync(`${file}.tmp`, file);
    },
  };
};

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

// ---------------------------------------------------------------------------------------------------
// Records: SDK shape -> Lambda event shape

const toLambdaAttribute = (value: SdkAttributeValue): AttributeValue => {
  if (value.S !== undefined) return { S: value.S };
  if (value.N !== undefined) return { N: value.N };
  if (value.B !== undefined) return { B: Buffer.from(value.B).toString('base64') };
  if (value.BOOL !== undefined) return { BOOL: value.BOOL };
  if (value.NULL !== undefined) return { NULL: value.NULL };
  if (value.SS !== undefined) return { SS: [...value.SS] };
  if (value.NS !== undefined) return { NS: [...value.NS] };
  if (value.BS !== undefined) return { BS: value.BS.map((item) => Buffer.from(item).toString('base64')) };
  if (value.L !== undefined) return { L: value.L.map(toLambdaAttribute) };
  if (value.M !== undefined) return { M: toLambdaImage(value.M) };
  // The SDK's schema-based deserialiser reads `{"M":{}}` back as a value with no member set (an empty
  // list keeps `L: []`), so a member-less value is an empty map; without this, one event carrying an
  // empty map (a catalogue entry with no labels) would stop the poller on that shard for good.
  if (Object.keys(value).length === 0) return { M: {} };
  throw new Error(`unsupported attribute value in stream record: ${JSON.stringify(value)}`);
};

const toLambdaImage = (image: Record<string, SdkAttributeValue>): Record<string, AttributeValue> =>
  Object.fromEntries(Object.entries(image).map(([name, value]) => [name, toLambdaAttribute(value)]));

/** A stream record as Lambda delivers it (JSON attribute values, epoch-second time, `eventSourceARN`). */
export const toLambdaRecord = (record: StreamRecordSdk, streamArn: string): DynamoDBRecord => {
  const data = record.dynamodb ?? {};
  const created = data.ApproximateCreationDateTime;
  return {
    eventID: record.eventID!,
    eventName: record.eventName!,
    eventVersion: record.eventVersion ?? '1.1',
    eventSource: record.eventSource ?? 'aws:dynamodb',
    awsRegion: record.awsRegion!,
    dynamodb: {
      ...(created ? { ApproximateCreationDateTime: Math.floor(new Date(created).getTime() / 1000) } : {}),
      ...(data.Keys ? { Keys: toLambdaImage(data.Keys) } : {}),
      ...(data.NewImage ? { NewImage: toLambdaImage(data.NewImage) } : {}),
      ...(data.OldImage ? { OldImage: toLambdaImage(data.OldImage) } : {}),
      SequenceNumber: data.SequenceNumber!,
      SizeBytes: data.SizeBytes!,
      StreamViewType: data.StreamViewType!,
    },
    ...(record.userIdentity ? { userIdentity: { ...record.userIdentity } } : {}),
    eventSourceARN: streamArn,
  };
};

// ---------------------------------------------------------------------------------------------------

interface ShardState {
  readonly id: string;
  readonly parentId: string | undefined;
  /** How to get the first iterator when there is no checkpoint. */
  readonly initialPosition: ShardIteratorType;
  iterator: string | undefined;
  checkpoint: string | undefined;
  finished: boolean;
}

interface ConsumerState {
  readonly consumer: StreamConsumer;
  readonly shards: Map<string, ShardState>;
  /** The stream the shards belong to. */
  streamArn: string;
  cyclesStarted: number;
  lastEmptyCycle: number;
}

class Stopped extends Error {}

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

  const resolveStreamArn = async (): Promise<string> => {
    if (options.dynamoClient) {
      const { Table } = await options.dynamoClient.send(new DescribeTableCommand({ TableName: options.tableName }));
      if (!Table?.LatestStreamArn) throw new Error(`table ${options.tableName} has no stream`);
      return Table.LatestStreamArn;
    }
    const streams = [];
    let start: string | undefined;
    do {
      const page = await streamsClient.send(new ListStreamsCommand({ TableName: options.tableName, ...(start ? { ExclusiveStartStreamArn: start } : {}) }));
      streams.push(...(page.Streams ?? []));
      start = page.LastEvaluatedStreamArn;
    } while (start);
    const latest = streams.filter((stream) => stream.TableName === options.tableName).sort((a, b) => (a.StreamLabel ?? '').localeCompare(b.StreamLabel ?? '')).at(-1);
    if (!latest?.StreamArn) throw new Error(`table ${options.tableName} has no stream`);
    return latest.StreamArn;
  };

  const describeShards = async (streamArn: string): Promise<Shard[]> => {
    const shards: Shard[] = [];
    let start: string | undefined;
    do {
      const page = await streamsClient.send(new DescribeStreamCommand({ StreamArn: streamArn, ...(start ? { ExclusiveStartShardId: start } : {}) }));
      shards.push(...(page.StreamDescription?.Shards ?? []));
      start = page.StreamDescription?.LastEvaluatedShardId;
    } while (start);
    return shards;
  };

  let streamArn = await resolveStreamArn();
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
    for (const shard of await describeShards(streamArn)) {
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

  const saveCheckpoint = async (state: ConsumerState, shard: ShardState, sequenceNumber: string): Promise<void> => {
    shard.checkpoint = sequenceNumber;
    await checkpoints.save(state.consumer.name, streamArn, shard.id, sequenceNumber);
  };

  const setAside = (state: ConsumerState, shard: ShardState, batch: readonly DynamoDBRecord[], attempts: number, reason: string): void => {
    const first = batch[0]!.dynamodb!;
    const last = batch.at(-1)!.dynamodb!;
    log(`[stream] ${state.consumer.name}: giving up on ${batch.length} record(s) ${first.SequenceNumber}..${last.SequenceNumber} after ${attempts} attempts: ${reason}`);
    if (!options.failedDir) return;
    const definition = (functions as Record<string, { timeoutSeconds: number } | undefined>)[state.consumer.name];
    const payload = {
      version: '1.0',
      timestamp: new Date().toISOString(),
      requestContext: {
        condition: 'RetryAttemptsExhausted',
        approximateInvokeCount: attempts,
        functionArn: createLambdaContext({ functionName: localFunctionName(state.consumer.name), ...(definition ? { timeoutSeconds: definition.timeoutSeconds } : {}) }).invokedFunctionArn,
      },
      responseContext: { error: reason },
      DDBStreamBatchInfo: {
        shardId: shard.id,
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
    mkdirSync(options.failedDir, { recursive: true });
    const file = join(options.failedDir, `${state.consumer.name}-${new Date().toISOString().replace(/[:.]/g, '-')}-${first.SequenceNumber}.json`);
    writeFileSync(file, `${JSON.stringify(payload, null, 2)}\n`);
    log(`[stream] ${state.consumer.name}: failed batch written to ${file}`);
  };

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

  const invoke = async (consumer: StreamConsumer, batch: readonly DynamoDBRecord[]): Promise<DynamoDBBatchResponse | void | undefined> => {
    const definition = (functions as Record<string, { timeoutSeconds: number; memorySize: number } | undefined>)[consumer.name];
    const timeoutSeconds = consumer.timeoutSeconds ?? definition?.timeoutSeconds ?? 60;
    const context = createLambdaContext({
      functionName: localFunctionName(consumer.name),
      timeoutSeconds,
      ...(definition ? { memorySize: definition.memorySize } : {}),
    });
    let timer: NodeJS.Timeout | undefined;
    const running = consumer.handler({ Records: [...batch] }, context);
    try {
      return await Promise.race([
        running,
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error(`Task timed out after ${timeoutSeconds}.00 seconds`)), timeoutSeconds * 1000);
        }),
      ]);
    } catch (error) {
      // Lambda ends a timed-out sandbox; a promise cannot be ended, so the retry waits for it (up to
      // another timeout) instead of running the same records beside it and doubling the load.
      let wait: NodeJS.Timeout | undefined;
      await Promise.race([running.catch(() => undefined), new Promise((resolve) => (wait = setTimeout(resolve, timeoutSeconds * 1000)))]);
      clearTimeout(wait);
      throw error;
    } finally {
      clearTimeout(timer);
    }
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
      if (stopped) throw new Stopped();
      let failedAt: number | undefined;
      let reason = '';
      try {
        const result = await invoke(state.consumer, pending);
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
        setAside(state, shard, pending, failedAttempts, reason);
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
    const selected = records.map((record) => toLambdaRecord(record, streamArn)).filter((record) => matchesAnyPattern(record, filters));
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
          if (stopped) throw new Stopped();
          await processBatch(state, shard, lane.slice(start, start + batchSize), onDone);
        }
      }),
    );
    // Filtered-out records are consumed too.
    const last = records.at(-1)?.dynamodb?.SequenceNumber;
    if (last && last !== shard.checkpoint) await saveCheckpoint(state, shard, last);
  };

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
            const latest = await resolveStreamArn();
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
