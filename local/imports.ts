import { localJobQueue, type LocalJobQueue } from '../adapters/queue/job-queue.ts';
import type { ImportWorkerOptions } from '../functions/queue/import-worker.ts';
import { functions } from '../contract/functions.ts';
import { importFunctionModule } from './functions.ts';
import type { LocalS3 } from './s3.ts';

type WorkerModule = typeof import('../functions/queue/import-worker.ts');

export interface LocalImports {
  readonly queue: LocalJobQueue;
  stop(): void;
}

/** Locally a worker run has the deployed function's whole budget (`contract/functions.ts`). */
const runBudgetMs = 15 * 60 * 1000;

/**
 * The import pipeline of the local cloud: the S3 emulator's object-created events go to the
 * in-process queue (as S3 sends them to SQS in AWS), and the queue feeds the worker's real message
 * handler, in this process.
 */
export const startLocalImports = async (s3: Pick<LocalS3, 'onObjectCreated'>, options: ImportWorkerOptions = {}): Promise<LocalImports> => {
  const worker = (await importFunctionModule('importWorker')) as unknown as WorkerModule;
  const handle = worker.createImportMessageHandler(options);
  localJobQueue.consume((body) => {
    const started = Date.now();
    return handle(body, () => runBudgetMs - (Date.now() - started));
    // As many runs at once as the function's reserved concurrency allows in AWS, tenants taking turns.
  }, { concurrency: functions.importWorker.reservedConcurrency });
  const stopListening = s3.onObjectCreated((event) => localJobQueue.sendRaw(JSON.stringify(event)));
  return {
    queue: localJobQueue,
    stop() {
      stopListening();
      localJobQueue.consume(undefined);
    },
  };
};
