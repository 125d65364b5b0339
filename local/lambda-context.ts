import { randomBytes, randomUUID } from 'node:crypto';
import type { Context } from 'aws-lambda';
import { localAwsConfig } from './aws.ts';

/** Account id of local ARNs (the one DynamoDB Local uses too). */
export const localAccountId = '000000000000';

export interface LambdaContextOptions {
  /** Physical function name, e.g. `cronaca-supportApi`. */
  readonly functionName: string;
  readonly memorySize?: number;
  readonly timeoutSeconds?: number;
  readonly awsRequestId?: string;
  readonly region?: string;
}

const logStreamName = (): string => {
  const now = new Date();
  const day = now.toISOString().slice(0, 10).replaceAll('-', '/');
  return `${day}/[$LATEST]${randomBytes(16).toString('hex')}`;
};

/** A Lambda `Context` for one invocation; the remaining time counts down from the function timeout. */
export const createLambdaContext = (options: LambdaContextOptions): Context => {
  const region = options.region ?? process.env['AWS_REGION'] ?? localAwsConfig.region;
  const deadline = Date.now() + (options.timeoutSeconds ?? 3) * 1000;
  const unsupported = (): never => {
    throw new Error('callback-style completion (done/fail/succeed) is not supported: return a promise');
  };
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName: options.functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:${region}:${localAccountId}:function:${options.functionName}`,
    memoryLimitInMB: String(options.memorySize ?? 128),
    awsRequestId: options.awsRequestId ?? randomUUID(),
    logGroupName: `/aws/lambda/${options.functionName}`,
    logStreamName: logStreamName(),
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: unsupported,
    fail: unsupported,
    succeed: unsupported,
  };
};

/** Physical name of a contract function in the local cloud. */
export const localFunctionName = (name: string): string => `cronaca-${name}`;
