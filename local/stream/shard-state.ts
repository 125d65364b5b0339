import type { ShardIteratorType } from '@aws-sdk/client-dynamodb-streams';
import type { StreamConsumer } from './consumer.ts';

/** What the poller keeps per consumer and shard; shared by the poller loop and batch delivery. */

export interface ShardState {
  readonly id: string;
  readonly parentId: string | undefined;
  /** How to get the first iterator when there is no checkpoint. */
  readonly initialPosition: ShardIteratorType;
  iterator: string | undefined;
  checkpoint: string | undefined;
  finished: boolean;
}

export interface ConsumerState {
  readonly consumer: StreamConsumer;
  readonly shards: Map<string, ShardState>;
  /** The stream the shards belong to. */
  streamArn: string;
  cyclesStarted: number;
  lastEmptyCycle: number;
}

/** Thrown where polling stops (a stop() during a pause or between batches). */
export class Stopped extends Error {}
