import { localRebuildQueue } from '../adapters/queue/rebuild-queue.ts';
import type { LocalJobQueue } from '../adapters/queue/job-queue.ts';
import type { RebuildWorkerOptions } from '../functions/queue/rebuild-projections.ts';
import { functions } from '../contract/functions.ts';
import { importFunctionModule } from './functions.ts';

type WorkerModule = typeof import('../functions/queue/rebuild-projections.ts');

export interface LocalRebuilds {
  readonly queue: LocalJobQueue;
  stop(): void;
}

/** Locally a worker run has the deployed function's whole budget (`contract/functions.ts`). */
const runBudgetMs = 15 * 60 * 1000;

/**
 * Projection rebuild jobs in the local cloud: the in-process rebuild queue feeds the worker's real
 * message handler, in this process (SQS and the ProjectionRebuilder function in AWS).
 */
export const startLocalRebuilds = async (options: RebuildWorkerOptions = {}): Promise<LocalRebuilds> => {
  const worker = (await importFunctionModule('projectionRebuilder')) as unknown as WorkerModule;
  const handle = worker.createRebuildMessageHandler(options);
  localRebuildQueue.consume((body) => {
    const started = Date.now();
    return handle(body, () => runBudgetMs - (Date.now() - started));
    // As many runs at once as the function's reserved concurrency allows in AWS, tenants taking turns.
  }, { concurrency: functions.projectionRebuilder.reservedConcurrency });
  return {
    queue: localRebuildQueue,
    stop() {
      localRebuildQueue.consume(undefined);
    },
  };
};
