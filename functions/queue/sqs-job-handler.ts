import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { logger } from '../shared/logger.ts';

/** Runs one queued job message within the time the invocation has left. */
export type JobMessageHandler = (body: string, remainingMs: () => number) => Promise<void>;

/**
 * The Lambda handler of a job queue (batch size 1, partial batch failures): each message is handed to
 * the job's message handler; one that throws is reported as a batch item failure and redelivered
 * after the visibility timeout — the job continues from its last checkpoint, which is what makes the
 * redelivery safe.
 */
export const sqsJobHandler =
  (handleMessage: JobMessageHandler, what: string) =>
  async (event: SQSEvent, context?: Context): Promise<SQSBatchResponse> => {
    const batchItemFailures: SQSBatchResponse['batchItemFailures'] = [];
    for (const record of event.Records) {
      try {
        // Without a Lambda context (a direct call in a test) there is no deadline.
        await handleMessage(record.body, () => context?.getRemainingTimeInMillis() ?? Number.POSITIVE_INFINITY);
      } catch (error) {
        logger.error(`${what} message failed`, { error, messageId: record.messageId });
        batchItemFailures.push({ itemIdentifier: record.messageId });
      }
    }
    return { batchItemFailures };
  };
