import type { DynamoDBBatchResponse, DynamoDBRecord } from 'aws-lambda';
import { functions } from '../../contract/functions.ts';
import { createLambdaContext, localFunctionName } from '../lambda-context.ts';
import type { StreamConsumer } from './consumer.ts';

/** One invocation of a consumer with a batch, under Lambda's time limit (the contract function's timeout). */
export const invokeConsumer = async (consumer: StreamConsumer, batch: readonly DynamoDBRecord[]): Promise<DynamoDBBatchResponse | void | undefined> => {
  const definition = (functions as Record<string, { timeoutSeconds: number; memorySize: number } | undefined>)[consumer.name];
  const timeoutSeconds = consumer.timeoutSeconds ?? definition?.timeoutSeconds ?? 60;
  const context = createLambdaContext({
    functionName: localFunctionName(consumer.name),
    timeoutSeconds,
    ...(definition ? { memorySize: definition.memorySize } : {}),
  });
  let timer: NodeJS.Timeout | undefined;
  const running = consumer.handler({ Records: [...batch] }, context);
  try {
    return await Promise.race([
      running,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`Task timed out after ${timeoutSeconds}.00 seconds`)), timeoutSeconds * 1000);
      }),
    ]);
  } catch (error) {
    // Lambda ends a timed-out sandbox; a promise cannot be ended, so the retry waits for it (up to
    // another timeout) instead of running the same records beside it and doubling the load.
    let wait: NodeJS.Timeout | undefined;
    await Promise.race([running.catch(() => undefined), new Promise((resolve) => (wait = setTimeout(resolve, timeoutSeconds * 1000)))]);
    clearTimeout(wait);
    throw error;
  } finally {
    clearTimeout(timer);
  }
};
