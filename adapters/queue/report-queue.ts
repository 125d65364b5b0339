import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { jobMessageGroupId } from '../../contract/job-limits.ts';
import { LocalJobQueue } from './job-queue.ts';
import type { ReportMessage, ReportQueue } from '../../application/ports/report-jobs.ts';
import { awsClient } from '../aws/instrument-client.ts';

export type { ReportMessage, ReportQueue } from '../../application/ports/report-jobs.ts';

/** Environment variable naming the report queue (URL); `local:` selects the in-process queue. */
export const reportQueueEnv = 'REPORT_QUEUE_URL';

/**
 * Its own queue, not the import queue: a render holds Chromium for up to five minutes on a 2 GB
 * x86_64 function, and a report must not wait behind an import's long runs (nor an import behind it).
 */
export class SqsReportQueue implements ReportQueue {
  readonly #sqs: SQSClient;
  readonly #url: string;

  constructor(sqs: SQSClient, url: string) {
    this.#sqs = sqs;
    this.#url = url;
  }

  async send(message: ReportMessage, options: { readonly delaySeconds?: number } = {}): Promise<void> {
    const delay = options.delaySeconds ? { DelaySeconds: Math.min(900, Math.max(0, Math.round(options.delaySeconds))) } : {};
    await this.#sqs.send(new SendMessageCommand({ QueueUrl: this.#url, MessageBody: JSON.stringify(message), MessageGroupId: jobMessageGroupId(message), ...delay }));
  }
}

/** The local report queue (SQS semantics in process: at-least-once, three receives, then dead letters). */
export const localReportQueue = new LocalJobQueue();

let fromEnvironment: ReportQueue | undefined;

/** The queue named by `REPORT_QUEUE_URL`: SQS in AWS, `local:reports` for the in-process one. */
export const reportQueueFromEnv = (): ReportQueue => {
  if (!fromEnvironment) {
    const url = process.env[reportQueueEnv];
    if (!url) throw new Error(`${reportQueueEnv} is not set`);
    fromEnvironment = url.startsWith('local:')
      ? { send: async (message, options) => localReportQueue.sendRaw(JSON.stringify(message), (options?.delaySeconds ?? 0) * 1000, jobMessageGroupId(message)) }
      : new SqsReportQueue(awsClient(new SQSClient({})), url);
  }
  return fromEnvironment;
};
