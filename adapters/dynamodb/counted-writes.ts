import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, GetCommand, PutCommand, TransactWriteCommand, type DynamoDBDocumentClient, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { counterId, counterKeyOf, maxTransactItems, pendingCountsOf, type CounterDelta } from '../../projections/counters.ts';
import type { ReadItem } from '../../projections/projection.ts';

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];
type Key = { pk: string; sk: string };

/** Counters a transaction may carry beside its main item. */
const countersPerTransaction = maxTransactItems - 1;
/** Follow-up transactions (each applies up to 99 pending counts or sees another writer do it) before giving up. */
const maxFinishRounds = 200;

/**
 * Counted main items and their counters on DynamoDB (projections/counters.ts): one transaction when
 * the deltas fit DynamoDB's 100-action limit, else the main item first with the rest of the deltas
 * recorded on it as `pendingCounts`, then follow-ups that each apply up to 99 of them — conditioned
 * on exactly those entries (`pendingCounts.<counter> = <delta>`) and removing them in the same
 * transaction, so a delta is applied once whoever finishes it (this writer, or the next one that reads
 * the item after this one died). A main item with pending counts is never overwritten: every counted
 * write is conditioned on `attribute_not_exists(pendingCounts)` as well as on the version read.
 */
export class CountedWrites {
  readonly #db: DynamoDBDocumentClient;
  readonly #table: string;

  constructor(db: DynamoDBDocumentClient, table: string) {
    this.#db = db;
    this.#table = table;
  }

  /**
   * Puts `item` (or deletes the item at `key` when null) if the stored version is `expected` (null:
   * absent) and nothing is pending on it, with the counters' deltas; false when that condition failed
   * (nothing written). A write that had to be split is finished before this returns.
   */
  async write(key: Key, item: ReadItem | null, expected: number | null, deltas: readonly CounterDelta[]): Promise<boolean> {
    const condition =
      expected === null
        ? { ConditionExpression: 'attribute_not_exists(pk)' }
        : { ConditionExpression: 'version = :expected AND attribute_not_exists(#pending)', ExpressionAttributeNames: { '#pending': 'pendingCounts' }, ExpressionAttributeValues: { ':expected': expected } };
    const now = deltas.slice(0, countersPerTransaction);
    const later = deltas.slice(countersPerTransaction);
    if (later.length === 0) {
      const main: TransactItem = item === null ? { Delete: { TableName: this.#table, Key: { pk: key.pk, sk: key.sk }, ...condition } } : { Put: { TableName: this.#table, Item: item, ...condition } };
      if (deltas.length === 0) return this.#single(key, main);
      return (await this.#transact(key, [main, ...now.map((delta) => this.#counter(delta))])) === 'done';
    }
    const pendingCounts = Object.fromEntries(later.map(({ key: counter, delta }) => [counterId(counter), delta]));
    // A removal that does not fit: the item stays, marked, until its last follow-up deletes it.
    const main: TransactItem =
      item === null
        ? {
            Update: {
              TableName: this.#table,
              Key: { pk: key.pk, sk: key.sk },
              UpdateExpression: 'SET #pending = :pending, #pendingDelete = :true, #counted = :none',
              ConditionExpression: condition.ConditionExpression,
              ExpressionAttributeNames: { '#pending': 'pendingCounts', '#pendingDelete': 'pendingDelete', '#counted': 'counted' },
              ExpressionAttributeValues: { ...condition.ExpressionAttributeValues, ':pending': pendingCounts, ':true': true, ':none': { satellites: {}, entries: {} } },
            },
          }
        : { Put: { TableName: this.#table, Item: { ...item, pendingCounts }, ...condition } };
    if ((await this.#transact(key, [main, ...now.map((delta) => this.#counter(delta))])) !== 'done') return false;
    await this.finish(key);
    return true;
  }

  /**
   * Applies whatever counts are pending on the main item at `key` (a split write, possibly of a
   * writer that died) and answers the item as it then stands (null: absent, or its pending removal
   * completed). Safe to run by several writers at once: each follow-up is conditioned on the entries it
   * applies, so a lost race just re-reads.
   */
  async finish(key: Key): Promise<Record<string, unknown> | null> {
    for (let round = 1; ; round += 1) {
      const { Item: stored } = await this.#db.send(new GetCommand({ TableName: this.#table, Key: { pk: key.pk, sk: key.sk }, ConsistentRead: true }));
      const pending = pendingCountsOf(stored ?? null);
      if (!stored || pending === null) return stored ?? null;
      if (round > maxFinishRounds) throw new Error(`${key.pk}: pending counter changes still not applied after ${maxFinishRounds} rounds`);
      const entries = Object.entries(pending).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      const chunk = entries.slice(0, countersPerTransaction);
      const last = chunk.length === entries.length;
      const names: Record<string, string> = { '#p': 'pendingCounts' };
      const values: Record<string, unknown> = {};
      const conditions: string[] = [];
      chunk.forEach(([id, delta], i) => {
        names[`#k${i}`] = id;
        values[`:v${i}`] = delta;
        conditions.push(`#p.#k${i} = :v${i}`);
      });
      if (last) {
        // The whole remainder: nothing else may be pending (then the map goes, or the item with it).
        conditions.push('size(#p) = :size');
        values[':size'] = entries.length;
      }
      const common = { TableName: this.#table, Key: { pk: key.pk, sk: key.sk }, ConditionExpression: conditions.join(' AND '), ExpressionAttributeNames: names, ExpressionAttributeValues: values };
      const main: TransactItem =
        last && stored.pendingDelete === true
          ? { Delete: common }
          : { Update: { ...common, UpdateExpression: last ? 'REMOVE #p' : `REMOVE ${chunk.map((_, i) => `#p.#k${i}`).join(', ')}` } };
      // 'condition-failed': another writer applied (some of) them meanwhile; read again.
      await this.#transact(key, [main, ...chunk.map(([id, delta]) => this.#counter({ key: counterKeyOf(id), delta }))]);
    }
  }

  #counter({ key: counter, delta }: CounterDelta): TransactItem {
    return {
      Update: {
        TableName: this.#table,
        Key: { pk: counter.pk, sk: counter.sk },
        UpdateExpression: 'ADD #n :delta SET #counter = :true',
        ExpressionAttributeNames: { '#n': 'n', '#counter': 'counter' },
        ExpressionAttributeValues: { ':delta': delta, ':true': true },
      },
    };
  }

  /** Without deltas, a plain conditional put or delete (a transaction costs twice the write units). */
  async #single(key: Key, main: TransactItem): Promise<boolean> {
    try {
      if (main.Delete) await this.#db.send(new DeleteCommand(main.Delete));
      else await this.#db.send(new PutCommand(main.Put!));
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw tooLarge(key, error);
    }
  }

  /**
   * One transaction (the main item first): 'condition-failed' when the main item's condition failed;
   * conflicts on a busy counter (shared by the company's records) are retried with backoff.
   */
  async #transact(key: Key, items: readonly TransactItem[]): Promise<'done' | 'condition-failed'> {
    if (items.length > maxTransactItems) {
      throw new Error(`${key.pk}: ${items.length} writes in one transaction exceed DynamoDB's limit of ${maxTransactItems} TransactWriteItems actions`);
    }
    for (let attempt = 0; ; attempt += 1) {
      try {
        await this.#db.send(new TransactWriteCommand({ TransactItems: [...items] }));
        return 'done';
      } catch (error) {
        if (!(error instanceof TransactionCanceledException)) throw tooLarge(key, error);
        const reasons = error.CancellationReasons ?? [];
        if (reasons[0]?.Code === 'ConditionalCheckFailed') return 'condition-failed';
        if (attempt >= 10 || !reasons.some((reason) => reason.Code === 'TransactionConflict')) throw error;
        await new Promise((resolve) => setTimeout(resolve, Math.min(500, 10 * 2 ** attempt * (0.5 + Math.random()))));
      }
    }
  }
}

/** A main item grown past DynamoDB's 400 KB item limit (its tally or pending counts): say which limit. */
const tooLarge = (key: Key, error: unknown): unknown =>
  error instanceof Error && error.name === 'ValidationException' && /size/i.test(error.message)
    ? new Error(`${key.pk}: the counted main item does not fit DynamoDB's 400 KB item size limit (${error.message})`, { cause: error })
    : error;
