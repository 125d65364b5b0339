import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  BatchWriteCommand,
  DeleteCommand,
  GetCommand,
  PutCommand,
  QueryCommand,
  type DynamoDBDocumentClient,
  type BatchGetCommandOutput,
  type BatchWriteCommandInput,
  type QueryCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { CountedWrites } from './counted-writes.ts';
import { countDeltas, countedOf, type CounterDelta } from '../../projections/counters.ts';
import { itemKey, type ReadItem } from '../../projections/projection.ts';
import type { ReadModels, IndexQuery, QueryPage } from '../../application/ports/read-models.ts';

export type { IndexQuery, QueryPage } from '../../application/ports/read-models.ts';

/**
 * The read budget of one list page: at most this many requests, and no further request once this
 * many read units were consumed; then a short page is handed back with a cursor (bounded cost per
 * request, whatever the filter).
 */
const maxReadsPerPage = 10;
const maxReadUnitsPerPage = 200;

export class ReadModelStore implements ReadModels {
  readonly #db: DynamoDBDocumentClient;
  readonly #table: string;
  readonly #counted: CountedWrites;

  constructor(db: DynamoDBDocumentClient, table: string) {
    this.#db = db;
    this.#table = table;
    this.#counted = new CountedWrites(db, table);
  }

  get tableName(): string {
    return this.#table;
  }

  async get(key: { pk: string; sk: string }): Promise<Record<string, unknown> | null> {
    const { Item } = await this.#db.send(new GetCommand({ TableName: this.#table, Key: key, ConsistentRead: true }));
    return Item ?? null;
  }

  putIfNewer(item: ReadItem): Promise<boolean> {
    return this.#conditionalPut(item, 'attribute_not_exists(pk) OR version < :version');
  }

  /** For rebuilds: writes the folded item unless a live write already stored a newer version. */
  putUnlessNewer(item: ReadItem): Promise<boolean> {
    return this.#conditionalPut(item, 'attribute_not_exists(pk) OR version <= :version');
  }

  /** A counted main item and its counters' deltas (adapters/dynamodb/counted-writes.ts). */
  writeCounted(key: { pk: string; sk: string }, item: ReadItem | null, expected: number | null, deltas: readonly CounterDelta[]): Promise<boolean> {
    return this.#counted.write(key, item, expected, deltas);
  }

  /** Applies the counts a split write left pending on a main item; the item as it then stands. */
  finishCounted(key: { pk: string; sk: string }): Promise<Record<string, unknown> | null> {
    return this.#counted.finish(key);
  }

  /**
   * For rebuilds of a counted main item: like `putUnlessNewer`, with the counters moved from the
   * stored item's tally to the folded one's, conditioned on the stored version (re-read on a race).
   */
  async putCountedUnlessNewer(item: ReadItem): Promise<boolean> {
    for (let attempt = 1; ; attempt += 1) {
      // Pending counts of an earlier split write are finished first (its tally is then the truth).
      const stored = await this.finishCounted({ pk: item.pk, sk: item.sk });
      if (stored && Number(stored.version) > item.version) return false;
      const deltas = countDeltas(countedOf(stored), countedOf(item));
      if (await this.writeCounted(item, item, stored ? Number(stored.version) : null, deltas)) return true;
      if (attempt >= 8) throw new Error(`rebuild: the counted item ${item.pk} kept moving (${attempt} attempts)`);
    }
  }

  /** For the sweep: deletes an orphan counted main item and takes back what it counted (re-read on a race). */
  async deleteCounted(key: { pk: string; sk: string }): Promise<void> {
    for (let attempt = 1; ; attempt += 1) {
      const stored = await this.finishCounted({ pk: key.pk, sk: key.sk });
      if (stored === null) return;
      if (await this.writeCounted(key, null, Number(stored.version), countDeltas(countedOf(stored), { satellites: {}, entries: {} }))) return;
      if (attempt >= 8) throw new Error(`sweep: the counted item ${key.pk} kept moving (${attempt} attempts)`);
    }
  }

  /** For the sweep: a counter at 0 goes (conditioned: a concurrent ADD re-creates it or keeps it). */
  async deleteZeroCounter(key: { pk: string; sk: string }): Promise<void> {
    try {
      await this.#db.send(
        new DeleteCommand({ TableName: this.#table, Key: { pk: key.pk, sk: key.sk }, ConditionExpression: '#n = :zero', ExpressionAttributeNames: { '#n': 'n' }, ExpressionAttributeValues: { ':zero': 0 } }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }

  /** Strongly consistent reads of many items, 100 keys per call, unprocessed keys retried. */
  async batchGet(keys: readonly { pk: string; sk: string }[]): Promise<Record<string, unknown>[]> {
    const found: Record<string, unknown>[] = [];
    for (let start = 0; start < keys.length; start += 100) {
      let pending: Record<string, unknown>[] | undefined = keys.slice(start, start + 100).map((k) => ({ pk: k.pk, sk: k.sk }));
      for (let attempt = 0; pending && pending.length > 0; attempt += 1) {
        if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, Math.min(1000, 20 * 2 ** attempt)));
        const result: BatchGetCommandOutput = await this.#db.send(
          new BatchGetCommand({ RequestItems: { [this.#table]: { Keys: pending, ConsistentRead: true } } }),
        );
        found.push(...(result.Responses?.[this.#table] ?? []));
        pending = result.UnprocessedKeys?.[this.#table]?.Keys;
      }
    }
    return found;
  }

  async put(item: ReadItem): Promise<void> {
    await this.#db.send(new PutCommand({ TableName: this.#table, Item: item }));
  }

  async delete(key: { pk: string; sk: string }): Promise<void> {
    await this.#db.send(new DeleteCommand({ TableName: this.#table, Key: { pk: key.pk, sk: key.sk } }));
  }

  /**
   * Puts and deletes as BatchWriteItem requests of 25, sent together, unprocessed items retried with
   * backoff: a company's dozens of search items cost two round trips instead of dozens. A key given
   * twice is written once (the last one wins; a request may not name a key twice).
   */
  async writeAll(puts: readonly ReadItem[], deletes: readonly { pk: string; sk: string }[]): Promise<void> {
    const requests = new Map<string, NonNullable<BatchWriteCommandInput['RequestItems']>[string][number]>();
    for (const key of deletes) requests.set(itemKey(key), { DeleteRequest: { Key: { pk: key.pk, sk: key.sk } } });
    for (const item of puts) requests.set(itemKey(item), { PutRequest: { Item: item } });
    const all = [...requests.values()];
    const chunks = Array.from({ length: Math.ceil(all.length / 25) }, (_, i) => all.slice(i * 25, i * 25 + 25));
    await Promise.all(
      chunks.map(async (chunk) => {
        let pending = chunk;
        for (let attempt = 0; pending.length > 0; attempt += 1) {
          if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, Math.min(1000, 20 * 2 ** attempt)));
          if (attempt > 10) throw new Error(`BatchWriteItem left ${pending.length} item(s) unprocessed after ${attempt} attempts`);
          const result = await this.#db.send(new BatchWriteCommand({ RequestItems: { [this.#table]: pending } }));
          pending = result.UnprocessedItems?.[this.#table] ?? [];
        }
      }),
    );
  }

  /**
   * One page of an index query with an optional filter. `Limit` counts items *evaluated* before the
   * filter, so it asks for exactly the rows still missing: the page never over-reads past the cursor
   * it returns, and every returned key is one the client has seen.
   */
  async query(query: IndexQuery): Promise<QueryPage> {
    const items: Record<string, unknown>[] = [];
    let startKey = query.startKey;
    let consumed = 0;
    for (let reads = 0; reads < maxReadsPerPage && items.length < query.limit && consumed < maxReadUnitsPerPage; reads += 1) {
      const input: QueryCommandInput = {
        ...this.#keyCondition(query),
        ScanIndexForward: !query.newestFirst,
        Limit: Math.max(query.limit - items.length, query.readAhead?.rows ?? 0),
        ExclusiveStartKey: startKey,
        ReturnConsumedCapacity: 'TOTAL',
      };
      const page = await this.#db.send(new QueryCommand(input));
      consumed += page.ConsumedCapacity?.CapacityUnits ?? 0;
      const found = page.Items ?? [];
      const missing = query.limit - items.length;
      if (query.readAhead && found.length > missing) {
        // Read past the page: it ends at the last row kept, the rest is the next page's.
        items.push(...found.slice(0, missing));
        startKey = query.readAhead.keyOf(items.at(-1)!);
        break;
      }
      items.push(...found);
      startKey = page.LastEvaluatedKey;
      if (!startKey) break;
    }
    return { items, lastKey: startKey, consumedReadUnits: consumed };
  }

  /** Pages through the partition with `Select: COUNT` (1 MB read per request) and adds the counts up. */
  async count(query: IndexQuery): Promise<number> {
    let total = 0;
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.#db.send(new QueryCommand({ ...this.#keyCondition(query), Select: 'COUNT', ExclusiveStartKey: startKey }));
      total += page.Count ?? 0;
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return total;
  }

  /** The table, index, key condition and filter of a query, as DynamoDB takes them. */
  #keyCondition(query: IndexQuery): Pick<QueryCommandInput, 'TableName' | 'IndexName' | 'KeyConditionExpression' | 'ExpressionAttributeNames' | 'ExpressionAttributeValues' | 'FilterExpression'> {
    return {
      TableName: this.#table,
      IndexName: query.index,
      KeyConditionExpression: query.sortKeyPrefix ? '#pk = :pk AND begins_with(#sk, :sk)' : query.sortKeyBefore ? '#pk = :pk AND #sk < :sk' : '#pk = :pk',
      ExpressionAttributeNames: {
        '#pk': query.partitionKey.name,
        ...(query.sortKeyPrefix ? { '#sk': query.sortKeyPrefix.name } : query.sortKeyBefore ? { '#sk': query.sortKeyBefore.name } : {}),
        ...query.filter?.names,
      },
      ExpressionAttributeValues: {
        ':pk': query.partitionKey.value,
        ...(query.sortKeyPrefix ? { ':sk': query.sortKeyPrefix.value } : query.sortKeyBefore ? { ':sk': query.sortKeyBefore.value } : {}),
        ...query.filter?.values,
      },
      FilterExpression: query.filter?.expression,
    };
  }

  async #conditionalPut(item: ReadItem, condition: string): Promise<boolean> {
    try {
      await this.#db.send(
        new PutCommand({
          TableName: this.#table,
          Item: item,
          ConditionExpression: condition,
          ExpressionAttributeValues: { ':version': item.version },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }
}
