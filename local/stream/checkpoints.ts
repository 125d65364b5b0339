import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

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
