import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { JobMessage, JobQueue } from '../../application/ports/jobs.ts';
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
    await this.#sqs.send(new SendMessageCommand({ QueueUrl: this.#url, MessageBody: JSON.stringify(message) }));
  }
}

export type LocalQueueConsumer = (body: string) => Promise<void>;

/**
 * The local queue: each message is handed to the consumer `npm start` (or a test) registered, on the
 * next turn of the event loop, and redelivered up to `maxReceiveCount` times when it fails — SQS's
 * at-least-once delivery with a redrive policy, without the network.
 */
export class LocalJobQueue implements JobQueue {
  #consumer: LocalQueueConsumer | undefined;
  readonly #pending = new Set<Promise<void>>();
  readonly maxReceiveCount = 3;
  /** Bodies that failed every delivery (the dead-letter queue). */
  readonly deadLetters: string[] = [];

  consume(consumer: LocalQueueConsumer | undefined): void {
    this.#consumer = consumer;
  }

  async send(message: JobMessage): Promise<void> {
    this.sendRaw(JSON.stringify(message));
  }

  /**
   * Queues a body as is (e.g. an S3 event notification). With `delayMs`, the message is delivered only
   * then (SQS's `DelaySeconds`): until it is, it is in flight — `drain` does not wait for it, and its
   * timer keeps no process alive.
   */
  sendRaw(body: string, delayMs = 0): void {
    if (delayMs > 0) {
      setTimeout(() => this.sendRaw(body), delayMs).unref();
      return;
    }
    const deliver = async () => {
      await new Promise((resolve) => setImmediate(resolve));
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
    };
    const delivery = deliver().finally(() => this.#pending.delete(delivery));
    this.#pending.add(delivery);
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
