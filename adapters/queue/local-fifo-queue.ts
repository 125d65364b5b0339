import { webhookQueueLimits } from '../../contract/webhook-queue.ts';
import { systemClock } from '../clock.ts';

/**
 * An in-process FIFO queue with the semantics of SQS FIFO that the webhook pipeline relies on
 * (docs/webhooks.md "Pipeline"), for the local cloud and the tests:
 *
 * - per-group order: a group's messages are handed out in the order they were sent, and none of a
 *   group is handed out while one of it is in flight or waiting out its visibility (a retry holds the
 *   messages behind it);
 * - deduplication: a deduplication id seen within the last 5 minutes is dropped;
 * - visibility: a handler may set an in-flight message's visibility (SQS ChangeMessageVisibility) and
 *   report it failed: it is handed out again once that wait is over (default `visibilityTimeoutMs`);
 * - receive count: a message received more than `maxReceiveCount` times goes to `deadLetters`;
 * - batches of up to `batchSize` messages across groups, to `concurrency` consumers at once;
 * - a message acknowledged (deleted) while its batch is still being handled frees its group at once.
 *
 * Time is the injected clock's (milliseconds), so a test can move a 24 h retry schedule forward
 * without waiting: `advanceTo(nextVisibleAt())`-style loops, or `settle(clock)`. A real timer only
 * wakes the queue up to look at that clock again; it keeps no process alive.
 */

export interface LocalFifoEntry {
  readonly body: string;
  readonly groupId: string;
  readonly deduplicationId: string;
}

export interface LocalFifoMessage {
  readonly messageId: string;
  readonly body: string;
  readonly groupId: string;
  /** 1 on the first receive (SQS ApproximateReceiveCount). */
  readonly receiveCount: number;
}

/** What a consumer handles: a batch; it returns the ids of the messages that failed (the others are deleted). */
export type LocalFifoConsumer = (batch: readonly LocalFifoMessage[]) => Promise<{ readonly failed: readonly string[] }>;

export interface LocalFifoQueueOptions {
  /** The queue's clock in milliseconds (default: the system clock's). */
  readonly clock?: () => number;
  readonly maxReceiveCount?: number;
  readonly visibilityTimeoutMs?: number;
  readonly batchSize?: number;
  /**
   * Batches handled at once (default 64). Lambda scales a FIFO source up to one invocation per active
   * message group; a batch waiting on a timing-out endpoint holds its invocation for up to 10 s, so
   * a small number here would let one slow endpoint starve the others (bench/webhook-lag.ts).
   */
  readonly concurrency?: number;
  readonly deduplicationWindowMs?: number;
  /** How often (real ms) the queue looks at its clock while messages wait out a visibility. Default 20. */
  readonly pollMs?: number;
}

interface Held {
  readonly messageId: string;
  readonly body: string;
  readonly groupId: string;
  receiveCount: number;
  visibleAt: number;
  inFlight: boolean;
  /** A visibility the handler set while the message was in flight (applies when it is reported failed). */
  changedVisibleAt: number | undefined;
}

export class LocalFifoQueue {
  readonly #clock: () => number;
  readonly maxReceiveCount: number;
  readonly #visibilityTimeoutMs: number;
  readonly #batchSize: number;
  readonly #concurrency: number;
  readonly #dedupWindowMs: number;
  readonly #pollMs: number;
  /** group id -> its messages in sending order (deleted ones removed). */
  readonly #groups = new Map<string, Held[]>();
  readonly #byId = new Map<string, Held>();
  readonly #seen = new Map<string, number>();
  readonly #running = new Set<Promise<void>>();
  readonly #idleWaiters: (() => void)[] = [];
  #consumer: LocalFifoConsumer | undefined;
  #timer: NodeJS.Timeout | undefined;
  #nextId = 0;
  /** Bodies received more than maxReceiveCount times (the dead-letter queue). */
  readonly deadLetters: string[] = [];

  constructor(options: LocalFifoQueueOptions = {}) {
    this.#clock = options.clock ?? (() => Date.parse(systemClock()));
    this.maxReceiveCount = options.maxReceiveCount ?? webhookQueueLimits.maxReceiveCount;
    this.#visibilityTimeoutMs = options.visibilityTimeoutMs ?? 90_000;
    this.#batchSize = options.batchSize ?? 10;
    this.#concurrency = options.concurrency ?? 64;
    this.#dedupWindowMs = options.deduplicationWindowMs ?? 5 * 60 * 1000;
    this.#pollMs = options.pollMs ?? 20;
  }

  consume(consumer: LocalFifoConsumer | undefined): void {
    this.#consumer = consumer;
    this.#pump();
  }

  send(entries: readonly LocalFifoEntry[]): void {
    const now = this.#clock();
    for (const entry of entries) {
      const seenUntil = this.#seen.get(entry.deduplicationId);
      if (seenUntil !== undefined && seenUntil > now) continue;
      this.#seen.set(entry.deduplicationId, now + this.#dedupWindowMs);
      const held: Held = {
        messageId: `m-${++this.#nextId}`,
        body: entry.body,
        groupId: entry.groupId,
        receiveCount: 0,
        visibleAt: now,
        inFlight: false,
        changedVisibleAt: undefined,
      };
      const group = this.#groups.get(entry.groupId) ?? [];
      group.push(held);
      this.#groups.set(entry.groupId, group);
      this.#byId.set(held.messageId, held);
    }
    this.#pump();
  }

  /** SQS ChangeMessageVisibility on an in-flight message: hidden for `ms` from now once its handler reports it failed. */
  changeVisibility(messageId: string, ms: number): void {
    const held = this.#byId.get(messageId);
    if (held) held.changedVisibleAt = this.#clock() + Math.max(0, ms);
  }

  /** SQS DeleteMessage while the batch is still being handled: the message's group may go on at once. */
  acknowledge(messageId: string): void {
    this.#delete(messageId);
    this.#pump();
  }

  /** Messages not yet deleted nor dead-lettered. */
  get size(): number {
    return this.#byId.size;
  }

  /**
   * The earliest time (queue clock) a group with no message in flight becomes available (all its
   * messages visible); undefined if no such group waits.
   */
  nextVisibleAt(): number | undefined {
    let next: number | undefined;
    for (const group of this.#groups.values()) {
      if (group.some((held) => held.inFlight)) continue;
      const at = Math.max(...group.map((held) => held.visibleAt));
      if (next === undefined || at < next) next = at;
    }
    return next;
  }

  /** Resolves when no batch is being handled and no message can be handed out at the clock's time. */
  async idle(): Promise<void> {
    for (;;) {
      this.#pump();
      if (this.#running.size === 0 && !this.#hasReady()) return;
      await new Promise<void>((resolve) => this.#idleWaiters.push(resolve));
    }
  }

  /** Kicks the queue after its clock moved (a test clock). */
  poke(): void {
    this.#pump();
  }

  #delete(messageId: string): void {
    const held = this.#byId.get(messageId);
    if (!held) return;
    this.#byId.delete(messageId);
    const group = this.#groups.get(held.groupId) ?? [];
    const index = group.indexOf(held);
    if (index >= 0) group.splice(index, 1);
    if (group.length === 0) this.#groups.delete(held.groupId);
  }

  /** A group is available when none of its messages is in flight or still invisible. */
  #available(group: readonly Held[], now: number): boolean {
    return group.length > 0 && group.every((held) => !held.inFlight && held.visibleAt <= now);
  }

  #hasReady(): boolean {
    if (!this.#consumer) return false;
    const now = this.#clock();
    for (const group of this.#groups.values()) if (this.#available(group, now)) return true;
    return false;
  }

  #takeBatch(): Held[] {
    const now = this.#clock();
    const batch: Held[] = [];
    for (const group of [...this.#groups.values()]) {
      if (batch.length >= this.#batchSize) break;
      if (!this.#available(group, now)) continue;
      for (const held of [...group]) {
        if (batch.length >= this.#batchSize) break;
        held.receiveCount += 1;
        if (held.receiveCount > this.maxReceiveCount) {
          // SQS's redrive: moved to the dead-letter queue instead of being received again.
          this.deadLetters.push(held.body);
          this.#delete(held.messageId);
          continue;
        }
        held.inFlight = true;
        held.changedVisibleAt = undefined;
        batch.push(held);
      }
    }
    return batch;
  }

  #pump(): void {
    while (this.#consumer && this.#running.size < this.#concurrency) {
      const batch = this.#takeBatch();
      if (batch.length === 0) break;
      const consumer = this.#consumer;
      const run = this.#handle(consumer, batch).finally(() => {
        this.#running.delete(run);
        this.#pump();
      });
      this.#running.add(run);
    }
    this.#schedule();
    if (this.#running.size === 0 && !this.#hasReady()) this.#idleWaiters.splice(0).forEach((wake) => wake());
  }

  async #handle(consumer: LocalFifoConsumer, batch: readonly Held[]): Promise<void> {
    let failed: ReadonlySet<string>;
    try {
      const result = await consumer(batch.map(({ messageId, body, groupId, receiveCount }) => ({ messageId, body, groupId, receiveCount })));
      failed = new Set(result.failed);
    } catch (error) {
      console.error('[webhook queue] batch failed:', error);
      failed = new Set(batch.map((held) => held.messageId));
    }
    const now = this.#clock();
    for (const held of batch) {
      if (!this.#byId.has(held.messageId)) continue;
      if (!failed.has(held.messageId)) {
        this.#delete(held.messageId);
        continue;
      }
      held.inFlight = false;
      held.visibleAt = held.changedVisibleAt ?? now + this.#visibilityTimeoutMs;
      held.changedVisibleAt = undefined;
    }
  }

  /** Wakes up to look at the clock again while something waits out its visibility. */
  #schedule(): void {
    if (this.#timer || !this.#consumer || this.nextVisibleAt() === undefined) return;
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      this.#pump();
    }, this.#pollMs);
    this.#timer.unref();
  }
}
