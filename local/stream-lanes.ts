import type { DynamoDBRecord } from 'aws-lambda';

/**
 * Lambda's `ParallelizationFactor` for the local event source mapping: a shard's records are split
 * into lanes by partition key (records with the same key — one aggregate's events — stay in one lane
 * and in order), and the lanes are delivered concurrently. DynamoDB Local has one shard, so without
 * lanes every consumer invocation waits for the one before it.
 */
export const splitIntoLanes = (records: readonly DynamoDBRecord[], lanes: number): DynamoDBRecord[][] => {
  const result: DynamoDBRecord[][] = Array.from({ length: Math.max(1, lanes) }, () => []);
  for (const record of records) result[laneOf(record, result.length)]!.push(record);
  return result.filter((lane) => lane.length > 0);
};

/** FNV-1a of the record's partition key, modulo `lanes`. */
export const laneOf = (record: DynamoDBRecord, lanes: number): number => {
  const key = record.dynamodb?.Keys?.['pk']?.S ?? '';
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i += 1) {
    hash ^= key.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) % lanes;
};

/**
 * Where a shard's checkpoint may move while lanes finish out of order: the last record of the
 * longest prefix (in stream order) whose records are all done. Records the filter dropped count as
 * done from the start.
 */
export class StreamWatermark {
  readonly #order: readonly string[];
  readonly #done = new Set<string>();
  #next = 0;

  /** `sequenceNumbers`: every record read, in stream order; `pending`: those delivered to the consumer. */
  constructor(sequenceNumbers: readonly string[], pending: readonly string[]) {
    this.#order = sequenceNumbers;
    const delivered = new Set(pending);
    for (const sequenceNumber of sequenceNumbers) if (!delivered.has(sequenceNumber)) this.#done.add(sequenceNumber);
  }

  /** Marks records done; returns the new checkpoint when the prefix grew, else `undefined`. */
  done(sequenceNumbers: readonly string[]): string | undefined {
    for (const sequenceNumber of sequenceNumbers) this.#done.add(sequenceNumber);
    const before = this.#next;
    while (this.#next < this.#order.length && this.#done.has(this.#order[this.#next]!)) this.#next += 1;
    return this.#next > before ? this.#order[this.#next - 1] : undefined;
  }
}
