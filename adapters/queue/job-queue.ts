import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { JobMessage, JobQueue } from '../../application/ports/jobs.ts';
import { jobMessageGroupId } from '../../contract/job-limits.ts';
import { awsClient } from '../aws/instrument-client.ts';

export type { ExportMessage, ImportMessage, JobMessage, JobQueue } from '../../application/ports/jobs.ts';

/** Environment variable naming the queue (URL); `local:` selects the in-process queue. */
export const importQueueEnv = 'IMPORT_QUEUE_URL';

export class SqsJobQueue implements JobQueue {
  readonly #sqs: SQSClient;
  readonly #url: string;

  constructor(sqs: SQSClient, url: string) {
    this.#sqs = sqs;
    this.#url = url;
  }

  async send(message: JobMessage): Promise<void> {
    // The tenant as message group: a fair queue (contract/job-limits.ts).
    await this.#sqs.send(new SendMessageCommand({ QueueUrl: this.#url, MessageBody: JSON.stringify(message), MessageGroupId: jobMessageGroupId(message) }));
  }
}

export type LocalQueueConsumer = (body: string) => Promise<void>;

/**
 * The local queue: each message is handed to the consumer `npm start` (or a test) registered, on a
 * later turn of the event loop, and redelivered up to `maxReceiveCount` times when it fails — SQS's
 * at-least-once delivery with a redrive policy, without the network.
 *
 * Like an SQS fair queue (contract/job-limits.ts), it keeps one tenant's backlog from delaying the
 * others: messages wait per message group (a message without one is a group of its own, as in SQS),
 * and a free consumer takes the oldest message of the group served longest ago — round-robin across
 * tenants. That only matters when consumers are fewer than waiting messages: `consume(…, { concurrency })`
 * sets how many run at once (the worker's reserved concurrency, as in AWS); by default there is no limit.
 */
export class LocalJobQueue implements JobQueue {
  #consumer: LocalQueueConsumer | undefined;
  #concurrency = Infinity;
  #running = 0;
  #ungrouped = 0;
  /** Waiting messages by group; the map's order is the serving order (a served group moves to the end). */
  readonly #waiting = new Map<string, { readonly body: string; readonly done: () => void }[]>();
  readonly #pending = new Set<Promise<void>>();
  readonly maxReceiveCount = 3;
  /** Bodies that failed every delivery (the dead-letter queue). */
  readonly deadLetters: string[] = [];

  consume(consumer: LocalQueueConsumer | undefined, options: { readonly concurrency?: number } = {}): void {
    this.#consumer = consumer;
    this.#concurrency = options.concurrency ?? Infinity;
    this.#dispatch();
  }

  async send(message: JobMessage): Promise<void> {
    this.sendRaw(JSON.stringify(message), 0, jobMessageGroupId(message));
  }

  /**
   * Queues a body as is (e.g. an S3 event notification). With `delayMs`, the message is delivered only
   * then (SQS's `DelaySeconds`): until it is, it is in flight — `drain` does not wait for it, and its
   * timer keeps no process alive. `group`: its message group (the tenant); without one, its own.
   */
  sendRaw(body: string, delayMs = 0, group?: string): void {
    if (delayMs > 0) {
      setTimeout(() => this.sendRaw(body, 0, group), delayMs).unref();
      return;
    }
    const key = group ?? `\u0000ungrouped-${(this.#ungrouped += 1)}`;
    const delivery = new Promise<void>((done) => {
      const waiting = this.#waiting.get(key);
      if (waiting) waiting.push({ body, done });
      else this.#waiting.set(key, [{ body, done }]);
    }).finally(() => this.#pending.delete(delivery));
    this.#pending.add(delivery);
    // On a later turn: a sender's own code runs on before its message is taken (as with SQS).
    setImmediate(() => this.#dispatch());
  }

  /** Hands waiting messages to free consumers, one group after the other. */
  #dispatch(): void {
    while (this.#running < this.#concurrency && this.#waiting.size > 0) {
      const [group, waiting] = this.#waiting.entries().next().value!;
      const next = waiting.shift()!;
      this.#waiting.delete(group);
      if (waiting.length > 0) this.#waiting.set(group, waiting); // to the back of the line
      this.#running += 1;
      void this.#deliver(next.body).finally(() => {
        this.#running -= 1;
        next.done();
        this.#dispatch();
      });
    }
  }

  async #deliver(body: string): Promise<void> {
    for (let receive = 1; ; receive += 1) {
      const consumer = this.#consumer;
      if (!consumer) return;
      try {
        await consumer(body);
        return;
      } catch (error) {
        if (receive >= this.maxReceiveCount) {
          console.error('[queue] message moved to the dead-letter queue:', error);
          this.deadLetters.push(body);
          return;
        }
      }
    }
  }

  /** Resolves when every message sent so far (and what they sent in turn) was handled. */
  async drain(): Promise<void> {
    while (this.#pending.size > 0) await Promise.all([...this.#pending]);
  }
}

/** One per process: the HTTP functions and the worker share it when they run in the same process. */
export const localJobQueue = new LocalJobQueue();

let fromEnvironment: JobQueue | undefined;

export const jobQueueFromEnv = (): JobQueue => {
  if (!fromEnvironment) {
    const url = process.env[importQueueEnv];
    if (!url) throw new Error(`${importQueueEnv} is not set`);
    fromEnvironment = url.startsWith('local:') ? localJobQueue : new SqsJobQueue(awsClient(new SQSClient({})), url);
  }
  return fromEnvironment;
};
