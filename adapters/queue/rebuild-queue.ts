import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { jobMessageGroupId } from '../../contract/job-limits.ts';
import { LocalJobQueue } from './job-queue.ts';
import type { RebuildMessage, RebuildQueue } from '../../application/ports/rebuild.ts';
import { awsClient } from '../aws/instrument-client.ts';

export type { RebuildMessage, RebuildQueue } from '../../application/ports/rebuild.ts';

/** Environment variable naming the rebuild queue (URL); `local:` selects the in-process queue. */
export const rebuildQueueEnv = 'REBUILD_QUEUE_URL';

/**
 * Its own queue, not the import queue: the rebuild worker is the only function that may scan the
 * events table and write the read models, and an import's long runs do not hold a rebuild back.
 */
class SqsRebuildQueue implements RebuildQueue {
  readonly #sqs = awsClient(new SQSClient({}));
  readonly #url: string;

  constructor(url: string) {
    this.#url = url;
  }

  async send(message: RebuildMessage): Promise<void> {
    await this.#sqs.send(new SendMessageCommand({ QueueUrl: this.#url, MessageBody: JSON.stringify(message), MessageGroupId: jobMessageGroupId(message) }));
  }
}

/** The local rebuild queue (SQS semantics in process: at-least-once, three receives, then dead letters). */
export const localRebuildQueue = new LocalJobQueue();

let fromEnvironment: RebuildQueue | undefined;

export const rebuildQueueFromEnv = (): RebuildQueue => {
  if (!fromEnvironment) {
    const url = process.env[rebuildQueueEnv];
    if (!url) throw new Error(`${rebuildQueueEnv} is not set`);
    fromEnvironment = url.startsWith('local:')
      ? { send: async (message) => localRebuildQueue.sendRaw(JSON.stringify(message), 0, jobMessageGroupId(message)) }
      : new SqsRebuildQueue(url);
  }
  return fromEnvironment;
};
