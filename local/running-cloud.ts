import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * `npm start` records where its DynamoDB Local, API and S3 emulator listen, so that other commands
 * use the running ones: `npm run rebuild` instead of opening the same database files with a second
 * JVM, `npm run import` to drop a file and follow its job.
 */
export interface RunningCloud {
  readonly pid: number;
  readonly dynamodbEndpoint: string;
  readonly apiUrl?: string;
  readonly s3Endpoint?: string;
}

const fileOf = (dataDir: string) => join(dataDir, 'running.json');

export const recordRunningCloud = (dataDir: string, cloud: RunningCloud): (() => void) => {
  writeFileSync(fileOf(dataDir), JSON.stringify(cloud, null, 2));
  return () => rmSync(fileOf(dataDir), { force: true });
};

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** The running local cloud of this data folder, if its process is still there. */
export const readRunningCloud = (dataDir: string): RunningCloud | undefined => {
  try {
    const cloud = JSON.parse(readFileSync(fileOf(dataDir), 'utf8')) as RunningCloud;
    return alive(cloud.pid) ? cloud : undefined;
  } catch {
    return undefined;
  }
};
